// GitHub Actions workflow commands: one `::error file=...,line=...::message`
// line per issue, escaped as the runner expects.
#include "cli/report_issues.hpp"
#include "cli/report_model.hpp"

namespace kongtpl {
namespace {

std::string escape_data(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string escape_property(const std::string& text) {
  std::string out;
  for (char c : escape_data(text)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

}  // namespace

std::string render_report_github(const ReportModel& model) {
  std::string out;
  for (const ReportIssue& issue : report_issues(model)) {
    const std::string command = issue.level == "note" ? "notice" : issue.level;
    out += "::" + command + " file=" + escape_property(issue.path) + ",line=" + std::to_string(issue.line) +
           ",endLine=" + std::to_string(issue.end_line) + ",title=" +
           escape_property("kongtpl " + issue.rule_id + " " + issue.rule_name) + "::" + escape_data(issue.message) +
           "\n";
  }
  return out;
}

}  // namespace kongtpl
