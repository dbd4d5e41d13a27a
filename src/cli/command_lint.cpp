// kongtpl lint [--version V] FILE...: the compile check, the name check and
// the upgrade safety checks on templates, modules or merge output, before
// Kong sees them.
#include <algorithm>
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
  std::string conf;
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
  // Every file is read first: a file that is no template fails before
  // anything else is said.
  std::vector<std::string> inputs;
  for (const std::string& file : o.files) {
    auto bytes = read_text_input(file);
    if (!bytes) return fail(bytes.error());
    inputs.push_back(std::move(*bytes));
  }
  std::optional<std::string> conf;
  if (!o.conf.empty()) {
    auto bytes = read_text_input(o.conf, EmptyInput::Allowed);
    if (!bytes) return fail(bytes.error());
    conf = std::move(*bytes);
  }
  // The version checks need a repository. A repository the user named (or
  // a --version) must work; one merely found around the current directory
  // (often the operator's own config repository) may not be Kong's, and then
  // lint still runs the checks that need no repository.
  bool required = repository_named(o) || !o.version.empty() || conf;
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
    // A --templates glob that matches nothing is the same mistake as in every command.
    Status matched = defaults && !defaults->files().empty() ? session->require_templates({*resolved}) : Status();
    if (!defaults) {
      if (auto status = skip_or_fail(defaults.error())) return *status;
    } else if (defaults->files().empty()) {
      // Without kong_defaults.lua every name would look unknown.
      Error error{resolved->label + " has no " + std::string(kKongDefaults) +
                  " (Kong's templates start at 0.9.0): pick a later --version, or --repo a Kong repository"};
      if (auto status = skip_or_fail(error)) return *status;
    } else if (!matched) {
      if (auto status = skip_or_fail(matched.error())) return *status;
    } else {
      auto catalog = session->catalog_or_empty();
      if (!catalog) return fail(catalog.error());
      auto at = VersionLinter::open(session->repository, **catalog, *resolved);
      if (!at) return fail(at.error());
      linter = std::move(*at);
      if (conf) linter->set_conf(parse_kong_conf(*conf), o.conf);
      for (const std::string& why : linter->skipped()) note("check skipped: " + why);
    }
  }

  std::vector<Finding> all;
  for (size_t i = 0; i < o.files.size(); ++i) {
    const std::string& file = o.files[i];
    const std::string* bytes = &inputs[i];
    std::vector<Finding> findings;
    if (linter) {
      auto found = linter->lint(*bytes, file);
      if (!found) return fail(found.error());
      findings = std::move(*found);
    } else {
      findings = lint_template(*bytes, file, nullptr);
    }
    for (Finding& f : findings) {
      // A kong.conf finding is the same for every template: say it once.
      bool repeated = f.file == o.conf && std::any_of(all.begin(), all.end(), [&](const Finding& g) {
        return g.file == f.file && g.line == f.line && g.id == f.id && g.message == f.message;
      });
      if (!repeated) all.push_back(std::move(f));
    }
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
  cmd->add_option("--conf", o->conf,
                  "your kong.conf: also report its nginx_*_ directive keys that do not reach nginx.conf at the "
                  "version (a namespace Kong does not read, a directive it skips, a loop the template lacks)");
  add_repo_options(*cmd, o->repo, "kong/templates/*.lua");
  cmd->callback([o, &action] { action = [o] { return run_lint(*o); }; });
}

}  // namespace kongtpl
