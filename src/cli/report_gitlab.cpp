// GitLab Code Quality: a JSON array of issues, each with a fingerprint that
// stays the same while the issue does (GitLab diffs reports by it).
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/report_issues.hpp"
#include "cli/report_model.hpp"

namespace kongtpl {
namespace {

/// FNV-1a, 64 bits, as 16 hex digits: stable across runs and machines.
std::string fingerprint(const std::string& text) {
  uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

std::string code_quality_severity(const std::string& level) {
  if (level == "error") return "major";
  if (level == "warning") return "minor";
  return "info";
}

}  // namespace

std::string render_report_gitlab(const ReportModel& model) {
  nlohmann::json issues = nlohmann::json::array();
  for (const ReportIssue& issue : report_issues(model)) {
    // Unique per issue, and the same on every run that finds it again.
    std::string identity =
        issue.rule_id + "\n" + issue.path + "\n" + std::to_string(issue.line) + "\n" + issue.message;
    issues.push_back({{"type", "issue"},
                      {"check_name", issue.rule_id + " " + issue.rule_name},
                      {"description", issue.message},
                      {"categories", nlohmann::json::array({"Bug Risk"})},
                      {"severity", code_quality_severity(issue.level)},
                      {"fingerprint", fingerprint(identity)},
                      {"location", {{"path", issue.path}, {"lines", {{"begin", issue.line}, {"end", issue.end_line}}}}}});
  }
  return issues.dump(2) + "\n";
}

}  // namespace kongtpl
