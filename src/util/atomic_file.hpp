#pragma once
// Safe writes: data reaches its path only by renaming a finished, fsynced
// temporary file from the same folder, so a failure at any point (disk full,
// permission denied, killed mid-way) leaves the old file exactly as it was.
#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace kongtpl {

/// How write_file_atomically treats the file it replaces.
struct AtomicWriteOptions {
  /// Keep a copy of the replaced file at "<path>.orig" (with its permissions).
  bool keep_backup = false;
  /// Permissions for the written file whether or not it exists (FILE's own
  /// for FILE.merged); unset: an existing file's, else 0666 minus the umask.
  std::optional<unsigned> mode;
  /// Refuse a file with other hard links (a rename would split them off);
  /// otherwise the file is replaced and the other names keep the old text.
  bool refuse_hard_links = false;
  /// Write the temporary here instead of beside the target (tests use
  /// /dev/full to simulate a full disk).
  std::string temporary_override;
};

/// Whether path can be replaced by rename: absent, or a regular file
/// (through symlinks; with refuse_hard_links, with no other hard link).
/// Returns the path to rename over: the symlink's target, so the link
/// itself is kept.
Result<std::string> replaceable_target(const std::string& path, bool refuse_hard_links = false);

/// The permission bits of an existing file (symlinks followed).
std::optional<unsigned> permissions_of(const std::string& path);

/// Writes bytes to path atomically, keeping an existing file's permissions
/// (new files get 0666 minus the umask). A symlink is written through (its
/// target is replaced, the link kept).
Status write_file_atomically(const std::string& path, std::string_view bytes,
                             const AtomicWriteOptions& options = {});

/// Reads a whole regular file (at most input_size_limit() bytes); an Error
/// names the path and the reason.
Result<std::string> read_whole_file(const std::string& path);

}  // namespace kongtpl
