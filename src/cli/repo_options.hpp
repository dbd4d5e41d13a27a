#pragma once
// The options every repository-reading command shares (--repo, --templates,
// remote cache controls) and opening the repository they name.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/template_set.hpp"
#include "core/version.hpp"
#include "git/repository.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// Kong's templates that `diff` and `patch` compare by default.
inline const char* const kDefaultTemplateGlob = "kong/templates/nginx_kong*.lua";

/// Where Kong keeps its templates; a --templates glob without '/' is taken here.
inline const char* const kTemplateFolder = "kong/templates/";

/// The glob --templates GLOB means: GLOB itself when it holds a '/', else a
/// name in kong/templates/ (`nginx.lua`, `nginx_kong*.lua`).
std::string template_glob(const std::string& glob);

/// Values of the shared repository options.
struct RepoOptions {
  std::string repo;                     ///< --repo: path or URL; empty: $KONGTPL_REPO, then the current directory
  std::vector<std::string> templates;   ///< --templates globs; empty: the command's default
  bool fetch = false;                   ///< --fetch: refresh a cached remote first
  bool offline = false;                 ///< --offline: never touch the network
  bool quiet = false;                   ///< --no-progress (-q but for diff): no progress output
};

/// Adds --repo, --templates, --fetch, --offline, --no-progress and (unless
/// the command has its own) -q/--quiet to a subcommand.
void add_repo_options(CLI::App& command, RepoOptions& options,
                      const std::string& default_glob = kDefaultTemplateGlob);

/// The same options given before the subcommand (kongtpl --repo X diff ...).
RepoOptions& global_repo_options();

/// An opened repository; its version catalogue is read only when needed.
struct RepoSession {
  Repository repository;
  std::vector<std::string> globs;

  /// Set when the repository is a cached remote (so a missing version can
  /// trigger a fetch); empty for local repositories.
  std::string remote_url;
  RepoOptions options;
  /// Set when no repository was named or found: why (the error every
  /// version that is not a path gets). Paths need no repository.
  std::string missing_repository;

  /// Resolves a version spec: a path (core/path_version: a folder or a
  /// package/image archive of Kong) from the file system; an exact tag or a
  /// commit-ish directly, a series, `latest` or a differently written
  /// version through the catalogue; fetches a cached remote when it is missing.
  Result<ResolvedVersion> resolve(const std::string& spec);
  /// Every version tag peeled to its commit (history, plan, detect, lint).
  Result<const VersionCatalog*> catalog();
  /// catalog(), or an empty one when there is no repository (checks at a path version).
  Result<const VersionCatalog*> catalog_or_empty();
  /// The version tags by name only, no object read (`versions`).
  Result<const VersionCatalog*> version_names();
  /// The templates matching the globs at a resolved version.
  Result<TemplateSet> templates_at(const ResolvedVersion& version);
  /// Fails, naming the globs and the versions, unless a template matches at
  /// one of versions: a glob that matches nothing, or a repository that is
  /// not Kong's, is the same mistake in every command (exit 2).
  Status require_templates(const std::vector<ResolvedVersion>& versions);
  /// Resolves both versions and loads their templates; an Error when the
  /// globs match nothing at either.
  Result<std::pair<TemplateSet, TemplateSet>> load_pair(const std::string& from, const std::string& to);

 private:
  Result<ResolvedVersion> resolve_here(const std::string& spec);

  std::optional<VersionCatalog> catalog_;        // peeled
  std::optional<VersionCatalog> names_catalog_;  // names only
};

/// Opens the repository the options name (or the default), with default_glob
/// when no --templates is given.
Result<std::unique_ptr<RepoSession>> open_session(const RepoOptions& options,
                                                  const std::vector<std::string>& default_globs);

}  // namespace kongtpl
