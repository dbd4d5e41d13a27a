#include "check/nginx_text.hpp"

#include <cctype>

#include "util/lines.hpp"

namespace kongtpl {
namespace {

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

/// Calls f(line without '\r' and leading blanks, 1-based line) for each nginx text line.
template <class F>
void each_text_line(std::string_view body, F f) {
  uint32_t number = 0;
  for (const Line& line : split_lines(body)) {
    ++number;
    std::string_view s = line.content();
    if (!s.empty() && s[0] == '>') continue;  // Lua
    if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
    size_t first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) continue;
    f(s.substr(first), number);
  }
}

/// The word after `directive` and blanks at the start of s, or "".
std::string_view argument(std::string_view s, std::string_view directive) {
  if (s.compare(0, directive.size(), directive) != 0 || s.size() == directive.size()) return {};
  if (s[directive.size()] != ' ' && s[directive.size()] != '\t') return {};
  size_t a = s.find_first_not_of(" \t", directive.size());
  if (a == std::string_view::npos) return {};
  size_t b = s.find_first_of(" \t;", a);
  return s.substr(a, b == std::string_view::npos ? std::string_view::npos : b - a);
}

}  // namespace

NamedLines shared_dicts_declared(std::string_view body) {
  NamedLines out;
  each_text_line(body, [&](std::string_view s, uint32_t line) {
    std::string_view name = argument(s, "lua_shared_dict");
    if (name.empty()) return;
    for (char c : name)
      if (!ident_char(c) && c != '-') return;  // computed names ($(...), ${{...}}) are not literal
    out.emplace(std::string(name), line);
  });
  return out;
}

NamedLines included_files(std::string_view body) {
  NamedLines out;
  each_text_line(body, [&](std::string_view s, uint32_t line) {
    std::string_view target = argument(s, "include");
    if (target.size() >= 2 && (target[0] == '\'' || target[0] == '"') && target.back() == target[0])
      target = target.substr(1, target.size() - 2);
    if (!target.empty()) out.emplace(std::string(target), line);
  });
  return out;
}

uint32_t block_line(std::string_view body, std::string_view name) {
  uint32_t found = 0;
  each_text_line(body, [&](std::string_view s, uint32_t line) {
    if (found || s.size() <= name.size() || s.compare(0, name.size(), name) != 0) return;
    char next = s[name.size()];
    if (next != ' ' && next != '\t' && next != '{') return;
    size_t brace = s.find_first_not_of(" \t", name.size());
    if (brace != std::string_view::npos && s[brace] == '{') found = line;
  });
  return found;
}

bool is_inject_file(std::string_view target) {
  constexpr std::string_view suffix = "-inject.conf";
  return target.size() > suffix.size() && target.compare(target.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::string> parse_required_dicts(std::string_view text) {
  std::vector<std::string> dicts;
  size_t at = text.find("DICTS = {");
  if (at == std::string_view::npos) return dicts;
  size_t end = text.find('}', at);
  std::string_view list = text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
  for (size_t q = list.find('"'); q != std::string_view::npos; q = list.find('"', q + 1)) {
    size_t close = list.find('"', q + 1);
    if (close == std::string_view::npos) break;
    // Skip commented-out entries: the line's text before the quote has "--".
    size_t line_start = list.rfind('\n', q);
    std::string_view before = list.substr(line_start == std::string_view::npos ? 0 : line_start, q - (line_start == std::string_view::npos ? 0 : line_start));
    if (before.find("--") == std::string_view::npos) dicts.emplace_back(list.substr(q + 1, close - q - 1));
    q = close;
  }
  return dicts;
}

}  // namespace kongtpl
