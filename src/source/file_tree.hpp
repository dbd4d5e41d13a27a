#pragma once
/// Kong's files read from outside git (an installed Lua tree, a package or an
/// image archive), held in memory with git's blob ids so every reader that
/// lists and reads a commit's templates can read them the same way.
#include <cstdint>
#include <string>
#include <vector>

#include "git/repository.hpp"

namespace kongtpl {

/// One file of a FileTree.
struct TreeEntry {
  std::string path;   ///< from Kong's root: "kong/templates/nginx_kong.lua"
  std::string bytes;  ///< the file's content
};

/// The files of one Kong tree, by path from the folder holding `kong/`.
class FileTree {
 public:
  /// origin: where the files came from, as the user wrote it.
  FileTree(std::string origin, std::vector<TreeEntry> entries);

  /// The path the tree was read from.
  const std::string& origin() const { return origin_; }
  /// The files matching globs (as Repository::list_files matches), sorted by path.
  std::vector<TreeFile> list(const std::vector<std::string>& globs) const;
  /// The bytes of the file with this blob id, or nullptr.
  const std::string* bytes_of_blob(const std::string& blob_id) const;
  /// The bytes of the file at path, or nullptr.
  const std::string* bytes_at(const std::string& path) const;
  /// How many files the tree holds.
  size_t size() const { return files_.size(); }

 private:
  struct File {
    std::string path;
    std::string blob_id;
    std::string bytes;
  };
  std::string origin_;
  std::vector<File> files_;  // sorted by path
};

}  // namespace kongtpl
