#pragma once
// One problem lint found in a template, located at a line of the file.
#include <cstdint>
#include <string>
#include <utility>

namespace kongtpl {

/// A problem in a template file, for an operator to fix.
struct Finding {
  /// The file's display name.
  std::string file;
  /// 1-based line in the file.
  uint32_t line = 0;
  /// "error" (Kong would fail or render nonsense) or "warning".
  std::string severity;
  /// What is wrong and what Kong will do.
  std::string message;
  /// The offending line of the template, without its newline.
  std::string source_line;
  /// For "unknown name" warnings: the name, so a caller can say more (e.g.
  /// "stopped being known in version X"); empty otherwise.
  std::string name;
  /// The rule's stable id ("KT101"); README.md lists them.
  std::string id;
  /// The rule's stable name ("indented-directive-line").
  std::string rule;
  /// Kong versions where the rule holds ("all", "3.4.0 and later", "before 3.8.0").
  std::string versions = "all";
  /// One line saying what to do.
  std::string fix;
};

}  // namespace kongtpl

namespace kongtpl {

/// A finding of rule id/rule at a file line.
inline Finding rule_finding(std::string file, uint32_t line, std::string source_line, std::string id,
                            std::string rule, std::string severity, std::string message, std::string fix) {
  Finding f;
  f.file = std::move(file);
  f.line = line;
  f.source_line = std::move(source_line);
  f.id = std::move(id);
  f.rule = std::move(rule);
  f.severity = std::move(severity);
  f.message = std::move(message);
  f.fix = std::move(fix);
  return f;
}

}  // namespace kongtpl
