#pragma once
// `kongtpl apply`'s options and run, shared with `kongtpl report FILE`
// (an apply that writes nothing but its report).
#include <string>
#include <vector>

#include "cli/merge_delivery.hpp"
#include "cli/repo_options.hpp"
#include "diff/file_diff.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// Options `apply` and `merge` share.
struct MergeCommonOptions {
  std::string output;
  bool write = false;
  bool check = false;
  bool force = false;
  bool no_backup = false;
  bool no_lint = false;
  std::string conflict = "merge";
  std::string report;
  std::string format;        ///< --format: the report's format
  bool report_only = false;  ///< kongtpl report: write only the report
};

struct ApplyCommandOptions {
  RepoOptions repo;
  MergeCommonOptions common;
  std::string from, to, file, layout;
  std::string conf;  ///< --conf: the kong.conf whose directive keys to check at TO
  bool via_plan = false;
  bool rendered = false;  ///< --rendered: FILE is a rendered copy that an earlier apply left template lines in
};

/// Runs `kongtpl apply`; returns the exit status.
int run_apply(const ApplyCommandOptions& o);

/// What deliver_merge does with the result, from the command's options.
DeliveryOptions delivery_options(const MergeCommonOptions& o, const std::string& file);

/// Upstream's change between two versions, template by template (the
/// session's globs), whitespace ignored: the reports' "upstream changes".
Result<std::vector<FileDiff>> upstream_changes(RepoSession& session, const ResolvedVersion& from,
                                               const ResolvedVersion& to);

}  // namespace kongtpl
