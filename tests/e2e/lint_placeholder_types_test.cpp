// KT110: a ${{NAME}} whose property is an array (or a boolean) at the version
// stops Kong ("invalid replacement value (a table)"). proxy_listen became an
// array in 0.13.0: 0.12.3's own `listen ${{PROXY_LISTEN}}` lines are fine
// there and an error at 0.13.0, whose fix names upstream's loop.
#include <gtest/gtest.h>

#include "e2e/kong_sources.hpp"

namespace kongtpl {
namespace {

TEST(LintPlaceholderTypes, ArrayPlaceholderFailsFromTheVersionItBecameAnArray) {
  std::string repo = testing::sources_clone();
  if (repo.empty()) GTEST_SKIP() << "no kong-sources.bundle in " << KONGTPL_SHARED_DIR;
  testing::TempDir dir;
  std::string body = testing::upstream_body(repo, "0.12.3", "nginx_kong.lua");
  std::string file = dir / "custom.template";
  testing::write_file(file, body);
  int line = testing::line_of(body, "${{PROXY_LISTEN}}");
  ASSERT_GT(line, 0);

  auto before = testing::lint_json(repo, "0.12.3", file);
  EXPECT_TRUE(before.with_id("KT110").empty()) << before.findings.dump(2);

  auto after = testing::lint_json(repo, "0.13.0", file);
  EXPECT_EQ(1, after.status);
  auto found = after.with_id("KT110");
  ASSERT_FALSE(found.empty()) << after.findings.dump(2);
  EXPECT_EQ(line, found[0].at("line"));
  EXPECT_EQ("error", found[0].at("severity"));
  EXPECT_EQ("0.13.0 and later", found[0].at("versions"));
  std::string message = found[0].at("message");
  EXPECT_NE(std::string::npos, message.find("invalid replacement value (a table)")) << message;
  std::string fix = found[0].at("fix");
  EXPECT_NE(std::string::npos, fix.find("proxy_listen")) << fix;
}

}  // namespace
}  // namespace kongtpl
