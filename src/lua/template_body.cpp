#include "lua/template_body.hpp"

#include <cctype>

#include <algorithm>

#include "lua/lua_tokens.hpp"
#include "lua/sandbox.hpp"
#include "util/lines.hpp"

namespace kongtpl {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

size_t count_lines(std::string_view text) { return split_lines(text).size(); }

std::vector<uint32_t> identity_map(size_t lines) {
  std::vector<uint32_t> map(lines);
  for (size_t i = 0; i < lines; ++i) map[i] = static_cast<uint32_t>(i + 1);
  return map;
}

bool is_string_token(const LuaToken& t) {
  return t.kind == LuaToken::Kind::string || t.kind == LuaToken::Kind::long_string;
}

// Exact map when the body is one string token, or consecutive string tokens
// concatenated (`return [[a]] .. [[b]]`): each body line maps to the file
// line its first byte came from. Empty when no run of tokens spells the body.
std::vector<uint32_t> map_by_tokens(std::string_view body, const std::vector<LuaToken>& tokens) {
  if (body.empty()) return {};
  std::vector<const LuaToken*> strings;
  for (const auto& t : tokens)
    if (is_string_token(t)) strings.push_back(&t);
  for (size_t first = 0; first < strings.size(); ++first) {
    size_t offset = 0;
    size_t last = first;
    for (; last < strings.size(); ++last) {
      const std::string& value = strings[last]->text;
      if (body.substr(offset, value.size()) != value) break;
      offset += value.size();
      if (offset == body.size()) break;
    }
    if (offset != body.size() || last == strings.size()) continue;
    // Walk the tokens' values in step with the body: a body line starts at
    // offset 0 and after each "\n", and each value line knows its file line.
    std::vector<uint32_t> map;
    bool at_line_start = true;
    for (size_t t = first; t <= last; ++t) {
      const LuaToken& token = *strings[t];
      size_t value_line = 0;
      for (char c : token.text) {
        if (at_line_start) map.push_back(token.value_lines[std::min(value_line, token.value_lines.size() - 1)]);
        at_line_start = c == '\n';
        if (at_line_start) ++value_line;
      }
    }
    return map;
  }
  return {};
}

// Best effort for bodies built some other way: find each body line among the
// file's lines, in order; a line not found follows its predecessor.
std::vector<uint32_t> map_by_search(std::string_view body, std::string_view file) {
  auto file_lines = split_lines(file);
  std::vector<uint32_t> map;
  size_t cursor = 0;
  uint32_t previous = 0;
  for (const Line& line : split_lines(body)) {
    // Forward first (the usual order), then from the top (reordered pieces).
    size_t found = cursor;
    while (found < file_lines.size() && file_lines[found].content() != line.content()) ++found;
    if (found == file_lines.size()) {
      found = 0;
      while (found < cursor && file_lines[found].content() != line.content()) ++found;
      if (found == cursor) found = file_lines.size();
    }
    if (found < file_lines.size()) {
      previous = static_cast<uint32_t>(found + 1);
      cursor = found + 1;
    } else {
      previous = std::min<uint32_t>(previous + 1, static_cast<uint32_t>(std::max<size_t>(file_lines.size(), 1)));
    }
    map.push_back(previous);
  }
  return map;
}

// The line of the last `return` in the module, where a wrong value comes from.
uint32_t return_line(const std::vector<LuaToken>& tokens) {
  for (auto it = tokens.rbegin(); it != tokens.rend(); ++it)
    if (it->kind == LuaToken::Kind::keyword && it->text == "return") return it->line;
  return 0;
}

TemplateBody plain_body(std::string_view file_bytes) {
  TemplateBody body;
  body.text = std::string(file_bytes);
  body.file_line = identity_map(count_lines(file_bytes));
  return body;
}

/// The first word of Lua source after whitespace and comments ("" when it
/// starts with anything else): enough to tell a module from a plain file.
std::string_view first_word(std::string_view source) {
  size_t i = 0;
  while (i < source.size()) {
    if (std::isspace(static_cast<unsigned char>(source[i]))) {
      ++i;
    } else if (source.compare(i, 2, "--") == 0) {
      size_t level_end = i + 2;
      if (level_end < source.size() && source[level_end] == '[') {
        size_t j = level_end + 1;
        while (j < source.size() && source[j] == '=') ++j;
        if (j < source.size() && source[j] == '[') {  // a long comment: skip to its close
          std::string close(j - level_end + 1, '=');  // "]", the level's '=', "]"
          close.front() = ']';
          close.back() = ']';
          size_t end = source.find(close, j + 1);
          if (end == std::string_view::npos) return {};
          i = end + close.size();
          continue;
        }
      }
      size_t newline = source.find('\n', i);
      if (newline == std::string_view::npos) return {};
      i = newline + 1;
    } else {
      break;
    }
  }
  size_t end = i;
  while (end < source.size() && (std::isalnum(static_cast<unsigned char>(source[end])) || source[end] == '_')) ++end;
  return source.substr(i, end - i);
}

}  // namespace

uint32_t TemplateBody::file_line_of(size_t body_line) const {
  return body_line < file_line.size() ? file_line[body_line] : static_cast<uint32_t>(body_line + 1);
}

Result<TemplateBody> read_template_body(std::string_view file_bytes, std::string_view display_name) {
  std::string name(display_name);
  if (!file_bytes.empty() && file_bytes[0] == '\x1b')
    return Error{name + ": precompiled Lua bytecode is refused: use the module's source text"};

  const bool lua_name = ends_with(display_name, ".lua");
  std::string source = lua_source_of_file(file_bytes);
  // A plain template never starts with a Lua keyword... except nginx's own
  // `return` directive; such a file is only a module if it really runs to a
  // string. Decide on the first word before scanning a large plain file.
  const std::string_view first = first_word(source);
  const bool module_shaped = first == "return" || first == "local";
  if (!lua_name && !module_shaped) return plain_body(file_bytes);
  LuaTokens scanned = scan_lua(source);
  const auto& tokens = scanned.tokens;

  auto ran = Sandbox::shared().run(source);
  if (!ran.ok()) {
    const ChunkFailure& failure = ran.failure();
    // Stopped or refused by kongtpl: say so, never that Kong would fail.
    bool kongtpl_stopped = failure.kind == ChunkFailureKind::instructions ||
                           failure.kind == ChunkFailureKind::memory || failure.kind == ChunkFailureKind::cpu_time ||
                           failure.kind == ChunkFailureKind::refused;
    if (!lua_name && !kongtpl_stopped) return plain_body(file_bytes);
    return Error{failure.describe(name) + (lua_name && !kongtpl_stopped ? " (Kong could not load this module)" : "")};
  }
  const ChunkValue& value = ran.value();
  if (value.type_name != "string") {
    if (!lua_name) return plain_body(file_bytes);
    uint32_t line = return_line(tokens);
    std::string where = name;
    if (line) where.append(":").append(std::to_string(line));
    return Error{where + ": module returned a " +
                 value.type_name + ", expected the template string (return [[ ... ]])"};
  }

  TemplateBody body;
  body.text = value.text;
  body.is_module = true;
  body.file_line = map_by_tokens(body.text, tokens);
  if (body.file_line.empty() && !body.text.empty()) body.file_line = map_by_search(body.text, file_bytes);
  return body;
}

}  // namespace kongtpl
