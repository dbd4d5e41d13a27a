#pragma once
// Safe writes: data reaches its path only by renaming a finished, fsynced
// temporary file from the same folder, so a failure at any point (disk full,
// permission denied, killed mid-way) leaves the old file exactly as it was.
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace kongtpl {

/// How write_file_atomically treats the file it replaces.
struct AtomicWriteOptions {
  /// Keep a copy of the replaced file at "<path>.orig".
  bool keep_backup = false;
  /// Write the temporary here instead of beside the target (tests use
  /// /dev/full to simulate a full disk).
  std::string temporary_override;
};

/// Writes bytes to path atomically, keeping an existing file's permissions
/// (new files get 0666 minus the umask).
Status write_file_atomically(const std::string& path, std::string_view bytes,
                             const AtomicWriteOptions& options = {});

/// Reads a whole file; an Error names the path and the reason.
Result<std::string> read_whole_file(const std::string& path);

}  // namespace kongtpl
