// kongtpl diff FROM TO: the whitespace-insensitive review diff between two
// versions (git diff -w), or its --stat/--numstat; with --against FILE FROM,
// the user's file against upstream at FROM in the file's layout.
#include "cli/commands.hpp"
#include "cli/diff_against.hpp"
#include "cli/exit_status.hpp"
#include "cli/output.hpp"
#include "cli/report_model.hpp"
#include "cli/repo_options.hpp"
#include "cli/template_bodies.hpp"
#include "core/history.hpp"
#include "core/version_diff.hpp"
#include "diff/render_numstat.hpp"
#include "diff/render_stat.hpp"
#include "diff/render_unified.hpp"

namespace kongtpl {
namespace {

struct DiffCommandOptions {
  RepoOptions repo;
  std::string from, to;
  bool ignore_all_space = false;
  bool ignore_space_change = false;
  bool ignore_blank_lines = false;
  bool exact = false;
  int context = 3;
  bool stat = false;
  bool numstat = false;
  bool body = false;
  std::string color = "auto";
  std::string output;
  std::string against, layout;  ///< --against FILE [--layout L]: FILE against upstream at FROM
  std::string format;           ///< --format html|markdown: the upgrade report of upstream's change
};

Result<std::vector<FileDiff>> diff_versions(const DiffCommandOptions& o, const DiffOptions& options) {
  auto session = open_session(o.repo, {kDefaultTemplateGlob});
  if (!session) return session.error();
  auto sets = (*session)->load_pair(o.from, o.to);
  if (!sets) return sets.error();
  return diff_template_sets(sets->first, sets->second, options, o.body ? body_transform() : TemplateTransform{});
}

Result<std::vector<FileDiff>> diff_against(const DiffCommandOptions& o, const DiffOptions& options) {
  DiffAgainstRequest request{o.against, o.from, std::nullopt, options};
  if (!o.layout.empty()) {
    auto layout = parse_layout_override(o.layout);
    if (!layout) return layout.error();
    request.layout = *layout;
  }
  auto session = open_session(o.repo, {kHistoryTemplateGlob});
  if (!session) return session.error();
  auto diff = diff_against_file(**session, request);
  if (!diff) return diff.error();
  return std::vector<FileDiff>{std::move(*diff)};
}

int run_diff(const DiffCommandOptions& o) {
  Output output(o.output);
  if (Status s = output.check_writable(); !s) return fail(s.error());
  auto color = decide_color(o.color, output);
  if (!color) return fail(color.error());

  DiffOptions options;
  options.whitespace = o.exact                 ? WhitespaceMode::Exact
                       : o.ignore_space_change ? WhitespaceMode::IgnoreSpaceChange
                                               : WhitespaceMode::IgnoreAllSpace;
  options.ignore_blank_lines = o.ignore_blank_lines;
  options.context = o.context;

  if (o.against.empty() != !o.to.empty())
    return fail(Error{o.against.empty() ? "diff needs FROM and TO (or --against FILE FROM)"
                                        : "diff --against FILE takes one version, FROM"});
  if (!o.layout.empty() && o.against.empty()) return fail(Error{"--layout goes with --against FILE"});
  if (!o.format.empty() && (!o.against.empty() || o.stat || o.numstat))
    return fail(Error{"--format goes with FROM TO, without --against, --stat or --numstat"});
  auto diffs = o.against.empty() ? diff_versions(o, options) : diff_against(o, options);
  if (!diffs) return fail(diffs.error());

  if (!o.format.empty()) {
    // The same page `kongtpl report --from FROM --to TO` writes, from these diffs.
    ReportModel model;
    model.from = o.from;
    model.to = o.to;
    model.upstream = std::move(*diffs);
    output.text() = render_report(model, *parse_report_format(o.format));
    if (Status s = output.deliver(); !s) return fail(s.error());
    return kExitClean;
  }
  if (o.numstat) output.text() += render_numstat(*diffs);
  if (o.stat) output.text() += render_stat(*diffs, StatStyle{80, *color});
  if (!o.stat && !o.numstat) output.text() += render_unified(*diffs, UnifiedStyle{*color});
  if (Status s = output.deliver(); !s) return fail(s.error());

  bool any = false;
  for (const FileDiff& d : *diffs) any = any || d.has_change();
  return any ? kExitFindings : kExitClean;
}

}  // namespace

void add_diff_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<DiffCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "diff",
      "Review what changed in the templates between two versions, ignoring whitespace by default "
      "(like git diff -w). Exit status: 0 no differences, 1 differences, 2 trouble.");
  cmd->add_option("FROM", o->from, "the version you run now (a tag, 2.7 or 2.7.x, latest, a commit, or a path: an installed Kong tree such as /usr/local/share/lua/5.1, or a .deb, .rpm, .tar.gz, .rock or docker save archive)")->required();
  // TO stays required while parsing, so that options taking several values
  // (--templates) leave both versions alone; --against lifts it.
  CLI::Option* to = cmd->add_option("TO", o->to, "the version you upgrade to, or a path (not with --against)")->required();
  cmd->add_option_function<std::string>(
         "--against",
         [o, to](const std::string& file) {
           o->against = file;
           to->required(false);
         },
         "show your own customisations: FILE (your template) against upstream at FROM, composed in FILE's layout")
      ->type_name("FILE");
  cmd->add_option("--layout", o->layout, "with --against: FILE's layout instead of detecting it (see apply)");
  auto* w = cmd->add_flag("-w,--ignore-all-space", o->ignore_all_space,
                          "ignore whitespace when comparing lines (the default)");
  auto* b = cmd->add_flag("-b,--ignore-space-change", o->ignore_space_change,
                          "ignore changes in the amount of whitespace");
  auto* exact = cmd->add_flag("--exact", o->exact, "compare bytes: whitespace changes count");
  w->excludes(b)->excludes(exact);
  b->excludes(exact);
  cmd->add_flag("--ignore-blank-lines", o->ignore_blank_lines, "ignore changes whose lines are all blank");
  cmd->add_option("-U,--unified", o->context, "lines of context around each change (default 3)")
      ->check(CLI::Range(0, 1000000));
  cmd->add_flag("--stat", o->stat, "a diffstat instead of the diff");
  cmd->add_flag("--numstat", o->numstat, "added and removed line counts per template, tab separated");
  cmd->add_flag("--body", o->body, "compare the template text Kong renders from each module, not the Lua files");
  cmd->add_option("--color", o->color, "colour the diff: auto (on a terminal, unless NO_COLOR is set), always, never")
      ->expected(0, 1);
  cmd->add_option("-o,--output", o->output, "write to FILE instead of standard output");
  cmd->add_option("--format", o->format,
                  "html or markdown: the upgrade report of the change (as kongtpl report without FILE; exit 0)")
      ->check(CLI::IsMember({"html", "markdown", "md"}));
  add_repo_options(*cmd, o->repo);
  cmd->callback([o, &action] { action = [o] { return run_diff(*o); }; });
}

}  // namespace kongtpl
