#pragma once
/// Kong's files read out of a package or image archive through libarchive
/// (never a shell-out): .tar(.gz/.xz/.zst/.bz2), .deb (ar + data.tar.*),
/// .rpm (cpio), .rock (zip), and `docker save` archives, whose layers are
/// overlaid in manifest order (whiteouts honoured) so the topmost copy of
/// each file wins. Archives inside archives are opened in memory, to a
/// bounded depth. Nothing is extracted to disk.
///
/// Untrusted input: a member with an absolute path or a ".." component
/// refuses the whole archive, as does a link that loops or leaves the
/// archive, and reading stops once more than the size cap of bytes has been
/// unpacked (every level counted), so a decompression bomb costs bounded
/// time and no memory.
#include <cstdint>
#include <string>
#include <vector>

#include "source/file_tree.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// The unpack cap when $KONGTPL_MAX_ARCHIVE_SIZE is unset: 4 GiB.
inline constexpr uint64_t kDefaultArchiveLimit = uint64_t{4} << 30;

/// What reading one archive may cost.
struct ArchiveLimits {
  uint64_t max_unpacked = kDefaultArchiveLimit;  ///< bytes unpacked, nested archives counted at every level
  uint64_t max_file = uint64_t{16} << 20;        ///< one Kong file kept
  int max_depth = 3;                             ///< archives inside archives (deb → data.tar, image → layer)
  uint64_t max_members = 4'000'000;              ///< members, all levels
};

/// The unpack cap: $KONGTPL_MAX_ARCHIVE_SIZE (bytes, or with a K, M or G
/// suffix) when set, else kDefaultArchiveLimit; an Error when it is malformed.
Result<uint64_t> archive_size_limit();

/// True when the file name looks like an archive kongtpl reads.
bool is_archive_name(const std::string& name);

/// The members of the archive at file whose paths hold one of Kong's files
/// (source/kong_files), by their path in the archive, links resolved.
Result<std::vector<TreeEntry>> read_archive_kong_files(const std::string& file, const ArchiveLimits& limits);

}  // namespace kongtpl
