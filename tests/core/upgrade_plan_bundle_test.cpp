// plan_upgrade on Kong's real tags (a clone of the shared bundle).
#include <gtest/gtest.h>

#include "core/upgrade_plan.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

class UpgradePlanKong : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = testing::shared_bare_clone();
    if (path_.empty()) GTEST_SKIP() << "no " << KONGTPL_SHARED_DIR << "/kong-templates.bundle: Kong plan tests skipped";
    repo_ = Repository::open(path_).value();
    catalog_ = VersionCatalog::load(repo_).value();
  }
  std::vector<std::string> plan(const std::string& from, const std::string& to) {
    auto path = plan_upgrade(catalog_, repo_, from, to);
    EXPECT_TRUE(path.ok()) << path.error().message;
    std::vector<std::string> names;
    if (!path.ok()) return names;
    for (const ResolvedVersion& v : *path) {
      EXPECT_EQ(repo_.resolve_commit(v.label).value(), v.commit_id);
      names.push_back(v.label);
    }
    return names;
  }
  std::string path_;
  Repository repo_;
  VersionCatalog catalog_;
};

TEST_F(UpgradePlanKong, From0_13To3_4GoesThroughEveryRequiredRelease) {
  // 1.5.1 and 2.8.5 are the highest 1.5 and 2.8 finals among Kong's tags.
  EXPECT_EQ((std::vector<std::string>{"0.13.0", "0.14.1", "1.5.1", "2.8.5", "3.4.0"}), plan("0.13.0", "3.4.0"));
}

TEST_F(UpgradePlanKong, SeriesSpecsAndDirectUpgrades) {
  EXPECT_EQ((std::vector<std::string>{"2.8.5", "3.9.3"}), plan("2.8", "latest"));
  EXPECT_EQ((std::vector<std::string>{"1.0.0", "2.8.5"}), plan("1.0.0", "2.8"));
  EXPECT_EQ((std::vector<std::string>{"2.1.4", "2.8.5", "3.0.0"}), plan("2.1", "3.0.0"));
}

TEST_F(UpgradePlanKong, CommitsAreNotReleases) {
  std::string commit = repo_.resolve_commit("2.8.0").value();
  auto path = plan_upgrade(catalog_, repo_, commit.substr(0, 12), "3.0.0");
  ASSERT_FALSE(path.ok());
  EXPECT_NE(std::string::npos, path.error().message.find("an upgrade plan works on release tags"))
      << path.error().message;
}

}  // namespace
}  // namespace kongtpl
