// SARIF 2.1.0 for code scanning: one run of the tool "kongtpl", its rules
// (those the results use) and one result per issue.
#include <cctype>
#include <map>

#include <nlohmann/json.hpp>

#include "cli/report_issues.hpp"
#include "cli/report_model.hpp"

namespace kongtpl {
namespace {

/// A relative path as a URI reference: unreserved characters and '/' stay,
/// everything else is percent-encoded.
std::string uri_reference(const std::string& path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string render_report_sarif(const ReportModel& model) {
  nlohmann::json rules = nlohmann::json::array();
  std::map<std::string, size_t> rule_index;
  nlohmann::json results = nlohmann::json::array();
  for (const ReportIssue& issue : report_issues(model)) {
    auto [at, added] = rule_index.emplace(issue.rule_id, rules.size());
    if (added)
      rules.push_back({{"id", issue.rule_id},
                       {"name", issue.rule_name},
                       {"shortDescription", {{"text", rule_description(issue.rule_id, issue.rule_name)}}},
                       {"defaultConfiguration", {{"level", issue.level}}}});
    results.push_back(
        {{"ruleId", issue.rule_id},
         {"ruleIndex", at->second},
         {"level", issue.level},
         {"message", {{"text", issue.message}}},
         {"locations",
          nlohmann::json::array({{{"physicalLocation",
                                   {{"artifactLocation", {{"uri", uri_reference(issue.path)}}},
                                    {"region", {{"startLine", issue.line}, {"endLine", issue.end_line}}}}}}})}});
  }
  nlohmann::json driver = {{"name", "kongtpl"},
                           {"version", KONGTPL_VERSION},
                           {"rules", rules}};
  nlohmann::json run = {{"tool", {{"driver", driver}}},
                        {"results", results},
                        {"properties", {{"from", model.from}, {"to", model.to}, {"status", model.status}}}};
  nlohmann::json sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                          {"version", "2.1.0"},
                          {"runs", nlohmann::json::array({run})}};
  return sarif.dump(2) + "\n";
}

}  // namespace kongtpl
