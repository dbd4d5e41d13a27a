// kongtpl lint [--version V] FILE...: the compile check and the name check
// on templates, modules or merge output, before Kong sees them.
#include <memory>

#include "check/version_names.hpp"
#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/findings_output.hpp"
#include "cli/output.hpp"
#include "cli/repo_options.hpp"
#include "lua/lint.hpp"
#include "util/atomic_file.hpp"

namespace kongtpl {
namespace {

struct LintCommandOptions {
  RepoOptions repo;
  std::string version;
  std::vector<std::string> files;
  std::string format = "text";
};

int run_lint(const LintCommandOptions& o) {
  Output output;
  // The name check needs a version's names; without a repository (and no
  // --version asked for) lint still runs the compile check.
  std::unique_ptr<RepoSession> session;
  std::optional<ResolvedVersion> version;
  std::optional<KnownNames> known;
  std::unique_ptr<VersionNames> names;
  auto opened = open_session(o.repo, {"kong/templates/*.lua"});
  if (opened) {
    session = std::move(*opened);
    auto resolved = session->resolve(o.version.empty() ? "latest" : o.version);
    if (!resolved) return fail(resolved.error());
    version = *resolved;
    names = std::make_unique<VersionNames>(session->repository, session->catalog);
    auto at = names->at(*version);
    if (!at) return fail(at.error());
    known = std::move(*at);
  } else if (!o.version.empty()) {
    return fail(opened.error());
  } else {
    note("name check skipped: " + opened.error().message);
  }

  std::vector<Finding> all;
  for (const std::string& file : o.files) {
    auto bytes = read_whole_file(file);
    if (!bytes) return fail(bytes.error());
    std::vector<Finding> findings = lint_template(*bytes, file, known ? &*known : nullptr);
    if (names) {
      if (Status s = names->explain_unknown_names(findings, *version); !s) return fail(s.error());
    }
    all.insert(all.end(), findings.begin(), findings.end());
  }

  if (o.format == "json") {
    nlohmann::json report = {{"version", version ? version->label : ""}, {"findings", findings_as_json(all)}};
    output.text() = report.dump(2) + "\n";
  } else {
    output.text() = findings_as_text(all);
  }
  if (Status s = output.deliver(); !s) return fail(s.error());
  return all.empty() ? kExitClean : kExitFindings;
}

}  // namespace

void add_lint_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<LintCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "lint",
      "Check templates (Lua modules, plain custom templates, or merge output) the way Kong will read them: "
      "does pl.template's code compile, and does every ${{NAME}} and Lua name exist at the version. "
      "Exit status: 0 clean, 1 findings, 2 trouble.");
  cmd->add_option("FILE", o->files, "template files to check")->required()->check(CLI::ExistingFile);
  cmd->add_option("--version", o->version,
                  "check names against this version (default: latest of the repository; "
                  "without a repository only the compile check runs)");
  cmd->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  add_repo_options(*cmd, o->repo, "kong/templates/*.lua");
  cmd->callback([o, &action] { action = [o] { return run_lint(*o); }; });
}

}  // namespace kongtpl
