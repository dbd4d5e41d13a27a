#pragma once
// Remote repositories as local bare caches: `--repo URL` clones once into
// "<cache root>/<cache name>.git" and later runs read that clone without the
// network, fetching only when a requested version is missing or on --fetch.
// Clones land atomically and a per-cache lock serialises kongtpl processes.
#include <functional>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace kongtpl {

/// How a remote repository may be reached and where it is cached.
struct RemoteOptions {
  bool force_fetch = false;        ///< --fetch: refresh an existing cache before use
  bool offline = false;            ///< --offline: never touch the network
  bool quiet = false;              ///< -q: no progress or waiting messages
  bool prune = false;              ///< drop branches and tags deleted upstream when fetching
  std::string cache_root;          ///< empty: $XDG_CACHE_HOME/kongtpl, else ~/.cache/kongtpl
  int lock_wait_seconds = 60;      ///< how long to wait for another kongtpl using the cache
};

/// The folder holding all caches for these options.
Result<std::string> cache_root_for(const RemoteOptions& options);

/// Where url's bare cache lives ("<root>/<cache_name_for(url)>.git").
Result<std::string> cache_path_for(const std::string& url, const RemoteOptions& options);

/// The path of url's bare cache, cloning it (branches and tags) on first
/// use; an existing cache is returned without touching the network.
Result<std::string> ensure_cached(const std::string& url, const RemoteOptions& options);

/// Fetches all branches and tags of url into the bare cache at cache_path.
Status fetch(const std::string& cache_path, const std::string& url, const RemoteOptions& options);

/// Names the requested versions that the repository at repo_path lacks.
using MissingVersions = std::function<std::vector<std::string>(const std::string& repo_path)>;

/// The CLI's policy in one call: ensure_cached, then fetch when --fetch is
/// given or a requested version is missing (an Error when --offline forbids
/// it); never fetches right after a fresh clone. Returns the cache path.
Result<std::string> open_remote(const std::string& url, const RemoteOptions& options,
                                const MissingVersions& missing_versions);

/// For a version found missing later (e.g. while resolving): fetches, or
/// the "--offline forbids fetching" Error naming version and url.
Status fetch_for_version(const std::string& cache_path, const std::string& url, const std::string& version,
                         const RemoteOptions& options);

/// The one-line hint when no --repo, no $KONGTPL_REPO and no repository
/// around the current directory.
std::string no_repository_hint();

}  // namespace kongtpl
