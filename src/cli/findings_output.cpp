#include "cli/findings_output.hpp"

namespace kongtpl {

std::string findings_as_text(const std::vector<Finding>& findings) {
  std::string text;
  for (const Finding& f : findings) {
    text += f.file + ":" + std::to_string(f.line) + ": " + f.severity + ": " + f.message;
    if (!f.id.empty()) {
      text += " [" + f.id + " " + f.rule;
      if (f.versions != "all" && !f.versions.empty()) text += "; " + f.versions;
      text += "]";
    }
    text += "\n";
    if (!f.source_line.empty()) text += "    " + f.source_line + "\n";
    if (!f.fix.empty()) text += "    fix: " + f.fix + "\n";
  }
  return text;
}

nlohmann::json findings_as_json(const std::vector<Finding>& findings) {
  nlohmann::json list = nlohmann::json::array();
  for (const Finding& f : findings) {
    nlohmann::json item = {{"file", f.file},
                           {"line", f.line},
                           {"severity", f.severity},
                           {"id", f.id},
                           {"rule", f.rule},
                           {"versions", f.versions},
                           {"message", f.message},
                           {"fix", f.fix},
                           {"source_line", f.source_line}};
    if (!f.name.empty()) item["name"] = f.name;
    list.push_back(std::move(item));
  }
  return list;
}

bool findings_fail(const std::vector<Finding>& findings, const std::string& min_severity) {
  for (const Finding& f : findings)
    if (f.severity == "error" || min_severity != "error") return true;
  return false;
}

}  // namespace kongtpl
