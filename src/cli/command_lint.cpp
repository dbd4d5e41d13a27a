// kongtpl lint [--version V] FILE...: the compile check, the name check and
// the upgrade safety checks on templates, modules or merge output, before
// Kong sees them.
#include <cstdlib>
#include <memory>
#include <optional>

#include "check/version_linter.hpp"
#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/findings_output.hpp"
#include "cli/output.hpp"
#include "cli/repo_options.hpp"
#include "lua/lint.hpp"
#include "util/input_file.hpp"

namespace kongtpl {
namespace {

/// The module whose properties make most of the names templates may use.
constexpr const char* kKongDefaults = "kong/templates/kong_defaults.lua";

struct LintCommandOptions {
  RepoOptions repo;
  std::string version;
  std::vector<std::string> files;
  std::string format = "text";
  std::string severity = "warning";
};

/// True when the user named a repository (--repo before or after the
/// subcommand, or $KONGTPL_REPO) rather than leaving kongtpl to look around
/// the current directory.
bool repository_named(const LintCommandOptions& o) {
  const char* env = std::getenv("KONGTPL_REPO");
  return !o.repo.repo.empty() || !global_repo_options().repo.empty() || (env && *env);
}

int run_lint(const LintCommandOptions& o) {
  Output output;
  // The version checks need a repository. A repository the user named (or
  // a --version) must work; one merely found around the current directory
  // (often the operator's own config repository) may not be Kong's, and then
  // lint still runs the checks that need no repository.
  bool required = repository_named(o) || !o.version.empty();
  std::unique_ptr<RepoSession> session;
  std::unique_ptr<VersionLinter> linter;
  // The exit status when the version checks cannot run and must; nullopt
  // when lint goes on without them.
  auto skip_or_fail = [&](const Error& error) -> std::optional<int> {
    if (required) return fail(error);
    note("name and upgrade checks skipped: " + error.message);
    return std::nullopt;
  };
  auto opened = open_session(o.repo, {"kong/templates/*.lua"});
  if (!opened) {
    if (auto status = skip_or_fail(opened.error())) return *status;
  } else {
    session = std::move(*opened);
    auto resolved = session->resolve(o.version.empty() ? "latest" : o.version);
    auto defaults = resolved ? TemplateSet::load(session->repository, *resolved, {kKongDefaults})
                             : Result<TemplateSet>(resolved.error());
    if (!defaults) {
      if (auto status = skip_or_fail(defaults.error())) return *status;
    } else if (defaults->files().empty()) {
      // Without kong_defaults.lua every name would look unknown.
      Error error{resolved->label + " has no " + std::string(kKongDefaults) +
                  " (Kong's templates start at 0.9.0): pick a later --version, or --repo a Kong repository"};
      if (auto status = skip_or_fail(error)) return *status;
    } else {
      auto catalog = session->catalog_or_empty();
      if (!catalog) return fail(catalog.error());
      auto at = VersionLinter::open(session->repository, **catalog, *resolved);
      if (!at) return fail(at.error());
      linter = std::move(*at);
      for (const std::string& why : linter->skipped()) note("check skipped: " + why);
    }
  }

  std::vector<Finding> all;
  for (const std::string& file : o.files) {
    auto bytes = read_input(file);
    if (!bytes) return fail(bytes.error());
    std::vector<Finding> findings;
    if (linter) {
      auto found = linter->lint(*bytes, file);
      if (!found) return fail(found.error());
      findings = std::move(*found);
    } else {
      findings = lint_template(*bytes, file, nullptr);
    }
    all.insert(all.end(), findings.begin(), findings.end());
  }

  if (o.format == "json") {
    nlohmann::json report = {{"version", linter ? linter->version().label : ""}, {"findings", findings_as_json(all)}};
    output.text() = report.dump(2) + "\n";
  } else {
    output.text() = findings_as_text(all);
  }
  if (Status s = output.deliver(); !s) return fail(s.error());
  return findings_fail(all, o.severity) ? kExitFindings : kExitClean;
}

}  // namespace

void add_lint_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<LintCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "lint",
      "Check templates (Lua modules, plain custom templates, or merge output) the way Kong will read them: "
      "does pl.template's code compile, does every ${{NAME}} and Lua name exist at the version, and does the "
      "template carry what Kong needs there (shared dicts, inject includes). "
      "Exit status: 0 clean, 1 findings, 2 trouble.");
  cmd->add_option("FILE", o->files, "template files to check (- for standard input)")->required();
  cmd->add_option("--version", o->version,
                  "check names against this version: a tag, or a path (an installed Kong tree or a package; needs no "
                  "repository) (default: latest of the repository; without a repository only the compile check runs)");
  cmd->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--severity", o->severity,
                  "the least severity that fails the run (exit 1): warning (default) or error; "
                  "findings below it are still printed")
      ->check(CLI::IsMember({"warning", "error"}));
  add_repo_options(*cmd, o->repo, "kong/templates/*.lua");
  cmd->callback([o, &action] { action = [o] { return run_lint(*o); }; });
}

}  // namespace kongtpl
