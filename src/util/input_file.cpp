#include "util/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace kongtpl {
namespace {

std::string mib(size_t bytes) {
  if (bytes % (size_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

Error too_large(const std::string& shown, size_t limit) {
  return Error{"cannot read '" + shown + "': larger than the input limit of " + mib(limit) +
               " (set KONGTPL_MAX_INPUT_SIZE to raise it)"};
}

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "it is a directory";
  if (S_ISFIFO(mode)) return "it is a FIFO (kongtpl reads regular files, or - for standard input)";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "it is a device (kongtpl reads regular files, or - for standard input)";
  if (S_ISSOCK(mode)) return "it is a socket (kongtpl reads regular files, or - for standard input)";
  return "not a regular file";
}

// Reads fd to its end, failing once more than limit bytes arrive.
// expected: the size fstat reported (0: unknown), so a regular file is
// read into a buffer of its size rather than one doubled up to it.
Result<std::string> read_bounded(int fd, const std::string& shown, size_t limit, size_t expected = 0) {
  std::string bytes;
  bytes.reserve(std::min(expected, limit));
  char chunk[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error{"cannot read '" + shown + "': " + std::strerror(errno)};
    }
    if (n == 0) return bytes;
    if (bytes.size() + static_cast<size_t>(n) > limit) return too_large(shown, limit);
    bytes.append(chunk, static_cast<size_t>(n));
  }
}

}  // namespace

Result<uint64_t> size_from_environment(const char* variable, uint64_t fallback) {
  const char* text = std::getenv(variable);
  if (!text || !*text) return fallback;
  char* end = nullptr;
  errno = 0;
  unsigned long long value = std::strtoull(text, &end, 10);
  size_t shift = 0;
  if (*end == 'K' || *end == 'k') shift = 10;
  else if (*end == 'M' || *end == 'm') shift = 20;
  else if (*end == 'G' || *end == 'g') shift = 30;
  if (shift) ++end;
  if (errno || end == text || *end || value == 0 || value > (~0ull >> shift))
    return Error{std::string(variable) + " must be a positive number of bytes (or with K, M or G), not '" +
                 std::string(text) + "'"};
  return static_cast<uint64_t>(value << shift);
}

Result<size_t> input_size_limit() {
  auto limit = size_from_environment("KONGTPL_MAX_INPUT_SIZE", kDefaultInputLimit);
  if (!limit) return limit.error();
  return static_cast<size_t>(*limit);
}

Result<std::string> read_regular_file(const std::string& path, size_t limit) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer before we can refuse it.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Error{"cannot read '" + path + "': no such file"};
    return Error{"cannot read '" + path + "': " + std::strerror(errno)};
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    std::string why = std::strerror(errno);
    ::close(fd);
    return Error{"cannot read '" + path + "': " + why};
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error{"cannot read '" + path + "': " + kind_of(st.st_mode)};
  }
  if (static_cast<unsigned long long>(st.st_size) > limit) {
    ::close(fd);
    return too_large(path, limit);
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  auto bytes = read_bounded(fd, path, limit, static_cast<size_t>(st.st_size));
  ::close(fd);
  return bytes;
}

Result<std::string> read_input(const std::string& path) {
  auto limit = input_size_limit();
  if (!limit) return limit.error();
  if (path == "-") return read_bounded(STDIN_FILENO, "-", *limit);
  return read_regular_file(path, *limit);
}

Result<std::string> read_text_input(const std::string& path, EmptyInput empty) {
  auto bytes = read_input(path);
  if (!bytes) return bytes.error();
  const std::string shown = path == "-" ? "standard input" : "'" + path + "'";
  if (bytes->find('\0') != std::string::npos)
    return Error{shown + " contains NUL bytes (binary); kongtpl reads text templates only"};
  if (bytes->empty() && empty == EmptyInput::Refused)
    return Error{shown + " is empty: there is no template in it to read"};
  return bytes;
}

}  // namespace kongtpl
