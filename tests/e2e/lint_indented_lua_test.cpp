// KT101: a `>` line Kong's pl.template does not run as Lua because the `>`
// is not in column 0; Kong copies it into nginx.conf. Built from upstream's
// nginx_kong.lua (sources bundle); the rule holds at every version.
#include <gtest/gtest.h>

#include "e2e/kong_sources.hpp"

namespace kongtpl {
namespace {

TEST(LintIndentedLua, IndentedIfIsAnErrorAtItsLineColumnZeroIsNot) {
  std::string repo = testing::sources_clone();
  if (repo.empty()) GTEST_SKIP() << "no kong-sources.bundle in " << KONGTPL_SHARED_DIR;
  testing::TempDir dir;
  for (const std::string version : {"0.14.1", "3.4.0"}) {
    std::string body = testing::upstream_body(repo, version, "nginx_kong.lua");
    std::string good = dir / (version + "-good.template");
    testing::write_file(good, body);
    EXPECT_TRUE(testing::lint_json(repo, version, good).with_id("KT101").empty()) << version;

    std::string indented = testing::replaced(body, "\n> if", "\n    > if");
    int line = testing::line_of(indented, "    > if");
    std::string bad = dir / (version + "-bad.template");
    testing::write_file(bad, indented);
    auto run = testing::lint_json(repo, version, bad);
    EXPECT_EQ(1, run.status) << run.err;
    auto found = run.with_id("KT101");
    ASSERT_FALSE(found.empty()) << version << run.findings.dump(2);
    EXPECT_EQ(line, found[0].at("line"));
    EXPECT_EQ("error", found[0].at("severity"));
    EXPECT_EQ("indented-directive-line", found[0].at("rule"));
    EXPECT_NE(std::string::npos, std::string(found[0].at("message")).find("nginx.conf"));
  }
}

}  // namespace
}  // namespace kongtpl
