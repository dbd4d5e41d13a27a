#pragma once
// `kongtpl apply` without git or the command line: port upstream's template
// changes from FROM to TO into a user's customised file. Read the file's body
// (out of its Lua module if it is one), find its layout, build upstream's
// text at FROM and TO in that layout, merge three ways, and put the result
// back into the module.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "merge/conflict.hpp"
#include "merge/layout.hpp"
#include "merge/upgrade_report.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// How to apply, besides the file and upstream's templates.
struct UpgradeOptions {
  std::optional<Layout> layout;                ///< --layout; detected from the file when empty
  ConflictStyle style = ConflictStyle::Merge;  ///< conflict markers as git merge / diff3
  std::string from_label;                      ///< FROM's version name, printed on markers, e.g. "2.0.0"
  std::string to_label;                        ///< TO's version name, e.g. "2.7.0"
  /// The file was found to be a rendered copy at an earlier hop (whose
  /// merge may have left template syntax in it).
  bool rendered = false;
  /// Coarse progress of the merge (merge_texts' on_progress); may be empty.
  std::function<void(size_t, size_t, const std::string&)> on_progress;
};

/// A rendered copy (no template syntax, upstream's placeholder lines found
/// in it with values filled in): what was read from it and what it got.
struct RenderedCopy {
  size_t values = 0;             ///< placeholders whose one value the file holds
  size_t lines_found = 0;        ///< base's placeholder lines found in the file
  size_t placeholder_lines = 0;  ///< base's lines with a placeholder
  /// Lines of the new file (1-based) that hold template syntax from
  /// upstream: placeholders with no value in the file, `>` lines.
  std::vector<uint32_t> template_lines;
};

/// The new file and what the merge found.
struct UpgradeResult {
  /// The file's new bytes: the merged body, inside the user's module when it is one.
  std::string text;
  /// The layout used (detected or given), module_wrapped set from the file.
  Layout layout;
  /// Conflicts left in text, in order.
  std::vector<ReportedConflict> conflicts;
  /// The user's own lines that copy upstream lines TO rewrote, in file order.
  std::vector<ReportedAlsoConsider> also_consider;
  /// Upstream changes the file does not carry yet: text differs from the
  /// file, or conflicts remain.
  bool pending = false;
  /// Upstream changes (diff hunks) merged into text.
  size_t changes_applied = 0;
  /// Upstream changes the file already had.
  size_t changes_present = 0;
  /// Templates whose text the file holds but the layout (given with
  /// --layout) does not merge: their changes are not in text.
  std::vector<std::string> templates_left_out;
  /// Set when the file is a rendered copy.
  std::optional<RenderedCopy> rendered;
};

/// Applies upstream's change at_from → at_to to file_bytes (named
/// display_name in messages and on conflict markers). Without
/// options.layout the layout is detected at FROM (or at TO, when the file
/// already carries TO's shape); it fails, naming the candidate layouts and
/// --layout, when the layout is uncertain or would leave out a template the
/// file holds.
Result<UpgradeResult> upgrade_file(std::string_view file_bytes, std::string_view display_name,
                                   const UpstreamBodies& at_from, const UpstreamBodies& at_to,
                                   const UpgradeOptions& options);

/// Upstream's template bodies at one version (e.g. read from git).
using UpstreamLoader = std::function<Result<UpstreamBodies>(const std::string& version)>;

/// The same, loading upstream at options.from_label and options.to_label.
Result<UpgradeResult> upgrade_file(std::string_view file_bytes, std::string_view display_name,
                                   const UpstreamLoader& load, const UpgradeOptions& options);

/// Upstream bodies from template files' bytes at one version (path →
/// bytes of the .lua module), each read as Kong reads it.
Result<UpstreamBodies> read_upstream_bodies(const std::map<std::string, std::string>& files);

}  // namespace kongtpl
