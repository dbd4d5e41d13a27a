#include "util/atomic_file.hpp"

#include "util/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace kongtpl {
namespace {

std::string reason() { return std::strerror(errno); }

/// Writes all of bytes to fd, then fsyncs it.
bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  // /dev/full and pipes cannot be fsynced; a regular file must be.
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) return false;
  return true;
}

Status copy_to_backup(const std::string& path, mode_t mode) {
  auto original = read_whole_file(path);
  if (!original.ok()) return original.error();
  AtomicWriteOptions backup;
  backup.mode = mode;
  return write_file_atomically(path + ".orig", original.value(), backup);
}

}  // namespace

std::optional<unsigned> permissions_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return st.st_mode & 07777;
}

Result<std::string> replaceable_target(const std::string& path, bool refuse_hard_links) {
  namespace fs = std::filesystem;
  struct stat link {};
  if (::lstat(path.c_str(), &link) != 0) return path;  // a new file
  std::string target = path;
  if (S_ISLNK(link.st_mode)) {
    std::error_code ec;
    fs::path resolved = fs::canonical(path, ec);
    if (ec)
      return Error{"cannot write '" + path + "': it is a symbolic link to a missing file (" + ec.message() + ")"};
    target = resolved.string();
  }
  struct stat st {};
  if (::stat(target.c_str(), &st) != 0) return Error{"cannot write '" + path + "': " + reason()};
  if (S_ISDIR(st.st_mode)) return Error{"cannot write '" + path + "': it is a directory"};
  if (!S_ISREG(st.st_mode)) return Error{"cannot write '" + path + "': not a regular file"};
  if (refuse_hard_links && st.st_nlink > 1)
    return Error{"cannot write '" + path + "': it has " + std::to_string(st.st_nlink) +
                 " hard links, and replacing it would leave the other names with the old text "
                 "(write elsewhere, or remove the other links first)"};
  return target;
}

Status write_file_atomically(const std::string& path, std::string_view bytes,
                             const AtomicWriteOptions& options) {
  namespace fs = std::filesystem;
  auto resolved = replaceable_target(path, options.refuse_hard_links);
  if (!resolved) return resolved.error();
  struct stat existing {};
  const bool exists = ::stat(resolved->c_str(), &existing) == 0;

  fs::path target(*resolved);
  fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string temporary = (folder / ("." + target.filename().string() + ".kongtpl-XXXXXX")).string();

  int fd = -1;
  bool created_temporary = false;
  if (options.temporary_override.empty()) {
    fd = ::mkstemp(temporary.data());
    created_temporary = fd >= 0;
  } else {
    temporary = options.temporary_override;
    fd = ::open(temporary.c_str(), O_WRONLY | O_CLOEXEC);
  }
  if (fd < 0) return Error{"cannot write '" + path + "': " + reason()};

  auto fail = [&](const std::string& what) -> Status {
    std::string message = "cannot write '" + path + "': " + what + "; the file was left unchanged";
    ::close(fd);
    if (created_temporary) ::unlink(temporary.c_str());
    return Error{message};
  };

  mode_t mode = 0666;
  if (options.mode) {
    mode = static_cast<mode_t>(*options.mode);
  } else if (exists) {
    mode = existing.st_mode & 07777;
  } else {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode &= ~mask;
  }
  if (created_temporary && ::fchmod(fd, mode) != 0) return fail(reason());
  if (!write_all(fd, bytes)) return fail(reason());
  if (!options.temporary_override.empty()) {
    // The override is only for simulating failures; it never reaches path.
    ::close(fd);
    return Status();
  }
  if (::close(fd) != 0) {
    fd = -1;
    ::unlink(temporary.c_str());
    return Error{"cannot write '" + path + "': " + reason() + "; the file was left unchanged"};
  }

  if (exists && options.keep_backup) {
    Status backup = copy_to_backup(path, existing.st_mode & 07777);
    if (!backup.ok()) {
      ::unlink(temporary.c_str());
      return Error{backup.error().message + " (while keeping a backup; the file was left unchanged)"};
    }
  }
  if (::rename(temporary.c_str(), resolved->c_str()) != 0) {
    std::string why = reason();
    ::unlink(temporary.c_str());
    return Error{"cannot write '" + path + "': " + why + "; the file was left unchanged"};
  }
  // Make the rename itself durable.
  int dir_fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return Status();
}

Result<std::string> read_whole_file(const std::string& path) {
  auto limit = input_size_limit();
  if (!limit) return limit.error();
  return read_regular_file(path, *limit);
}

}  // namespace kongtpl
