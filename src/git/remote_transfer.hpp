#pragma once
// The network half of remote caching: a bare clone and a fetch of all
// branches and tags through libgit2, with progress on stderr and errors whose
// URLs are redacted. Knows nothing of cache folders or locks.
#include <string>

#include "util/result.hpp"

namespace kongtpl {

/// Clones url bare into directory (which must not exist), with every branch
/// as refs/heads/* and every tag; the stored remote URL has no credentials.
Status clone_bare(const std::string& url, const std::string& directory, bool quiet);

/// Fetches +refs/heads/*:refs/heads/* and +refs/tags/*:refs/tags/* from url
/// into the bare repository at repo_path, deleting refs gone upstream when prune.
Status fetch_all(const std::string& repo_path, const std::string& url, bool prune, bool quiet);

}  // namespace kongtpl
