// Local clones: a file:// URL is cached by copying (or hard-linking) the
// source's object files, not by packing and indexing every object again;
// the cache has exactly the source's branches and tags, and passes fsck.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "git/remote_cache.hpp"
#include "support/git_cli.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

namespace fs = std::filesystem;
using testing::git_or_fail;
using testing::run_process;
using testing::TempDir;

/// The pack files under a repository's objects/pack, by name.
std::vector<std::string> packs_of(const std::string& repo) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(fs::path(repo) / "objects/pack"))
    if (entry.path().extension() == ".pack") names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

/// Branches and tags with the object each names.
std::string refs_of(const std::string& repo) {
  return git_or_fail({"--git-dir", repo, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/tags"});
}

RemoteOptions quiet_options(const TempDir& cache) {
  RemoteOptions options;
  options.quiet = true;
  options.cache_root = cache / "cache";
  return options;
}

TEST(LocalClone, FileUrlCopiesThePackAndKeepsEveryRef) {
  TempDir dir;
  std::string work = dir / "work", bare = dir / "kong.git";
  git_or_fail({"init", "-q", work});
  for (int i = 0; i < 3; ++i) {
    testing::write_file(fs::path(work) / "kong/templates/nginx.lua", "return [[\n# " + std::to_string(i) + "\n]]\n");
    git_or_fail({"-C", work, "add", "-A"});
    git_or_fail({"-C", work, "commit", "-q", "-m", "release " + std::to_string(i)});
    git_or_fail({"-C", work, "tag", "-a", "-m", "Kong", std::to_string(i) + ".0.0"});
  }
  git_or_fail({"-C", work, "tag", "lightweight"});
  git_or_fail({"-C", work, "branch", "next", "HEAD~1"});
  git_or_fail({"clone", "-q", "--bare", "--no-local", work, bare});
  git_or_fail({"--git-dir", bare, "repack", "-adq"});
  git_or_fail({"--git-dir", bare, "pack-refs", "--all"});
  ASSERT_EQ(1u, packs_of(bare).size());

  TempDir cache;
  auto path = ensure_cached("file://" + bare, quiet_options(cache));
  ASSERT_TRUE(path.ok()) << path.error().message;
  EXPECT_EQ(refs_of(bare), refs_of(*path));
  // The source's pack itself: a transport clone would have written a new one.
  EXPECT_EQ(packs_of(bare), packs_of(*path));
  EXPECT_EQ(0, run_process({"git", "--git-dir", *path, "fsck", "--no-progress"}).status);
  // The cache remembers the URL, so later fetches still work.
  EXPECT_EQ("file://" + bare + "\n", git_or_fail({"--git-dir", *path, "config", "remote.origin.url"}));
}

TEST(LocalClone, BundleCloneThroughFileUrlHasEveryTag) {
  std::string source = testing::shared_bare_clone();
  if (source.empty()) GTEST_SKIP() << "../shared/kong-templates.bundle is absent";
  TempDir cache;
  auto path = ensure_cached("file://" + source, quiet_options(cache));
  ASSERT_TRUE(path.ok()) << path.error().message;
  EXPECT_EQ(refs_of(source), refs_of(*path));
  EXPECT_EQ(packs_of(source), packs_of(*path));
}

}  // namespace
}  // namespace kongtpl
