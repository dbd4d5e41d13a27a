#include "util/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

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

Status copy_to_backup(const std::string& path) {
  auto original = read_whole_file(path);
  if (!original.ok()) return original.error();
  return write_file_atomically(path + ".orig", original.value());
}

}  // namespace

Status write_file_atomically(const std::string& path, std::string_view bytes,
                             const AtomicWriteOptions& options) {
  namespace fs = std::filesystem;
  struct stat existing {};
  const bool exists = ::stat(path.c_str(), &existing) == 0;
  if (exists && !S_ISREG(existing.st_mode))
    return Error{"cannot write '" + path + "': not a regular file"};

  fs::path target(path);
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
  if (exists) {
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
    Status backup = copy_to_backup(path);
    if (!backup.ok()) {
      ::unlink(temporary.c_str());
      return Error{backup.error().message + " (while keeping a backup; the file was left unchanged)"};
    }
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
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
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return Error{"cannot read '" + path + "': it is a directory"};
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return Error{"cannot read '" + path + "': no such file"};
    return Error{"cannot read '" + path + "': " + reason()};
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Error{"cannot read '" + path + "': " + reason()};
  return buffer.str();
}

}  // namespace kongtpl
