// kongtpl patch FROM TO: the exact patch in git's format, which git apply and
// patch -p1 apply to a checkout of FROM (kong_config_changes.diff).
#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/output.hpp"
#include "cli/repo_options.hpp"
#include "core/version_diff.hpp"
#include "diff/render_git_patch.hpp"

namespace kongtpl {
namespace {

struct PatchCommandOptions {
  RepoOptions repo;
  std::string from, to;
  std::string output;
};

int run_patch(const PatchCommandOptions& o) {
  Output output(o.output);
  output.page_on_terminal();
  if (Status s = output.check_writable(); !s) return fail(s.error());
  auto session = open_session(o.repo, {kDefaultTemplateGlob});
  if (!session) return fail(session.error());
  auto sets = (*session)->load_pair(o.from, o.to);
  if (!sets) return fail(sets.error());
  DiffOptions exact;
  exact.whitespace = WhitespaceMode::Exact;
  auto diffs = diff_template_sets(sets->first, sets->second, exact);
  if (!diffs) return fail(diffs.error());
  output.text() = render_git_patch(*diffs);
  if (Status s = output.deliver(); !s) return fail(s.error());
  if (output.to_file())
    note("wrote " + o.output + " (" + std::to_string(diffs->size()) + " template" +
         (diffs->size() == 1 ? "" : "s") + " changed)");
  return kExitClean;
}

}  // namespace

void add_patch_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<PatchCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "patch",
      "Write the exact patch from FROM's templates to TO's, in git's format (git apply / patch -p1). "
      "Exit status: 0 written, 2 trouble.");
  cmd->add_option("FROM", o->from, "the version you run now (a tag, series, commit, or a path: an installed Kong tree or a package)")->required();
  cmd->add_option("TO", o->to, "the version you upgrade to (the same kinds)")->required();
  cmd->add_option("-o,--output", o->output, "write to FILE (e.g. kong_config_changes.diff) instead of standard output");
  add_repo_options(*cmd, o->repo);
  add_no_pager_option(*cmd);
  cmd->callback([o, &action] { action = [o] { return run_patch(*o); }; });
}

}  // namespace kongtpl
