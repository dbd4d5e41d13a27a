#include "git/cache_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace kongtpl {

Result<CacheLock> CacheLock::acquire(const std::string& lock_path, const std::string& what,
                                     std::chrono::milliseconds timeout, const std::function<void()>& on_wait) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool waited = false;
  while (true) {
    int fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      return Error{"cannot create the lock " + lock_path + ": " + std::strerror(errno) +
                   "; check that the cache folder is writable"};
    while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      if (errno == EINTR) continue;
      if (errno != EWOULDBLOCK) {
        int e = errno;
        close(fd);
        return Error{"cannot lock " + lock_path + ": " + std::strerror(e)};
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        close(fd);
        return Error{"another kongtpl is still using the cache " + what + " after " +
                     std::to_string(std::chrono::duration_cast<std::chrono::seconds>(timeout).count()) +
                     " s; try again when it has finished"};
      }
      if (!waited && on_wait) on_wait();
      waited = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    // A holder may have deleted the file before releasing it (remove_file);
    // then this lock guards nothing and we start over on the new file.
    struct stat held, current;
    if (fstat(fd, &held) == 0 && stat(lock_path.c_str(), &current) == 0 && held.st_dev == current.st_dev &&
        held.st_ino == current.st_ino)
      return CacheLock(fd, lock_path);
    close(fd);
  }
}

CacheLock::CacheLock(CacheLock&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) {
  other.fd_ = -1;
}

CacheLock& CacheLock::operator=(CacheLock&& other) noexcept {
  if (this != &other) {
    release();
    fd_ = other.fd_;
    path_ = std::move(other.path_);
    other.fd_ = -1;
  }
  return *this;
}

CacheLock::~CacheLock() { release(); }

void CacheLock::remove_file() {
  if (fd_ < 0) return;
  unlink(path_.c_str());
  release();
}

void CacheLock::release() {
  if (fd_ >= 0) close(fd_);  // closing the only descriptor drops the flock
  fd_ = -1;
}

}  // namespace kongtpl
