// KT120: template code may read only what Kong's compile step gives it at the
// version (read from that version's prefix_handler.lua). `quote` arrived in
// 3.8.0 (3.8.0's nginx.lua uses it), `os.getenv` in 2.6.0; `type` never.
#include <gtest/gtest.h>

#include "e2e/kong_sources.hpp"

namespace kongtpl {
namespace {

class LintEnvironment : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = testing::sources_clone();
    if (repo_.empty()) GTEST_SKIP() << "no kong-sources.bundle in " << KONGTPL_SHARED_DIR;
  }
  std::string repo_;
  testing::TempDir dir_;
};

TEST_F(LintEnvironment, QuoteIsAnErrorBefore380AndFineFrom380) {
  std::string body = testing::upstream_body(repo_, "3.8.0", "nginx.lua");
  std::string file = dir_ / "custom_nginx.template";
  testing::write_file(file, body);
  int line = testing::line_of(body, "$(quote(");
  ASSERT_GT(line, 0);

  auto at_380 = testing::lint_json(repo_, "3.8.0", file);
  EXPECT_TRUE(at_380.with_id("KT120").empty()) << at_380.findings.dump(2);

  auto at_371 = testing::lint_json(repo_, "3.7.1", file);
  auto found = at_371.with_id("KT120");
  ASSERT_EQ(1u, found.size()) << at_371.findings.dump(2);
  EXPECT_EQ(line, found[0].at("line"));
  EXPECT_EQ("quote", found[0].at("name"));
  EXPECT_EQ("error", found[0].at("severity"));
  EXPECT_EQ("before 3.8.0", found[0].at("versions"));
}

TEST_F(LintEnvironment, OsGetenvIsAnErrorBefore260AndFineFrom260) {
  std::string body = testing::upstream_body(repo_, "2.6.0", "nginx_kong.lua");
  std::string custom = testing::replaced(body, "\n> if", "\n> if os.getenv(\"KONG_CUSTOM\") then\n# custom\n> end\n> if");
  std::string file = dir_ / "custom.template";
  testing::write_file(file, custom);
  int line = testing::line_of(custom, "os.getenv");

  auto at_260 = testing::lint_json(repo_, "2.6.0", file);
  EXPECT_TRUE(at_260.with_id("KT120").empty()) << at_260.findings.dump(2);
  EXPECT_TRUE(at_260.with_id("KT105").empty()) << at_260.findings.dump(2);

  auto at_252 = testing::lint_json(repo_, "2.5.2", file);
  auto found = at_252.with_id("KT120");
  ASSERT_EQ(1u, found.size()) << at_252.findings.dump(2);
  EXPECT_EQ(line, found[0].at("line"));
  EXPECT_EQ("os.getenv", found[0].at("name"));
  EXPECT_EQ("before 2.6.0", found[0].at("versions"));
  EXPECT_TRUE(at_252.with_id("KT105").empty()) << "one finding per name: " << at_252.findings.dump(2);
}

TEST_F(LintEnvironment, StandardLibraryNamesKongNeverGivesAreErrors) {
  std::string body = testing::upstream_body(repo_, "3.4.0", "nginx_kong.lua");
  std::string custom = testing::replaced(body, "\n> if", "\n> if type(nginx_http_directives) == \"table\" then\n# x\n> end\n> if");
  std::string file = dir_ / "custom.template";
  testing::write_file(file, custom);
  auto run = testing::lint_json(repo_, "3.4.0", file);
  auto found = run.with_id("KT120");
  ASSERT_EQ(1u, found.size()) << run.findings.dump(2);
  EXPECT_EQ("type", found[0].at("name"));
  EXPECT_EQ("all versions", found[0].at("versions"));
  EXPECT_EQ(testing::line_of(custom, "type("), found[0].at("line"));
}

}  // namespace
}  // namespace kongtpl
