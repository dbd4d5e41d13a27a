#include "lua/lint.hpp"

#include <algorithm>
#include <string>

#include "lua/template_body.hpp"
#include "lua/template_compiler.hpp"

namespace kongtpl {

bool is_data_module(std::string_view display_name) {
  size_t slash = display_name.find_last_of('/');
  std::string_view base = slash == std::string_view::npos ? display_name : display_name.substr(slash + 1);
  // kong_defaults.lua is parsed as kong.conf; kong_yml.lua is written out as
  // an example declarative config. Neither goes through pl.template.
  return base == "kong_defaults.lua" || base == "kong_yml.lua";
}

namespace {

/// git's conflict marker lines ("<<<<<<< label", "|||||||", "=======",
/// ">>>>>>> label"): a `>>>>>>>` line would otherwise reach Lua as code.
bool is_conflict_marker(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  for (char c : {'<', '|', '=', '>'}) {
    if (line.size() < 7 || line.find_first_not_of(c) < 7) continue;
    if (line.size() == 7 || (c != '=' && line[7] == ' ')) return true;
  }
  return false;
}

/// One error per marker line left in the body.
std::vector<Finding> conflict_markers(const TemplateBody& body, const std::string& file) {
  std::vector<Finding> findings;
  size_t start = 0, index = 0;
  const std::string& text = body.text;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    if (is_conflict_marker(line))
      findings.push_back(Finding{file, body.file_line_of(index), "error",
                                 "unresolved merge conflict marker: keep the lines you want and delete the markers",
                                 std::string(line), ""});
    start = end + 1;
    ++index;
  }
  return findings;
}

}  // namespace

std::vector<Finding> lint_template(std::string_view file_bytes, std::string_view display_name, const KnownNames* known) {
  std::string file(display_name);
  auto body = read_template_body(file_bytes, display_name);
  if (!body.ok()) {
    Finding f;
    f.file = file;
    f.severity = "error";
    // The message is "file:line: what"; keep the line as a field too.
    const std::string& message = body.error().message;
    f.message = message;
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
    return {f};
  }
  if (is_data_module(display_name)) return {};
  // With markers left, Lua's errors would only be noise about them.
  if (auto markers = conflict_markers(body.value(), file); !markers.empty()) return markers;
  std::vector<Finding> findings = compile_check(body.value(), file);
  if (known) {  // a body that does not compile gives no name findings
    auto names = check_names(body.value(), file, *known);
    findings.insert(findings.end(), names.begin(), names.end());
  }
  std::stable_sort(findings.begin(), findings.end(),
                   [](const Finding& a, const Finding& b) { return a.line < b.line; });
  return findings;
}

}  // namespace kongtpl
