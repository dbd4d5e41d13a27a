// Four-part (Enterprise) versions among three-part ones, and Kong's
// non-open-source tags (0.29, 0.30, 0.33) set aside from releases.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "core/version.hpp"
#include "source/file_tree.hpp"

namespace kongtpl {
namespace {

VersionCatalog catalog_of(const std::vector<std::string>& tags) {
  std::vector<TagRef> refs;
  for (const std::string& tag : tags) refs.push_back(TagRef{tag, "commit-of-" + tag, true});
  return VersionCatalog(refs);
}

TEST(EnterpriseVersions, FourPartVersionsOrderNumericallyAmongThreePartOnes) {
  // Property: the order is that of the zero-padded number tuples.
  std::mt19937 random(13);
  std::vector<std::string> tags;
  for (int i = 0; i < 400; ++i) {
    std::string tag = std::to_string(random() % 4) + "." + std::to_string(random() % 12) + "." +
                      std::to_string(random() % 4);
    if (random() % 2) tag += "." + std::to_string(random() % 15);
    tags.push_back(tag);
  }
  auto padded = [](const std::string& tag) {
    auto v = *Version::parse(tag);
    v.numbers.resize(4, 0);
    return v.numbers;
  };
  for (size_t i = 0; i + 1 < tags.size(); ++i) {
    auto a = *Version::parse(tags[i]), b = *Version::parse(tags[i + 1]);
    EXPECT_EQ(a.compare_key(b) < 0, padded(tags[i]) < padded(tags[i + 1])) << tags[i] << " vs " << tags[i + 1];
  }
  EXPECT_LT(*Version::parse("3.4.3.12"), *Version::parse("3.10.0.0"));
}

TEST(EnterpriseVersions, SeriesAndLatestChooseTheHighestFourPartRelease) {
  auto catalog = catalog_of({"3.4.3.12", "3.10.0.0", "3.9.3", "3.4.3.2", "3.10.0.2", "3.4.2"});
  Repository none;
  EXPECT_EQ(catalog.resolve("3.10", none)->label, "3.10.0.2");
  EXPECT_EQ(catalog.resolve("3.4", none)->label, "3.4.3.12");
  EXPECT_EQ(catalog.resolve("3.4.3", none)->label, "3.4.3.12");
  EXPECT_EQ(catalog.resolve("latest", none)->label, "3.10.0.2");
  EXPECT_EQ(catalog.matching(""),
            (std::vector<std::string>{"3.4.2", "3.4.3.2", "3.4.3.12", "3.9.3", "3.10.0.0", "3.10.0.2"}));
}

TEST(NonOssTags, AreNoReleasesButStillResolveByName) {
  ::unsetenv("KONGTPL_NON_OSS_TAGS");
  auto catalog = catalog_of({"0.15.0", "0.29", "0.30", "0.33", "1.0.0", "0.3.0"});
  Repository none;
  std::vector<std::string> finals;
  for (const auto& tag : catalog.finals()) finals.push_back(tag.name());
  EXPECT_EQ(finals, (std::vector<std::string>{"0.3.0", "0.15.0", "1.0.0"}));
  EXPECT_EQ(catalog.resolve("0.33", none)->commit_id, "commit-of-0.33");  // exact name
  EXPECT_EQ(catalog.resolve("0", none)->label, "0.15.0");                  // series passes them over
  EXPECT_EQ(catalog.matching(""), (std::vector<std::string>{"0.3.0", "0.15.0", "0.29", "0.30", "0.33", "1.0.0"}));
  EXPECT_EQ(catalog.matching("", false), (std::vector<std::string>{"0.3.0", "0.15.0", "1.0.0"}));

  ::setenv("KONGTPL_NON_OSS_TAGS", "include", 1);
  auto included = catalog_of({"0.15.0", "0.29", "0.30", "0.33", "1.0.0"});
  ::unsetenv("KONGTPL_NON_OSS_TAGS");
  EXPECT_EQ(included.resolve("0", none)->label, "0.33");
  EXPECT_EQ(included.finals().size(), 5u);
  EXPECT_EQ(included.matching("", false), (std::vector<std::string>{"0.15.0", "1.0.0"}));
}

TEST(NonOssTags, APathVersionSitsWhereItsVersionSorts) {
  auto catalog = catalog_of({"3.4.0", "3.4.1", "3.4.2", "3.9.3"});
  ResolvedVersion path("3.4.1.3 (kong.deb)", "path:/kong.deb");
  path.tree = std::make_shared<FileTree>("kong.deb", std::vector<TreeEntry>{});
  path.version = Version::parse("3.4.1.3");
  auto [below, above] = catalog.neighbours(path);
  EXPECT_EQ(catalog.ordered()[below - 1].name(), "3.4.1");
  EXPECT_EQ(catalog.ordered()[above].name(), "3.4.2");
}

}  // namespace
}  // namespace kongtpl
