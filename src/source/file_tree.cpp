#include "source/file_tree.hpp"

#include <algorithm>
#include <utility>

#include "diff/blob_id.hpp"

namespace kongtpl {

FileTree::FileTree(std::string origin, std::vector<TreeEntry> entries) : origin_(std::move(origin)) {
  files_.reserve(entries.size());
  for (TreeEntry& entry : entries) {
    std::string id = git_blob_id(entry.bytes);
    files_.push_back({std::move(entry.path), std::move(id), std::move(entry.bytes)});
  }
  std::sort(files_.begin(), files_.end(), [](const File& a, const File& b) { return a.path < b.path; });
}

std::vector<TreeFile> FileTree::list(const std::vector<std::string>& globs) const {
  std::vector<TreeFile> listed;
  for (const File& file : files_)
    if (path_matches_globs(file.path, globs)) listed.push_back({file.path, file.blob_id, 0100644});
  return listed;
}

const std::string* FileTree::bytes_of_blob(const std::string& blob_id) const {
  for (const File& file : files_)
    if (file.blob_id == blob_id) return &file.bytes;
  return nullptr;
}

const std::string* FileTree::bytes_at(const std::string& path) const {
  auto it = std::lower_bound(files_.begin(), files_.end(), path,
                             [](const File& file, const std::string& p) { return file.path < p; });
  return it != files_.end() && it->path == path ? &it->bytes : nullptr;
}

}  // namespace kongtpl
