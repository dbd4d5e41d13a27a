#include "cli/repo_options.hpp"

#include <cstdlib>
#include <filesystem>

#include "core/path_version.hpp"
#include "git/remote_cache.hpp"
#include "git/url.hpp"

namespace kongtpl {
namespace {

RemoteOptions remote_options(const RepoOptions& options) {
  RemoteOptions remote;
  remote.force_fetch = options.fetch;
  remote.offline = options.offline;
  remote.quiet = options.quiet;
  return remote;
}

/// Opens a repository from a local path (its catalogue is read later, if needed).
Result<std::unique_ptr<RepoSession>> open_local(Result<Repository> repository, const RepoOptions& options,
                                                std::vector<std::string> globs) {
  if (!repository) return repository.error();
  auto session = std::make_unique<RepoSession>();
  session->repository = std::move(*repository);
  session->globs = std::move(globs);
  session->options = options;
  return session;
}

}  // namespace

void add_repo_options(CLI::App& command, RepoOptions& options, const std::string& default_glob) {
  command.add_option("--repo", options.repo,
                     "the Kong repository: a clone (work tree or bare) or a URL, cached after the first clone "
                     "(default: $KONGTPL_REPO, else the repository around the current directory)");
  command
      .add_option("--templates", options.templates,
                  "which templates to read, as a path glob (repeatable; default " + default_glob +
                      "); a bare name such as nginx.lua is one in kong/templates/")
      ->type_name("GLOB")
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all();
  command.add_flag("--fetch", options.fetch, "with a URL: fetch new versions before reading the cache");
  command.add_flag("--offline", options.offline, "with a URL: never use the network; fail if a version is missing");
  command.add_flag("--no-progress", options.quiet, "no progress output on standard error");
  // A command whose -q means something else (diff --quiet, as git's) has
  // registered it already.
  if (!command.get_option_no_throw("--quiet")) command.add_flag("-q,--quiet", options.quiet, "no progress output");
}

std::string template_glob(const std::string& glob) {
  if (glob.find('/') != std::string::npos) return glob;
  return std::string(kTemplateFolder) + glob;
}

RepoOptions& global_repo_options() {
  static RepoOptions global;
  return global;
}

Result<std::unique_ptr<RepoSession>> open_session(const RepoOptions& command_options,
                                                  const std::vector<std::string>& default_globs) {
  // Options given before the subcommand apply unless the subcommand sets its own.
  RepoOptions options = command_options;
  const RepoOptions& global = global_repo_options();
  if (options.repo.empty()) options.repo = global.repo;
  if (options.templates.empty()) options.templates = global.templates;
  options.fetch = options.fetch || global.fetch;
  options.offline = options.offline || global.offline;
  options.quiet = options.quiet || global.quiet;
  std::vector<std::string> globs = default_globs;
  if (!options.templates.empty()) {
    globs.clear();
    for (const std::string& glob : options.templates) globs.push_back(template_glob(glob));
  }
  if (options.fetch && options.offline) return Error{"--fetch and --offline contradict each other: pick one"};

  std::string spec = options.repo;
  if (spec.empty()) {
    const char* env = std::getenv("KONGTPL_REPO");
    if (env && *env) spec = env;
  }
  if (spec.empty()) {
    std::error_code ec;
    auto here = Repository::discover(std::filesystem::current_path(ec).string());
    if (!here) {
      // Versions that are paths need no repository: say why only when a tag is asked for.
      auto session = open_local(Repository(), options, std::move(globs));
      if (session) (*session)->missing_repository = no_repository_hint();
      return session;
    }
    return open_local(std::move(here), options, std::move(globs));
  }
  if (!is_remote_url(spec)) return open_local(Repository::open(spec), options, std::move(globs));

  if (Status allowed = check_url_allowed(spec); !allowed) return allowed.error();
  // Versions are checked lazily in resolve(), which fetches when one is missing.
  auto cache = open_remote(spec, remote_options(options), [](const std::string&) { return std::vector<std::string>(); });
  if (!cache) return cache.error();
  auto session = open_local(Repository::open(*cache), options, std::move(globs));
  if (!session) return session.error();
  (*session)->remote_url = spec;
  return session;
}

Result<const VersionCatalog*> RepoSession::catalog() {
  if (!missing_repository.empty()) return Error{missing_repository};
  if (!catalog_) {
    auto loaded = VersionCatalog::load(repository);
    if (!loaded) return loaded.error();
    catalog_ = std::move(*loaded);
  }
  return &*catalog_;
}

Result<const VersionCatalog*> RepoSession::catalog_or_empty() {
  static const VersionCatalog empty;
  if (!missing_repository.empty()) return &empty;
  return catalog();
}

Result<const VersionCatalog*> RepoSession::version_names() {
  if (!missing_repository.empty()) return Error{missing_repository};
  if (catalog_) return &*catalog_;
  if (!names_catalog_) {
    auto loaded = VersionCatalog::load_names(repository);
    if (!loaded) return loaded.error();
    names_catalog_ = std::move(*loaded);
  }
  return &*names_catalog_;
}

Result<ResolvedVersion> RepoSession::resolve_here(const std::string& spec) {
  auto direct = resolve_directly(spec, repository);
  if (!direct) return direct.error();
  if (*direct) return **direct;
  auto names = version_names();
  if (!names) return names.error();
  return (*names)->resolve(spec, repository);
}

Result<ResolvedVersion> RepoSession::resolve(const std::string& spec) {
  if (names_path_source(spec)) return resolve_path_source(spec);
  if (!missing_repository.empty()) return Error{missing_repository};
  auto resolved = resolve_here(spec);
  if (resolved || remote_url.empty()) return resolved;
  // A cached remote may simply not have this version yet: fetch once, retry.
  std::string cache_path = repository.path();
  if (Status fetched = fetch_for_version(cache_path, remote_url, spec, remote_options(options)); !fetched)
    return fetched.error();
  auto reopened = Repository::open(cache_path);
  if (!reopened) return reopened.error();
  repository = std::move(*reopened);
  catalog_.reset();
  names_catalog_.reset();
  return resolve_here(spec);
}

Result<TemplateSet> RepoSession::templates_at(const ResolvedVersion& version) {
  return TemplateSet::load(repository, version, globs);
}

Status RepoSession::require_templates(const std::vector<ResolvedVersion>& versions) {
  std::string labels;
  for (size_t i = 0; i < versions.size(); ++i) {
    auto set = templates_at(versions[i]);
    if (!set) return set.error();
    if (!set->files().empty()) return Status();
    bool repeated = false;
    for (size_t j = 0; j < i; ++j) repeated |= versions[j].label == versions[i].label;
    if (repeated) continue;
    labels += (labels.empty() ? "" : i + 1 == versions.size() ? " or " : ", ") + versions[i].label;
  }
  std::string list;
  for (const auto& g : globs) list += (list.empty() ? "" : ", ") + g;
  return Error{"no template matches " + list + " at " + labels +
               " (is --repo a Kong repository? choose templates with --templates)"};
}

Result<std::pair<TemplateSet, TemplateSet>> RepoSession::load_pair(const std::string& from, const std::string& to) {
  auto a = resolve(from);
  if (!a) return a.error();
  auto b = resolve(to);
  if (!b) return b.error();
  if (Status s = require_templates({*a, *b}); !s) return s.error();
  auto before = templates_at(*a);
  if (!before) return before.error();
  auto after = templates_at(*b);
  if (!after) return after.error();
  return std::make_pair(std::move(*before), std::move(*after));
}

}  // namespace kongtpl
