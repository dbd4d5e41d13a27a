#pragma once
// The upgrade report as data: built once from a merge (or from upstream's
// change alone) and read by every report format (JSON, HTML, Markdown, CI
// annotations). Renderers compute nothing the model already holds.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diff/file_diff.hpp"
#include "lua/finding.hpp"
#include "merge/upgrade_report.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// The formats `--format` offers for a report.
enum class ReportFormat { Json, Html, Markdown, Github, Sarif, Gitlab };

/// "json", "html", "markdown" (or "md"), "github", "sarif", "gitlab"; an
/// Error naming the choices otherwise.
Result<ReportFormat> parse_report_format(std::string_view name);

/// The format a file name asks for by its extension (.html, .md, .sarif,
/// .json), if any.
std::optional<ReportFormat> report_format_for_path(std::string_view path);

/// The three sides of a conflict's marker block, line by line.
struct ConflictSides {
  std::vector<std::string> ours, base, theirs;
  bool has_base = false;  ///< diff3 markers carried the base section
  std::string ours_label, base_label, theirs_label;  ///< the marker labels
};

struct ReportConflict {
  ReportedConflict where;  ///< lines in the result, the file and upstream
  std::string summary;     ///< the stderr line
  ConflictSides sides;
};

struct ReportAlsoConsider {
  ReportedAlsoConsider what;
  std::string summary;  ///< the stderr line
};

/// Everything a report says.
struct ReportModel {
  std::string file;  ///< the user's file as given; empty: upstream's change only
  std::string from, to;
  std::string status;  ///< "up-to-date", "merged", "conflicts", "does-not-compile"; "" without a file
  std::string layout_kind, layout_description;  ///< empty for plain merges
  size_t changes_applied = 0, changes_present = 0;
  std::vector<std::string> hops;  ///< --via-plan hops
  std::vector<ReportConflict> conflicts;
  std::vector<ReportAlsoConsider> also_consider;
  std::vector<Finding> findings;  ///< lint findings on the result
  std::string written_to;         ///< path written, "-" for stdout, "" for none
  std::vector<std::string> result_lines;  ///< the merged file, line by line (no terminators)
  std::vector<FileDiff> upstream;         ///< upstream's change per template, FROM → TO (may be empty)

  /// The file holding the merged result (written_to unless it is "-"); ""
  /// when the result went to standard output or was not written.
  std::string result_file() const;
  /// Where the result's line numbers can be read, for a reader: "line of
  /// the merged result in OUT", "... printed on standard output", "... not
  /// written; FILE is unchanged".
  std::string result_place() const;
  size_t error_count() const;
  size_t warning_count() const;
};

/// Splits a merged text into lines and each conflict's marker block into
/// its sides (the lines where.first_line.. of text).
std::vector<std::string> text_lines(std::string_view text);
ConflictSides conflict_sides(const std::vector<std::string>& lines, const ReportedConflict& where);

/// The report in one format.
std::string render_report(const ReportModel& model, ReportFormat format);

// One renderer per format (report_<format>.cpp).
std::string render_report_json(const ReportModel& model);
std::string render_report_html(const ReportModel& model);
std::string render_report_markdown(const ReportModel& model);
std::string render_report_github(const ReportModel& model);
std::string render_report_sarif(const ReportModel& model);
std::string render_report_gitlab(const ReportModel& model);

}  // namespace kongtpl
