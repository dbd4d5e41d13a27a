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
  // "Also consider" places and lint findings are lines of the merged
  // result: they point into the file it was written to; when it went to
  // standard output or nowhere, at FILE, saying the line is the result's.
  const std::string result_path = model.result_file().empty() ? model.file : model.result_file();
  const std::string result_note = model.result_file().empty() ? " (" + model.result_place() + ")" : "";
  for (const ReportAlsoConsider& a : model.also_consider)
    issues.push_back({kAlsoConsiderRuleId, kAlsoConsiderRuleName, "note", result_path, a.what.line, a.what.line,
                      "also consider: " + a.summary + result_note});
  for (const Finding& f : model.findings) {
    uint32_t line = std::max<uint32_t>(f.line, 1);
    std::string message = f.message;
    if (!f.fix.empty()) message += " (fix: " + f.fix + ")";
    // Findings in other files (a --conf kong.conf) keep their own place.
    const bool in_result = f.file == model.file;
    issues.push_back({f.id.empty() ? "lint" : f.id, f.rule.empty() ? "lint" : f.rule,
                      f.severity == "error" ? "error" : "warning", in_result ? result_path : f.file, line, line,
                      message + (in_result ? result_note : "")});
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
