#pragma once
/// A Kong git repository opened for reading through libgit2: its tags, commit
/// resolution, the files of a commit's tree and their blobs. The one owner of
/// libgit2 handles for reading; every handle is freed by RAII.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "git/libgit2.hpp"
#include "util/result.hpp"

struct git_repository;

namespace kongtpl {

/// A tag peeled to the commit it names.
struct TagRef {
  std::string name;       ///< short name, e.g. "2.8.1"
  std::string commit_id;  ///< full hex id of the commit
  bool annotated = false; ///< true for a tag object, false for a lightweight tag
};

/// A tag as refs/tags/ records it, before any object is read.
struct TagListing {
  std::string name;            ///< short name, e.g. "2.8.1"
  std::string target_id;       ///< full hex id the ref points at (a commit, or a tag object)
  std::string peeled_id;       ///< what packed-refs records the tag peels to; empty when none is recorded
  bool peel_recorded = false;  ///< packed-refs records peeling here: an empty peeled_id then means "not a tag object"
};

/// A file in a commit's tree.
struct TreeFile {
  std::string path;     ///< path from the repository root, '/'-separated
  std::string blob_id;  ///< full hex id of the blob
  uint32_t mode = 0;    ///< git file mode: 0100644, 0100755 or 0120000 (symlink)
};

/// True when path matches any glob as Repository::list_files matches them:
/// fnmatch(glob, path, 0), or under a wildcard-free glob's directory.
bool path_matches_globs(const std::string& path, const std::vector<std::string>& globs);

/// An open repository (work tree or bare). Movable, not copyable.
class Repository {
 public:
  /// Opens the repository at path exactly (a work tree or a bare repository).
  static Result<Repository> open(const std::string& path);
  /// Opens the repository containing start_dir (searching upwards like git).
  static Result<Repository> discover(const std::string& start_dir);

  /// An empty handle, only for assigning an opened repository to later.
  Repository() = default;

  /// Every tag, annotated and lightweight, peeled to its commit, by name.
  /// Tags of trees or blobs are skipped.
  Result<std::vector<TagRef>> tags() const;
  /// Every ref under refs/tags/, by name, without reading any object: the
  /// refs/tags/ slice of packed-refs (other refs are skipped, not parsed)
  /// overridden by the loose refs under refs/tags/.
  Result<std::vector<TagListing>> list_tags() const;
  /// The commit a listed tag names; nullopt for a tag of a tree or blob.
  /// Reads at most the object headers, or the tag objects packed-refs does
  /// not peel.
  Result<std::optional<TagRef>> peel_tag(const TagListing& tag) const;
  /// The tag refs/tags/<name>, looked up directly (no listing), peeled to
  /// its commit; nullopt when there is no such tag, the name cannot be a
  /// tag name, or the tag names a tree or blob.
  Result<std::optional<TagRef>> find_tag(const std::string& name) const;
  /// The full commit id of any commit-ish git rev-parse understands (tag,
  /// branch, abbreviated or full id, "HEAD~2", ...).
  Result<std::string> resolve_commit(const std::string& commitish) const;
  /// The files (blobs and symlinks) of the commit's tree whose path matches
  /// any glob as fnmatch(glob, path, 0) does (so '*' crosses '/', as in a git
  /// pathspec); a glob without wildcards also matches the files under the
  /// directory it names. Sorted by path as git sorts. Subtrees named by a
  /// glob's literal directory prefix are looked up directly, not walked to.
  Result<std::vector<TreeFile>> list_files(const std::string& commit_id, const std::vector<std::string>& globs) const;
  /// The bytes of a blob.
  Result<std::string> read_blob(const std::string& blob_id) const;
  /// The work tree, or the git directory of a bare repository (no trailing '/').
  std::string path() const;
  /// True for a repository without a work tree.
  bool is_bare() const;

 private:
  struct Free {
    void operator()(git_repository* repo) const;
  };
  Repository(LibGit2Session session, git_repository* repo);

  LibGit2Session session_;  // declared first: destroyed after the handle
  std::unique_ptr<git_repository, Free> repo_;
};

}  // namespace kongtpl
