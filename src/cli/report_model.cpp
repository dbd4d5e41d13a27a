#include "cli/report_model.hpp"

#include "util/lines.hpp"

namespace kongtpl {

Result<ReportFormat> parse_report_format(std::string_view name) {
  if (name == "json") return ReportFormat::Json;
  if (name == "html") return ReportFormat::Html;
  if (name == "markdown" || name == "md") return ReportFormat::Markdown;
  if (name == "github") return ReportFormat::Github;
  if (name == "sarif") return ReportFormat::Sarif;
  if (name == "gitlab") return ReportFormat::Gitlab;
  return Error{"unknown report format '" + std::string(name.substr(0, 40)) +
               "': use json, html, markdown, github, sarif or gitlab"};
}

std::optional<ReportFormat> report_format_for_path(std::string_view path) {
  if (path.ends_with(".html") || path.ends_with(".htm")) return ReportFormat::Html;
  if (path.ends_with(".md") || path.ends_with(".markdown")) return ReportFormat::Markdown;
  if (path.ends_with(".sarif") || path.ends_with(".sarif.json")) return ReportFormat::Sarif;
  if (path.ends_with(".json")) return ReportFormat::Json;
  return std::nullopt;
}

std::string ReportModel::result_file() const { return written_to == "-" ? std::string() : written_to; }

std::string ReportModel::result_place() const {
  if (!result_file().empty()) return "lines of the merged result in " + result_file();
  if (written_to == "-") return "lines of the merged result printed on standard output, not of " + file;
  return "lines of the merged result, which was not written: " + file + " is unchanged";
}

size_t ReportModel::error_count() const {
  size_t n = 0;
  for (const Finding& f : findings) n += f.severity == "error";
  return n;
}

size_t ReportModel::warning_count() const { return findings.size() - error_count(); }

std::vector<std::string> text_lines(std::string_view text) {
  std::vector<std::string> lines;
  for (const Line& line : split_lines(text)) {
    std::string_view l = line.content();
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    lines.emplace_back(l);
  }
  return lines;
}

ConflictSides conflict_sides(const std::vector<std::string>& lines, const ReportedConflict& where) {
  ConflictSides sides;
  enum { Before, Ours, Base, Theirs, After } part = Before;
  auto label = [](const std::string& line) { return line.size() > 8 ? line.substr(8) : std::string(); };
  size_t first = where.first_line ? where.first_line - 1 : 0;
  for (size_t i = first; i < lines.size() && i < first + where.line_count; ++i) {
    const std::string& line = lines[i];
    if (part == Before && line.starts_with("<<<<<<<")) {
      part = Ours;
      sides.ours_label = label(line);
    } else if (part == Ours && line.starts_with("|||||||")) {
      part = Base;
      sides.has_base = true;
      sides.base_label = label(line);
    } else if ((part == Ours || part == Base) && line.starts_with("=======")) {
      part = Theirs;
    } else if (part == Theirs && line.starts_with(">>>>>>>")) {
      part = After;
      sides.theirs_label = label(line);
    } else if (part == Ours) {
      sides.ours.push_back(line);
    } else if (part == Base) {
      sides.base.push_back(line);
    } else if (part == Theirs) {
      sides.theirs.push_back(line);
    }
  }
  return sides;
}

std::string render_report(const ReportModel& model, ReportFormat format) {
  switch (format) {
    case ReportFormat::Json: return render_report_json(model);
    case ReportFormat::Html: return render_report_html(model);
    case ReportFormat::Markdown: return render_report_markdown(model);
    case ReportFormat::Github: return render_report_github(model);
    case ReportFormat::Sarif: return render_report_sarif(model);
    case ReportFormat::Gitlab: return render_report_gitlab(model);
  }
  return {};
}

}  // namespace kongtpl
