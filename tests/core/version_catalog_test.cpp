// VersionCatalog: the fixture's tags in version order, resolving what users
// type, suggestions for unknown versions and `versions PATTERN` matching.
#include <gtest/gtest.h>

#include "core/version.hpp"
#include "git/temp_repo.hpp"

namespace kongtpl {
namespace {

using testing::git_in;

const std::string kFixture = KONGTPL_FIXTURE_REPO;

struct Fixture {
  Repository repo = Repository::open(kFixture).value();
  VersionCatalog catalog = VersionCatalog::load(repo).value();
};

std::string commit_of(const std::string& rev) { return git_in(kFixture, {"rev-parse", rev + "^{commit}"}); }

std::vector<std::string> names(const std::vector<VersionTag>& tags) {
  std::vector<std::string> result;
  for (const auto& tag : tags) result.push_back(tag.name());
  return result;
}

TEST(VersionCatalog, FixtureInVersionOrder) {
  Fixture f;
  EXPECT_EQ((std::vector<std::string>{"1.0.0", "1.1.0", "1.2.0rc1", "1.2.0", "1.2.1", "2.0.0", "2.9.0", "2.10.0"}),
            names(f.catalog.ordered()));
  EXPECT_EQ((std::vector<std::string>{"1.0.0", "1.1.0", "1.2.0", "1.2.1", "2.0.0", "2.9.0", "2.10.0"}),
            names(f.catalog.finals()));
  EXPECT_TRUE(f.catalog.other_tags().empty());
  for (const auto& tag : f.catalog.ordered()) EXPECT_EQ(commit_of(tag.name()), tag.commit_id) << tag.name();
  ASSERT_NE(nullptr, f.catalog.find("1.2.0rc1"));
  EXPECT_TRUE(f.catalog.find("1.2.0rc1")->annotated);
  EXPECT_FALSE(f.catalog.find("2.9.0")->annotated);
  EXPECT_EQ(nullptr, f.catalog.find("1.2"));
}

TEST(VersionCatalog, EmptyCatalogue) {
  VersionCatalog empty;
  EXPECT_TRUE(empty.ordered().empty());
  EXPECT_TRUE(empty.matching("").empty());
  Fixture f;
  auto latest = empty.resolve("latest", f.repo);
  ASSERT_FALSE(latest.ok());
  EXPECT_EQ("'latest' needs a release tag and the repository has none: name a branch or commit instead",
            latest.error().message);
}

void expect_resolves(const std::string& spec, const std::string& label, const std::string& rev) {
  Fixture f;
  auto resolved = f.catalog.resolve(spec, f.repo);
  ASSERT_TRUE(resolved.ok()) << spec << ": " << resolved.error().message;
  EXPECT_EQ(label, resolved->label) << spec;
  EXPECT_EQ(commit_of(rev), resolved->commit_id) << spec;
}

TEST(VersionCatalogResolve, ExactTags) {
  expect_resolves("1.2.0", "1.2.0", "1.2.0");
  expect_resolves("2.10.0", "2.10.0", "2.10.0");
  expect_resolves("1.1.0", "1.1.0", "1.1.0");  // lightweight
}

TEST(VersionCatalogResolve, SeriesGiveTheirHighestFinal) {
  expect_resolves("1.2", "1.2.1", "1.2.1");
  expect_resolves("1.2.x", "1.2.1", "1.2.1");
  expect_resolves("2.9", "2.9.0", "2.9.0");
  expect_resolves("2.10.x", "2.10.0", "2.10.0");
  expect_resolves("1", "1.2.1", "1.2.1");
  expect_resolves("2.x", "2.10.0", "2.10.0");
}

TEST(VersionCatalogResolve, LatestIsTheHighestFinalNotABranch) {
  expect_resolves("latest", "2.10.0", "2.10.0");
}

TEST(VersionCatalogResolve, PreReleasesOnlyWhenNamed) {
  expect_resolves("1.2.0rc1", "1.2.0rc1", "1.2.0rc1");
  expect_resolves("1.2.0-rc.1", "1.2.0rc1", "1.2.0rc1");  // same version, other spelling
}

TEST(VersionCatalogResolve, SameVersionWrittenDifferently) {
  expect_resolves("v2.9.0", "2.9.0", "2.9.0");
  expect_resolves("2.9.0.0", "2.9.0", "2.9.0");
}

TEST(VersionCatalogResolve, BranchesAndCommitIds) {
  expect_resolves("next", "next", "next");
  expect_resolves("main", "main", "main");
  std::string sha = commit_of("1.2.1");
  expect_resolves(sha, sha, "1.2.1");
  expect_resolves(sha.substr(0, 8), sha.substr(0, 8), "1.2.1");
  expect_resolves("next~2", "next~2", "2.9.0");
}

TEST(VersionCatalogResolve, UnknownVersionsNameTheClosest) {
  Fixture f;
  auto between = f.catalog.resolve("2.7.9", f.repo);
  ASSERT_FALSE(between.ok());
  EXPECT_EQ("unknown version '2.7.9': closest are 2.0.0, 2.9.0 (run 'kongtpl versions' to list them)",
            between.error().message);
  auto series = f.catalog.resolve("1.3", f.repo);
  ASSERT_FALSE(series.ok());
  EXPECT_EQ("unknown version '1.3': closest are 1.2.1, 2.0.0 (run 'kongtpl versions' to list them)",
            series.error().message);
  auto above_all = f.catalog.resolve("3.0.x", f.repo);
  ASSERT_FALSE(above_all.ok());
  EXPECT_EQ("unknown version '3.0.x': closest is 2.10.0 (run 'kongtpl versions' to list them)",
            above_all.error().message);
  auto below_all = f.catalog.resolve("0.9", f.repo);
  ASSERT_FALSE(below_all.ok());
  EXPECT_EQ("unknown version '0.9': closest is 1.0.0 (run 'kongtpl versions' to list them)",
            below_all.error().message);
  auto pre = f.catalog.resolve("1.2.0rc2", f.repo);
  ASSERT_FALSE(pre.ok());
  EXPECT_EQ("unknown version '1.2.0rc2': closest are 1.1.0, 1.2.0 (run 'kongtpl versions' to list them)",
            pre.error().message);
}

TEST(VersionCatalogResolve, TyposSuggestNearNames) {
  Fixture f;
  auto typo = f.catalog.resolve("2.9.O", f.repo);
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ("unknown version '2.9.O': closest are 2.9.0, 2.0.0 (run 'kongtpl versions' to list them)",
            typo.error().message);
  auto nothing_near = f.catalog.resolve("no-such-thing", f.repo);
  ASSERT_FALSE(nothing_near.ok());
  EXPECT_EQ("unknown version 'no-such-thing' (run 'kongtpl versions' to list them)", nothing_near.error().message);
  auto empty = f.catalog.resolve("", f.repo);
  ASSERT_FALSE(empty.ok());
}

TEST(VersionCatalogResolve, ObjectsThatAreNotCommitsSaySo) {
  Fixture f;
  std::string tree = git_in(kFixture, {"rev-parse", "2.0.0^{tree}"});
  auto resolved = f.catalog.resolve(tree, f.repo);
  ASSERT_FALSE(resolved.ok());
  EXPECT_EQ(0u, resolved.error().message.rfind("'" + tree + "' does not name a commit", 0)) << resolved.error().message;
}

TEST(VersionCatalogResolve, SeriesWithOnlyPreReleases) {
  testing::TempRepo temp;
  temp.write("kong/templates/nginx.lua", "return [[\n]]\n");
  temp.commit("one");
  temp.git({"tag", "3.0.0"});
  temp.commit("two");
  temp.git({"tag", "3.1.0-beta.1"});
  temp.git({"tag", "-a", "-m", "rc", "3.1.0-rc.1"});
  temp.git({"tag", "nightly"});
  auto repo = Repository::open(temp.path()).value();
  auto catalog = VersionCatalog::load(repo).value();
  EXPECT_EQ((std::vector<std::string>{"3.0.0", "3.1.0-beta.1", "3.1.0-rc.1"}), names(catalog.ordered()));
  EXPECT_EQ((std::vector<std::string>{"nightly"}), catalog.other_tags());
  auto series = catalog.resolve("3.1", repo);
  ASSERT_FALSE(series.ok());
  EXPECT_EQ("version '3.1' has no final release yet: name a pre-release exactly (3.1.0-beta.1, 3.1.0-rc.1)",
            series.error().message);
  EXPECT_EQ("3.0.0", catalog.resolve("latest", repo).value().label);
  EXPECT_EQ("3.0.0", catalog.resolve("3", repo).value().label);
  auto other = catalog.resolve("nightly", repo);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ("nightly", other->label);
  EXPECT_EQ(temp.git({"rev-parse", "HEAD"}), other->commit_id);
}

TEST(VersionCatalogMatching, PrefixesEndAtComponentBoundaries) {
  Fixture f;
  EXPECT_EQ(names(f.catalog.ordered()), f.catalog.matching(""));
  EXPECT_EQ((std::vector<std::string>{"1.2.0rc1", "1.2.0", "1.2.1"}), f.catalog.matching("1.2"));
  EXPECT_EQ((std::vector<std::string>{"1.2.0rc1", "1.2.0", "1.2.1"}), f.catalog.matching("1.2.x"));
  EXPECT_EQ((std::vector<std::string>{"1.2.0rc1", "1.2.0"}), f.catalog.matching("1.2.0"));
  EXPECT_EQ(std::vector<std::string>{}, f.catalog.matching("2.1"));  // not 2.10.0
  EXPECT_EQ((std::vector<std::string>{"2.10.0"}), f.catalog.matching("2.10"));
  EXPECT_EQ(std::vector<std::string>{}, f.catalog.matching("7"));
}

TEST(VersionCatalogMatching, Globs) {
  Fixture f;
  EXPECT_EQ((std::vector<std::string>{"2.0.0", "2.9.0", "2.10.0"}), f.catalog.matching("2.*"));
  EXPECT_EQ((std::vector<std::string>{"1.2.0rc1"}), f.catalog.matching("*rc*"));
  EXPECT_EQ((std::vector<std::string>{"1.2.0", "1.2.1"}), f.catalog.matching("1.2.[0-9]"));
  EXPECT_EQ(names(f.catalog.ordered()), f.catalog.matching("*"));
}

}  // namespace
}  // namespace kongtpl
