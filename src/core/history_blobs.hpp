#pragma once
/// Template bytes read from the repository once per blob for a whole run:
/// many Kong releases share a template's blob, so `history`, `plan` and
/// `detect` read each distinct blob a single time and compare by blob id.
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "git/repository.hpp"
#include "util/result.hpp"

namespace kongtpl {

class FileTree;

/// Blob bytes and commit listings by id, each read once. Refers to the
/// Repository it reads, which must outlive it.
class BlobCache {
 public:
  /// A cache over repository, listing files that match globs.
  BlobCache(const Repository& repository, std::vector<std::string> globs);

  /// The bytes of a blob; the reference stays valid as long as the cache.
  Result<const std::string*> read(const std::string& blob_id);
  /// The files matching the globs in a commit (listed once per commit).
  Result<const std::vector<TreeFile>*> files_at(const std::string& commit_id);
  /// Makes the files of a path version (ResolvedVersion::tree) readable
  /// under its commit_id key, as a commit's are.
  void add_tree(const std::string& commit_id, std::shared_ptr<const FileTree> tree);
  /// The file at path in a listing, or nullptr (listings are sorted by path).
  static const TreeFile* find(const std::vector<TreeFile>& files, const std::string& path);

  /// The repository read from.
  const Repository& repository() const { return *repository_; }
  /// The template globs.
  const std::vector<std::string>& globs() const { return globs_; }
  /// How many distinct blobs have been read so far.
  size_t blobs_read() const { return blobs_.size(); }

 private:
  const Repository* repository_;
  std::vector<std::string> globs_;
  std::unordered_map<std::string, std::string> blobs_;
  std::unordered_map<std::string, std::vector<TreeFile>> listings_;
  std::vector<std::shared_ptr<const FileTree>> trees_;
};

}  // namespace kongtpl
