// `kongtpl plan`, run as a user would, on the fixture and on Kong's tags.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::run_kongtpl;

const std::string kFixture = KONGTPL_FIXTURE_REPO;

TEST(PlanCommand, DirectHopWithItsTemplateChanges) {
  // 1.x to 2.x needs no intermediate: 2.x migrates from 1.0.x or later.
  auto r = run_kongtpl({"plan", "--repo", kFixture, "1.2.0", "2.0.0"});
  ASSERT_EQ(0, r.status) << r.err;
  EXPECT_EQ("Upgrade path from 1.2.0 to 2.0.0 (1 hop):\n"
            "  1.2.0 -> 2.0.0\n"
            "\n"
            "1.2.0 -> 2.0.0: the target\n"
            "    2 templates, +19 -17\n"
            "    +19  -4  kong/templates/nginx_kong.lua\n"
            "     +0 -13  kong/templates/nginx_kong_extra.lua (removed)\n",
            r.out);
}

TEST(PlanCommand, SameVersionHasNoHop) {
  auto r = run_kongtpl({"plan", "--repo", kFixture, "--format", "json", "2.0.0", "2.0"});
  ASSERT_EQ(0, r.status) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(nlohmann::json::array({"2.0.0"}), j["path"]);
  EXPECT_TRUE(j["hops"].empty());
}

TEST(PlanCommand, DowngradeIsTrouble) {
  auto r = run_kongtpl({"plan", "--repo", kFixture, "2.10.0", "1.0.0"});
  EXPECT_EQ(2, r.status);
  EXPECT_NE(std::string::npos, r.err.find("kongtpl plans upgrades, not downgrades")) << r.err;
}

TEST(PlanCommand, KongFrom0_13To3_4AsJson) {
  std::string clone = testing::shared_bare_clone();
  if (clone.empty()) GTEST_SKIP() << "no " << KONGTPL_SHARED_DIR << "/kong-templates.bundle: Kong plan e2e skipped";
  auto r = run_kongtpl({"plan", "--repo", clone, "--format", "json", "0.13.0", "3.4.0"});
  ASSERT_EQ(0, r.status) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ("kongtpl-plan/1", j["schema"]);
  EXPECT_EQ(nlohmann::json::array({"0.13.0", "0.14.1", "1.5.1", "2.8.5", "3.4.0"}), j["path"]);
  ASSERT_EQ(4u, j["hops"].size());
  EXPECT_EQ("0.13.0", j["hops"][0]["from"]);
  EXPECT_EQ("0.14.1", j["hops"][0]["to"]);
  EXPECT_NE(std::string::npos, j["hops"][0]["source"].get<std::string>().find("UPGRADE.md"));
  EXPECT_TRUE(j["hops"][3]["reason"].is_null());  // the last hop reaches the target
  bool added_stream = false;
  for (const auto& t : j["hops"][1]["templates"])
    added_stream |= t["path"] == "kong/templates/nginx_kong_stream.lua" && t["status"] == "added";
  EXPECT_TRUE(added_stream);  // the stream template appeared in 1.x
}

TEST(PlanCommand, NonReleaseIsTrouble) {
  auto r = run_kongtpl({"plan", "--repo", kFixture, "next", "2.10.0"});
  EXPECT_EQ(2, r.status);
  EXPECT_EQ("kongtpl: an upgrade plan works on release tags, and 'next' is not one; name a version listed by "
            "'kongtpl versions'\n",
            r.err);
}

TEST(PlanCommand, MissingIntermediateIsTrouble) {
  // A repository with 0.13.0 and 3.0.0 only: the path needs 0.14.1 first.
  testing::TempDir dir;
  auto git = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"git", "-C", dir.path().string(), "-c", "user.name=t", "-c", "user.email=t@t.invalid"});
    auto p = testing::run_process(args);
    ASSERT_EQ(0, p.status) << p.err;
  };
  git({"init", "-q", "-b", "main", "."});
  testing::write_file(dir.path() / "kong/templates/nginx.lua", "return [[\nuser nobody;\n]]\n");
  git({"add", "-A"});
  git({"commit", "-q", "-m", "one"});
  git({"tag", "0.13.0"});
  git({"tag", "3.0.0"});
  auto r = run_kongtpl({"plan", "--repo", dir.path().string(), "0.13.0", "3.0.0"});
  EXPECT_EQ(2, r.status);
  EXPECT_NE(std::string::npos, r.err.find("must go through 0.14.1")) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("the repository has no 0.14.1 release")) << r.err;
  EXPECT_EQ("", r.out);
}

}  // namespace
}  // namespace kongtpl
