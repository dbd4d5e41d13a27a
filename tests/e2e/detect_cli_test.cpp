// `kongtpl detect`, run as a user would, on files customised from the
// fixture repository's templates.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::run_kongtpl;
using testing::run_process;

const std::string kFixture = KONGTPL_FIXTURE_REPO;

std::string fixture_file(const std::string& version, const std::string& path) {
  auto r = run_process({"git", "-C", kFixture, "show", version + ":" + path});
  if (r.status != 0) throw std::runtime_error(r.err);
  return r.out;
}

// nginx_kong.lua at 2.0.0 with two site lines after its first line.
std::string customised_2_0_0() {
  std::string text = fixture_file("2.0.0", "kong/templates/nginx_kong.lua");
  size_t after = text.find('\n') + 1;
  return text.insert(after, "lua_shared_dict site_cache 10m;\nmore_set_headers 'X-Site: edge';\n");
}

TEST(DetectCommand, TextRanksTheStartingVersionFirst) {
  testing::TempDir dir;
  testing::write_file(dir / "nginx_kong.lua", customised_2_0_0());
  auto r = run_kongtpl({"detect", "--repo", kFixture, "--top", "2", dir / "nginx_kong.lua"});
  ASSERT_EQ(0, r.status) << r.err;
  std::string expected_head = dir / "nginx_kong.lua";
  expected_head += ": customised copy of kong/templates/nginx_kong.lua (Lua module)\n"
                   "compared with 7 releases\n"
                   "\n"
                   "rank  distance     added  removed  versions\n"
                   "   1         2         2        0  2.0.0\n";
  EXPECT_EQ(expected_head, r.out.substr(0, expected_head.size())) << r.out;
  // 2.9.0 changed one line of nginx_kong.lua: too close to call clear.
  EXPECT_NE(std::string::npos, r.out.find("   2         4         3        1  2.9.0\n")) << r.out;
  EXPECT_NE(std::string::npos,
            r.out.find("\nconsistent with 2.0.0: ambiguous, confidence low (runner-up 2.9.0 is 2 lines further)\n"
                       "doubt: 2.9.0 (other templates) fits nearly as well: 2 lines further\n"))
      << r.out;
  // --top 2: two candidate rows.
  size_t rows = 0;
  for (size_t pos = r.out.find("\n   "); pos != std::string::npos; pos = r.out.find("\n   ", pos + 1)) ++rows;
  EXPECT_EQ(2u, rows) << r.out;
}

TEST(DetectCommand, JsonFollowsTheSchema) {
  testing::TempDir dir;
  testing::write_file(dir / "nginx_kong.lua", customised_2_0_0());
  auto r = run_kongtpl({"detect", "--repo", kFixture, "--format", "json", dir / "nginx_kong.lua"});
  ASSERT_EQ(0, r.status) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ("kongtpl-detect/1", j["schema"]);
  EXPECT_EQ(dir / "nginx_kong.lua", j["file"]);
  EXPECT_EQ("single-template", j["layout"]["kind"]);
  EXPECT_EQ("kong/templates/nginx_kong.lua", j["layout"]["template"]);
  EXPECT_EQ(true, j["layout"]["module"]);
  EXPECT_EQ("template:nginx_kong.lua", j["layout"]["override"]);
  EXPECT_EQ("2.0.0", j["best"]);
  EXPECT_EQ(2, j["distance"]);
  EXPECT_EQ("ambiguous", j["verdict"]);
  EXPECT_EQ(7, j["versions_compared"]);
  ASSERT_EQ(5u, j["candidates"].size());  // --top defaults to 5
  EXPECT_EQ(1, j["candidates"][0]["rank"]);
  EXPECT_EQ("2.0.0", j["candidates"][0]["version"]);
  EXPECT_EQ(2, j["candidates"][0]["added"]);
  EXPECT_EQ(0, j["candidates"][0]["removed"]);
  EXPECT_EQ("2.9.0", j["candidates"][1]["version"]);
  EXPECT_EQ(2, j["margin"]);
  EXPECT_EQ("2.0.0", j["range"]["first"]);
  EXPECT_EQ("2.0.0", j["range"]["last"]);
  EXPECT_EQ("low", j["confidence"]);
  EXPECT_EQ(true, j["layout"]["certain"]);
  EXPECT_EQ("template:nginx_kong.lua", j["candidates"][0]["layout"]);
}

TEST(DetectCommand, TroubleExitsWithTwo) {
  auto missing = run_kongtpl({"detect", "--repo", kFixture, "/nonexistent/custom.lua"});
  EXPECT_EQ(2, missing.status);
  EXPECT_NE(std::string::npos, missing.err.find("/nonexistent/custom.lua")) << missing.err;
  testing::TempDir dir;
  testing::write_file(dir / "site.template", "listen 80;\nlocation / { return 204; }\n");
  auto unrelated = run_kongtpl({"detect", "--repo", kFixture, dir / "site.template"});
  EXPECT_EQ(2, unrelated.status);
  EXPECT_NE(std::string::npos, unrelated.err.find("cannot tell which Kong template")) << unrelated.err;
  auto bad_layout = run_kongtpl({"detect", "--repo", kFixture, "--layout", "sideways", dir / "site.template"});
  EXPECT_EQ(2, bad_layout.status);
}

}  // namespace
}  // namespace kongtpl
