#include "lua/lint.hpp"

#include <algorithm>
#include <string>

#include "lua/template_compiler.hpp"
#include "util/lines.hpp"

namespace kongtpl {

bool is_data_module(std::string_view display_name) {
  size_t slash = display_name.find_last_of('/');
  std::string_view base = slash == std::string_view::npos ? display_name : display_name.substr(slash + 1);
  // kong_defaults.lua is parsed as kong.conf; kong_yml.lua is written out as
  // an example declarative config. Neither goes through pl.template.
  return base == "kong_defaults.lua" || base == "kong_yml.lua";
}

bool is_conflict_marker(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  for (char c : {'<', '|', '=', '>'}) {
    if (line.size() < 7 || line.find_first_not_of(c) < 7) continue;
    if (line.size() == 7 || (c != '=' && line[7] == ' ')) return true;
  }
  return false;
}

uint32_t first_conflict_marker_line(std::string_view text) {
  uint32_t number = 0;
  for (const Line& line : split_lines(text)) {
    ++number;
    if (is_conflict_marker(line.content())) return number;
  }
  return 0;
}

namespace {

std::string_view without_cr(std::string_view s) {
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

/// One error per marker line left in the body (KT170).
std::vector<Finding> conflict_markers(const TemplateBody& body, const std::string& file) {
  std::vector<Finding> findings;
  size_t index = 0;
  for (const Line& line : split_lines(body.text)) {
    if (is_conflict_marker(line.content()))
      findings.push_back(rule_finding(file, body.file_line_of(index), std::string(without_cr(line.content())),
                                      "KT170", "conflict-marker", "error",
                                      "unresolved merge conflict marker: Kong would read it as template text",
                                      "keep the lines you want and delete the markers"));
    ++index;
  }
  return findings;
}

/// Lines whose first non-blank character is the escape '>' but not in
/// column 0 (KT101): pl.template runs a line as Lua only when '>' starts it.
std::vector<Finding> indented_lua_lines(const TemplateBody& body, const std::string& file) {
  std::vector<Finding> findings;
  size_t index = 0;
  for (const Line& line : split_lines(body.text)) {
    std::string_view content = without_cr(line.content());
    size_t first = content.find_first_not_of(" \t");
    if (first != std::string_view::npos && first > 0 && content[first] == '>')
      findings.push_back(rule_finding(
          file, body.file_line_of(index), std::string(content), "KT101", "indented-directive-line", "error",
          "`>` is not in column 0, so pl.template does not run this line as Lua: Kong copies it into nginx.conf "
          "as text and nginx refuses to start on it",
          "move the `>` to the first column (indent after it if you like: `>   if ...`)"));
    ++index;
  }
  return findings;
}

}  // namespace

Finding load_failure_finding(const Error& error, std::string_view display_name) {
  std::string file(display_name);
  Finding f = rule_finding(file, 0, "", "KT100", "template-does-not-load", "error", error.message,
                           "make the module `return [[ ... ]]` the template text");
  // The message is "file:line: what"; keep the line as a field too.
  const std::string& message = error.message;
  if (message.compare(0, file.size() + 1, file + ":") == 0) {
    size_t digits = file.size() + 1;
    size_t end = digits;
    while (end < message.size() && message[end] >= '0' && message[end] <= '9') ++end;
    if (end > digits && message.compare(end, 2, ": ") == 0) {
      f.line = static_cast<uint32_t>(std::stoul(message.substr(digits, end - digits)));
      f.message = message.substr(end + 2);
    } else if (message.compare(digits, 1, " ") == 0) {
      f.message = message.substr(digits + 1);
    }
  }
  return f;
}

std::vector<Finding> lint_body(const TemplateBody& body, std::string_view display_name, const KnownNames* known) {
  std::string file(display_name);
  if (is_data_module(display_name)) return {};
  // With markers left, Lua's errors would only be noise about them.
  if (auto markers = conflict_markers(body, file); !markers.empty()) return markers;
  std::vector<Finding> findings = compile_check(body, file);
  auto indented = indented_lua_lines(body, file);
  findings.insert(findings.end(), indented.begin(), indented.end());
  if (known) {  // a body that does not compile gives no name findings
    auto names = check_names(body, file, *known);
    findings.insert(findings.end(), names.begin(), names.end());
  }
  std::stable_sort(findings.begin(), findings.end(),
                   [](const Finding& a, const Finding& b) { return a.line < b.line; });
  return findings;
}

std::vector<Finding> lint_template(std::string_view file_bytes, std::string_view display_name, const KnownNames* known) {
  auto body = read_template_body(file_bytes, display_name);
  if (!body.ok()) return {load_failure_finding(body.error(), display_name)};
  return lint_body(body.value(), display_name, known);
}

}  // namespace kongtpl
