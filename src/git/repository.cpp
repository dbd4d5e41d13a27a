#include "git/repository.hpp"

#include "git/packed_refs.hpp"

#include <fcntl.h>
#include <fnmatch.h>
#include <git2.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <string_view>
#include <cstring>
#include <filesystem>
#include <set>

namespace kongtpl {
namespace {

// One owner per libgit2 handle type.
struct FreeObject {
  void operator()(git_object* object) const { git_object_free(object); }
};
struct FreeTree {
  void operator()(git_tree* tree) const { git_tree_free(tree); }
};
struct FreeTreeEntry {
  void operator()(git_tree_entry* entry) const { git_tree_entry_free(entry); }
};
struct FreeCommit {
  void operator()(git_commit* commit) const { git_commit_free(commit); }
};
struct FreeBlob {
  void operator()(git_blob* blob) const { git_blob_free(blob); }
};
using ObjectPtr = std::unique_ptr<git_object, FreeObject>;
using TreePtr = std::unique_ptr<git_tree, FreeTree>;
using TreeEntryPtr = std::unique_ptr<git_tree_entry, FreeTreeEntry>;
using CommitPtr = std::unique_ptr<git_commit, FreeCommit>;
using BlobPtr = std::unique_ptr<git_blob, FreeBlob>;
struct FreeOdb {
  void operator()(git_odb* odb) const { git_odb_free(odb); }
};
struct FreeReference {
  void operator()(git_reference* ref) const { git_reference_free(ref); }
};
using OdbPtr = std::unique_ptr<git_odb, FreeOdb>;
using ReferencePtr = std::unique_ptr<git_reference, FreeReference>;

/// Frees a git_buf's memory on scope exit.
struct Buf {
  git_buf buf = GIT_BUF_INIT;
  Buf() = default;
  Buf(const Buf&) = delete;
  Buf& operator=(const Buf&) = delete;
  ~Buf() { git_buf_dispose(&buf); }
};

std::string hex(const git_oid* oid) {
  char text[GIT_OID_HEXSZ + 1];
  git_oid_tostr(text, sizeof text, oid);
  return text;
}

Result<git_oid> parse_oid(const std::string& id, const char* what) {
  git_oid oid;
  if (id.size() != GIT_OID_HEXSZ || git_oid_fromstr(&oid, id.c_str()) != 0)
    return Error{"'" + id + "' is not a full " + what + " id (40 hex digits)"};
  return oid;
}

/// Drops a trailing '/' that libgit2 puts on directory paths.
std::string without_trailing_slash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

/// The directory a glob names literally before its first wildcard, e.g.
/// "kong/templates" for "kong/templates/nginx_kong*.lua"; "" for the root.
/// A glob without wildcards yields itself (it may name a directory).
std::string literal_directory(const std::string& glob) {
  size_t wildcard = glob.find_first_of("*?[\\");
  if (wildcard == std::string::npos) return without_trailing_slash(glob);
  size_t slash = glob.rfind('/', wildcard);
  return slash == std::string::npos ? std::string() : glob.substr(0, slash);
}

/// True when path lies at or below dir ("" is the root).
bool is_within(const std::string& path, const std::string& dir) {
  if (dir.empty()) return true;
  return path.size() >= dir.size() && path.compare(0, dir.size(), dir) == 0 &&
         (path.size() == dir.size() || path[dir.size()] == '/');
}

bool matches_any(const std::string& path, const std::vector<std::string>& globs) {
  for (const auto& glob : globs) {
    if (fnmatch(glob.c_str(), path.c_str(), 0) == 0) return true;
    // Like a git pathspec, a literal directory name selects what is under it.
    if (glob.find_first_of("*?[\\") == std::string::npos && is_within(path, without_trailing_slash(glob)))
      return true;
  }
  return false;
}

bool is_hex_id(const std::string& text) {
  return text.size() == GIT_OID_HEXSZ &&
         std::all_of(text.begin(), text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

/// A whole file (a ref, packed-refs), read with one read() per chunk: a
/// full clone's packed-refs is most of a megabyte.
Result<std::string> read_small_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{"cannot read " + path + ": " + std::strerror(errno)};
  struct stat info {};
  std::string bytes;
  if (::fstat(fd, &info) == 0 && info.st_size > 0) bytes.reserve(static_cast<size_t>(info.st_size) + 1);
  char chunk[65536];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int saved = errno;
      ::close(fd);
      return Error{"cannot read " + path + ": " + std::strerror(saved)};
    }
    if (n == 0) break;
    bytes.append(chunk, static_cast<size_t>(n));
  }
  ::close(fd);
  return bytes;
}

}  // namespace

void Repository::Free::operator()(git_repository* repo) const { git_repository_free(repo); }

Repository::Repository(LibGit2Session session, git_repository* repo)
    : session_(std::move(session)), repo_(repo) {}

namespace {

// What git says about a repository owned by another user, and its fix.
Error not_owned(const std::string& path) {
  std::error_code ec;
  auto absolute = std::filesystem::absolute(path, ec);
  std::string shown = ec ? path : absolute.lexically_normal().string();
  return Error{"'" + path + "' is owned by another user (git calls this dubious ownership); if you trust it: "
               "git config --global --add safe.directory " + shown};
}

// A folder that looks like a repository (.git, or a bare one's HEAD) and
// belongs to someone else: what git refuses as dubious ownership.
bool owned_by_another_user(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || st.st_uid == ::geteuid()) return false;
  std::error_code ec;
  return std::filesystem::exists(std::filesystem::path(path) / ".git", ec) ||
         std::filesystem::exists(std::filesystem::path(path) / "HEAD", ec);
}

}  // namespace

Result<Repository> Repository::open(const std::string& path) {
  auto session = libgit2_session();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return Error{"'" + path + "' does not exist: pass --repo with a Kong clone"};
  git_repository* repo = nullptr;
  int rc = git_repository_open_ext(&repo, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  // libgit2 1.5 reports another user's repository as not found.
  if (rc == GIT_EOWNER || (rc == GIT_ENOTFOUND && owned_by_another_user(path))) return not_owned(path);
  if (rc == GIT_ENOTFOUND) return Error{"'" + path + "' is not a git repository: pass --repo with a Kong clone"};
  if (rc != 0) return Error{"cannot open '" + path + "': " + libgit2_error("unknown libgit2 error")};
  return Repository(std::move(session), repo);
}

Result<Repository> Repository::discover(const std::string& start_dir) {
  auto session = libgit2_session();
  Buf found;
  int found_rc = git_repository_discover(&found.buf, start_dir.c_str(), 0, nullptr);
  if (found_rc == GIT_EOWNER) return not_owned(start_dir);
  if (found_rc != 0)
    return Error{"no git repository at or above '" + start_dir + "': pass --repo with a Kong clone"};
  git_repository* repo = nullptr;
  int rc = git_repository_open(&repo, found.buf.ptr);
  if (rc == GIT_EOWNER) return not_owned(found.buf.ptr);
  if (rc != 0)
    return Error{"cannot open '" + std::string(found.buf.ptr) + "': " + libgit2_error("unknown libgit2 error")};
  return Repository(std::move(session), repo);
}

std::string Repository::path() const {
  if (!repo_) return {};
  const char* workdir = git_repository_workdir(repo_.get());
  return without_trailing_slash(workdir != nullptr ? workdir : git_repository_path(repo_.get()));
}

bool Repository::is_bare() const { return repo_ && git_repository_is_bare(repo_.get()) != 0; }

Result<std::vector<TagRef>> Repository::tags() const {
  auto listed = list_tags();
  if (!listed) return listed.error();
  std::vector<TagRef> result;
  for (const auto& tag : *listed) {
    auto peeled = peel_tag(tag);
    if (!peeled) return peeled.error();
    if (*peeled) result.push_back(std::move(**peeled));
  }
  return result;
}

Result<std::vector<TagListing>> Repository::list_tags() const {
  if (!repo_) return Error{"no repository is open"};
  const std::string common = git_repository_commondir(repo_.get());
  const std::string prefix = "refs/tags/";
  // Listed in one vector, sorted by name at the end; where a loose ref and a
  // packed one share a name, the loose one (listed later) wins.
  std::vector<TagListing> listed;

  // packed-refs: only its refs/tags/ slice (git/packed_refs).
  auto packed = PackedRefs::open(common + "packed-refs");
  if (!packed) return packed.error();
  const std::vector<PackedRef> slice = packed->with_prefix(prefix);
  listed.reserve(slice.size());
  for (const PackedRef& ref : slice)
    listed.push_back(TagListing{std::string(ref.name.substr(prefix.size())), std::string(ref.target),
                                std::string(ref.peeled), packed->peel_recorded()});
  const size_t packed_count = listed.size();

  // Loose refs override packed ones.
  std::error_code ec;
  const std::filesystem::path loose_root = common + prefix;
  if (std::filesystem::is_directory(loose_root, ec)) {
    std::filesystem::recursive_directory_iterator it(loose_root, ec), done;
    if (ec) return Error{"cannot list " + loose_root.string() + ": " + ec.message()};
    for (; it != done; it.increment(ec)) {
      if (ec) return Error{"cannot list " + loose_root.string() + ": " + ec.message()};
      if (!it->is_regular_file(ec)) continue;
      std::string name = it->path().lexically_relative(loose_root).generic_string();
      if (name.ends_with(".lock")) continue;
      auto bytes = read_small_file(it->path().string());
      if (!bytes) return bytes.error();
      std::string text = std::move(*bytes);
      while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
      TagListing tag{name, text, {}, false};
      if (text.starts_with("ref: ")) {
        // A symbolic ref under refs/tags/ (rare): let libgit2 resolve it.
        git_reference* raw_ref = nullptr;
        if (git_reference_lookup(&raw_ref, repo_.get(), (prefix + name).c_str()) != 0) continue;
        ReferencePtr ref(raw_ref);
        git_reference* raw_resolved = nullptr;
        if (git_reference_resolve(&raw_resolved, ref.get()) != 0) continue;
        ReferencePtr resolved(raw_resolved);
        tag.target_id = hex(git_reference_target(resolved.get()));
      } else if (!is_hex_id(tag.target_id)) {
        continue;  // not a ref file
      }
      listed.push_back(std::move(tag));
    }
  }
  // Stable: of two listings of one name, the loose one stays second.
  auto by_name = [](const TagListing& a, const TagListing& b) { return a.name < b.name; };
  if (!packed->sorted() || listed.size() > packed_count) std::stable_sort(listed.begin(), listed.end(), by_name);
  std::vector<TagListing> result;
  result.reserve(listed.size());
  for (size_t i = 0; i < listed.size(); ++i) {
    if (!result.empty() && result.back().name == listed[i].name) result.back() = std::move(listed[i]);
    else result.push_back(std::move(listed[i]));
  }
  return result;
}

Result<std::optional<TagRef>> Repository::peel_tag(const TagListing& tag) const {
  if (!repo_) return Error{"no repository is open"};
  auto target = parse_oid(tag.target_id, "tag target");
  if (!target) return std::optional<TagRef>();  // a damaged ref: not a version
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, repo_.get()) != 0)
    return Error{"cannot open the object database: " + libgit2_error("unknown error")};
  OdbPtr odb(raw_odb);
  // The type of an object from its header alone (no inflating).
  auto type_of = [&](const git_oid* oid) {
    size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    return git_odb_read_header(&size, &type, odb.get(), oid) == 0 ? type : GIT_OBJECT_INVALID;
  };
  if (tag.peel_recorded) {
    // packed-refs says what it peels to: only the final object's type is read.
    const std::string& commit = tag.peeled_id.empty() ? tag.target_id : tag.peeled_id;
    auto oid = parse_oid(commit, "commit");
    if (!oid || type_of(&oid.value()) != GIT_OBJECT_COMMIT) return std::optional<TagRef>();
    return std::optional<TagRef>(TagRef{tag.name, commit, !tag.peeled_id.empty()});
  }
  git_object_t type = type_of(&target.value());
  if (type == GIT_OBJECT_COMMIT) return std::optional<TagRef>(TagRef{tag.name, tag.target_id, false});
  if (type != GIT_OBJECT_TAG) return std::optional<TagRef>();
  git_object* raw_tag = nullptr;
  if (git_object_lookup(&raw_tag, repo_.get(), &target.value(), GIT_OBJECT_TAG) != 0) return std::optional<TagRef>();
  ObjectPtr tag_object(raw_tag);
  git_object* raw_commit = nullptr;
  if (git_object_peel(&raw_commit, tag_object.get(), GIT_OBJECT_COMMIT) != 0) return std::optional<TagRef>();
  ObjectPtr commit(raw_commit);
  return std::optional<TagRef>(TagRef{tag.name, hex(git_object_id(commit.get())), true});
}

Result<std::optional<TagRef>> Repository::find_tag(const std::string& name) const {
  if (!repo_) return Error{"no repository is open"};
  if (name.empty()) return std::optional<TagRef>();
  git_reference* raw_ref = nullptr;
  int rc = git_reference_lookup(&raw_ref, repo_.get(), ("refs/tags/" + name).c_str());
  if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC) return std::optional<TagRef>();
  if (rc != 0) return Error{"cannot read tag '" + name + "': " + libgit2_error("unknown error")};
  ReferencePtr ref(raw_ref);
  git_object* raw_commit = nullptr;
  if (git_reference_peel(&raw_commit, ref.get(), GIT_OBJECT_COMMIT) != 0) return std::optional<TagRef>();
  ObjectPtr commit(raw_commit);
  std::string commit_id = hex(git_object_id(commit.get()));
  git_reference* raw_resolved = nullptr;
  bool annotated = false;
  if (git_reference_resolve(&raw_resolved, ref.get()) == 0) {
    ReferencePtr resolved(raw_resolved);
    annotated = hex(git_reference_target(resolved.get())) != commit_id;
  }
  return std::optional<TagRef>(TagRef{name, commit_id, annotated});
}

Result<std::string> Repository::resolve_commit(const std::string& commitish) const {
  if (!repo_) return Error{"no repository is open"};
  if (commitish.empty()) return Error{"an empty version or commit was given"};
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, repo_.get(), commitish.c_str()) != 0)
    return Error{"unknown revision '" + commitish + "': " + libgit2_error("not found")};
  ObjectPtr object(raw);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) != 0)
    return Error{"'" + commitish + "' does not name a commit: " + libgit2_error("not a commit")};
  ObjectPtr commit(peeled);
  return hex(git_object_id(commit.get()));
}

Result<std::vector<TreeFile>> Repository::list_files(const std::string& commit_id,
                                                     const std::vector<std::string>& globs) const {
  if (!repo_) return Error{"no repository is open"};
  auto oid = parse_oid(commit_id, "commit");
  if (!oid) return oid.error();
  git_commit* raw_commit = nullptr;
  if (git_commit_lookup(&raw_commit, repo_.get(), &oid.value()) != 0)
    return Error{"cannot read commit " + commit_id + ": " + libgit2_error("not found")};
  CommitPtr commit(raw_commit);
  git_tree* raw_root = nullptr;
  if (git_commit_tree(&raw_root, commit.get()) != 0)
    return Error{"cannot read the tree of commit " + commit_id + ": " + libgit2_error("unknown error")};
  TreePtr root(raw_root);

  // The directories to walk: each glob's literal prefix, minus those inside
  // another (so no file is visited twice).
  std::set<std::string> dirs;
  for (const auto& glob : globs) dirs.insert(literal_directory(glob));
  std::vector<std::string> walk;
  for (const auto& dir : dirs)
    if (std::none_of(walk.begin(), walk.end(), [&](const std::string& outer) { return is_within(dir, outer); }))
      walk.push_back(dir);

  std::vector<TreeFile> files;
  // Subtrees still to visit, each with its path plus '/'. An explicit stack,
  // not recursion: an untrusted repository may nest trees arbitrarily deep.
  std::vector<std::pair<TreePtr, std::string>> pending;
  auto push_tree = [&](const git_oid* id, const std::string& prefix) -> Status {
    git_tree* raw_sub = nullptr;
    if (git_tree_lookup(&raw_sub, repo_.get(), id) != 0)
      return Error{"cannot read tree '" + prefix.substr(0, prefix.size() - 1) + "': " + libgit2_error("unknown error")};
    pending.emplace_back(TreePtr(raw_sub), prefix);
    return {};
  };
  auto add_file = [&](const git_tree_entry* entry, const std::string& path) {
    files.push_back({path, hex(git_tree_entry_id(entry)), static_cast<uint32_t>(git_tree_entry_filemode(entry))});
  };
  for (const auto& dir : walk) {
    if (dir.empty()) {
      pending.emplace_back(TreePtr(nullptr), "");
    } else {
      git_tree_entry* raw_entry = nullptr;
      int rc = git_tree_entry_bypath(&raw_entry, root.get(), dir.c_str());
      if (rc == GIT_ENOTFOUND) continue;  // nothing there at this version
      if (rc != 0) return Error{"cannot look up '" + dir + "' in " + commit_id + ": " + libgit2_error("unknown error")};
      TreeEntryPtr entry(raw_entry);
      if (git_tree_entry_type(entry.get()) == GIT_OBJECT_BLOB) {  // a glob naming one file
        if (matches_any(dir, globs)) add_file(entry.get(), dir);
        continue;
      }
      if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) continue;  // a submodule
      if (Status pushed = push_tree(git_tree_entry_id(entry.get()), dir + "/"); !pushed) return pushed.error();
    }
    while (!pending.empty()) {
      auto [owned, prefix] = std::move(pending.back());
      pending.pop_back();
      const git_tree* tree = owned ? owned.get() : root.get();  // null stands for the root
      size_t count = git_tree_entrycount(tree);
      for (size_t i = 0; i < count; ++i) {
        const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
        std::string path = prefix + git_tree_entry_name(entry);
        git_object_t type = git_tree_entry_type(entry);
        if (type == GIT_OBJECT_TREE) {
          if (Status pushed = push_tree(git_tree_entry_id(entry), path + "/"); !pushed) return pushed.error();
        } else if (type == GIT_OBJECT_BLOB && matches_any(path, globs)) {
          add_file(entry, path);
        }
      }
    }
  }
  // Full paths compared bytewise give git's order (a tree sorts as name + '/').
  std::sort(files.begin(), files.end(), [](const TreeFile& a, const TreeFile& b) { return a.path < b.path; });
  return files;
}

Result<std::string> Repository::read_blob(const std::string& blob_id) const {
  if (!repo_) return Error{"no repository is open"};
  auto oid = parse_oid(blob_id, "blob");
  if (!oid) return oid.error();
  git_blob* raw = nullptr;
  if (git_blob_lookup(&raw, repo_.get(), &oid.value()) != 0)
    return Error{"cannot read blob " + blob_id + ": " + libgit2_error("not found")};
  BlobPtr blob(raw);
  const char* bytes = static_cast<const char*>(git_blob_rawcontent(blob.get()));
  return std::string(bytes, static_cast<size_t>(git_blob_rawsize(blob.get())));
}

bool path_matches_globs(const std::string& path, const std::vector<std::string>& globs) {
  return matches_any(path, globs);
}

}  // namespace kongtpl
