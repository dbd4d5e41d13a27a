#pragma once
// An exclusive lock on one cache entry (flock on "<name>.lock"), so two
// kongtpl processes never clone into or fetch into the same cache at once.
// The kernel drops it when a process dies, so a crash never leaves it held.
#include <chrono>
#include <functional>
#include <string>

#include "util/result.hpp"

namespace kongtpl {

/// A held lock; released when destroyed.
class CacheLock {
 public:
  /// Takes the lock on lock_path (created if needed), waiting up to timeout;
  /// on_wait runs once if another holder makes it wait. what names the
  /// guarded cache in the timeout Error.
  static Result<CacheLock> acquire(const std::string& lock_path, const std::string& what,
                                   std::chrono::milliseconds timeout, const std::function<void()>& on_wait);

  CacheLock(CacheLock&& other) noexcept;
  CacheLock& operator=(CacheLock&& other) noexcept;
  CacheLock(const CacheLock&) = delete;
  CacheLock& operator=(const CacheLock&) = delete;
  ~CacheLock();

  /// Deletes the lock file while still holding it (after a failed first
  /// clone, so nothing of the cache is left); the lock is then released.
  void remove_file();

 private:
  CacheLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  void release();

  int fd_ = -1;
  std::string path_;
};

}  // namespace kongtpl
