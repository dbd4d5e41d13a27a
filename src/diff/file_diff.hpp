#pragma once
// One template at two versions, compared: the plain data every renderer
// (unified, git patch, stat, numstat) reads.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "diff/hunks.hpp"
#include "diff/whitespace.hpp"
#include "util/lines.hpp"

namespace kongtpl {

/// A file at one version.
struct FileSide {
  std::string path;     ///< repository-relative path, "/" separated
  std::string bytes;    ///< the file's exact content
  std::string blob_id;  ///< full hex git object id; empty: computed from bytes when printed
  uint32_t mode = 0100644;  ///< git file mode (0100644, 0100755)
};

/// How two versions are compared.
struct DiffOptions {
  WhitespaceMode whitespace = WhitespaceMode::IgnoreAllSpace;  ///< git -w by default: the review view
  bool ignore_blank_lines = false;  ///< git --ignore-blank-lines
  int context = 3;                  ///< lines of context (git -U<n>)
};

/// The comparison of one file between two versions.
struct FileDiff {
  std::shared_ptr<const FileSide> before;  ///< null when the file is added
  std::shared_ptr<const FileSide> after;   ///< null when the file is deleted
  DiffOptions options;                     ///< the options it was compared under
  std::vector<Line> before_lines;          ///< views into before->bytes
  std::vector<Line> after_lines;           ///< views into after->bytes
  std::vector<Hunk> hunks;                 ///< empty for binary files
  size_t added = 0;    ///< "+" lines printed (for binary: after's size in bytes)
  size_t removed = 0;  ///< "-" lines printed (for binary: before's size in bytes)
  bool binary = false; ///< either side has a NUL in its first 8000 bytes (git's test)

  /// The path the file is listed under (after's, else before's).
  const std::string& path() const;
  /// True when both sides exist with different modes.
  bool mode_changed() const;
  /// True when both sides exist with different bytes.
  bool content_changed() const;
  /// True when git lists the file at all under the options: added, deleted,
  /// mode changed, or a hunk survives the whitespace/blank-line rules.
  bool has_change() const;
  /// True when git's --stat/--numstat list the file: like has_change(),
  /// minus files whose only differences (content, same mode) were ignored.
  bool in_stat() const;
};

/// Compares a file at two versions; nullptr marks the side where it is
/// absent (added or deleted file). At least one side must be given.
FileDiff compare_files(const FileSide* before, const FileSide* after, const DiffOptions& options);

/// Orders files the way git lists them: by path, byte by byte.
void sort_by_path(std::vector<FileDiff>& files);

}  // namespace kongtpl
