// Resolving without the full catalogue: resolve_directly (an exact tag looked
// up directly, a commit-ish that cannot be a version) and the names-only
// catalogue (refs/tags/ listed, only the chosen tag peeled) give exactly what
// the peeled catalogue gives, on loose and packed tags, skipping tags of
// trees and blobs.
#include <gtest/gtest.h>

#include "core/version.hpp"
#include "git/temp_repo.hpp"

namespace kongtpl {
namespace {

using testing::git_in;
using testing::TempRepo;

const std::string kFixture = KONGTPL_FIXTURE_REPO;

/// resolve_directly, else the names-only catalogue (what RepoSession does).
Result<ResolvedVersion> lazily(const std::string& spec, const Repository& repo) {
  auto direct = resolve_directly(spec, repo);
  if (!direct) return direct.error();
  if (*direct) return **direct;
  return VersionCatalog::load_names(repo).value().resolve(spec, repo);
}

/// Same resolutions (and errors); with all_commits, same listings too.
void expect_same_answers(const Repository& repo, const std::vector<std::string>& specs, bool all_commits = true) {
  VersionCatalog peeled = VersionCatalog::load(repo).value();
  VersionCatalog names = VersionCatalog::load_names(repo).value();
  EXPECT_TRUE(peeled.peeled());
  EXPECT_FALSE(names.peeled() && !names.ordered().empty());
  for (const auto& spec : specs) {
    auto expected = peeled.resolve(spec, repo);
    for (const auto& got : {names.resolve(spec, repo), lazily(spec, repo)}) {
      ASSERT_EQ(expected.ok(), got.ok()) << spec << ": " << (got.ok() ? got->label : got.error().message);
      if (expected.ok()) {
        EXPECT_EQ(expected->label, got->label) << spec;
        EXPECT_EQ(expected->commit_id, got->commit_id) << spec;
      } else {
        EXPECT_EQ(expected.error().message, got.error().message) << spec;
      }
    }
  }
  if (!all_commits) return;
  EXPECT_EQ(peeled.matching(""), names.matching(""));
  EXPECT_EQ(peeled.matching("1.*"), names.matching("1.*"));
}

std::vector<std::string> fixture_specs() {
  std::string sha = git_in(kFixture, {"rev-parse", "1.2.1^{commit}"});
  return {"1.0.0",   "1.1.0",  "1.2.0rc1", "1.2.0-rc.1", "2.10.0",   "1.2",     "1.2.x",   "2.x",
          "1",       "latest", "v2.9.0",   "2.9.0.0",    "next",     "main",    "next~2",  sha,
          sha.substr(0, 8),    "2.7.9",    "1.3",        "3.0.x",    "0.9",     "2.9.O",   "no-such-thing",
          ""};
}

TEST(VersionLookup, FixtureAnswersEqualTheCatalogue) {
  Repository repo = Repository::open(kFixture).value();
  expect_same_answers(repo, fixture_specs());
}

TEST(VersionLookup, ExactTagsAndCommitIshesNeedNoCatalogue) {
  Repository repo = Repository::open(kFixture).value();
  for (std::string spec : {"1.0.0", "1.1.0", "1.2.0rc1", "2.10.0", "next", "main", "next~2", "HEAD"}) {
    auto direct = resolve_directly(spec, repo);
    ASSERT_TRUE(direct.ok()) << spec << ": " << direct.error().message;
    ASSERT_TRUE(direct->has_value()) << spec;
    EXPECT_EQ(spec, (*direct)->label);
    EXPECT_EQ(git_in(kFixture, {"rev-parse", spec + "^{commit}"}), (*direct)->commit_id) << spec;
  }
  // Series, latest, other spellings and unknown specs go to the catalogue.
  for (std::string spec : {"1.2", "2.x", "latest", "v2.9.0", "1.2.0-rc.1", "2.7.9", "no-such-thing", ""}) {
    auto direct = resolve_directly(spec, repo);
    ASSERT_TRUE(direct.ok()) << spec << ": " << direct.error().message;
    EXPECT_FALSE(direct->has_value()) << spec;
  }
}

TEST(VersionLookup, TagsOfTreesAndBlobsArePassedOver) {
  TempRepo temp;
  temp.write("kong/templates/nginx.lua", "return [[\n]]\n");
  temp.commit("one");
  temp.git({"tag", "-a", "-m", "annotated", "1.0.0"});
  temp.git({"tag", "1.0.1"});
  temp.git({"tag", "-a", "-m", "rc", "1.1.0-rc.1"});
  // Higher versions that do not name commits: never chosen.
  temp.git({"tag", "1.0.2", "HEAD:kong/templates/nginx.lua"});
  temp.git({"tag", "-a", "-m", "tree", "1.9.0", "HEAD^{tree}"});
  temp.git({"tag", "-a", "-m", "tree", "weird", "HEAD^{tree}"});
  std::vector<std::string> specs = {"1.0.0", "1.0.1", "1.0.2", "1.9.0",      "1.0", "1.x", "1", "latest",
                                    "1.1",   "v1.0.0", "weird", "1.1.0-rc.1", "main"};
  for (bool packed : {false, true}) {
    if (packed) temp.git({"pack-refs", "--all"});
    SCOPED_TRACE(packed ? "packed" : "loose");
    Repository repo = Repository::open(temp.path()).value();
    expect_same_answers(repo, specs, false);
    EXPECT_EQ("1.0.1", lazily("latest", repo)->label);
    EXPECT_EQ("1.0.1", lazily("1.0", repo)->label);
    EXPECT_FALSE(lazily("1.9.0", repo).ok());
    // Listing reads no object, so it names them; they are never chosen.
    EXPECT_EQ((std::vector<std::string>{"1.0.0", "1.0.1", "1.0.2", "1.1.0-rc.1", "1.9.0"}),
              VersionCatalog::load_names(repo).value().matching(""));
    EXPECT_EQ((std::vector<std::string>{"1.0.0", "1.0.1", "1.1.0-rc.1"}),
              VersionCatalog::load(repo).value().matching(""));
  }
}

TEST(VersionLookup, BundleCloneAnswersEqualTheCatalogue) {
  std::string clone = testing::shared_bare_clone();
  if (clone.empty()) GTEST_SKIP() << "../shared/kong-templates.bundle is absent";
  Repository repo = Repository::open(clone).value();
  expect_same_answers(repo, {"2.0.0", "2.7.0", "0.29", "0.29.0", "3.0.0-rc.1", "2.8", "2.8.x", "3", "latest",
                             "0.2.0-2", "0.7.0rc1", "v3.4.0", "2.8.9", "2.80", "nightly"});
}

}  // namespace
}  // namespace kongtpl
