// plan_path: Kong's upgrade rules, table-driven over synthetic catalogues.
#include <gtest/gtest.h>

#include "core/upgrade_plan.hpp"

namespace kongtpl {
namespace {

VersionCatalog catalog_of(const std::vector<std::string>& tags) {
  std::vector<TagRef> refs;
  for (const std::string& tag : tags) refs.push_back(TagRef{tag, "commit-of-" + tag, true});
  return VersionCatalog(refs);
}

const std::vector<std::string> kReleases = {"0.12.0", "0.13.0", "0.14.0", "0.14.1", "0.15.0", "1.0.0", "1.4.0",
                                            "1.5.0",  "1.5.1",  "1.5.2rc1", "2.0.0", "2.7.0", "2.8.0", "2.8.4",
                                            "2.8.5-rc.1", "3.0.0rc1", "3.0.0", "3.4.0", "3.9.1"};

struct PlanCase {
  std::string from, to;
  std::vector<std::string> path;  // expected stops, FROM and TO included
};

class UpgradePlanRules : public ::testing::TestWithParam<PlanCase> {};

TEST_P(UpgradePlanRules, PathFollowsKongsUpgradeNotes) {
  const PlanCase& c = GetParam();
  VersionCatalog catalog = catalog_of(kReleases);
  auto path = plan_path(catalog, *catalog.find(c.from), *catalog.find(c.to));
  ASSERT_TRUE(path.ok()) << path.error().message;
  std::vector<std::string> names;
  for (const PlanStop& stop : *path) names.push_back(stop.version->name());
  EXPECT_EQ(c.path, names);
  // Only the intermediate stops carry the rule that requires them.
  for (size_t i = 0; i < path->size(); ++i) {
    bool intermediate = i > 0 && i + 1 < path->size();
    EXPECT_EQ(intermediate, (*path)[i].rule != nullptr) << names[i];
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, UpgradePlanRules,
    ::testing::Values(
        PlanCase{"0.13.0", "3.4.0", {"0.13.0", "0.14.1", "1.5.1", "2.8.4", "3.4.0"}},
        PlanCase{"0.12.0", "0.14.1", {"0.12.0", "0.14.1"}},           // 0.x targets have no rule
        PlanCase{"0.12.0", "0.15.0", {"0.12.0", "0.15.0"}},
        PlanCase{"0.13.0", "1.4.0", {"0.13.0", "0.14.1", "1.4.0"}},   // 1.x: from below 0.14.1 via 0.14.1
        PlanCase{"0.14.0", "1.5.0", {"0.14.0", "0.14.1", "1.5.0"}},   // 0.14.0 is below 0.14.1 too
        PlanCase{"0.14.1", "1.5.1", {"0.14.1", "1.5.1"}},
        PlanCase{"0.14.1", "2.0.0", {"0.14.1", "1.5.1", "2.0.0"}},    // 2.x: 0.14.x via the last 1.5 final
        PlanCase{"0.15.0", "2.7.0", {"0.15.0", "1.5.1", "2.7.0"}},
        PlanCase{"1.0.0", "2.8.4", {"1.0.0", "2.8.4"}},               // 2.x migrates from 1.0.x directly
        PlanCase{"1.0.0", "3.0.0", {"1.0.0", "2.8.4", "3.0.0"}},      // 3.x: from 2.7.x or lower via 2.8
        PlanCase{"2.7.0", "3.9.1", {"2.7.0", "2.8.4", "3.9.1"}},
        PlanCase{"2.7.0", "3.0.0rc1", {"2.7.0", "2.8.4", "3.0.0rc1"}},  // a 3.0 rc is a 3.x target
        PlanCase{"2.8.0", "3.4.0", {"2.8.0", "3.4.0"}},
        PlanCase{"3.0.0", "3.9.1", {"3.0.0", "3.9.1"}},
        PlanCase{"1.5.1", "2.0.0", {"1.5.1", "2.0.0"}},
        PlanCase{"2.0.0", "2.0.0", {"2.0.0"}}),
    [](const ::testing::TestParamInfo<PlanCase>& info) {
      std::string name = info.param.from + "_to_" + info.param.to;
      for (char& ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return name;
    });

TEST(UpgradePlan, MissingIntermediateIsNamed) {
  VersionCatalog catalog = catalog_of({"0.14.1", "1.4.0", "2.0.0", "2.8.0", "3.0.0"});
  auto path = plan_path(catalog, *catalog.find("0.14.1"), *catalog.find("3.0.0"));
  ASSERT_FALSE(path.ok());
  EXPECT_NE(std::string::npos, path.error().message.find("must go through 1.5.x")) << path.error().message;
  EXPECT_NE(std::string::npos, path.error().message.find("the repository has no 1.5.x release"))
      << path.error().message;
  EXPECT_NE(std::string::npos, path.error().message.find("UPGRADE.md")) << path.error().message;
}

TEST(UpgradePlan, PreReleaseIsNeverAnIntermediate) {
  VersionCatalog catalog = catalog_of({"2.0.0", "2.8.0rc1", "3.0.0"});
  auto path = plan_path(catalog, *catalog.find("2.0.0"), *catalog.find("3.0.0"));
  ASSERT_FALSE(path.ok());
  EXPECT_NE(std::string::npos, path.error().message.find("no 2.8.x release")) << path.error().message;
}

TEST(UpgradePlan, DowngradeIsRefused) {
  VersionCatalog catalog = catalog_of(kReleases);
  auto path = plan_path(catalog, *catalog.find("3.0.0"), *catalog.find("2.8.4"));
  ASSERT_FALSE(path.ok());
  EXPECT_EQ("FROM (3.0.0) is newer than TO (2.8.4); kongtpl plans upgrades, not downgrades: give the older version "
            "first",
            path.error().message);
}

TEST(UpgradePlan, EveryRuleNamesItsSourceAndLeadsUp) {
  ASSERT_EQ(3u, upgrade_rules().size());
  for (const UpgradeRule& rule : upgrade_rules()) {
    EXPECT_NE(std::string::npos, std::string(rule.source).find("Kong")) << rule.reason;
    EXPECT_FALSE(std::string(rule.reason).empty());
    // The intermediate is at or above the starts it serves and below the targets.
    std::vector<uint64_t> via = rule.via;
    via.resize(std::max(via.size(), rule.start_below.size()), 0);
    EXPECT_LE(rule.start_below, via);
    EXPECT_LT(rule.via, rule.target_at_least);
  }
  EXPECT_EQ("0.14.1", upgrade_rules()[0].via_name());
  EXPECT_EQ("1.5.x", upgrade_rules()[1].via_name());
  EXPECT_EQ("2.8.x", upgrade_rules()[2].via_name());
}

}  // namespace
}  // namespace kongtpl
