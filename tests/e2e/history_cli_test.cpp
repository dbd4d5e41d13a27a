// `kongtpl history`, run as a user would, on the fixture repository.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::run_kongtpl;

const std::string kFixture = KONGTPL_FIXTURE_REPO;

TEST(HistoryCommand, TextListsChangedReleases) {
  auto r = run_kongtpl({"history", "--repo", kFixture, "1.0.0", "1.2.1"});
  ASSERT_EQ(0, r.status) << r.err;
  EXPECT_EQ("1.1.0 (since 1.0.0): 1 template, +4 -1\n"
            "    +4 -1  kong/templates/nginx_kong.lua\n"
            "1.2.0 (since 1.1.0): 3 templates, +58 -1\n"
            "     +6 -0  kong/templates/nginx.lua\n"
            "     +1 -1  kong/templates/nginx_kong.lua\n"
            "    +51 -0  kong/templates/nginx_kong_stream.lua (added)\n",
            r.out);
  EXPECT_EQ("kongtpl: 2 of 3 releases after 1.0.0 up to 1.2.1 changed the templates\n", r.err);
}

TEST(HistoryCommand, JsonFollowsTheSchema) {
  auto r = run_kongtpl({"history", "--repo", kFixture, "--format", "json", "--all", "1.0.0", "2.10.0"});
  ASSERT_EQ(0, r.status) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ("kongtpl-history/1", j["schema"]);
  EXPECT_EQ("1.0.0", j["from"]);
  EXPECT_EQ("2.10.0", j["to"]);
  EXPECT_EQ(true, j["prereleases"]);
  EXPECT_EQ(nlohmann::json::array({"kong/templates/nginx*.lua"}), j["templates"]);
  EXPECT_EQ(7, j["releases_walked"]);
  std::vector<std::string> versions;
  for (const auto& rel : j["releases"]) versions.push_back(rel["version"]);
  EXPECT_EQ((std::vector<std::string>{"1.1.0", "1.2.0rc1", "1.2.0", "2.0.0", "2.9.0", "2.10.0"}), versions);
  const auto& rel200 = j["releases"][3];
  EXPECT_EQ("1.2.1", rel200["previous"]);
  EXPECT_EQ(40u, rel200["commit"].get<std::string>().size());
  const auto& removed = rel200["templates"][1];
  EXPECT_EQ("kong/templates/nginx_kong_extra.lua", removed["path"]);
  EXPECT_EQ("removed", removed["status"]);
  EXPECT_EQ(0, removed["added"]);
  size_t added = 0;
  for (const auto& t : rel200["templates"]) added += t["added"].get<size_t>();
  EXPECT_EQ(added, rel200["added"].get<size_t>());
}

TEST(HistoryCommand, TemplatesOptionNarrowsTheWalk) {
  auto r = run_kongtpl({"history", "--repo", kFixture, "--templates", "kong/templates/nginx.lua", "-q", "1.0.0",
                        "2.10.0"});
  ASSERT_EQ(0, r.status) << r.err;
  EXPECT_EQ("1.2.0 (since 1.1.0): 1 template, +6 -0\n"
            "    +6 -0  kong/templates/nginx.lua\n"
            "2.10.0 (since 2.9.0): 1 template, +1 -1\n"
            "    +1 -1  kong/templates/nginx.lua\n",
            r.out);
  EXPECT_EQ("", r.err);
}

TEST(HistoryCommand, TroubleExitsWithTwo) {
  auto reversed = run_kongtpl({"history", "--repo", kFixture, "2.0.0", "1.0.0"});
  EXPECT_EQ(2, reversed.status);
  EXPECT_EQ("kongtpl: FROM (2.0.0) is newer than TO (1.0.0); give the older version first\n", reversed.err);
  EXPECT_EQ("", reversed.out);
  auto unknown = run_kongtpl({"history", "--repo", kFixture, "1.0.0", "9.9.9"});
  EXPECT_EQ(2, unknown.status);
  EXPECT_NE(std::string::npos, unknown.err.find("9.9.9")) << unknown.err;
}

}  // namespace
}  // namespace kongtpl
