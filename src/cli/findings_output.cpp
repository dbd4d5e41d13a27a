#include "cli/findings_output.hpp"

namespace kongtpl {

std::string findings_as_text(const std::vector<Finding>& findings) {
  std::string text;
  for (const Finding& f : findings) {
    text += f.file + ":" + std::to_string(f.line) + ": " + f.severity + ": " + f.message + "\n";
    if (!f.source_line.empty()) text += "    " + f.source_line + "\n";
  }
  return text;
}

nlohmann::json findings_as_json(const std::vector<Finding>& findings) {
  nlohmann::json list = nlohmann::json::array();
  for (const Finding& f : findings) {
    nlohmann::json item = {{"file", f.file},
                           {"line", f.line},
                           {"severity", f.severity},
                           {"message", f.message},
                           {"source_line", f.source_line}};
    if (!f.name.empty()) item["name"] = f.name;
    list.push_back(std::move(item));
  }
  return list;
}

}  // namespace kongtpl
