#pragma once
// Indentation adoption: a line that upstream inserts is re-indented the way
// the user's file indents the lines around it (deeper, shallower, tabs
// instead of spaces, two-space steps instead of four).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "merge/nesting.hpp"
#include "util/lines.hpp"

namespace kongtpl {

/// True for the bytes that count as whitespace in a line.
inline bool is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

/// True for a line of whitespace only (or empty).
inline bool is_blank(std::string_view body) {
  for (char c : body)
    if (!is_space_byte(c)) return false;
  return true;
}

/// Tab stops are every 8 columns, as git and terminals show them.
inline constexpr size_t kTabWidth = 8;

/// How a file indents nested lines.
struct IndentStyle {
  size_t step = 0;    ///< usual width in columns of one nesting level (0: unknown)
  bool tabs = false;  ///< whether indented lines mostly start with a tab
};

/// Guesses a file's indent step (the most common increase in indentation
/// between consecutive non-blank lines) and whether it indents with tabs.
/// Kong's "> lua" template lines are skipped: they sit at column 0 whatever
/// the nesting.
IndentStyle detect_indent_style(const std::vector<Line>& lines);

/// The leading spaces and tabs of a line.
/// Inline: the merge asks it of most lines it keeps.
inline std::string_view leading_whitespace(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
  return line.substr(0, n);
}

/// The column an indentation reaches (tabs advance to the next tab stop).
size_t indent_width(std::string_view indent);

/// Turns upstream's indentation into the user's, learnt from one anchor line
/// both files hold: the user's width = user anchor + (upstream width -
/// upstream anchor), with the difference scaled by the ratio of the files'
/// indent steps and written with the user's tabs or spaces.
class IndentMapper {
 public:
  /// Leaves every line exactly as upstream wrote it.
  IndentMapper() = default;
  /// Maps relative to an anchor line indented with `upstream_anchor` in
  /// upstream and with `user_anchor` in the user's file.
  IndentMapper(std::string_view upstream_anchor, std::string_view user_anchor,
               IndentStyle upstream, IndentStyle user);

  /// An upstream line (without terminator) re-indented for the user's file.
  /// Blank lines and Kong's column-0 "> lua" lines are returned unchanged.
  std::string apply(std::string_view body) const;

  /// True when apply() never changes a line.
  bool is_identity() const { return identity_; }

 private:
  bool identity_ = true;
  size_t upstream_anchor_width_ = 0;
  std::string user_anchor_;
  size_t user_anchor_width_ = 0;
  size_t scale_num_ = 1;  // user step
  size_t scale_den_ = 1;  // upstream step
  bool tabs_ = false;
};

/// The usual indentation of each nginx nesting depth in one file: the most
/// common leading whitespace of its lines at that depth (blank lines and
/// "> lua" lines aside).
class DepthProfile {
 public:
  DepthProfile() = default;
  DepthProfile(const std::vector<Line>& lines, const std::vector<LineNesting>& nesting);
  /// The usual indentation at `depth`; false when no line sits there.
  bool at(int depth, std::string_view& indent) const;

 private:
  std::vector<std::string_view> usual_;  // by depth; empty view and !known_ when unseen
  std::vector<bool> known_;
};

/// A line both files hold near upstream's new lines: its depth in each and
/// its indentation in the merged file.
struct IndentAnchor {
  int user_depth = 0;
  int upstream_depth = 0;
  std::string_view upstream_indent;  ///< its indentation upstream
  std::string_view output_indent;    ///< its indentation in the merged file
};

/// Re-indents upstream's lines for the user's file by nesting depth: a line
/// at upstream depth d goes to the depth the anchor's offset gives, with the
/// indentation the user's file uses there (the anchor's own at the anchor's
/// depth). Upstream's indentation beyond the least of its neighbours at the
/// same depth (continuation lines) carries over, scaled to the user's step;
/// Lua code in a *_by_lua_block keeps its shape relative to the block's
/// opening line. "> lua" lines and blank lines are left alone.
class NestingIndenter {
 public:
  NestingIndenter() = default;
  /// upstream_lines/upstream_nesting must outlive the indenter.
  NestingIndenter(DepthProfile user, const std::vector<Line>* upstream_lines,
                  const std::vector<LineNesting>* upstream_nesting, IndentStyle user_style, IndentStyle upstream_style);
  /// Upstream line `line` (without terminator) re-indented for the user's
  /// file; anchor may be null (no matched line near).
  std::string apply(size_t line, const IndentAnchor* anchor) const;

 private:
  bool anchor_conventional(const IndentAnchor& anchor) const;
  std::string user_indent_at(int depth, const IndentAnchor* anchor) const;
  std::string user_indent_for(size_t line, const IndentAnchor* anchor) const;
  size_t least_nearby_width(size_t line) const;
  DepthProfile user_;
  const std::vector<Line>* lines_ = nullptr;
  const std::vector<LineNesting>* nesting_ = nullptr;
  IndentStyle user_style_, upstream_style_;
};

}  // namespace kongtpl
