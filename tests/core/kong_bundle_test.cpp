// Version order and resolution on Kong's real tags (the shared bundle of
// kong/templates/ at all its tags), with git's own version sort as oracle.
#include <gtest/gtest.h>

#include <map>

#include "core/version.hpp"
#include "git/temp_repo.hpp"

namespace kongtpl {
namespace {

using testing::git_in;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class KongBundle : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = testing::shared_bare_clone();
    if (path_.empty()) GTEST_SKIP() << "no " << KONGTPL_SHARED_DIR << "/kong-templates.bundle: Kong tag tests skipped";
  }
  std::string path_;
};

TEST_F(KongBundle, OrderEqualsGitVersionSortWithPreReleaseSuffixes) {
  auto repo = Repository::open(path_).value();
  auto catalog = VersionCatalog::load(repo).value();
  // git's version:refname sort, told which suffixes mark pre-releases.
  auto expected = lines_of(git_in(path_, {"-c", "versionsort.suffix=-alpha", "-c", "versionsort.suffix=-beta", "-c",
                                          "versionsort.suffix=-rc", "-c", "versionsort.suffix=alpha", "-c",
                                          "versionsort.suffix=beta", "-c", "versionsort.suffix=rc", "tag",
                                          "--sort=version:refname"}));
  ASSERT_EQ(178u, expected.size());
  // The listing holds every tag; the releases leave out the non-open-source ones.
  EXPECT_TRUE(catalog.other_tags().empty());
  EXPECT_EQ(expected, catalog.matching(""));
  std::vector<std::string> ours, releases;
  for (const auto& tag : catalog.ordered()) ours.push_back(tag.name());
  for (const auto& tag : expected)
    if (tag != "0.29" && tag != "0.30" && tag != "0.33") releases.push_back(tag);
  EXPECT_EQ(releases, ours);
}

TEST_F(KongBundle, EveryPreReleaseIsCommittedBeforeItsRelease) {
  // The bundle has one commit per tag in release (date) order: each
  // pre-release of a version comes before that version's release.
  auto repo = Repository::open(path_).value();
  auto catalog = VersionCatalog::load(repo).value();
  std::map<std::string, size_t> position;
  auto commits = lines_of(git_in(path_, {"rev-list", "--reverse", "--all"}));
  ASSERT_EQ(178u, commits.size());
  for (size_t i = 0; i < commits.size(); ++i) position[commits[i]] = i;
  size_t checked = 0;
  for (const auto& pre : catalog.ordered()) {
    if (!pre.version.is_prerelease()) continue;
    for (const auto& final : catalog.finals()) {
      if (final.version.numbers != pre.version.numbers || final.version.revision != 0) continue;
      EXPECT_LT(position.at(pre.commit_id), position.at(final.commit_id)) << pre.name() << " vs " << final.name();
      ++checked;
    }
  }
  EXPECT_GT(checked, 40u);
}

TEST_F(KongBundle, SeriesAndLatestResolveToTheHighestFinal) {
  auto repo = Repository::open(path_).value();
  auto catalog = VersionCatalog::load(repo).value();
  // Oracle: git's version sort of the series' tags, pre-releases left out.
  auto highest_final = [&](const std::string& glob) {
    auto tags = lines_of(git_in(path_, {"tag", "--list", glob, "--sort=-version:refname"}));
    for (const auto& tag : tags)
      if (tag.find_first_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos) return tag;
    return std::string();
  };
  for (std::string series : {"2.7", "2.8", "0.11", "1.0", "3.9"}) {
    auto resolved = catalog.resolve(series, repo);
    ASSERT_TRUE(resolved.ok()) << resolved.error().message;
    std::string expected = highest_final(series + ".*");
    EXPECT_EQ(expected, resolved->label) << series;
    EXPECT_EQ(git_in(path_, {"rev-parse", expected + "^{commit}"}), resolved->commit_id);
    EXPECT_EQ(expected, catalog.resolve(series + ".x", repo).value().label);
  }
  EXPECT_EQ(highest_final("*"), catalog.resolve("latest", repo).value().label);
  EXPECT_EQ("0.29", catalog.resolve("0.29", repo).value().label);
  EXPECT_EQ("0.29", catalog.resolve("0.29.0", repo).value().label);
  EXPECT_EQ("2.1.0-rc.1", catalog.resolve("2.1.0-rc.1", repo).value().label);
  auto unknown = catalog.resolve("2.7.9", repo);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ("unknown version '2.7.9': closest are 2.7.2, 2.8.0 (run 'kongtpl versions' to list them)",
            unknown.error().message);
}

}  // namespace
}  // namespace kongtpl
