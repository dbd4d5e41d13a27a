// Version: parsing Kong's tag names and ordering them.
#include "core/version.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace kongtpl {
namespace {

Version v(const std::string& tag) {
  auto version = Version::parse(tag);
  if (!version) throw std::runtime_error("not a version: " + tag);
  return *version;
}

TEST(VersionParse, NumericComponentsOfAnyCount) {
  EXPECT_EQ((std::vector<uint64_t>{2, 10, 0}), v("2.10.0").numbers);
  EXPECT_EQ((std::vector<uint64_t>{0, 11, 0, 1}), v("0.11.0.1").numbers);
  EXPECT_EQ((std::vector<uint64_t>{0, 29}), v("0.29").numbers);
  EXPECT_EQ((std::vector<uint64_t>{3}), v("3").numbers);
  EXPECT_EQ((std::vector<uint64_t>{1, 2, 3}), v("v1.2.3").numbers);
  EXPECT_FALSE(v("2.10.0").is_prerelease());
}

TEST(VersionParse, PreReleaseSpellings) {
  struct Case {
    std::string tag;
    int stage;
    uint64_t number;
  };
  for (const auto& c : std::vector<Case>{{"0.7.0rc1", 3, 1},
                                         {"2.1.0-rc.1", 3, 1},
                                         {"1.0.0-rc1", 3, 1},
                                         {"1.0.0.rc2", 3, 2},
                                         {"0.14.0rc3", 3, 3},
                                         {"2.4.0-beta.2", 1, 2},
                                         {"1.3.0beta1", 1, 1},
                                         {"0.1.0beta-3", 1, 3},
                                         {"2.1.0-alpha.1", 0, 1},
                                         {"3.0.0-alpha", 0, 0},
                                         {"3.0.0-RC2", 3, 2},
                                         {"3.0.0-pre.4", 2, 4},
                                         {"3.0.0-preview", 2, 0}}) {
    Version version = v(c.tag);
    EXPECT_TRUE(version.is_prerelease()) << c.tag;
    EXPECT_EQ(c.stage, version.pre_stage) << c.tag;
    EXPECT_EQ(c.number, version.pre_number) << c.tag;
    EXPECT_EQ(c.tag, version.tag);
  }
}

TEST(VersionParse, PackageRevisionIsAFinal) {
  Version version = v("0.2.0-2");
  EXPECT_FALSE(version.is_prerelease());
  EXPECT_EQ(2u, version.revision);
  EXPECT_EQ((std::vector<uint64_t>{0, 2, 0}), version.numbers);
}

TEST(VersionParse, NonVersionTags) {
  for (std::string tag : {"", "next", "latest", "v", "nightly-2023", "2.7.x", "1.0.0-foo", "1.0.0rc1x",
                          "1..2", "1.2.", "1.2.3-", "1.0.0-rc.", "release-1.0.0", "1.0.0-2x", "99999999999999999999"}) {
    EXPECT_FALSE(Version::parse(tag).has_value()) << tag;
  }
  // A label needs no number.
  EXPECT_TRUE(Version::parse("1.0.0-rc").has_value());
  EXPECT_TRUE(Version::parse("1.0.0rc").has_value());
}

TEST(VersionOrder, PreReleasesBeforeTheirRelease) {
  EXPECT_LT(v("0.7.0rc1"), v("0.7.0rc2"));
  EXPECT_LT(v("0.7.0rc2"), v("0.7.0"));
  EXPECT_LT(v("0.6.1"), v("0.7.0rc1"));
  EXPECT_LT(v("2.1.0-alpha.1"), v("2.1.0-beta.1"));
  EXPECT_LT(v("2.1.0-beta.1"), v("2.1.0-rc.1"));
  EXPECT_LT(v("2.1.0-rc.1"), v("2.1.0"));
  EXPECT_LT(v("2.4.0-beta.1"), v("2.4.0-beta.2"));
  EXPECT_LT(v("1.0.0rc4"), v("1.0.0rc10"));
}

TEST(VersionOrder, NumbersCompareAsNumbers) {
  EXPECT_LT(v("2.9.0"), v("2.10.0"));
  EXPECT_LT(v("0.11.0"), v("0.11.0.1"));
  EXPECT_LT(v("0.11.0.3"), v("0.11.1"));
  EXPECT_LT(v("0.15.0"), v("0.29"));
  EXPECT_LT(v("0.33"), v("1.0.0rc1"));
  EXPECT_LT(v("0.2.0"), v("0.2.0-2"));
  EXPECT_LT(v("0.2.0-2"), v("0.2.1"));
  EXPECT_LT(v("0.1.0beta-3"), v("0.1.1beta-2"));
}

TEST(VersionOrder, EqualKeysFallBackToTheName) {
  EXPECT_EQ(std::strong_ordering::equal, v("0.29").compare_key(v("0.29.0")));
  EXPECT_EQ(std::strong_ordering::equal, v("2.1.0-rc.1").compare_key(v("2.1.0rc1")));
  EXPECT_LT(v("0.29"), v("0.29.0"));
  EXPECT_NE(v("0.29"), v("0.29.0"));
  EXPECT_EQ(v("1.2.3"), v("1.2.3"));
}

TEST(VersionOrder, SortingAShuffledList) {
  std::vector<std::string> expected = {"0.1.0beta-3", "0.2.0-2", "0.7.0rc1", "0.7.0rc2", "0.7.0", "0.9.9",
                                       "0.10.0rc3",   "0.10.0",  "0.11.0",   "0.11.0.1", "0.11.1", "0.29",
                                       "0.30",        "1.0.0",   "2.1.0-alpha.1", "2.1.0-rc.1", "2.1.0", "2.9.0",
                                       "2.10.0"};
  std::vector<Version> versions;
  for (const auto& tag : expected) versions.push_back(v(tag));
  std::mt19937 random(7);
  std::shuffle(versions.begin(), versions.end(), random);
  std::sort(versions.begin(), versions.end());
  std::vector<std::string> sorted;
  for (const auto& version : versions) sorted.push_back(version.tag);
  EXPECT_EQ(expected, sorted);
}

}  // namespace
}  // namespace kongtpl
