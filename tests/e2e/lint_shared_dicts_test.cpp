// KT130/KT131: a template that replaces the http context must declare every
// shared dict constants.DICTS requires at the version (Kong refuses to start
// otherwise). kong_secrets joined DICTS in 3.4.0: 3.3.1's composite is clean
// at 3.3.1 and an error at 3.4.0, naming the dict and upstream's declaration.
#include <gtest/gtest.h>

#include "e2e/kong_sources.hpp"

namespace kongtpl {
namespace {

TEST(LintSharedDicts, DictRequiredFrom340IsAnErrorOnlyFrom340) {
  std::string repo = testing::sources_clone();
  if (repo.empty()) GTEST_SKIP() << "no kong-sources.bundle in " << KONGTPL_SHARED_DIR;
  testing::TempDir dir;
  std::string composite = testing::upstream_composite(repo, "3.3.1");
  std::string file = dir / "custom_nginx.template";
  testing::write_file(file, composite);

  auto at_331 = testing::lint_json(repo, "3.3.1", file);
  EXPECT_TRUE(at_331.with_id("KT130").empty()) << at_331.findings.dump(2);

  auto at_340 = testing::lint_json(repo, "3.4.0", file);
  EXPECT_EQ(1, at_340.status);
  auto found = at_340.with_id("KT130");
  ASSERT_EQ(1u, found.size()) << at_340.findings.dump(2);
  EXPECT_EQ("error", found[0].at("severity"));
  EXPECT_EQ(testing::line_of(composite, "http {"), found[0].at("line"));
  EXPECT_EQ("3.4.0 and later", found[0].at("versions"));
  std::string message = found[0].at("message");
  EXPECT_NE(std::string::npos, message.find("kong_secrets")) << message;
  EXPECT_NE(std::string::npos, message.find("missing shared dict")) << message;
  EXPECT_EQ("add `lua_shared_dict kong_secrets 5m;` to the http context", found[0].at("fix"));

  // With the declaration added, as the fix says, the error is gone.
  std::string fixed = testing::replaced(composite, "http {\n", "http {\nlua_shared_dict kong_secrets 5m;\n");
  testing::write_file(file, fixed);
  EXPECT_TRUE(testing::lint_json(repo, "3.4.0", file).with_id("KT130").empty());
}

TEST(LintSharedDicts, IncludingKongsHttpContextNeedsNoDicts) {
  std::string repo = testing::sources_clone();
  if (repo.empty()) GTEST_SKIP() << "no kong-sources.bundle in " << KONGTPL_SHARED_DIR;
  testing::TempDir dir;
  // nginx.lua keeps `include 'nginx-kong.conf'`: Kong writes the dicts there.
  std::string file = dir / "custom_nginx.template";
  testing::write_file(file, testing::upstream_body(repo, "3.4.0", "nginx.lua"));
  auto run = testing::lint_json(repo, "3.4.0", file);
  EXPECT_TRUE(run.with_id("KT130").empty()) << run.findings.dump(2);
  EXPECT_TRUE(run.with_id("KT131").empty()) << run.findings.dump(2);
}

}  // namespace
}  // namespace kongtpl
