#include "merge/nesting.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "merge/line_ending.hpp"
#include "merge/split_changes.hpp"

namespace kongtpl {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == '\n'; }
bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool has_alnum(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// True for a "> lua" template line (the `>` first), with its Lua code in `code`.
bool lua_code(std::string_view body, std::string_view& code) {
  if (body.empty() || body.front() != '>') return false;
  code = trim(body.substr(1));
  return true;
}

// Lua keywords of a line, strings and comments skipped.
std::vector<std::string_view> lua_keywords(std::string_view code) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < code.size()) {
    char c = code[i];
    if (c == '-' && i + 1 < code.size() && code[i + 1] == '-') break;
    if (c == '"' || c == '\'') {
      for (++i; i < code.size() && code[i] != c; ++i)
        if (code[i] == '\\') ++i;
      ++i;
      continue;
    }
    if (is_word_char(c)) {
      size_t start = i;
      while (i < code.size() && is_word_char(code[i])) ++i;
      out.push_back(code.substr(start, i - start));
      continue;
    }
    ++i;
  }
  return out;
}

// How a Lua line changes the control depth, and whether it starts by
// closing (end, else, elseif, until: the line sits outside its region).
struct ControlEffect {
  int delta = 0;
  bool closes_first = false;
};

ControlEffect control_effect(std::string_view code) {
  ControlEffect effect;
  std::vector<std::string_view> keys = lua_keywords(code);
  for (size_t k = 0; k < keys.size(); ++k) {
    std::string_view w = keys[k];
    if (w == "if" || w == "do" || w == "function" || w == "repeat") ++effect.delta;
    else if (w == "end" || w == "until") --effect.delta;
    if (k == 0) effect.closes_first = w == "end" || w == "else" || w == "elseif" || w == "until";
  }
  return effect;
}

// Braces that open and close on an nginx line (or a Lua line inside a
// *_by_lua_block), skipping quotes, comments and Kong's placeholders.
struct BraceCount {
  int opens = 0;
  int closes = 0;
  bool leading_close = false;  // the first brace of the line closes
  int balance() const { return opens - closes; }
};

// The bytes count_braces looks at: braces, quotes, comment starts, `$`.
constexpr auto kMatters = [] {
  std::array<bool, 256> m{};
  for (unsigned char c : std::string_view("{}\"'#-$")) m[c] = true;
  return m;
}();

BraceCount count_braces(std::string_view body, bool lua_block) {
  BraceCount count;
  if (!has_brace(body)) return count;  // most lines
  bool seen_brace = false;
  size_t i = 0;
  while (i < body.size()) {
    // Skip to the next byte that matters.
    while (i < body.size() && !kMatters[static_cast<unsigned char>(body[i])]) ++i;
    if (i == body.size()) break;
    char c = body[i];
    if (c == '$' && i + 2 < body.size() && body[i + 1] == '{' && body[i + 2] == '{') {
      size_t end = body.find("}}", i + 3);
      i = end == std::string_view::npos ? body.size() : end + 2;
      continue;
    }
    if (c == '$' && i + 1 < body.size() && body[i + 1] == '(') {
      int level = 0;
      for (; i < body.size(); ++i) {
        if (body[i] == '(') ++level;
        else if (body[i] == ')' && --level == 0) break;
      }
      ++i;
      continue;
    }
    if (!lua_block && c == '#') break;
    if (lua_block && c == '-' && i + 1 < body.size() && body[i + 1] == '-') break;
    if (c == '"' || c == '\'') {
      for (++i; i < body.size() && body[i] != c; ++i)
        if (body[i] == '\\') ++i;
      ++i;
      continue;
    }
    if (c == '{') {
      ++count.opens;
      seen_brace = true;
    } else if (c == '}') {
      if (!seen_brace) count.leading_close = true;
      ++count.closes;
      seen_brace = true;
    }
    ++i;
  }
  return count;
}

bool opens_lua_block(std::string_view body) {
  constexpr std::string_view suffix = "_by_lua_block";
  if (body.find(suffix) == std::string_view::npos) return false;  // most openers: no need to find the first word
  std::string_view t = trim(body);
  std::string_view first = t.substr(0, std::min(t.size(), t.find_first_of(" \t{")));
  return first.size() >= suffix.size() && first.substr(first.size() - suffix.size()) == suffix;
}

}  // namespace

namespace {

// What line_nesting's scan carries from one line to the next.
struct NestingState {
  int blocks = 0;
  int control = 0;
  LuaBlockState lua;
};

// One line of line_nesting's scan: where the line sits, given the state
// the lines before it left (updated to the state after it), and what it
// opens minus what it closes (unclamped) in `delta`.
LineNesting scan_line(NestingState& state, std::string_view body, size_t index, StructureDelta& delta) {
  LineNesting nesting{state.blocks, state.control};
  nesting.blocks_after = state.blocks;
  std::string_view code;
  if (lua_code(body, code)) {
    ControlEffect effect = control_effect(code);
    if (effect.closes_first) nesting.control = std::max(0, state.control - 1);
    delta = StructureDelta{0, effect.delta};
    state.control = std::max(0, state.control + effect.delta);
    nesting.control_after = state.control;
    return nesting;
  }
  LuaBlockState& lua = state.lua;
  bool in_lua = lua.depth >= 0 && state.blocks >= lua.depth;
  if (in_lua) nesting.lua_block_opener = lua.opener;
  BraceCount braces = count_braces(body, in_lua);
  if (braces.leading_close) nesting.blocks = std::max(0, state.blocks - 1);
  delta = StructureDelta{braces.balance(), 0};
  bool starts_lua_block = !in_lua && braces.opens > braces.closes && opens_lua_block(body);
  state.blocks = std::max(0, state.blocks + braces.opens - braces.closes);
  if (starts_lua_block) {
    lua.depth = state.blocks;
    lua.opener = static_cast<int32_t>(index);
  }
  else if (lua.depth >= 0 && state.blocks < lua.depth) lua.depth = -1;
  nesting.blocks_after = state.blocks;
  nesting.control_after = state.control;
  return nesting;
}

// A depth no scan clamps at 0 while reading a line that changes it by
// delta: the line's own depth drops by one for a leading `}` (which needs
// a `}` in the line), the depth after it by delta.
bool unclamped(int depth, int delta, bool may_close) { return (depth >= 1 || !may_close) && depth + delta >= 0; }

int32_t shifted(int32_t line, size_t from, size_t to) {
  return line < 0 ? line : static_cast<int32_t>(static_cast<long long>(line) - static_cast<long long>(from) +
                                                static_cast<long long>(to));
}

// Whether a scan standing at `state` before line i reads that line as one
// standing at `there` before line j read the same bytes, only deeper or
// shallower by a constant (depths shift alike unless a depth is clamped at
// 0, and the Lua block must be the one opened as many lines back). delta:
// what the line opens minus what it closes, as `there`'s scan counted it;
// a "> lua" line only moves the control depth, any other only the blocks.
bool reads_alike(const NestingState& state, size_t i, const NestingState& there, size_t j, StructureDelta delta,
                 std::string_view bytes) {
  const int blocks_by = state.blocks - there.blocks, control_by = state.control - there.control;
  if ((state.lua.depth < 0) != (there.lua.depth < 0)) return false;
  if (state.lua.depth >= 0 &&
      (state.lua.depth - there.lua.depth != blocks_by || state.lua.opener != shifted(there.lua.opener, j, i)))
    return false;
  if (!bytes.empty() && bytes.front() == '>')  // a "> lua" line (`> end` closes first)
    return control_by == 0 ||
           (unclamped(state.control, delta.control, true) && unclamped(there.control, delta.control, true));
  if (blocks_by == 0) return true;
  const bool may_close = (state.blocks == 0 || there.blocks == 0) && bytes.find('}') != std::string_view::npos;
  return unclamped(state.blocks, delta.blocks, may_close) && unclamped(there.blocks, delta.blocks, may_close);
}

}  // namespace

std::vector<LineNesting> line_nesting(const std::vector<Line>& lines, StructurePrefix* structure,
                                      std::vector<LuaBlockState>* lua_states) {
  std::vector<LineNesting> out(lines.size());
  std::vector<StructureDelta>* prefix = structure ? &structure->prefix_ : nullptr;
  if (prefix) prefix->assign(lines.size() + 1, StructureDelta{});
  if (lua_states) lua_states->resize(lines.size() + 1);
  NestingState state;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lua_states) (*lua_states)[i] = state.lua;
    StructureDelta delta;
    out[i] = scan_line(state, line_body(lines[i].bytes), i, delta);
    if (prefix) (*prefix)[i + 1] = StructureDelta{(*prefix)[i].blocks + delta.blocks, (*prefix)[i].control + delta.control};
  }
  if (lua_states) lua_states->back() = state.lua;
  return out;
}

std::vector<LineNesting> line_nesting_like(const std::vector<Line>& lines, const std::vector<int32_t>& twins,
                                           const NestingReference& reference, StructurePrefix* structure) {
  std::vector<LineNesting> out(lines.size());
  std::vector<StructureDelta>* prefix = structure ? &structure->prefix_ : nullptr;
  if (prefix) prefix->assign(lines.size() + 1, StructureDelta{});
  const std::vector<LineNesting>& there = *reference.nesting;
  const std::vector<StructureDelta>& there_prefix = reference.structure->prefix_;
  const std::vector<LuaBlockState>& there_lua = *reference.lua_states;
  NestingState state;
  for (size_t i = 0; i < lines.size(); ++i) {
    StructureDelta delta;
    const long long twin = i < twins.size() ? twins[i] : -1;
    if (twin >= 0) {
      const auto j = static_cast<size_t>(twin);
      // The reference's scan before line j: its depths are what line j-1 left.
      const NestingState at{j > 0 ? there[j - 1].blocks_after : 0, j > 0 ? there[j - 1].control_after : 0,
                            there_lua[j]};
      delta = StructureDelta{there_prefix[j + 1].blocks - there_prefix[j].blocks,
                             there_prefix[j + 1].control - there_prefix[j].control};
      if (reads_alike(state, i, at, j, delta, lines[i].bytes)) {
        // The same bytes read from the same state, give or take a depth:
        // the reference's result, shifted.
        const int blocks_by = state.blocks - at.blocks, control_by = state.control - at.control;
        LineNesting& nesting = out[i] = there[j];
        nesting.blocks += blocks_by;
        nesting.blocks_after += blocks_by;
        nesting.control += control_by;
        nesting.control_after += control_by;
        nesting.lua_block_opener = shifted(nesting.lua_block_opener, j, i);
        state.blocks = nesting.blocks_after;
        state.control = nesting.control_after;
        const LuaBlockState& lua_after = there_lua[j + 1];
        state.lua.depth = lua_after.depth >= 0 ? lua_after.depth + blocks_by : -1;
        state.lua.opener = shifted(lua_after.opener, j, i);
        if (prefix) (*prefix)[i + 1] = StructureDelta{(*prefix)[i].blocks + delta.blocks, (*prefix)[i].control + delta.control};
        continue;
      }
    }
    out[i] = scan_line(state, line_body(lines[i].bytes), i, delta);
    if (prefix) (*prefix)[i + 1] = StructureDelta{(*prefix)[i].blocks + delta.blocks, (*prefix)[i].control + delta.control};
  }
  return out;
}

StructureDelta structure_delta(const std::vector<Line>& lines, size_t from, size_t to) {
  StructureDelta delta;
  for (size_t i = from; i < to && i < lines.size(); ++i) {
    std::string_view body = line_body(lines[i].bytes);
    std::string_view code;
    if (lua_code(body, code)) {
      delta.control += control_effect(code).delta;
      continue;
    }
    BraceCount braces = count_braces(body, false);
    delta.blocks += braces.opens - braces.closes;
  }
  return delta;
}

StructurePrefix::StructurePrefix(const std::vector<Line>& lines) {
  prefix_.resize(lines.size() + 1);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view bytes = lines[i].bytes;
    // Most lines neither hold a brace nor are "> lua" lines.
    bool plain = (bytes.empty() || bytes.front() != '>') && !has_brace(bytes);
    StructureDelta d = plain ? StructureDelta{} : structure_delta(lines, i, i + 1);
    prefix_[i + 1] = StructureDelta{prefix_[i].blocks + d.blocks, prefix_[i].control + d.control};
  }
}

StructureDelta StructurePrefix::between(size_t from, size_t to) const {
  if (prefix_.empty() || from >= to) return {};
  to = std::min(to, prefix_.size() - 1);
  from = std::min(from, to);
  return StructureDelta{prefix_[to].blocks - prefix_[from].blocks, prefix_[to].control - prefix_[from].control};
}

bool StructurePrefix::balanced() const {
  for (const StructureDelta& d : prefix_)
    if (d.blocks < 0 || d.control < 0) return false;
  return prefix_.empty() || prefix_.back() == StructureDelta{};
}

bool is_closing_line(std::string_view body) {
  // Most lines are ruled out by their first visible byte.
  size_t first = 0;
  while (first < body.size() && is_space(body[first])) ++first;
  if (first == body.size() || (body[first] != '}' && body[first] != '>')) return false;
  std::string_view t = trim(body);
  if (t == "}") return true;
  std::string_view code;
  return lua_code(t, code) && code == "end";
}

bool is_informative_line(std::string_view body) {
  std::string_view t = trim(body);
  if (!has_alnum(t)) return false;
  std::string_view code;
  if (lua_code(t, code)) {
    std::vector<std::string_view> keys = lua_keywords(code);
    return !(keys.size() == 1 && (keys[0] == "end" || keys[0] == "else"));
  }
  // Only openers and closers need their words counted (most lines are neither).
  if (t.front() != '}' && t.back() != '{') return true;
  std::vector<std::string_view> w = words(t);
  if (t.front() == '}' && w.size() <= 2) return false;  // "} else {"-like closers
  if (t.back() == '{') {
    // "server {", "location / {", "content_by_lua_block {": the opener
    // alone says nothing; "location /status {" does.
    if (w.back() == "{") w.pop_back();
    else w.back().remove_suffix(1);  // "server{": the brace glued to the last word
    if (w.size() <= 1) return false;
    if (w.size() == 2 && !has_alnum(w[1])) return false;
  }
  return true;
}

std::string line_key(std::string_view body) {
  std::string_view name = directive_name(body);
  std::string_view t = trim(body);
  if (name.empty()) {
    if (!t.empty() && t.front() == '>') t = trim(t.substr(1));
    name = t.substr(0, std::min(t.size(), t.find_first_of(" \t")));
  }
  std::string key(name);
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

}  // namespace kongtpl
