#pragma once
// The structure of a Kong template, line by line: how deep each line sits in
// nginx blocks (`name ... {` ... `}`, `*_by_lua_block { ... }` included) and
// in pl.template control regions (`> if ... then` ... `> end`). The merge
// uses it so that a closing `}` or `> end` only matches one at the same
// depth, and so that upstream's new lines take the user's indentation for
// their depth.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/lines.hpp"

namespace kongtpl {

/// Where one line sits. 20 bytes: a merge keeps one per line of all three
/// texts, so on a 1,000,000-line file every field counts.
struct LineNesting {
  int32_t blocks = 0;         ///< nginx block depth of the line itself (a `}` line counts as outside its block)
  int32_t control = 0;        ///< pl.template control depth (`> end` counts as outside its region)
  int32_t blocks_after = 0;   ///< block depth after the line
  int32_t control_after = 0;  ///< control depth after the line
  /// Inside a `*_by_lua_block { ... }` (its closing `}` included): the
  /// index of the line that opens it; -1 elsewhere. Lua code nests without
  /// braces, so its indentation follows the opening line, not the depth.
  int32_t lua_block_opener = -1;
};

class StructurePrefix;

/// Where line_nesting's scan stands in `*_by_lua_block`s before a line
/// (the rest of its state is the depths, which LineNesting records).
struct LuaBlockState {
  int32_t depth = -1;   ///< the block depth the block's body starts at, -1 outside
  int32_t opener = -1;  ///< the line that opened it
};

/// Nesting of every line. Braces inside quotes, `#` comments, `${{...}}`
/// and `$(...)` are ignored; "> lua" lines change only the control depth.
/// Depths never go below 0, so a stray `}` does not shift the whole file.
/// With `structure`, also fills it from the same scan: the running sum of
/// what each line opens minus what it closes, unclamped (braces inside a
/// `*_by_lua_block` counted as Lua's). With `lua_states`, also records the
/// scan's LuaBlockState before each line and after the last
/// (lines.size() + 1), for line_nesting_like.
std::vector<LineNesting> line_nesting(const std::vector<Line>& lines, StructurePrefix* structure = nullptr,
                                      std::vector<LuaBlockState>* lua_states = nullptr);

/// A text scanned before (base, for ours and theirs of a merge).
struct NestingReference {
  const std::vector<LineNesting>* nesting;
  const StructurePrefix* structure;
  const std::vector<LuaBlockState>* lua_states;  ///< line_nesting's `lua_states`
};

/// line_nesting(lines, structure) of a text whose line i is byte-equal to
/// line twins[i] of the reference (-1: no such line): where the scan stands
/// as it stood there, the reference's result is taken without reading the
/// line again (ours and theirs are mostly base, and reading every line for
/// braces cost a tenth of a large merge). The result is the same.
std::vector<LineNesting> line_nesting_like(const std::vector<Line>& lines, const std::vector<int32_t>& twins,
                                           const NestingReference& reference, StructurePrefix* structure);

/// How much a stretch of lines opens or closes, in nginx blocks and in
/// pl.template control regions (negative: it closes more than it opens).
struct StructureDelta {
  int blocks = 0;
  int control = 0;
  bool operator==(const StructureDelta&) const = default;
};

/// The structure lines[from, to) open minus what they close, counted as
/// line_nesting counts but without clamping at zero.
StructureDelta structure_delta(const std::vector<Line>& lines, size_t from, size_t to);

/// structure_delta of any stretch of one text in constant time.
class StructurePrefix {
 public:
  StructurePrefix() = default;
  explicit StructurePrefix(const std::vector<Line>& lines);
  /// structure_delta(lines, from, to).
  StructureDelta between(size_t from, size_t to) const;
  /// True when the whole text closes what it opens and never closes more
  /// than is open (in blocks and in control regions).
  bool balanced() const;

 private:
  friend std::vector<LineNesting> line_nesting(const std::vector<Line>&, StructurePrefix*,
                                              std::vector<LuaBlockState>*);
  friend std::vector<LineNesting> line_nesting_like(const std::vector<Line>&, const std::vector<int32_t>&,
                                                    const NestingReference&, StructurePrefix*);
  std::vector<StructureDelta> prefix_;  // prefix_[i]: lines [0, i)
};

/// True when a line holds `{` or `}` (a quick test before counting them).
inline bool has_brace(std::string_view body) {
  return body.find('{') != std::string_view::npos || body.find('}') != std::string_view::npos;
}

/// True for a line that only closes something: `}` or `> end` (whitespace
/// aside). Such lines look alike at every depth.
bool is_closing_line(std::string_view body);

/// True for a line worth anchoring two different insertions on: it says
/// something of its own. Blank lines, lone braces, `> end`/`> else`, and
/// block openers with no argument of substance (`server {`, `location / {`,
/// `content_by_lua_block {`) are not.
bool is_informative_line(std::string_view body);

/// What a line is about, to tell an edit of a line from a line beside it:
/// its directive name (`ssl_session_cache`), or else its first word (`if` of
/// `> if x then`, `}`), in lower case. Empty for a blank line.
std::string line_key(std::string_view body);

}  // namespace kongtpl
