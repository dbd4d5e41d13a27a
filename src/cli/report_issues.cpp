#include "cli/report_issues.hpp"

#include <algorithm>
#include <cctype>

namespace kongtpl {

std::vector<ReportIssue> report_issues(const ReportModel& model) {
  std::vector<ReportIssue> issues;
  // With --write --force the markers are in FILE; otherwise FILE still holds
  // the user's lines, which is where a reviewer looks.
  const bool markers_in_file = model.written_to == model.file;
  for (const ReportConflict& c : model.conflicts) {
    ReportIssue issue{kConflictRuleId, kConflictRuleName, "error", model.file, 1, 1,
                      "merge conflict upgrading " + model.from + " -> " + model.to + ": " + c.summary};
    if (markers_in_file) {
      issue.line = c.where.first_line;
      issue.end_line = c.where.first_line + std::max<uint32_t>(c.where.line_count, 1) - 1;
    } else {
      issue.line = std::max<uint32_t>(c.where.ours_first_line, 1);
      issue.end_line = issue.line + std::max<uint32_t>(c.where.ours_line_count, 1) - 1;
    }
    issues.push_back(std::move(issue));
  }
  for (const ReportAlsoConsider& a : model.also_consider)
    issues.push_back({kAlsoConsiderRuleId, kAlsoConsiderRuleName, "note", model.file, a.what.line, a.what.line,
                      "also consider: " + a.summary});
  for (const Finding& f : model.findings) {
    uint32_t line = std::max<uint32_t>(f.line, 1);
    std::string message = f.message;
    if (!f.fix.empty()) message += " (fix: " + f.fix + ")";
    issues.push_back({f.id.empty() ? "lint" : f.id, f.rule.empty() ? "lint" : f.rule,
                      f.severity == "error" ? "error" : "warning", f.file, line, line, message});
  }
  for (ReportIssue& issue : issues)
    if (issue.end_line < issue.line) issue.end_line = issue.line;
  return issues;
}

std::string rule_description(const std::string& rule_id, const std::string& rule_name) {
  if (rule_id == kConflictRuleId) return "Upstream's template change conflicts with your customisation";
  if (rule_id == kAlsoConsiderRuleId) return "Your own copy of a line upstream rewrote; not changed by the merge";
  std::string words = rule_name;
  std::replace(words.begin(), words.end(), '-', ' ');
  if (!words.empty()) words[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(words[0])));
  return words;
}

}  // namespace kongtpl
