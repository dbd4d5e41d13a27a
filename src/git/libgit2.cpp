#include "git/libgit2.hpp"

#include <git2.h>

#include <mutex>

namespace kongtpl {
namespace {

/// Initialises libgit2 for as long as it exists (libgit2 counts inits).
struct Initialised {
  Initialised() {
    git_libgit2_init();
    // kongtpl only reads objects it did not write; like git, skip re-hashing
    // every object read (a fifth of the time of a `history` run).
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  }
  ~Initialised() { git_libgit2_shutdown(); }
  Initialised(const Initialised&) = delete;
  Initialised& operator=(const Initialised&) = delete;
};

}  // namespace

LibGit2Session libgit2_session() {
  // The static share keeps libgit2 up for the whole process; repositories
  // still alive at exit keep their own share, so shutdown comes last.
  static std::mutex mutex;
  static std::shared_ptr<const Initialised> process_wide;
  std::lock_guard lock(mutex);
  if (!process_wide) process_wide = std::make_shared<const Initialised>();
  return process_wide;
}

std::string libgit2_error(const std::string& fallback) {
  const git_error* error = git_error_last();
  if (error == nullptr || error->message == nullptr || *error->message == '\0') return fallback;
  std::string message = error->message;
  while (!message.empty() && (message.back() == '\n' || message.back() == '.')) message.pop_back();
  return message;
}

}  // namespace kongtpl
