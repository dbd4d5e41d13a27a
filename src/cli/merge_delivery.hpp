#pragma once
// What `apply` and `merge` do with a merge result: check it compiles as a
// template, summarise conflicts on stderr, write the JSON report, and deliver
// the text to stdout, -o OUT, or FILE itself (--write) without ever losing or
// half-writing what the user owns.
#include <string>
#include <vector>

#include "check/version_linter.hpp"
#include "cli/report_model.hpp"
#include "diff/file_diff.hpp"
#include "lua/finding.hpp"
#include "merge/layout.hpp"
#include "merge/upgrade_report.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// Where and how the merged text goes.
struct DeliveryOptions {
  std::string file;          ///< the user's file (ours)
  std::string output;        ///< -o OUT; empty: stdout (unless write)
  bool write = false;        ///< --write: replace file in place
  bool check = false;        ///< --check: write nothing, only the exit status
  bool force = false;        ///< --force: --write even with conflicts
  bool keep_backup = true;   ///< file.orig next to a replaced file
  bool lint = true;          ///< compile-check the result
  std::string report_path;   ///< --report FILE ("-": standard output, when the result goes elsewhere)
  ReportFormat report_format = ReportFormat::Json;  ///< --format
  bool report_only = false;  ///< write nothing but the report; exit 1 only for conflicts or errors (kongtpl report)
};

/// A finished merge, ready to deliver.
struct MergeOutcome {
  std::string text;                         ///< the merged file
  bool pending = false;                     ///< differs from the file, or conflicts remain
  std::vector<ReportedConflict> conflicts;  ///< in file order
  std::vector<ReportedAlsoConsider> also_consider;  ///< the user's copies of lines upstream rewrote
  std::string from_label, to_label;         ///< versions (or base/theirs file names)
  std::string layout_kind;                  ///< e.g. "composite"; empty for plain merges
  std::string layout_description;          ///< the one-line layout report
  size_t changes_applied = 0;               ///< upstream changes merged in
  size_t changes_present = 0;               ///< upstream changes the file already had
  std::vector<std::string> hops;            ///< versions walked with --via-plan
  std::vector<FileDiff> upstream;           ///< upstream's change FROM -> TO, for the HTML and Markdown reports
};

/// Lints, reports and writes; returns the exit status (0 clean, 1 conflicts,
/// pending with --check, or a result that does not compile; 2 trouble).
/// linter (the checks at TO) may be null: then only the checks that need no
/// repository run.
int deliver_merge(MergeOutcome outcome, const DeliveryOptions& options, VersionLinter* linter);

/// The report's data (every --format renders it).
ReportModel merge_report_model(MergeOutcome outcome, const DeliveryOptions& options, std::vector<Finding> findings,
                               const std::string& written_to, const std::string& status);

}  // namespace kongtpl
