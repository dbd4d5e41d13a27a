#include "merge/upgrade_rewrap.hpp"

#include <utility>
#include <vector>

#include "lua/lua_tokens.hpp"

namespace kongtpl {

namespace {

// The level of a long bracket opening ("[==[") at pos, or npos when there is none.
size_t opening_level(std::string_view s, size_t pos) {
  if (pos >= s.size() || s[pos] != '[') return std::string_view::npos;
  size_t i = pos + 1;
  while (i < s.size() && s[i] == '=') ++i;
  return i < s.size() && s[i] == '[' ? i - pos - 1 : std::string_view::npos;
}

std::string closing(size_t level) { return "]" + std::string(level, '=') + "]"; }

// Every long string literal of a Lua chunk, located by the Lua scanner.
std::vector<std::pair<BodyLiteral, std::string>> long_strings(std::string_view module_bytes) {
  // A first "#" line is not Lua; blank it in place so offsets still hold.
  std::string source(module_bytes);
  if (!source.empty() && source.front() == '#')
    for (size_t i = 0; i < source.size() && source[i] != '\n' && source[i] != '\r'; ++i) source[i] = ' ';
  std::vector<std::pair<BodyLiteral, std::string>> found;
  for (LuaToken& token : scan_lua(source).tokens) {
    if (token.kind != LuaToken::Kind::long_string) continue;
    BodyLiteral literal;
    literal.open = token.begin;
    literal.level = opening_level(source, token.begin);
    if (literal.level == std::string_view::npos) continue;
    literal.end = token.end;
    literal.close = token.end - literal.level - 2;
    size_t i = token.begin + literal.level + 2;
    // Lua drops one newline (\n, \r, \r\n or \n\r) right after the opening.
    if (i < literal.close && (source[i] == '\n' || source[i] == '\r')) {
      char first = source[i++];
      if (i < literal.close && (source[i] == '\n' || source[i] == '\r') && source[i] != first) ++i;
    }
    literal.content = i;
    literal.crlf = source.substr(literal.content, literal.close - literal.content).find("\r\n") != std::string::npos;
    found.emplace_back(literal, std::move(token.text));
  }
  return found;
}

bool writable_at(std::string_view body, size_t level) {
  if (level == 0 && body.find("[[") != std::string_view::npos) return false;
  std::string close = closing(level);
  std::string text = std::string(body) + close;
  return text.find(close) == body.size();
}

}  // namespace

Result<BodyLiteral> locate_body_literal(std::string_view module_bytes, std::string_view body) {
  std::vector<BodyLiteral> matches;
  for (const auto& [literal, value] : long_strings(module_bytes))
    if (value == body) matches.push_back(literal);
  if (matches.size() == 1) return matches.front();
  if (matches.empty())
    return Error{"the module's template body is not one [[...]] string, so the merge cannot be written back "
                 "into it; write the body as a plain file (e.g. custom_nginx.template) and merge that"};
  return Error{"the module holds its template body more than once, so kongtpl cannot tell which [[...]] "
               "string to update; keep one copy and run again"};
}

size_t long_bracket_level(std::string_view body, size_t at_least) {
  size_t level = at_least;
  while (!writable_at(body, level)) ++level;
  return level;
}

std::string rewrap_body(std::string_view module_bytes, const BodyLiteral& literal, std::string_view new_body) {
  std::string body;
  if (literal.crlf) {
    for (char c : new_body) {
      if (c == '\n') body.push_back('\r');
      body.push_back(c);
    }
  } else {
    body.assign(new_body);
  }
  const size_t level = writable_at(body, literal.level) ? literal.level : long_bracket_level(body);
  const std::string eq(level, '=');

  std::string out(module_bytes.substr(0, literal.open));
  out += "[" + eq + "[";
  // Keep the newline Lua skips; add one when the body itself starts with a
  // newline that Lua would otherwise swallow.
  std::string_view skipped = module_bytes.substr(literal.open + literal.level + 2,
                                                 literal.content - (literal.open + literal.level + 2));
  out.append(skipped);
  if (skipped.empty() && !body.empty() && (body.front() == '\n' || body.front() == '\r'))
    out += literal.crlf ? "\r\n" : "\n";
  out += body;
  out += "]" + eq + "]";
  out.append(module_bytes.substr(literal.end));
  return out;
}

}  // namespace kongtpl
