// kongtpl versions [PATTERN]: the repository's versions in version order,
// one a line or as JSON.
#include <nlohmann/json.hpp>

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
  std::string format = "text";
};

int run_versions(const VersionsCommandOptions& o) {
  if (o.format != "text" && o.format != "json")
    return fail(Error{"--format takes text or json, not '" + o.format + "'"});
  Output output;
  output.page_on_terminal();
  auto session = open_session(o.repo, {kDefaultTemplateGlob});
  if (!session) return fail(session.error());
  auto catalog = (*session)->version_names();
  if (!catalog) return fail(catalog.error());
  std::vector<std::string> names = (*catalog)->matching(o.pattern, !o.oss_only);
  if (names.empty() && !o.pattern.empty())
    return fail(Error{"no version matches '" + o.pattern + "' (run 'kongtpl versions' to list them all)"});
  if (o.format == "json") {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& name : names) {
      auto version = Version::parse(name);
      list.push_back({{"name", name}, {"prerelease", version && version->is_prerelease()}});
    }
    nlohmann::ordered_json doc = {{"schema", "kongtpl-versions/1"}, {"pattern", o.pattern}, {"versions", list}};
    output.text() = doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  } else {
    for (const auto& name : names) output.text() += name + "\n";
  }
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
  cmd->add_option("--format", o->format, "text (one version a line, the default) or json (see README)");
  add_repo_options(*cmd, o->repo);
  add_no_pager_option(*cmd);
  cmd->callback([o, &action] { action = [o] { return run_versions(*o); }; });
}

}  // namespace kongtpl
