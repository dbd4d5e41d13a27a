#include "git/packed_refs.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kongtpl {
namespace {

/// The line starting at pos (without its "\r\n" or "\n") and where the
/// next one starts.
struct LineAt {
  std::string_view text;
  size_t next;
};

LineAt line_at(const char* data, size_t size, size_t pos) {
  const void* newline = std::memchr(data + pos, '\n', size - pos);
  size_t end = newline ? static_cast<size_t>(static_cast<const char*>(newline) - data) : size;
  std::string_view text(data + pos, end - pos);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return {text, newline ? end + 1 : size};
}

}  // namespace

PackedRefs::PackedRefs(const char* data, size_t size, bool mapped) : data_(data), size_(size), mapped_(mapped) {
  // "# pack-refs with: peeled fully-peeled sorted " on the first line.
  std::string_view first = size_ > 0 ? line_at(data_, size_, 0).text : std::string_view();
  if (first.starts_with("# pack-refs with:")) {
    std::string traits = std::string(first.substr(17)) + " ";
    peel_recorded_ = traits.find(" peeled ") != std::string::npos || traits.find(" fully-peeled ") != std::string::npos;
    sorted_ = traits.find(" sorted ") != std::string::npos;
  }
  while (body_ < size_ && data_[body_] == '#') body_ = line_at(data_, size_, body_).next;  // header, comments
}

PackedRefs::PackedRefs(PackedRefs&& other) noexcept
    : data_(other.data_), size_(other.size_), mapped_(other.mapped_), body_(other.body_),
      peel_recorded_(other.peel_recorded_), sorted_(other.sorted_) {
  other.data_ = nullptr;
  other.size_ = 0;
  other.mapped_ = false;
}

PackedRefs::~PackedRefs() {
  if (mapped_) ::munmap(const_cast<char*>(data_), size_);
}

Result<PackedRefs> PackedRefs::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return PackedRefs(nullptr, 0, false);
    return Error{"cannot read " + path + ": " + std::strerror(errno)};
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return Error{"cannot read " + path + ": not a regular file"};
  }
  if (info.st_size == 0) {
    ::close(fd);
    return PackedRefs(nullptr, 0, false);
  }
  // git replaces packed-refs by renaming a new file over it, so the mapped
  // file never changes under us.
  void* mapped = ::mmap(nullptr, static_cast<size_t>(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  int saved = errno;
  ::close(fd);
  if (mapped == MAP_FAILED) return Error{"cannot read " + path + ": " + std::strerror(saved)};
  return PackedRefs(static_cast<const char*>(mapped), static_cast<size_t>(info.st_size), true);
}

PackedRefs PackedRefs::of_text(std::string_view text) { return PackedRefs(text.data(), text.size(), false); }

size_t PackedRefs::record_start(size_t pos) const {
  auto line_start = [&](size_t p) {
    while (p > body_ && data_[p - 1] != '\n') --p;
    return p;
  };
  size_t start = line_start(pos);
  // A "^<hex>" line belongs to the record before it.
  if (start > body_ && data_[start] == '^') start = line_start(start - 1);
  return start;
}

size_t PackedRefs::next_record(size_t pos, PackedRef& record) const {
  const LineAt line = line_at(data_, size_, pos);
  size_t space = line.text.find(' ');
  record = space == std::string_view::npos ? PackedRef{{}, line.text, {}}
                                           : PackedRef{line.text.substr(space + 1), line.text.substr(0, space), {}};
  if (line.next < size_ && data_[line.next] == '^') {
    const LineAt peel = line_at(data_, size_, line.next);
    record.peeled = peel.text.substr(1);
    return peel.next;
  }
  return line.next;
}

std::vector<PackedRef> PackedRefs::with_prefix(std::string_view prefix) const {
  std::vector<PackedRef> found;
  size_t pos = body_;
  PackedRef record;
  if (sorted_) {
    // The first record whose name is not below prefix.
    size_t lo = body_, hi = size_;
    while (lo < hi) {
      size_t start = record_start(lo + (hi - lo) / 2);
      size_t next = next_record(start, record);
      if (record.name < prefix) lo = next;
      else hi = start;
    }
    pos = lo;
  }
  while (pos < size_) {
    size_t next = next_record(pos, record);
    if (record.name.starts_with(prefix)) found.push_back(record);
    else if (sorted_ && !record.name.empty()) break;  // past the slice
    pos = next;
  }
  return found;
}

}  // namespace kongtpl
