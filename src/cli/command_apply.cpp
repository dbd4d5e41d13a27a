// kongtpl apply --from FROM --to TO FILE: port Kong's template changes into a
// customised template (three-way merge, base = FROM, theirs = TO, ours = FILE).
// kongtpl merge OURS BASE THEIRS: the same engine on three plain files.
#include <map>
#include <memory>

#include "check/version_names.hpp"
#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/merge_delivery.hpp"
#include "cli/output.hpp"
#include "cli/repo_options.hpp"
#include "core/history_blobs.hpp"
#include "core/upgrade_plan.hpp"
#include "merge/detect.hpp"
#include "merge/three_way.hpp"
#include "merge/upgrade.hpp"
#include "util/atomic_file.hpp"
#include "util/lines.hpp"

namespace kongtpl {
namespace {

/// Options both commands share.
struct MergeCommonOptions {
  std::string output;
  bool write = false;
  bool check = false;
  bool force = false;
  bool no_backup = false;
  bool no_lint = false;
  std::string conflict = "merge";
  std::string report;
};

struct ApplyCommandOptions {
  RepoOptions repo;
  MergeCommonOptions common;
  std::string from, to, file, layout;
  bool via_plan = false;
};

struct MergeCommandOptions {
  MergeCommonOptions common;
  std::string ours, base, theirs;
};

void add_common_options(CLI::App& cmd, MergeCommonOptions& o, const std::string& file_word) {
  auto* out = cmd.add_option("-o,--output", o.output, "write the result to OUT instead of standard output");
  auto* write = cmd.add_flag("--write", o.write,
                             "replace " + file_word + " in place (atomically; the old one is kept as " + file_word +
                                 ".orig; with conflicts " + file_word + " is left alone and " + file_word +
                                 ".merged is written)");
  auto* check = cmd.add_flag("--check", o.check,
                             "write nothing; exit 0 when " + file_word + " already carries every upstream change, "
                             "1 when changes are pending or would conflict");
  out->excludes(write);
  check->excludes(out)->excludes(write);
  cmd.add_flag("--force", o.force, "with --write: replace " + file_word + " even when conflicts remain or the result does not compile");
  cmd.add_flag("--no-backup", o.no_backup, "with --write: keep no " + file_word + ".orig");
  cmd.add_option("--conflict", o.conflict, "conflict markers: merge (git's default) or diff3 (adds the base section)")
      ->check(CLI::IsMember({"merge", "diff3"}));
  cmd.add_option("--report", o.report, "also write the conflict report as JSON to this file (see README)");
  cmd.add_flag("--no-lint", o.no_lint, "do not compile-check the result as a Kong template");
}

Status check_destinations(const MergeCommonOptions& o) {
  if (Status s = Output(o.output).check_writable(); !s) return s;
  return Output(o.report).check_writable();
}

DeliveryOptions delivery_options(const MergeCommonOptions& o, const std::string& file) {
  DeliveryOptions d;
  d.file = file;
  d.output = o.output;
  d.write = o.write;
  d.check = o.check;
  d.force = o.force;
  d.keep_backup = !o.no_backup;
  d.lint = !o.no_lint;
  d.report_path = o.report;
  return d;
}

Result<std::string> read_text_file(const std::string& path) {
  auto bytes = read_whole_file(path);
  if (!bytes) return bytes.error();
  if (looks_binary(*bytes)) return Error{"'" + path + "' contains NUL bytes (binary); kongtpl merges text templates only"};
  return bytes;
}

/// Upstream template bodies at a version, each blob read and extracted once.
class UpstreamReader {
 public:
  explicit UpstreamReader(RepoSession& session) : session_(session) {}
  Result<UpstreamBodies> at(const ResolvedVersion& version) {
    auto set = session_.templates_at(version);
    if (!set) return set.error();
    std::map<std::string, std::string> files;
    for (const TreeFile& file : set->files()) {
      auto bytes = set->text(file.path);
      if (!bytes) return bytes.error();
      files.emplace(file.path, std::move(*bytes));
    }
    if (files.empty()) return Error{"no upstream template matches the template globs at " + version.label};
    auto bodies = read_upstream_bodies(files);
    if (!bodies) return Error{"at " + version.label + ": " + bodies.error().message};
    return bodies;
  }

 private:
  RepoSession& session_;
};

int run_apply(const ApplyCommandOptions& o) {
  if (Status s = check_destinations(o.common); !s) return fail(s.error());
  auto file_bytes = read_text_file(o.file);
  if (!file_bytes) return fail(file_bytes.error());
  std::optional<Layout> layout;
  if (!o.layout.empty()) {
    auto parsed = parse_layout_override(o.layout);
    if (!parsed) return fail(parsed.error());
    layout = *parsed;
  }

  auto opened = open_session(o.repo, {"kong/templates/nginx*.lua"});
  if (!opened) return fail(opened.error());
  RepoSession& session = **opened;
  std::string from_spec = o.from;
  if (from_spec == "detect") {
    // The version FILE most likely started from (kongtpl detect's winner).
    BlobCache blobs(session.repository, session.globs);
    DetectOptions detect;
    detect.layout = layout;
    auto catalog = session.catalog();
    if (!catalog) return fail(catalog.error());
    auto found = detect_version(*file_bytes, o.file, **catalog, blobs, detect);
    if (!found) return fail(found.error());
    from_spec = found->best().version;
    note("--from detect: " + o.file + " most likely started from " + from_spec + " (distance " +
         std::to_string(found->best().distance) + ", " + verdict_name(found->verdict) + ")");
  }
  auto from = session.resolve(from_spec);
  if (!from) return fail(from.error());
  auto to = session.resolve(o.to);
  if (!to) return fail(to.error());

  UpstreamReader upstream(session);
  std::vector<ResolvedVersion> path{*from, *to};
  if (o.via_plan) {
    auto catalog = session.catalog();
    if (!catalog) return fail(catalog.error());
    auto plan = plan_upgrade(**catalog, session.repository, from->label, to->label);
    if (!plan) return fail(plan.error());
    path = *plan;
    std::string hops;
    for (const ResolvedVersion& v : path) hops += (hops.empty() ? "" : " -> ") + v.label;
    note("upgrade path: " + hops);
  }

  MergeOutcome outcome;
  outcome.from_label = from->label;
  outcome.to_label = to->label;
  std::string current = *file_bytes;
  for (size_t hop = 0; hop + 1 < path.size(); ++hop) {
    auto at_from = upstream.at(path[hop]);
    if (!at_from) return fail(at_from.error());
    auto at_to = upstream.at(path[hop + 1]);
    if (!at_to) return fail(at_to.error());
    UpgradeOptions options;
    options.layout = layout;
    options.style = o.common.conflict == "diff3" ? ConflictStyle::Diff3 : ConflictStyle::Merge;
    options.from_label = path[hop].label;
    options.to_label = path[hop + 1].label;
    auto result = upgrade_file(current, o.file, *at_from, *at_to, options);
    if (!result) return fail(result.error());
    current = result->text;
    if (!layout) layout = result->layout;  // every hop reads FILE the same way
    outcome.layout_kind = result->layout.override_value();
    outcome.layout_description = result->layout.description(o.file);
    outcome.changes_applied += result->changes_applied;
    outcome.changes_present += result->changes_present;
    outcome.conflicts = result->conflicts;
    outcome.from_label = path[hop].label;
    outcome.to_label = path[hop + 1].label;
    if (path.size() > 2) {
      outcome.hops.push_back(path[hop].label + " -> " + path[hop + 1].label);
      note("hop " + path[hop].label + " -> " + path[hop + 1].label + ": " +
           std::to_string(result->changes_applied) + " change(s) applied, " +
           std::to_string(result->conflicts.size()) + " conflict(s)");
    }
    // Markers cannot be merged again: stop at the first hop that conflicts.
    if (!result->conflicts.empty() && hop + 2 < path.size()) {
      note("stopping at " + path[hop + 1].label + ": resolve these conflicts, then rerun with --from " +
           path[hop + 1].label);
      break;
    }
  }
  outcome.text = current;
  outcome.pending = current != *file_bytes || !outcome.conflicts.empty();

  std::optional<KnownNames> known;
  auto catalog = session.catalog();
  if (!catalog) return fail(catalog.error());
  VersionNames names(session.repository, **catalog);
  if (auto at = names.at(*to)) known = std::move(*at);
  return deliver_merge(std::move(outcome), delivery_options(o.common, o.file), known ? &*known : nullptr);
}

int run_merge(const MergeCommandOptions& o) {
  if (Status s = check_destinations(o.common); !s) return fail(s.error());
  auto ours = read_text_file(o.ours);
  if (!ours) return fail(ours.error());
  auto base = read_text_file(o.base);
  if (!base) return fail(base.error());
  auto theirs = read_text_file(o.theirs);
  if (!theirs) return fail(theirs.error());

  MergeOptions options;
  options.style = o.common.conflict == "diff3" ? ConflictStyle::Diff3 : ConflictStyle::Merge;
  options.labels = MergeLabels{o.ours, o.base, o.theirs};
  MergeResult result = merge_texts(*ours, *base, *theirs, options);

  MergeOutcome outcome;
  outcome.text = std::move(result.text);
  outcome.pending = result.changed || !result.conflicts.empty();
  outcome.from_label = o.base;
  outcome.to_label = o.theirs;
  outcome.changes_applied = result.upstream_changes_applied;
  outcome.changes_present = result.upstream_changes_present;
  for (const Conflict& c : result.conflicts) {
    ReportedConflict reported;
    reported.first_line = static_cast<uint32_t>(c.output.start + 1);
    reported.line_count = static_cast<uint32_t>(c.output.count);
    reported.ours_first_line = static_cast<uint32_t>(c.ours.start + (c.ours.count ? 1 : 0));
    reported.ours_line_count = static_cast<uint32_t>(c.ours.count);
    reported.at_from = {UpstreamRange{o.base, static_cast<uint32_t>(c.base.start + (c.base.count ? 1 : 0)),
                                      static_cast<uint32_t>(c.base.count)}};
    reported.at_to = {UpstreamRange{o.theirs, static_cast<uint32_t>(c.theirs.start + (c.theirs.count ? 1 : 0)),
                                    static_cast<uint32_t>(c.theirs.count)}};
    reported.reason = c.reason;
    outcome.conflicts.push_back(std::move(reported));
  }
  return deliver_merge(std::move(outcome), delivery_options(o.common, o.ours), nullptr);
}

}  // namespace

void add_apply_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<ApplyCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "apply",
      "Port Kong's template changes between two versions into your customised template (a custom_nginx.template, "
      "or an edited copy of a template module), as a three-way merge with conflict reporting. "
      "Prints the result unless -o or --write. Exit status: 0 clean, 1 conflicts (or pending with --check), 2 trouble.");
  cmd->add_option("--from", o->from,
                  "the Kong version your file was made from, or 'detect' to use the version it is closest to")
      ->required();
  cmd->add_option("--to", o->to, "the Kong version to upgrade to")->required();
  cmd->add_option("FILE", o->file, "your customised template")->required();
  cmd->add_option("--layout", o->layout,
                  "what FILE is, when detection gets it wrong: composite, composite:kong, composite:stream, "
                  "nginx-with-includes, or template:NAME (e.g. template:nginx_kong.lua)");
  cmd->add_flag("--via-plan", o->via_plan,
                "merge hop by hop along the upgrade path Kong's upgrade notes prescribe (see kongtpl plan)");
  add_common_options(*cmd, o->common, "FILE");
  add_repo_options(*cmd, o->repo, "kong/templates/nginx*.lua");
  cmd->callback([o, &action] { action = [o] { return run_apply(*o); }; });
}

void add_merge_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<MergeCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "merge",
      "Three-way merge of plain files, like git merge-file: apply the change BASE -> THEIRS to OURS, ignoring "
      "whitespace when matching lines. Prints the result unless -o or --write. "
      "Exit status: 0 clean, 1 conflicts (or pending with --check), 2 trouble.");
  cmd->add_option("OURS", o->ours, "your file")->required();
  cmd->add_option("BASE", o->base, "the common ancestor")->required();
  cmd->add_option("THEIRS", o->theirs, "the changed ancestor whose changes to take")->required();
  add_common_options(*cmd, o->common, "OURS");
  cmd->callback([o, &action] { action = [o] { return run_merge(*o); }; });
}

}  // namespace kongtpl
