// kongtpl report --from A --to B [FILE]: the upgrade report alone, in any
// --format (HTML by default). With FILE it is `apply --check` with diff3
// conflicts, writing nothing but the report; without FILE it reports
// upstream's change between the versions.
#include <memory>

#include "cli/apply_command.hpp"
#include "cli/commands.hpp"
#include "cli/destinations.hpp"
#include "cli/exit_status.hpp"
#include "cli/output.hpp"
#include "cli/report_model.hpp"

namespace kongtpl {
namespace {

struct ReportCommandOptions {
  ApplyCommandOptions apply;
  std::string output = "-";
  std::string format;
};

int run_upstream_report(const ReportCommandOptions& o, ReportFormat format) {
  if (format != ReportFormat::Html && format != ReportFormat::Markdown)
    return fail(Error{"without FILE the report holds only upstream's change: use --format html or markdown "
                      "(json, github, sarif and gitlab report a merge: give your template as FILE)"});
  Output output(o.output);
  if (Status s = output.check_writable(); !s) return fail(s.error());
  auto opened = open_session(o.apply.repo, {"kong/templates/nginx*.lua"});
  if (!opened) return fail(opened.error());
  RepoSession& session = **opened;
  auto from = session.resolve(o.apply.from);
  if (!from) return fail(from.error());
  auto to = session.resolve(o.apply.to);
  if (!to) return fail(to.error());
  auto changes = upstream_changes(session, *from, *to);
  if (!changes) return fail(changes.error());
  ReportModel model;
  model.from = from->label;
  model.to = to->label;
  model.upstream = std::move(*changes);
  output.text() = render_report(model, format);
  if (Status s = output.deliver(); !s) return fail(s.error());
  return kExitClean;
}

int run_report(ReportCommandOptions o) {
  std::string format_name = o.format;
  ReportFormat format = ReportFormat::Html;
  if (!format_name.empty())
    format = *parse_report_format(format_name);  // CLI11 checked the name
  else if (auto by_name = report_format_for_path(o.output))
    format = *by_name;
  if (o.apply.file.empty()) return run_upstream_report(o, format);
  if (o.output != "-" && same_file(o.output, o.apply.file))
    return fail(Error{"refusing -o '" + o.output + "': it is FILE, which report never changes; write the report "
                      "to another file"});
  ApplyCommandOptions& apply = o.apply;
  apply.common.report_only = true;
  apply.common.conflict = "diff3";  // the report shows each conflict's base
  apply.common.report = o.output;
  switch (format) {
    case ReportFormat::Json: apply.common.format = "json"; break;
    case ReportFormat::Html: apply.common.format = "html"; break;
    case ReportFormat::Markdown: apply.common.format = "markdown"; break;
    case ReportFormat::Github: apply.common.format = "github"; break;
    case ReportFormat::Sarif: apply.common.format = "sarif"; break;
    case ReportFormat::Gitlab: apply.common.format = "gitlab"; break;
  }
  return run_apply(apply);
}

}  // namespace

void add_report_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<ReportCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "report",
      "Write the upgrade report: upstream's template changes FROM -> TO and, with FILE, how they merge into your "
      "template (conflicts side by side, lint findings), as one self-contained HTML page, a Markdown PR comment "
      "or CI annotations. FILE is never changed. Exit status: 0 clean, 1 conflicts or lint errors, 2 trouble.");
  cmd->add_option("--from", o->apply.from, "the Kong version your file was made from (or 'detect', see apply)")
      ->required();
  cmd->add_option("--to", o->apply.to, "the Kong version to upgrade to")->required();
  cmd->add_option("FILE", o->apply.file, "your customised template (- for standard input); without it the report "
                                         "shows upstream's change only");
  cmd->add_option("-o,--output", o->output, "write the report to OUT instead of standard output");
  cmd->add_option("--format", o->format,
                  "html (default, or from OUT's extension: .html, .md, .sarif, .json), markdown, github, sarif, "
                  "gitlab or json")
      ->check(CLI::IsMember({"json", "html", "markdown", "md", "github", "sarif", "gitlab"}));
  cmd->add_option("--layout", o->apply.layout, "what FILE is, when detection gets it wrong (see apply)");
  cmd->add_flag("--via-plan", o->apply.via_plan, "merge hop by hop along Kong's upgrade path (see apply)");
  cmd->add_flag("--no-lint", o->apply.common.no_lint, "do not compile-check the merged result");
  add_repo_options(*cmd, o->apply.repo, "kong/templates/nginx*.lua");
  cmd->callback([o, &action] { action = [o] { return run_report(*o); }; });
}

}  // namespace kongtpl
