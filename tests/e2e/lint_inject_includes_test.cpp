// KT140: since 3.4.0 Kong writes injected directives to *-inject.conf files
// that its templates include; a custom template without those includes
// loses that configuration silently. 3.3.1's composite is clean at 3.3.1 and
// warned at 3.4.0 once per missing include; 3.4.0's own composite is clean.
#include <gtest/gtest.h>

#include <set>

#include "e2e/kong_sources.hpp"

namespace kongtpl {
namespace {

TEST(LintInjectIncludes, MissingInjectIncludesAreWarnedFrom340) {
  std::string repo = testing::sources_clone();
  if (repo.empty()) GTEST_SKIP() << "no kong-sources.bundle in " << KONGTPL_SHARED_DIR;
  testing::TempDir dir;
  std::string composite = testing::upstream_composite(repo, "3.3.1");
  std::string file = dir / "custom_nginx.template";
  testing::write_file(file, composite);

  EXPECT_TRUE(testing::lint_json(repo, "3.3.1", file).with_id("KT140").empty());

  auto at_340 = testing::lint_json(repo, "3.4.0", file);
  std::set<std::string> missing;
  for (const auto& f : at_340.with_id("KT140")) {
    EXPECT_EQ("warning", f.at("severity"));
    EXPECT_EQ("3.4.0 and later", f.at("versions"));
    std::string fix = f.at("fix");
    size_t q = fix.find('\'');
    missing.insert(fix.substr(q + 1, fix.find('\'', q + 1) - q - 1));
  }
  EXPECT_EQ((std::set<std::string>{"nginx-inject.conf", "nginx-kong-inject.conf", "nginx-kong-stream-inject.conf"}),
            missing)
      << at_340.findings.dump(2);

  // With the dict 3.4.0 requires added, only warnings are left: they fail
  // the run unless --severity error.
  testing::write_file(file, testing::replaced(composite, "http {\n", "http {\nlua_shared_dict kong_secrets 5m;\n"));
  auto warned = testing::lint_json(repo, "3.4.0", file);
  for (const auto& f : warned.findings) EXPECT_EQ("warning", f.at("severity")) << f.dump();
  EXPECT_EQ(1, warned.status);
  auto relaxed = testing::lint_json(repo, "3.4.0", file, {"--severity", "error"});
  EXPECT_EQ(0, relaxed.status) << relaxed.err;
  EXPECT_EQ(warned.findings.size(), relaxed.findings.size());  // still printed

  std::string own = dir / "own.template";
  testing::write_file(own, testing::upstream_composite(repo, "3.4.0"));
  EXPECT_TRUE(testing::lint_json(repo, "3.4.0", own).with_id("KT140").empty());
}

}  // namespace
}  // namespace kongtpl
