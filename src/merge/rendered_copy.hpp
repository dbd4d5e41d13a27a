#pragma once
// A rendered copy: an operator's file made from Kong's rendered
// configuration (nginx-kong.conf in Kong's prefix, or a template with every
// placeholder filled in by hand) rather than from the template itself. It
// holds no template syntax, so each of upstream's `${{NAME}}` lines looks
// edited. The values the file holds are read back from it (a line of base
// with its placeholders as gaps, found in the file) so that base and theirs
// can be filled in the same way: unchanged lines then match, and upstream's
// new lines arrive with the operator's values where they are known.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kongtpl {

/// What a rendered copy tells about the template's placeholders.
struct RenderedValues {
  /// Placeholder text (`${{NAME}}` or `$(expr)`) -> the value the file
  /// holds for it most often (ties are left out).
  std::map<std::string, std::string> values;
  size_t placeholder_lines = 0;  ///< lines of base holding a placeholder
  size_t lines_found = 0;        ///< of those, lines found in the file with values in the gaps
};

/// When `body` is a rendered copy of `base` (no template syntax of its
/// own, while most of base's placeholder lines are found in it with values
/// filled in), the values it holds; otherwise nothing. `known_rendered`:
/// the file was a rendered copy before an earlier hop of the same upgrade,
/// which may have left template syntax in it.
std::optional<RenderedValues> read_rendered_values(std::string_view body, std::string_view base,
                                                   bool known_rendered = false);

/// `text` with every placeholder whose value is known replaced by it; the
/// line count is unchanged.
std::string fill_placeholders(std::string_view text, const RenderedValues& values);

/// How a `>` region of a template is rendered like the file: its lines
/// kept without their `>` lines (a branch the file took), left out (a
/// branch it did not take, a loop of which it holds nothing), or kept whole
/// as template syntax (a loop it shows ran, a condition it cannot tell).
enum class RegionRendering { Take, Skip, Keep };

/// The regions of a template, by key (their conditions or loop headers,
/// enclosing ones first), read from the file.
struct RenderedBranches {
  std::map<std::string, RegionRendering> rendering;
};

/// Reads, for each region of `text`, how the file shows it was rendered:
/// a branch is taken when the file holds most of its lines (filled in with
/// `values`), a loop ran when the file holds any.
RenderedBranches read_rendered_branches(std::string_view body, std::string_view text, const RenderedValues& values);

/// The regions to render theirs with: base's, and branches only theirs has
/// (a condition upstream reworded) that the file shows it took. Any other
/// region new in theirs stays template syntax, whole.
RenderedBranches branches_for_theirs(const RenderedBranches& at_base, const RenderedBranches& at_theirs);

/// A template rendered the way the file was: placeholders filled in where
/// the value is known, each region rendered as `branches` says (a region
/// not named there stays template syntax, whole); other `>` lines (Lua)
/// are left out unless inside a region kept whole.
/// `kept` receives, for each output line, its line index in `text`.
std::string render_like_file(std::string_view text, const RenderedValues& values, const RenderedBranches& branches,
                             std::vector<size_t>& kept);

/// The 1-based numbers of the lines of `text` that hold template syntax
/// (a placeholder, or a `>` line).
std::vector<size_t> template_syntax_lines(std::string_view text);

}  // namespace kongtpl
