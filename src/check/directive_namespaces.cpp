#include "check/directive_namespaces.hpp"

#include <cctype>

#include "util/lines.hpp"

namespace kongtpl {
namespace {

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

/// Lua source with comments blanked (`--` to the end of the line; long
/// comments are not used in these tables), so scanning sees code only.
std::string without_comments(std::string_view lua) {
  std::string out(lua);
  char quote = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote || c == '\n') quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '-' && i + 1 < out.size() && out[i + 1] == '-') {
      while (i < out.size() && out[i] != '\n') out[i++] = ' ';
    }
  }
  return out;
}

/// The position of the table constructor assigned to `name = {` (name not
/// part of a longer identifier), or npos.
size_t table_after(std::string_view code, std::string_view name) {
  for (size_t at = code.find(name); at != std::string_view::npos; at = code.find(name, at + 1)) {
    if (at > 0 && ident_char(code[at - 1])) continue;
    size_t i = at + name.size();
    while (i < code.size() && std::isspace(static_cast<unsigned char>(code[i]))) ++i;
    if (i >= code.size() || code[i] != '=') continue;
    ++i;
    while (i < code.size() && std::isspace(static_cast<unsigned char>(code[i]))) ++i;
    if (i < code.size() && code[i] == '{') return i;
  }
  return std::string_view::npos;
}

/// The text between the brace at open and its match (exclusive).
std::string_view table_body(std::string_view code, size_t open) {
  int depth = 0;
  for (size_t i = open; i < code.size(); ++i) {
    if (code[i] == '{') ++depth;
    if (code[i] == '}' && --depth == 0) return code.substr(open + 1, i - open - 1);
  }
  return code.substr(open + 1);
}

/// The quoted string assigned to `field = "..."` in text, or "".
std::string string_field(std::string_view text, std::string_view field) {
  for (size_t at = text.find(field); at != std::string_view::npos; at = text.find(field, at + 1)) {
    if ((at > 0 && ident_char(text[at - 1])) || (at + field.size() < text.size() && ident_char(text[at + field.size()])))
      continue;
    size_t i = text.find_first_not_of(" \t\r\n", at + field.size());
    if (i == std::string_view::npos || text[i] != '=') continue;
    i = text.find_first_not_of(" \t\r\n", i + 1);
    if (i == std::string_view::npos || (text[i] != '"' && text[i] != '\'')) continue;
    size_t end = text.find(text[i], i + 1);
    if (end == std::string_view::npos) continue;
    return std::string(text.substr(i + 1, end - i - 1));
  }
  return {};
}

/// The keys of `ignore = { name = true, ... }` in one namespace entry.
std::set<std::string> ignored_names(std::string_view entry) {
  std::set<std::string> out;
  size_t open = table_after(entry, "ignore");
  if (open == std::string_view::npos) return out;  // `ignore = EMPTY`
  std::string_view body = table_body(entry, open);
  size_t i = 0;
  while (i < body.size()) {
    if (!ident_char(body[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < body.size() && ident_char(body[end])) ++end;
    size_t eq = body.find_first_not_of(" \t\r\n", end);
    if (eq != std::string_view::npos && body[eq] == '=') out.insert(std::string(body.substr(i, end - i)));
    i = body.find_first_of(",;", end);
    if (i == std::string_view::npos) break;
  }
  return out;
}

/// The `{ ... }` entries of the table assigned to name, inner text each.
std::vector<std::string_view> table_entries(std::string_view code, std::string_view name) {
  std::vector<std::string_view> out;
  size_t open = table_after(code, name);
  if (open == std::string_view::npos) return out;
  std::string_view body = table_body(code, open);
  for (size_t i = body.find('{'); i != std::string_view::npos; i = body.find('{', i)) {
    out.push_back(table_body(body, i));
    i += out.back().size() + 2;
  }
  return out;
}

/// 1.3.0 on: `DYNAMIC_KEY_NAMESPACES = { { injected_conf_name = ..., prefix = ..., ignore = ... }, ... }`.
std::vector<DirectiveNamespace> namespaces_table(std::string_view code) {
  std::vector<DirectiveNamespace> out;
  for (std::string_view entry : table_entries(code, "DYNAMIC_KEY_NAMESPACES")) {
    DirectiveNamespace ns{string_field(entry, "injected_conf_name"), string_field(entry, "prefix"),
                          ignored_names(entry), {}};
    if (!ns.injected.empty() && !ns.prefix.empty()) out.push_back(std::move(ns));
  }
  for (std::string_view entry : table_entries(code, "DEPRECATED_DYNAMIC_KEY_NAMESPACES")) {
    std::string injected = string_field(entry, "injected_conf_name");
    std::string previous = string_field(entry, "previous_conf_name");
    for (DirectiveNamespace& ns : out)
      if (ns.injected == injected && !previous.empty()) ns.aliases.insert(previous);
  }
  return out;
}

/// 0.14 to 1.2: `DYNAMIC_KEY_PREFIXES = { ["nginx_http_directives"] = "nginx_http_", ... }`.
std::vector<DirectiveNamespace> prefixes_table(std::string_view code) {
  std::vector<DirectiveNamespace> out;
  size_t open = table_after(code, "DYNAMIC_KEY_PREFIXES");
  if (open == std::string_view::npos) return out;
  std::string_view body = table_body(code, open);
  for (size_t i = body.find('['); i != std::string_view::npos; i = body.find('[', i + 1)) {
    size_t q1 = body.find_first_of("\"'", i);
    if (q1 == std::string_view::npos) break;
    size_t q2 = body.find(body[q1], q1 + 1);
    size_t eq = q2 == std::string_view::npos ? q2 : body.find('=', q2);
    size_t v1 = eq == std::string_view::npos ? eq : body.find_first_of("\"'", eq);
    size_t v2 = v1 == std::string_view::npos ? v1 : body.find(body[v1], v1 + 1);
    if (v2 == std::string_view::npos) break;
    out.push_back(DirectiveNamespace{std::string(body.substr(q1 + 1, q2 - q1 - 1)),
                                     std::string(body.substr(v1 + 1, v2 - v1 - 1)), {}, {}});
    i = v2;
  }
  return out;
}

}  // namespace

std::vector<DirectiveNamespace> parse_directive_namespaces(const std::vector<std::string>& conf_loader_sources) {
  for (const std::string& source : conf_loader_sources) {
    std::string code = without_comments(source);
    auto table = namespaces_table(code);
    if (table.empty()) table = prefixes_table(code);
    if (!table.empty()) return table;
  }
  return {};
}

const DirectiveNamespace* namespace_of(const std::vector<DirectiveNamespace>& namespaces, std::string_view key) {
  const DirectiveNamespace* best = nullptr;
  for (const DirectiveNamespace& ns : namespaces)
    if (key.size() > ns.prefix.size() && key.compare(0, ns.prefix.size(), ns.prefix) == 0 &&
        (!best || ns.prefix.size() > best->prefix.size()))
      best = &ns;
  return best;
}

std::vector<std::pair<std::string, uint32_t>> directive_loops(std::string_view body) {
  std::vector<std::pair<std::string, uint32_t>> out;
  uint32_t number = 0;
  for (const Line& line : split_lines(body)) {
    ++number;
    std::string_view s = line.content();
    if (s.empty() || s[0] != '>') continue;
    for (size_t at = s.find("ipairs"); at != std::string_view::npos; at = s.find("ipairs", at + 1)) {
      if (at > 0 && ident_char(s[at - 1])) continue;
      size_t open = s.find_first_not_of(" \t", at + 6);
      if (open == std::string_view::npos || s[open] != '(') continue;
      size_t start = s.find_first_not_of(" \t", open + 1);
      if (start == std::string_view::npos) continue;
      size_t end = start;
      while (end < s.size() && ident_char(s[end])) ++end;
      std::string name(s.substr(start, end - start));
      if (name.size() <= 11 || name.compare(name.size() - 11, 11, "_directives") != 0) continue;
      bool seen = false;
      for (const auto& [n, l] : out) seen |= n == name;
      if (!seen) out.emplace_back(std::move(name), number);
    }
  }
  return out;
}

}  // namespace kongtpl
