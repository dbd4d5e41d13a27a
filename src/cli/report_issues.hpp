#pragma once
// The report as a flat list of located issues, the shape CI annotation
// formats (GitHub workflow commands, SARIF, GitLab Code Quality) share:
// conflicts, "also consider" places and lint findings, each with a rule id.
#include <cstdint>
#include <string>
#include <vector>

#include "cli/report_model.hpp"

namespace kongtpl {

struct ReportIssue {
  std::string rule_id;    ///< "KT180", or a lint finding's id
  std::string rule_name;  ///< "merge-conflict", or the finding's rule
  std::string level;      ///< "error", "warning" or "note"
  std::string path;       ///< the file the lines are in
  uint32_t line = 1;      ///< 1-based
  uint32_t end_line = 1;  ///< >= line
  std::string message;    ///< one line
};

/// Rule ids of the merge's own results (lint rules are KT1xx, README.md).
inline constexpr const char* kConflictRuleId = "KT180";
inline constexpr const char* kConflictRuleName = "merge-conflict";
inline constexpr const char* kAlsoConsiderRuleId = "KT181";
inline constexpr const char* kAlsoConsiderRuleName = "also-consider";

/// Conflicts (at the user's lines in FILE, or at the marker block when FILE
/// itself was written), "also consider" places (lines of the result), then
/// lint findings (lines of the result), in that order.
std::vector<ReportIssue> report_issues(const ReportModel& model);

/// A short description of a rule id, for tool metadata.
std::string rule_description(const std::string& rule_id, const std::string& rule_name);

}  // namespace kongtpl
