#pragma once
// Stage 4 (like git's diff.c output): the review diff, byte for byte what
// `git diff` prints for the same files under the same whitespace options.
#include <string>
#include <vector>

#include "diff/file_diff.hpp"
#include "diff/moved_lines.hpp"
#include "diff/word_diff.hpp"

namespace kongtpl {

/// How the unified diff is printed.
struct UnifiedStyle {
  bool color = false;  ///< git's default colours (as `git diff --color=always`)
  WordDiffMode words = WordDiffMode::None;  ///< --word-diff: hunks compared word by word
  ColorMovedMode moved = ColorMovedMode::No;  ///< --color-moved: only with color, not with words
  MovedWhitespace moved_whitespace{};         ///< --color-moved-ws
};

/// git's default diff colours.
namespace diff_color {
inline constexpr const char* kMeta = "\x1b[1m";      ///< header lines, bold
inline constexpr const char* kFrag = "\x1b[36m";     ///< "@@ ... @@", cyan
inline constexpr const char* kOld = "\x1b[31m";      ///< removed lines, red
inline constexpr const char* kNew = "\x1b[32m";      ///< added lines, green
inline constexpr const char* kWhitespace = "\x1b[41m";  ///< whitespace errors in added lines, red background
inline constexpr const char* kReset = "\x1b[m";      ///< back to normal
}  // namespace diff_color

/// The unified diff of every file that has_change(), in the given order
/// (sort_by_path first for git's order): "diff --git" header, mode and
/// index lines, "---"/"+++" and hunks; lines are the files' own bytes.
std::string render_unified(const std::vector<FileDiff>& files, const UnifiedStyle& style = {});

/// The same for one file ("" when it has no change); moves are looked for
/// within the file.
std::string render_unified_file(const FileDiff& file, const UnifiedStyle& style = {});

}  // namespace kongtpl
