// kongtpl apply --from FROM --to TO FILE: port Kong's template changes into a
// customised template (three-way merge, base = FROM, theirs = TO, ours = FILE).
// kongtpl merge OURS BASE THEIRS: the same engine on three plain files.
#include <algorithm>
#include <map>
#include <memory>

#include "check/version_linter.hpp"
#include "lua/lint.hpp"
#include "cli/apply_command.hpp"
#include "cli/commands.hpp"
#include "cli/destinations.hpp"
#include "cli/exit_status.hpp"
#include "cli/merge_delivery.hpp"
#include "cli/output.hpp"
#include "cli/repo_options.hpp"
#include "cli/upstream_bodies.hpp"
#include "core/history_blobs.hpp"
#include "core/upgrade_plan.hpp"
#include "core/version_diff.hpp"
#include "merge/detect.hpp"
#include "merge/layout_detect.hpp"
#include "merge/three_way.hpp"
#include "merge/upgrade.hpp"
#include "util/input_file.hpp"
#include "util/lines.hpp"
#include "util/work_progress.hpp"

namespace kongtpl {
namespace {

struct MergeCommandOptions {
  MergeCommonOptions common;
  std::string ours, base, theirs;
  std::vector<std::string> labels;  ///< -L: names on the markers for OURS, BASE, THEIRS (git merge-file)
  bool print = false;  ///< -p: standard output, already the default
  bool lint = false;  ///< --lint: compile-check even a file that does not look like a template
  bool no_progress = false;  ///< --no-progress: no progress of a large merge on a terminal
};

/// Whether a plain file given to `merge` reads like a Kong template: a .lua
/// module or a *.template name, or `${{NAME}}`, `$(...)` or `> ` Lua lines.
bool looks_like_kong_template(const std::string& name, std::string_view text) {
  if (name.ends_with(".lua") || name.ends_with(".template")) return true;
  if (text.find("${{") != std::string_view::npos || text.find("$(") != std::string_view::npos) return true;
  return text.starts_with("> ") || text.find("\n> ") != std::string_view::npos;
}

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
  auto* conflict = cmd.add_option("--conflict", o.conflict,
                                  "conflict markers: merge (git's default), diff3 (adds the base section) or zdiff3 "
                                  "(diff3, with lines both sides share at a conflict's ends moved out of it)")
                       ->check(CLI::IsMember({"merge", "diff3", "zdiff3"}));
  auto* diff3 = cmd.add_flag_callback("--diff3", [&o] { o.conflict = "diff3"; }, "the same as --conflict=diff3");
  auto* zdiff3 = cmd.add_flag_callback("--zdiff3", [&o] { o.conflict = "zdiff3"; }, "the same as --conflict=zdiff3");
  conflict->excludes(diff3)->excludes(zdiff3);
  diff3->excludes(zdiff3);
  cmd.add_option("--report", o.report,
                 "also write the report to this file (JSON unless --format or the name's extension says otherwise; "
                 "'-' for standard output when the merged file goes elsewhere)");
  cmd.add_option("--format", o.format,
                 "the report's format: json, html, markdown, github, sarif or gitlab (see README); without --report "
                 "the report goes to standard output, which then must not carry the merged file")
      ->check(CLI::IsMember({"json", "html", "markdown", "md", "github", "sarif", "gitlab"}));
  cmd.add_flag("--no-lint", o.no_lint, "do not compile-check the result as a Kong template");
}

ConflictStyle conflict_style(const std::string& name) {
  return name == "diff3" ? ConflictStyle::Diff3 : name == "zdiff3" ? ConflictStyle::ZDiff3 : ConflictStyle::Merge;
}

}  // namespace

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
  d.report_only = o.report_only;
  if (!o.format.empty()) {
    d.report_format = *parse_report_format(o.format);  // CLI11 checked the name
    if (d.report_path.empty()) d.report_path = "-";
  } else if (auto by_name = report_format_for_path(o.report)) {
    d.report_format = *by_name;
  }
  return d;
}

Result<std::vector<FileDiff>> upstream_changes(RepoSession& session, const ResolvedVersion& from,
                                               const ResolvedVersion& to) {
  auto before = session.templates_at(from);
  if (!before) return before.error();
  auto after = session.templates_at(to);
  if (!after) return after.error();
  return diff_template_sets(*before, *after, DiffOptions{});
}

namespace {

// --from detect: the version FILE's templates started from (kongtpl
// detect's best range; any release of it is the same base, so the newest
// one not after TO, which keeps --via-plan's path short). Sets layout to
// the detected one; fails when the layout is uncertain.
Result<std::string> detected_from(RepoSession& session, const std::string& file_bytes, const std::string& file,
                                  const std::string& to_spec, std::optional<Layout>& layout) {
  BlobCache blobs(session.repository, session.globs);
  DetectOptions detect;
  detect.layout = layout;
  auto catalog = session.catalog();
  if (!catalog) return catalog.error();
  std::unique_ptr<WorkProgress> progress;
  detect.on_progress = progress_callback(progress, "detect", "releases", session.options.quiet);
  auto found = detect_version(file_bytes, file, **catalog, blobs, detect);
  if (progress) progress->finish();
  if (!found) return found.error();
  if (found->layout_uncertain()) return Error{file + ": " + uncertain_layout_message(found->layout_candidates)};
  const DetectCandidate& best = found->best();
  std::string chosen = best.version;
  auto to = session.resolve(to_spec);
  const VersionTag* to_tag = to ? (*catalog)->find(to->label) : nullptr;
  for (const std::string& v : best.versions()) {
    const VersionTag* tag = (*catalog)->find(v);
    if (tag && to_tag && tag->version <= to_tag->version) chosen = v;
  }
  std::string range = best.range();
  if (!best.same_text.empty())
    range += " (" + std::to_string(best.same_text.size() + 1) + " releases with the same templates)";
  note("--from detect: " + file + " matches " + range + " in layout " + found->layout.override_value() +
       ", distance " + std::to_string(best.distance) + ", confidence " + confidence_name(found->confidence) +
       "; merging from " + chosen);
  for (const std::string& doubt : found->doubts) warn("weak evidence: " + doubt);
  if (!layout) {
    layout = found->layout;
    layout->module_wrapped = false;
  }
  return chosen;
}

// A rendered copy: what was read from it, and the template lines it got
// (fine for Kong, which renders a --nginx-conf template; not for nginx).
void report_rendered_copy(const std::string& file, const RenderedCopy& rendered) {
  note(file + " is a rendered copy: " + std::to_string(rendered.lines_found) + " of upstream's " +
       std::to_string(rendered.placeholder_lines) + " placeholder lines found in it filled in; " +
       std::to_string(rendered.values) + " value(s) read from it fill in upstream's lines");
  if (rendered.template_lines.empty()) return;
  std::string lines;
  for (size_t i = 0; i < rendered.template_lines.size() && i < 12; ++i)
    lines += (i ? ", " : "") + std::to_string(rendered.template_lines[i]);
  if (rendered.template_lines.size() > 12) lines += ", ...";
  warn(std::to_string(rendered.template_lines.size()) + " line(s) of upstream's template syntax (placeholders the file " +
       "has no value for, `>` lines) were merged into " + file + " (lines " + lines +
       "): Kong renders them when the file is a --nginx-conf template; fill them in if nginx reads the file directly; "
       "a later apply needs --rendered while they remain");
}

}  // namespace

int run_apply(const ApplyCommandOptions& o) {
  if (!o.conf.empty() && o.common.no_lint)
    return fail(Error{"--conf checks the merged template against your kong.conf, which --no-lint turns off: drop one"});
  std::vector<std::string> inputs{o.file};
  if (!o.conf.empty()) inputs.push_back(o.conf);
  if (Status s = check_destinations(delivery_options(o.common, o.file), inputs); !s) return fail(s.error());
  auto file_bytes = read_text_input(o.file);
  if (!file_bytes) return fail(file_bytes.error());
  std::optional<std::string> conf;
  if (!o.conf.empty()) {
    auto bytes = read_text_input(o.conf, EmptyInput::Allowed);
    if (!bytes) return fail(bytes.error());
    conf = std::move(*bytes);
  }
  // New markers around old ones would make both unreadable (KT170).
  if (uint32_t marker = first_conflict_marker_line(*file_bytes))
    return fail(Error{o.file + ":" + std::to_string(marker) +
                      ": has a merge conflict marker from an earlier merge: resolve those conflicts (keep the lines "
                      "you want, delete the markers), then apply again"});
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
    auto chosen = detected_from(session, *file_bytes, o.file, o.to, layout);
    if (!chosen) return fail(chosen.error());
    from_spec = *chosen;
  }
  auto from = session.resolve(from_spec);
  if (!from) return fail(from.error());
  auto to = session.resolve(o.to);
  if (!to) return fail(to.error());

  std::vector<ResolvedVersion> path{*from, *to};
  if (o.via_plan && (from->tree || to->tree))
    return fail(Error{"--via-plan walks the repository's release tags, and " + (from->tree ? from : to)->label +
                      " is a path: apply hop by hop with tags, or drop --via-plan"});
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
  const DeliveryOptions delivery = delivery_options(o.common, o.file);
  if (delivery.report_format == ReportFormat::Html || delivery.report_format == ReportFormat::Markdown) {
    auto changes = upstream_changes(session, *from, *to);
    if (!changes) return fail(changes.error());
    outcome.upstream = std::move(*changes);
  }
  outcome.from_label = from->label;
  outcome.to_label = to->label;
  std::string current = *file_bytes;
  std::vector<std::string> left_out;
  bool rendered = o.rendered;  // a rendered copy stays one from hop to hop
  for (size_t hop = 0; hop + 1 < path.size(); ++hop) {
    auto at_from = upstream_bodies_at(session, path[hop]);
    if (!at_from) return fail(at_from.error());
    auto at_to = upstream_bodies_at(session, path[hop + 1]);
    if (!at_to) return fail(at_to.error());
    UpgradeOptions options;
    options.layout = layout;
    options.style = conflict_style(o.common.conflict);
    options.from_label = path[hop].label;
    options.to_label = path[hop + 1].label;
    options.rendered = rendered;
    // A large merge shows its progress on a terminal, one line per hop.
    std::unique_ptr<WorkProgress> merge_progress;
    options.on_progress = progress_callback(merge_progress, "merge " + path[hop + 1].label, "%", session.options.quiet);
    auto result = upgrade_file(current, o.file, *at_from, *at_to, options);
    merge_progress.reset();
    if (!result) return fail(result.error());
    current = result->text;
    for (const std::string& path : result->templates_left_out)
      if (std::find(left_out.begin(), left_out.end(), path) == left_out.end()) left_out.push_back(path);
    if (!layout) layout = result->layout;  // every hop reads FILE the same way
    if (result->rendered) report_rendered_copy(o.file, *result->rendered);
    rendered = rendered || result->rendered.has_value();
    outcome.layout_kind = result->layout.override_value();
    outcome.layout_description = result->layout.description(o.file);
    outcome.changes_applied += result->changes_applied;
    outcome.changes_present += result->changes_present;
    outcome.conflicts = result->conflicts;
    outcome.also_consider = result->also_consider;
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

  // The result is checked at TO, as `kongtpl lint --version TO` would.
  std::unique_ptr<VersionLinter> linter;
  auto catalog = session.catalog_or_empty();
  if (!catalog) return fail(catalog.error());
  if (auto at = VersionLinter::open(session.repository, **catalog, *to)) {
    linter = std::move(*at);
    if (conf) {
      linter->set_conf(parse_kong_conf(*conf), o.conf);
      for (const std::string& why : linter->skipped()) note("check skipped: " + why);
    }
  } else if (conf) {
    return fail(Error{"--conf: cannot read Kong's facts at " + to->label + ": " + at.error().message});
  }
  int status = deliver_merge(std::move(outcome), delivery, linter.get());
  // Never report success while a template the file holds was not merged.
  for (const std::string& path : left_out)
    warn(o.file + " holds " + std::string(template_file_name(path)) + " too, but layout " +
         layout->override_value() + " leaves it out: its upstream changes were not merged");
  return left_out.empty() || status != kExitClean ? status : kExitFindings;
}

namespace {

int run_merge(const MergeCommandOptions& o) {
  if (o.labels.size() > 3) return fail(Error{"-L is given at most three times (OURS, BASE, THEIRS)"});
  const std::vector<std::string> inputs{o.ours, o.base, o.theirs};
  if (std::count(inputs.begin(), inputs.end(), "-") > 1)
    return fail(Error{"only one of OURS, BASE and THEIRS can be '-' (standard input)"});
  if (Status s = check_destinations(delivery_options(o.common, o.ours), inputs); !s) return fail(s.error());
  auto ours = read_text_input(o.ours, EmptyInput::Allowed);
  if (!ours) return fail(ours.error());
  auto base = read_text_input(o.base, EmptyInput::Allowed);
  if (!base) return fail(base.error());
  auto theirs = read_text_input(o.theirs, EmptyInput::Allowed);
  if (!theirs) return fail(theirs.error());

  MergeOptions options;
  options.style = conflict_style(o.common.conflict);
  options.labels = MergeLabels{o.labels.size() > 0 ? o.labels[0] : o.ours, o.labels.size() > 1 ? o.labels[1] : o.base,
                               o.labels.size() > 2 ? o.labels[2] : o.theirs};
  std::unique_ptr<WorkProgress> progress;
  options.on_progress = progress_callback(progress, "merge", "%", o.no_progress || global_repo_options().quiet);
  MergeResult result = merge_texts(*ours, *base, *theirs, options);
  progress.reset();

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
  std::vector<Line> written = split_lines(outcome.text);
  for (const AlsoConsider& a : result.also_consider) {
    ReportedAlsoConsider reported;
    reported.line = static_cast<uint32_t>(a.output_line + 1);
    if (a.output_line < written.size()) {
      std::string_view l = written[a.output_line].content();
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      reported.text = std::string(l);
    }
    reported.at_from = {UpstreamRange{o.base, static_cast<uint32_t>(a.base_line + 1), 1}};
    reported.at_to = {UpstreamRange{o.theirs, static_cast<uint32_t>(a.theirs.start + 1),
                                    static_cast<uint32_t>(a.theirs.count)}};
    outcome.also_consider.push_back(std::move(reported));
  }
  DeliveryOptions delivery = delivery_options(o.common, o.ours);
  // Plain files are compile-checked only when they look like a template.
  delivery.lint = !o.common.no_lint && (o.lint || looks_like_kong_template(o.ours, *ours));
  return deliver_merge(std::move(outcome), delivery, nullptr);
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
                  "the Kong version your file was made from (a tag, or a path: an installed Kong tree or a package such "
                  "as kong-3.4.1.deb), or 'detect' to use the range of releases it is closest to")
      ->required();
  cmd->add_option("--to", o->to, "the Kong version to upgrade to (a tag, or a path to an installed tree or package)")->required();
  cmd->add_option("FILE", o->file, "your customised template (- for standard input)")->required();
  cmd->add_option("--layout", o->layout,
                  "what FILE is, when detection gets it wrong: composite, composite:kong, composite:stream, "
                  "nginx-with-includes, or template:NAME (e.g. template:nginx_kong.lua)");
  cmd->add_option("--conf", o->conf,
                  "your kong.conf: also report its nginx_*_ directive keys that do not reach nginx.conf at TO "
                  "(see kongtpl lint --conf)");
  cmd->add_flag("--via-plan", o->via_plan,
                "merge hop by hop along the upgrade path Kong's upgrade notes prescribe (see kongtpl plan)");
  cmd->add_flag("--rendered", o->rendered,
                "FILE is a rendered copy (values in place of ${{...}}) even though an earlier apply left "
                "template lines in it");
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
  cmd->add_flag("--no-progress", o->no_progress, "no progress output on standard error (shown for large merges)");
  cmd->add_option("-L", o->labels,
                  "label the markers with LABEL instead of the file name: once for OURS, again for BASE, a third "
                  "time for THEIRS (as git merge-file)")
      ->type_name("LABEL")
      ->expected(1)
      ->take_all();
  cmd->add_flag("-p,--stdout", o->print,
                "print the result on standard output (the default; as git merge-file -p)")
      ->excludes("--write")
      ->excludes("-o");
  cmd->add_flag("--lint", o->lint,
                "compile-check the result as a Kong template even when OURS does not look like one "
                "(by default only .lua/.template files or text with ${{...}}, $(...) or '> ' lines are checked)")
      ->excludes("--no-lint");
  cmd->callback([o, &action] { action = [o] { return run_merge(*o); }; });
}

}  // namespace kongtpl
