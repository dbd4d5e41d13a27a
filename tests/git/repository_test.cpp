// Repository: opening, tags, commit resolution, listing files by glob and
// reading blobs, checked against the git CLI on the fixture repository and on
// small repositories built here.
#include "git/repository.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "git/temp_repo.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::git_in;
using testing::TempDir;
using testing::TempRepo;

const std::string kFixture = KONGTPL_FIXTURE_REPO;

std::string canonical(const std::string& path) { return std::filesystem::weakly_canonical(path).string(); }

Repository open_fixture() {
  auto repo = Repository::open(kFixture);
  if (!repo) throw std::runtime_error(repo.error().message);
  return std::move(repo.value());
}

std::vector<std::string> paths_of(const std::vector<TreeFile>& files) {
  std::vector<std::string> paths;
  for (const auto& file : files) paths.push_back(file.path);
  return paths;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

/// What git itself lists for a pathspec at a commit (diff against the empty tree).
std::vector<std::string> git_paths(const std::string& repo, const std::string& commit, const std::vector<std::string>& globs) {
  std::string empty_tree = git_in(repo, {"hash-object", "-t", "tree", "/dev/null"});
  std::vector<std::string> args = {"diff", "--name-only", "--no-renames", empty_tree, commit, "--"};
  args.insert(args.end(), globs.begin(), globs.end());
  return split_lines(git_in(repo, args));
}

TEST(RepositoryOpen, OpensTheFixtureWorkTree) {
  auto repo = Repository::open(kFixture);
  ASSERT_TRUE(repo.ok()) << repo.error().message;
  EXPECT_EQ(canonical(kFixture), canonical(repo->path()));
  EXPECT_FALSE(repo->is_bare());
}

TEST(RepositoryOpen, PlainDirectoryIsNotARepository) {
  TempDir dir;
  auto repo = Repository::open(dir.path().string());
  ASSERT_FALSE(repo.ok());
  EXPECT_EQ("'" + dir.path().string() + "' is not a git repository: pass --repo with a Kong clone",
            repo.error().message);
}

TEST(RepositoryOpen, SubdirectoryOfARepositoryIsNotOneItself) {
  auto repo = Repository::open(kFixture + "/kong/templates");
  ASSERT_FALSE(repo.ok());
  EXPECT_NE(std::string::npos, repo.error().message.find("is not a git repository"));
}

TEST(RepositoryOpen, MissingPathSaysSo) {
  TempDir dir;
  auto repo = Repository::open(dir / "absent");
  ASSERT_FALSE(repo.ok());
  EXPECT_EQ("'" + (dir / "absent") + "' does not exist: pass --repo with a Kong clone", repo.error().message);
}

TEST(RepositoryOpen, OpensABareClone) {
  TempDir dir;
  git_in(dir.path().string(), {"clone", "-q", "--bare", kFixture, "kong.git"});
  auto repo = Repository::open(dir / "kong.git");
  ASSERT_TRUE(repo.ok()) << repo.error().message;
  EXPECT_TRUE(repo->is_bare());
  EXPECT_EQ(canonical(dir / "kong.git"), canonical(repo->path()));
  auto fixture_tags = open_fixture().tags();
  auto bare_tags = repo->tags();
  ASSERT_TRUE(bare_tags.ok());
  ASSERT_EQ(fixture_tags->size(), bare_tags->size());
  for (size_t i = 0; i < bare_tags->size(); ++i) {
    EXPECT_EQ((*fixture_tags)[i].name, (*bare_tags)[i].name);
    EXPECT_EQ((*fixture_tags)[i].commit_id, (*bare_tags)[i].commit_id);
  }
  auto files = repo->list_files(git_in(kFixture, {"rev-parse", "1.2.0^{commit}"}), {"kong/templates/*.lua"});
  ASSERT_TRUE(files.ok()) << files.error().message;
  EXPECT_EQ(5u, files->size());
}

TEST(RepositoryDiscover, FindsTheRepositoryAroundASubdirectory) {
  auto repo = Repository::discover(kFixture + "/kong/templates");
  ASSERT_TRUE(repo.ok()) << repo.error().message;
  EXPECT_EQ(canonical(kFixture), canonical(repo->path()));
}

TEST(RepositoryDiscover, NoRepositoryAboveAPlainDirectory) {
  TempDir dir;
  auto repo = Repository::discover(dir.path().string());
  ASSERT_FALSE(repo.ok());
  EXPECT_EQ("no git repository at or above '" + dir.path().string() + "': pass --repo with a Kong clone",
            repo.error().message);
}

TEST(RepositoryMove, MovedRepositoryStillReads) {
  Repository repo = open_fixture();
  Repository moved = std::move(repo);
  EXPECT_TRUE(moved.resolve_commit("1.0.0").ok());
  Repository empty;
  EXPECT_FALSE(empty.tags().ok());
}

TEST(RepositoryTags, AnnotatedAndLightweightPeeledToCommits) {
  auto tags = open_fixture().tags();
  ASSERT_TRUE(tags.ok()) << tags.error().message;
  std::vector<std::string> names;
  for (const auto& tag : *tags) {
    names.push_back(tag.name);
    EXPECT_EQ(git_in(kFixture, {"rev-parse", tag.name + "^{commit}"}), tag.commit_id) << tag.name;
    bool git_says_annotated = git_in(kFixture, {"cat-file", "-t", "refs/tags/" + tag.name}) == "tag";
    EXPECT_EQ(git_says_annotated, tag.annotated) << tag.name;
  }
  EXPECT_EQ((std::vector<std::string>{"1.0.0", "1.1.0", "1.2.0", "1.2.0rc1", "1.2.1", "2.0.0", "2.10.0", "2.9.0"}), names);
  // The manifest makes both kinds.
  EXPECT_TRUE((*tags)[0].annotated);   // 1.0.0
  EXPECT_FALSE((*tags)[1].annotated);  // 1.1.0
}

TEST(RepositoryTags, TagsOfBlobsAreSkippedAndTagsOfTagsPeeled) {
  TempRepo temp;
  temp.write("kong/templates/nginx.lua", "return [[\n]]\n");
  std::string commit = temp.commit("one");
  temp.git({"tag", "-a", "-m", "v", "1.0.0"});
  temp.git({"tag", "-a", "-m", "nested", "wrapped", "1.0.0"});  // a tag of a tag
  temp.git({"tag", "blob-tag", "HEAD:kong/templates/nginx.lua"});
  auto repo = Repository::open(temp.path());
  ASSERT_TRUE(repo.ok());
  auto tags = repo->tags();
  ASSERT_TRUE(tags.ok()) << tags.error().message;
  ASSERT_EQ(2u, tags->size());
  EXPECT_EQ("1.0.0", (*tags)[0].name);
  EXPECT_EQ(commit, (*tags)[0].commit_id);
  EXPECT_EQ("wrapped", (*tags)[1].name);
  EXPECT_EQ(commit, (*tags)[1].commit_id);
  EXPECT_TRUE((*tags)[1].annotated);
}

TEST(RepositoryResolve, CommitIshesGitUnderstands) {
  Repository repo = open_fixture();
  for (std::string spec : {"2.10.0", "1.1.0", "next", "main", "HEAD", "next~1", "2.0.0^"}) {
    auto id = repo.resolve_commit(spec);
    ASSERT_TRUE(id.ok()) << spec << ": " << id.error().message;
    EXPECT_EQ(git_in(kFixture, {"rev-parse", spec + "^{commit}"}), *id) << spec;
  }
  std::string full = git_in(kFixture, {"rev-parse", "1.2.1^{commit}"});
  EXPECT_EQ(full, repo.resolve_commit(full).value());
  EXPECT_EQ(full, repo.resolve_commit(full.substr(0, 10)).value());
}

TEST(RepositoryResolve, UnknownAndNonCommitObjectsAreErrors) {
  Repository repo = open_fixture();
  auto unknown = repo.resolve_commit("no-such-branch");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(0u, unknown.error().message.rfind("unknown revision 'no-such-branch': ", 0)) << unknown.error().message;
  std::string tree = git_in(kFixture, {"rev-parse", "1.0.0^{tree}"});
  auto not_commit = repo.resolve_commit(tree);
  ASSERT_FALSE(not_commit.ok());
  EXPECT_EQ(0u, not_commit.error().message.rfind("'" + tree + "' does not name a commit", 0));
  EXPECT_FALSE(repo.resolve_commit("").ok());
}

TEST(RepositoryListFiles, TemplatesAtEachVersionMatchGit) {
  Repository repo = open_fixture();
  for (std::string tag : {"1.0.0", "1.2.0rc1", "2.0.0", "2.10.0", "next"}) {
    std::string commit = git_in(kFixture, {"rev-parse", tag + "^{commit}"});
    for (std::vector<std::string> globs : std::vector<std::vector<std::string>>{
             {"kong/templates/*.lua"}, {"kong/templates/nginx_kong*.lua"}, {"*.lua"}, {"kong/*"},
             {"kong/templates/nginx.lua", "kong/meta.lua"}, {"*"}}) {
      auto files = repo.list_files(commit, globs);
      ASSERT_TRUE(files.ok()) << files.error().message;
      EXPECT_EQ(git_paths(kFixture, commit, globs), paths_of(*files)) << tag << " " << globs[0];
      for (const auto& file : *files) {
        EXPECT_EQ(git_in(kFixture, {"rev-parse", commit + ":" + file.path}), file.blob_id);
        EXPECT_EQ(0100644u, file.mode);
      }
    }
  }
}

TEST(RepositoryListFiles, AddedAndRemovedTemplates) {
  Repository repo = open_fixture();
  auto at = [&](const std::string& tag) {
    auto files = repo.list_files(repo.resolve_commit(tag).value(), {"kong/templates/nginx_kong*.lua"});
    return paths_of(files.value());
  };
  EXPECT_EQ((std::vector<std::string>{"kong/templates/nginx_kong.lua", "kong/templates/nginx_kong_extra.lua"}),
            at("1.1.0"));
  EXPECT_EQ((std::vector<std::string>{"kong/templates/nginx_kong.lua", "kong/templates/nginx_kong_extra.lua",
                                      "kong/templates/nginx_kong_stream.lua"}),
            at("1.2.0rc1"));
  EXPECT_EQ((std::vector<std::string>{"kong/templates/nginx_kong.lua", "kong/templates/nginx_kong_stream.lua"}),
            at("2.0.0"));
}

TEST(RepositoryListFiles, StarCrossesSlashesAndOrderIsGits) {
  TempRepo temp;
  for (std::string path : {"a.lua", "a-b/y.lua", "a/b/c.lua", "a/x.lua", "ab.lua", "a/notes.txt", "b/a.lua"})
    temp.write(path, path + "\n");
  std::string commit = temp.commit("files");
  auto repo = Repository::open(temp.path());
  ASSERT_TRUE(repo.ok());

  auto lua = repo->list_files(commit, {"*.lua"});
  ASSERT_TRUE(lua.ok());
  EXPECT_EQ((std::vector<std::string>{"a-b/y.lua", "a.lua", "a/b/c.lua", "a/x.lua", "ab.lua", "b/a.lua"}), paths_of(*lua));
  EXPECT_EQ(git_paths(temp.path(), commit, {"*.lua"}), paths_of(*lua));

  auto under_a = repo->list_files(commit, {"a/*.lua"});
  EXPECT_EQ((std::vector<std::string>{"a/b/c.lua", "a/x.lua"}), paths_of(under_a.value()));
  EXPECT_EQ(git_paths(temp.path(), commit, {"a/*.lua"}), paths_of(under_a.value()));

  // A literal directory selects what is under it, as a git pathspec does.
  auto directory = repo->list_files(commit, {"a"});
  EXPECT_EQ((std::vector<std::string>{"a/b/c.lua", "a/notes.txt", "a/x.lua"}), paths_of(directory.value()));
  EXPECT_EQ(git_paths(temp.path(), commit, {"a"}), paths_of(directory.value()));

  // Overlapping globs list a file once.
  auto overlap = repo->list_files(commit, {"a/*", "a/b/c.lua", "a/x.lua"});
  EXPECT_EQ((std::vector<std::string>{"a/b/c.lua", "a/notes.txt", "a/x.lua"}), paths_of(overlap.value()));

  auto question = repo->list_files(commit, {"?.lua", "[ab]/[xa].lua"});
  EXPECT_EQ((std::vector<std::string>{"a.lua", "a/x.lua", "b/a.lua"}), paths_of(question.value()));
  EXPECT_EQ(git_paths(temp.path(), commit, {"?.lua", "[ab]/[xa].lua"}), paths_of(question.value()));

  EXPECT_TRUE(repo->list_files(commit, {"missing/*.lua"}).value().empty());
  EXPECT_TRUE(repo->list_files(commit, {"a/x.lua/deeper"}).value().empty());
  EXPECT_TRUE(repo->list_files(commit, {}).value().empty());
}

TEST(RepositoryListFiles, ExecutableAndSymlinkModes) {
  TempRepo temp;
  temp.write("kong/templates/run.lua", "#!/bin/sh\n");
  std::filesystem::permissions(temp.path() + "/kong/templates/run.lua", std::filesystem::perms::owner_exec,
                               std::filesystem::perm_options::add);
  std::filesystem::create_symlink("run.lua", temp.path() + "/kong/templates/link.lua");
  std::string commit = temp.commit("modes");
  auto files = Repository::open(temp.path()).value().list_files(commit, {"kong/templates/*"});
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(2u, files->size());
  EXPECT_EQ("kong/templates/link.lua", (*files)[0].path);
  EXPECT_EQ(0120000u, (*files)[0].mode);
  EXPECT_EQ(0100755u, (*files)[1].mode);
}

TEST(RepositoryListFiles, BadCommitIdsAreErrors) {
  Repository repo = open_fixture();
  EXPECT_FALSE(repo.list_files("2.10.0", {"*"}).ok());  // ids only, not names
  EXPECT_FALSE(repo.list_files(std::string(40, '0'), {"*"}).ok());
  std::string tree = git_in(kFixture, {"rev-parse", "1.0.0^{tree}"});
  auto not_commit = repo.list_files(tree, {"*"});
  ASSERT_FALSE(not_commit.ok());
  EXPECT_NE(std::string::npos, not_commit.error().message.find(tree));
}

TEST(RepositoryReadBlob, BytesAsGitStoresThem) {
  Repository repo = open_fixture();
  std::string commit = repo.resolve_commit("2.9.0").value();
  auto files = repo.list_files(commit, {"kong/templates/*.lua"}).value();
  for (const auto& file : files) {
    auto bytes = repo.read_blob(file.blob_id);
    ASSERT_TRUE(bytes.ok());
    EXPECT_EQ(git_in(kFixture, {"cat-file", "blob", file.blob_id}) + (file.path.ends_with("stream.lua") ? "" : "\n"),
              *bytes)
        << file.path;
  }
  // 2.9.0's stream template has no final newline.
  std::string stream = repo.read_blob(git_in(kFixture, {"rev-parse", "2.9.0:kong/templates/nginx_kong_stream.lua"})).value();
  EXPECT_TRUE(stream.ends_with("}\n]]"));
}

TEST(RepositoryReadBlob, UnknownOrMalformedIdsAreErrors) {
  Repository repo = open_fixture();
  auto unknown = repo.read_blob(std::string(40, 'a'));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(0u, unknown.error().message.rfind("cannot read blob " + std::string(40, 'a'), 0));
  auto malformed = repo.read_blob("xyz");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ("'xyz' is not a full blob id (40 hex digits)", malformed.error().message);
  std::string commit = repo.resolve_commit("1.0.0").value();
  EXPECT_FALSE(repo.read_blob(commit).ok());  // a commit is not a blob
}

TEST(RepositoryReadBlob, ArbitraryBytesSurvive) {
  TempRepo temp;
  std::string bytes("a\0b\r\n\xff", 6);
  temp.write("bin", bytes);
  std::string commit = temp.commit("binary");
  auto repo = Repository::open(temp.path()).value();
  auto files = repo.list_files(commit, {"bin"}).value();
  ASSERT_EQ(1u, files.size());
  EXPECT_EQ(bytes, repo.read_blob(files[0].blob_id).value());
}

}  // namespace
}  // namespace kongtpl

namespace kongtpl {
namespace {

TEST(RepositoryListFiles, LiteralPrefixIsLookedUpNotWalkedTo) {
  // Remove a sibling subtree's object: a walk from the root would trip over
  // it, a direct lookup of kong/templates never reads it.
  TempRepo temp;
  temp.write("kong/templates/nginx.lua", "return [[\n]]\n");
  temp.write("spec/fixtures/big.lua", "-- unrelated\n");
  std::string commit = temp.commit("two trees");
  std::string spec_tree = temp.git({"rev-parse", commit + ":spec"});
  std::filesystem::remove(temp.path() + "/.git/objects/" + spec_tree.substr(0, 2) + "/" + spec_tree.substr(2));
  auto repo = Repository::open(temp.path()).value();
  auto templates = repo.list_files(commit, {"kong/templates/*.lua", "kong/templates/nginx.lua"});
  ASSERT_TRUE(templates.ok()) << templates.error().message;
  ASSERT_EQ(1u, templates->size());
  auto everything = repo.list_files(commit, {"*.lua"});
  ASSERT_FALSE(everything.ok());
  EXPECT_EQ(0u, everything.error().message.rfind("cannot read tree 'spec'", 0)) << everything.error().message;
}

}  // namespace
}  // namespace kongtpl

namespace kongtpl {
namespace {

TEST(RepositoryTags, PackedRefsGiveTheSameTags) {
  // Packed refs carry peeled ids (a faster path); the answer must not change.
  TempRepo temp;
  temp.write("kong/templates/nginx.lua", "return [[\n]]\n");
  std::string first = temp.commit("one");
  temp.git({"tag", "-a", "-m", "annotated", "1.0.0"});
  temp.git({"tag", "-a", "-m", "nested", "wrapped", "1.0.0"});
  temp.git({"tag", "blob-tag", "HEAD:kong/templates/nginx.lua"});
  temp.git({"tag", "-a", "-m", "tree", "tree-tag", "HEAD^{tree}"});
  std::string second = temp.commit("two");
  temp.git({"tag", "1.1.0"});
  auto loose = Repository::open(temp.path()).value().tags().value();
  temp.git({"pack-refs", "--all"});
  ASSERT_FALSE(std::filesystem::exists(temp.path() + "/.git/refs/tags/1.0.0"));
  auto packed = Repository::open(temp.path()).value().tags().value();
  for (const auto* tags : {&loose, &packed}) {
    ASSERT_EQ(3u, tags->size());
    EXPECT_EQ("1.0.0", (*tags)[0].name);
    EXPECT_EQ(first, (*tags)[0].commit_id);
    EXPECT_TRUE((*tags)[0].annotated);
    EXPECT_EQ("1.1.0", (*tags)[1].name);
    EXPECT_EQ(second, (*tags)[1].commit_id);
    EXPECT_FALSE((*tags)[1].annotated);
    EXPECT_EQ("wrapped", (*tags)[2].name);
    EXPECT_EQ(first, (*tags)[2].commit_id);
    EXPECT_TRUE((*tags)[2].annotated);
  }
}

}  // namespace
}  // namespace kongtpl
