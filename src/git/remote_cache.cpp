#include "git/remote_cache.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "git/cache_lock.hpp"
#include "git/remote_transfer.hpp"
#include "git/url.hpp"

namespace kongtpl {
namespace fs = std::filesystem;
namespace {

/// "<root>/<name>.git" is guarded by "<root>/<name>.lock".
std::string lock_path_for(const std::string& cache_path) {
  std::string base = cache_path;
  if (base.ends_with(".git")) base.resize(base.size() - 4);
  return base + ".lock";
}

Result<CacheLock> lock_cache(const std::string& cache_path, const RemoteOptions& options) {
  return CacheLock::acquire(lock_path_for(cache_path), cache_path, std::chrono::seconds(options.lock_wait_seconds),
                            [&] {
                              if (!options.quiet)
                                std::fprintf(stderr, "waiting for another kongtpl to finish with the cache %s\n",
                                             cache_path.c_str());
                            });
}

/// Clones left by runs that died (their lock is free, since we hold it).
void remove_stale_clones(const std::string& cache_path) {
  fs::path final_path(cache_path);
  std::string prefix = final_path.filename().string() + ".tmp-";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(final_path.parent_path(), ec)) {
    if (entry.path().filename().string().starts_with(prefix)) {
      std::error_code ignored;
      fs::remove_all(entry.path(), ignored);
    }
  }
}

/// ensure_cached, also telling whether this call made the clone.
Result<std::string> ensure_cached(const std::string& url, const RemoteOptions& options, bool& cloned) {
  cloned = false;
  if (Status allowed = check_url_allowed(url); !allowed) return allowed.error();
  auto cache_path = cache_path_for(url, options);
  if (!cache_path) return cache_path.error();
  const std::string& final_path = *cache_path;
  std::error_code ec;
  // A finished clone is the only thing ever renamed to this name.
  if (fs::is_directory(final_path, ec)) return final_path;
  if (options.offline)
    return Error{redact(url) + " is not in the cache (" + final_path +
                 ") and --offline forbids cloning it; run once without --offline"};

  fs::create_directories(fs::path(final_path).parent_path(), ec);
  if (ec) return Error{"cannot create the cache folder " + fs::path(final_path).parent_path().string() + ": " +
                       ec.message() + "; set XDG_CACHE_HOME to a writable folder"};
  auto lock = lock_cache(final_path, options);
  if (!lock) return lock.error();
  if (fs::is_directory(final_path, ec)) return final_path;  // another kongtpl cloned it meanwhile
  remove_stale_clones(final_path);

  std::string temporary = final_path + ".tmp-" + std::to_string(getpid());
  Status status = clone_bare(url, temporary, options.quiet);
  if (status) {
    fs::rename(temporary, final_path, ec);
    if (ec) status = Error{"cannot move the new clone to " + final_path + ": " + ec.message()};
  }
  if (!status) {
    std::error_code ignored;
    fs::remove_all(temporary, ignored);
    lock->remove_file();  // leave no trace of a cache that never existed
    return status.error();
  }
  cloned = true;
  return final_path;
}

}  // namespace

Result<std::string> cache_root_for(const RemoteOptions& options) {
  if (!options.cache_root.empty()) return options.cache_root;
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && *xdg == '/') return std::string(xdg) + "/kongtpl";  // relative values are invalid per XDG
  const char* home = std::getenv("HOME");
  if (home && *home) return std::string(home) + "/.cache/kongtpl";
  return Error{"cannot find a folder for cached repositories; set XDG_CACHE_HOME or HOME"};
}

Result<std::string> cache_path_for(const std::string& url, const RemoteOptions& options) {
  auto root = cache_root_for(options);
  if (!root) return root.error();
  return (fs::path(*root) / (cache_name_for(url) + ".git")).string();
}

Result<std::string> ensure_cached(const std::string& url, const RemoteOptions& options) {
  bool cloned = false;
  return ensure_cached(url, options, cloned);
}

Status fetch(const std::string& cache_path, const std::string& url, const RemoteOptions& options) {
  if (options.offline) return Error{"--offline forbids fetching " + redact(url) + "; drop --offline or --fetch"};
  if (Status allowed = check_url_allowed(url); !allowed) return allowed;
  auto lock = lock_cache(cache_path, options);
  if (!lock) return lock.error();
  return fetch_all(cache_path, url, options.prune, options.quiet);
}

Result<std::string> open_remote(const std::string& url, const RemoteOptions& options,
                                const MissingVersions& missing_versions) {
  if (options.force_fetch && options.offline)
    return Error{"--fetch and --offline contradict each other; use one of them"};
  bool cloned = false;
  auto path = ensure_cached(url, options, cloned);
  if (!path || cloned) return path;  // a fresh clone already has everything
  if (options.force_fetch) {
    if (Status s = fetch(*path, url, options); !s) return s.error();
    return path;
  }
  std::vector<std::string> missing = missing_versions ? missing_versions(*path) : std::vector<std::string>{};
  if (missing.empty()) return path;
  if (Status s = fetch_for_version(*path, url, missing.front(), options); !s) return s.error();
  return path;
}

Status fetch_for_version(const std::string& cache_path, const std::string& url, const std::string& version,
                         const RemoteOptions& options) {
  if (options.offline)
    return Error{"version " + version + " is not in the cache for " + redact(url) +
                 " and --offline forbids fetching; drop --offline to fetch it"};
  return fetch(cache_path, url, options);
}

std::string no_repository_hint() {
  return "no Kong repository: not inside a git repository, and neither --repo nor KONGTPL_REPO is set; "
         "pass --repo https://github.com/Kong/kong.git (or a local clone's path), or set KONGTPL_REPO";
}

}  // namespace kongtpl
