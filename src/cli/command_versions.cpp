// kongtpl versions [PATTERN]: the repository's versions in version order.
#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/output.hpp"
#include "cli/repo_options.hpp"

namespace kongtpl {
namespace {

struct VersionsCommandOptions {
  RepoOptions repo;
  std::string pattern;
  bool oss_only = false;
};

int run_versions(const VersionsCommandOptions& o) {
  Output output;
  auto session = open_session(o.repo, {kDefaultTemplateGlob});
  if (!session) return fail(session.error());
  auto catalog = (*session)->version_names();
  if (!catalog) return fail(catalog.error());
  std::vector<std::string> names = (*catalog)->matching(o.pattern, !o.oss_only);
  if (names.empty() && !o.pattern.empty())
    return fail(Error{"no version matches '" + o.pattern + "' (run 'kongtpl versions' to list them all)"});
  for (const auto& name : names) output.text() += name + "\n";
  if (Status s = output.deliver(); !s) return fail(s.error());
  return kExitClean;
}

}  // namespace

void add_versions_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<VersionsCommandOptions>();
  CLI::App* cmd = app.add_subcommand("versions", "List the repository's versions (tags) in version order.");
  cmd->add_option("PATTERN", o->pattern, "only versions matching this glob (2.*) or prefix (2.7)");
  cmd->add_flag("--oss-only", o->oss_only,
                "leave out the tags Kong's repository carries that are no open-source release (0.29, 0.30, 0.33)");
  add_repo_options(*cmd, o->repo);
  cmd->callback([o, &action] { action = [o] { return run_versions(*o); }; });
}

}  // namespace kongtpl
