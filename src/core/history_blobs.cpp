#include "core/history_blobs.hpp"

#include <algorithm>
#include <utility>

#include "source/file_tree.hpp"

namespace kongtpl {

BlobCache::BlobCache(const Repository& repository, std::vector<std::string> globs)
    : repository_(&repository), globs_(std::move(globs)) {}

Result<const std::string*> BlobCache::read(const std::string& blob_id) {
  if (auto it = blobs_.find(blob_id); it != blobs_.end()) return &it->second;
  for (const auto& tree : trees_)
    if (const std::string* bytes = tree->bytes_of_blob(blob_id)) return bytes;
  auto bytes = repository_->read_blob(blob_id);
  if (!bytes) return bytes.error();
  // unordered_map nodes never move, so the pointer outlives later inserts.
  return &blobs_.emplace(blob_id, std::move(*bytes)).first->second;
}

Result<const std::vector<TreeFile>*> BlobCache::files_at(const std::string& commit_id) {
  if (auto it = listings_.find(commit_id); it != listings_.end()) return &it->second;
  auto files = repository_->list_files(commit_id, globs_);
  if (!files) return files.error();
  return &listings_.emplace(commit_id, std::move(*files)).first->second;
}

void BlobCache::add_tree(const std::string& commit_id, std::shared_ptr<const FileTree> tree) {
  listings_[commit_id] = tree->list(globs_);
  trees_.push_back(std::move(tree));
}

const TreeFile* BlobCache::find(const std::vector<TreeFile>& files, const std::string& path) {
  auto it = std::lower_bound(files.begin(), files.end(), path,
                             [](const TreeFile& file, const std::string& p) { return file.path < p; });
  return it != files.end() && it->path == path ? &*it : nullptr;
}

}  // namespace kongtpl
