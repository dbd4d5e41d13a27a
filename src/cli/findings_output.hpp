#pragma once
// Printing lint findings: one "file:line: severity: message" line each with
// the offending line below it (as compilers print), or JSON for CI.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lua/finding.hpp"

namespace kongtpl {

/// Findings as text, compiler style.
std::string findings_as_text(const std::vector<Finding>& findings);

/// Findings as a JSON array of {file, line, severity, id, rule, versions, message, fix, source_line, name?}.
nlohmann::json findings_as_json(const std::vector<Finding>& findings);

/// True when a finding at or above min_severity ("warning" or "error") is present.
bool findings_fail(const std::vector<Finding>& findings, const std::string& min_severity);

}  // namespace kongtpl
