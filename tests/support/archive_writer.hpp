#pragma once
// Writes the archives the path-source tests read, through libarchive's
// writer: tar (plain or gzip), zip (a .rock), and members of every kind a
// hostile archive may hold (absolute names, "..", links).
#include <archive.h>
#include <archive_entry.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace kongtpl::testing {

/// One member to write.
struct ArchiveMember {
  ArchiveMember(std::string path, std::string bytes = "", std::string symlink = "", std::string hardlink = "")
      : path(std::move(path)), bytes(std::move(bytes)), symlink(std::move(symlink)), hardlink(std::move(hardlink)) {}
  std::string path;
  std::string bytes;           ///< a regular file's content
  std::string symlink;         ///< non-empty: a symlink to this
  std::string hardlink;        ///< non-empty: a hard link to this member
};

enum class ArchiveKind { Tar, TarGz, Zip };

/// The archive's bytes.
inline std::string write_archive(const std::vector<ArchiveMember>& members, ArchiveKind kind) {
  archive* a = archive_write_new();
  if (kind == ArchiveKind::Zip) {
    archive_write_set_format_zip(a);
  } else {
    archive_write_set_format_pax_restricted(a);
    if (kind == ArchiveKind::TarGz) archive_write_add_filter_gzip(a);
  }
  std::vector<char> buffer(64 << 20);
  size_t used = 0;
  if (archive_write_open_memory(a, buffer.data(), buffer.size(), &used) != ARCHIVE_OK)
    throw std::runtime_error(archive_error_string(a));
  for (const ArchiveMember& m : members) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, m.path.c_str());
    archive_entry_set_perm(e, 0644);
    if (!m.symlink.empty()) {
      archive_entry_set_filetype(e, AE_IFLNK);
      archive_entry_set_symlink(e, m.symlink.c_str());
    } else if (!m.hardlink.empty()) {
      archive_entry_set_filetype(e, AE_IFREG);
      archive_entry_set_hardlink(e, m.hardlink.c_str());
    } else {
      archive_entry_set_filetype(e, AE_IFREG);
      archive_entry_set_size(e, static_cast<la_int64_t>(m.bytes.size()));
    }
    if (archive_write_header(a, e) != ARCHIVE_OK) throw std::runtime_error(archive_error_string(a));
    if (m.symlink.empty() && m.hardlink.empty() && !m.bytes.empty() &&
        archive_write_data(a, m.bytes.data(), m.bytes.size()) < 0)
      throw std::runtime_error(archive_error_string(a));
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  return std::string(buffer.data(), used);
}

}  // namespace kongtpl::testing
