// kongtpl diff FROM TO [-- PATH...]: the whitespace-insensitive review diff
// between two versions (git diff -w), or its --stat/--numstat/--name-only/
// --name-status/JSON; with --against FILE FROM, the user's file against
// upstream at FROM in the file's layout.
#include "cli/commands.hpp"
#include "cli/diff_against.hpp"
#include "cli/diff_json.hpp"
#include "cli/exit_status.hpp"
#include "cli/output.hpp"
#include "cli/report_model.hpp"
#include "cli/repo_options.hpp"
#include "cli/template_bodies.hpp"
#include "cli/terminal.hpp"
#include "core/history.hpp"
#include "core/version_diff.hpp"
#include "diff/render_names.hpp"
#include "diff/render_numstat.hpp"
#include "diff/render_stat.hpp"
#include "diff/render_unified.hpp"

namespace kongtpl {
namespace {

struct DiffCommandOptions {
  RepoOptions repo;
  std::string from, to;
  std::vector<std::string> paths;  ///< after "--" (or a third positional): git pathspecs
  bool ignore_all_space = false;
  bool ignore_space_change = false;
  bool ignore_blank_lines = false;
  bool exact = false;
  int context = 3;
  bool stat = false;
  bool numstat = false;
  bool name_only = false;
  bool name_status = false;
  bool quiet = false;  ///< -q: no output, the exit status only (git diff --quiet)
  std::string format = "text";  ///< text, json, or html|markdown: the upgrade report of upstream's change
  std::string word_diff;  ///< --word-diff[=plain|color], --color-words
  bool body = false;
  std::string color = "auto";
  std::string color_moved = "no";  ///< --color-moved[=MODE], git's modes
  std::string color_moved_ws = "no";  ///< --color-moved-ws=MODES
  std::string output;
  std::string against, layout;  ///< --against FILE [--layout L]: FILE against upstream at FROM
};

Result<std::vector<FileDiff>> diff_versions(const DiffCommandOptions& o, const DiffOptions& options) {
  auto session = open_session(o.repo, {kDefaultTemplateGlob});
  if (!session) return session.error();
  auto sets = (*session)->load_pair(o.from, o.to);
  if (!sets) return sets.error();
  // Listings by name and JSON show files whose changes -w hides, as git's --name-only does.
  const bool keep_hidden = o.name_only || o.name_status || o.format == "json";
  return diff_template_sets(sets->first, sets->second, options, o.body ? body_transform() : TemplateTransform{},
                            keep_hidden);
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

/// `diff A..B` is `diff A B`, as in git: FROM holding ".." takes TO's place,
/// and what the parser took for TO is the first path.
Status split_range(DiffCommandOptions& o) {
  size_t dots = o.from.find("..");
  if (dots == std::string::npos || !o.against.empty()) return Status();
  if (o.from.find("...") != std::string::npos)
    return Error{"'" + o.from + "': A...B (from the merge base) is not supported; give FROM..TO or FROM TO"};
  std::string to = o.from.substr(dots + 2);
  o.from.resize(dots);
  if (o.from.empty() || to.empty()) return Error{"a range needs both ends: FROM..TO"};
  if (!o.to.empty()) o.paths.insert(o.paths.begin(), o.to);
  o.to = to;
  return Status();
}

int run_diff(DiffCommandOptions o) {
  if (Status s = split_range(o); !s) return fail(s.error());
  if (o.to.empty() && o.against.empty()) return fail(Error{"diff needs FROM and TO, or FROM..TO (or --against FILE FROM)"});
  if (!o.paths.empty()) {
    if (!o.against.empty()) return fail(Error{"paths do not go with --against FILE"});
    if (!o.repo.templates.empty()) return fail(Error{"give templates either with --templates or after '--', not both"});
    o.repo.templates = o.paths;
  }
  const bool report = o.format == "html" || o.format == "markdown" || o.format == "md";
  if (o.format != "text" && o.format != "json" && !report)
    return fail(Error{"--format takes text, json, html or markdown, not '" + o.format + "'"});
  if (o.format == "json" && (o.stat || o.numstat || o.name_only || o.name_status))
    return fail(Error{"--format json holds the whole diff: leave out --stat, --numstat, --name-only and --name-status"});
  if (o.quiet) o.repo.quiet = true;
  WordDiffMode words = WordDiffMode::None;
  if (!o.word_diff.empty()) {
    if (o.word_diff == "plain") words = WordDiffMode::Plain;
    else if (o.word_diff == "color") words = WordDiffMode::Color;
    else return fail(Error{"--word-diff takes plain or color, not '" + o.word_diff + "'"});
  }
  Output output(o.output);
  output.page_on_terminal();
  if (Status s = output.check_writable(); !s) return fail(s.error());
  // --word-diff=color is colour or nothing, as in git.
  auto color = words == WordDiffMode::Color ? Result<bool>(true) : decide_color(o.color, output);
  if (!color) return fail(color.error());
  UnifiedStyle style{*color, words};
  if (auto moved = parse_color_moved(o.color_moved)) style.moved = *moved;
  else
    return fail(Error{"--color-moved takes no, default, plain, blocks, zebra or dimmed-zebra, not '" +
                      o.color_moved + "'"});
  std::string ws_error;
  if (auto ws = parse_color_moved_ws(o.color_moved_ws, ws_error)) style.moved_whitespace = *ws;
  else
    return fail(Error{ws_error});

  DiffOptions options;
  options.whitespace = o.exact                 ? WhitespaceMode::Exact
                       : o.ignore_space_change ? WhitespaceMode::IgnoreSpaceChange
                                               : WhitespaceMode::IgnoreAllSpace;
  options.ignore_blank_lines = o.ignore_blank_lines;
  options.context = o.context;

  if (!o.against.empty() && !o.to.empty()) return fail(Error{"diff --against FILE takes one version, FROM"});
  if (!o.layout.empty() && o.against.empty()) return fail(Error{"--layout goes with --against FILE"});
  if (report && (!o.against.empty() || o.stat || o.numstat || o.name_only || o.name_status))
    return fail(Error{"--format " + o.format + " goes with FROM TO, without --against, --stat, --numstat or --name-*"});
  auto diffs = o.against.empty() ? diff_versions(o, options) : diff_against(o, options);
  if (!diffs) return fail(diffs.error());

  if (report) {
    // The same page `kongtpl report --from FROM --to TO` writes, from these diffs.
    ReportModel model;
    model.from = o.from;
    model.to = o.to;
    model.upstream = std::move(*diffs);
    output.text() = render_report(model, *parse_report_format(o.format));
    if (Status s = output.deliver(); !s) return fail(s.error());
    return kExitClean;
  }
  bool any = false;
  for (const FileDiff& d : *diffs) any = any || d.has_change();
  if (o.quiet) return any ? kExitFindings : kExitClean;

  if (o.format == "json") {
    output.text() = diff_json(*diffs, options, o.from, o.against.empty() ? o.to : o.against);
  } else {
    if (o.name_only) output.text() += render_name_only(*diffs);
    if (o.name_status) output.text() += render_name_status(*diffs);
    if (o.numstat) output.text() += render_numstat(*diffs);
    // git sizes the stat to $COLUMNS, else the terminal window, else 80.
    if (o.stat) output.text() += render_stat(*diffs, StatStyle{terminal_columns(), *color});
    if (!o.stat && !o.numstat && !o.name_only && !o.name_status)
      output.text() += render_unified(*diffs, style);
  }
  if (Status s = output.deliver(); !s) return fail(s.error());
  return any ? kExitFindings : kExitClean;
}

}  // namespace

void add_diff_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<DiffCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "diff",
      "Review what changed in the templates between two versions, ignoring whitespace by default "
      "(like git diff -w). Exit status: 0 no differences, 1 differences, 2 trouble.");
  cmd->add_option("FROM", o->from,
                  "the version you run now (a tag, 2.7 or 2.7.x, latest, a commit, or a path: an installed Kong tree "
                  "such as /usr/local/share/lua/5.1, or a .deb, .rpm, .tar.gz, .rock or docker save archive), or "
                  "FROM..TO")
      ->required();
  cmd->add_option("TO", o->to, "the version you upgrade to, or a path (not with --against)");
  cmd->add_option("PATH", o->paths,
                  "after '--': only these templates (paths, folders or globs as in git; a bare name is one in "
                  "kong/templates/)");
  cmd->add_option_function<std::string>(
         "--against", [o](const std::string& file) { o->against = file; },
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
  cmd->add_flag("--name-only", o->name_only, "only the names of the templates that differ");
  cmd->add_flag("--name-status", o->name_status, "names and status (A added, D deleted, M modified), tab separated")
      ->excludes("--name-only");
  // Flags with an optional "=VALUE", as git spells them: never the next word.
  cmd->add_flag("--word-diff{plain}", o->word_diff,
                "compare changed lines word by word: --word-diff[=plain] marks [-removed-]{+added+}, "
                "--word-diff=color colours them");
  cmd->add_flag_callback("--color-words", [o] { o->word_diff = "color"; }, "the same as --word-diff=color");
  cmd->add_flag("-q,--quiet", o->quiet, "print nothing, not even progress; the exit status says if there are differences");
  cmd->add_option("--format", o->format,
                  "text (git's format, the default), json (see README), or html or markdown: the upgrade report of "
                  "the change (as kongtpl report without FILE; exit 0)")
      ->check(CLI::IsMember({"text", "json", "html", "markdown", "md"}));
  cmd->add_flag("--body", o->body, "compare the template text Kong renders from each module, not the Lua files");
  cmd->add_flag("--color{always}", o->color,
                "--color[=WHEN]: colour the diff: auto (on a terminal that is not dumb, unless NO_COLOR is set), "
                "always (a bare --color), never");
  cmd->add_flag("--color-moved{default}", o->color_moved,
                "--color-moved[=MODE]: colour moved lines apart from added and removed ones, as git: default "
                "(a bare --color-moved, the same as zebra), plain, blocks, zebra, dimmed-zebra, or no; only when "
                "the diff is coloured");
  cmd->add_option("--color-moved-ws", o->color_moved_ws,
                  "how --color-moved compares lines: no (the default), ignore-space-at-eol, ignore-space-change, "
                  "ignore-all-space, or allow-indentation-change, comma separated")
      ->type_name("MODES");
  cmd->add_option("-o,--output", o->output, "write to FILE instead of standard output");
  add_repo_options(*cmd, o->repo);
  add_no_pager_option(*cmd);
  cmd->callback([o, &action] { action = [o] { return run_diff(*o); }; });
}

}  // namespace kongtpl
