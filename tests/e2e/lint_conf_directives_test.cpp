// KT150-KT152 (lint/apply --conf kong.conf): injected-directive keys that do
// not reach nginx.conf at the target version, each at both sides of the
// version where its rule starts, on upstream's own composites from the
// sources bundle; findings name the kong.conf line.
#include <gtest/gtest.h>

#include <string>

#include "e2e/kong_sources.hpp"

namespace kongtpl {
namespace {

/// lint --format json --conf CONF at version.
testing::LintRun lint_with_conf(const std::string& repo, const std::string& version, const std::string& file,
                                const std::string& conf) {
  return testing::lint_json(repo, version, file, {"--conf", conf});
}

class LintConfDirectives : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = testing::sources_clone();
    if (repo_.empty()) GTEST_SKIP() << "no kong-sources.bundle in " << KONGTPL_SHARED_DIR;
  }
  /// Writes upstream's composite at version (optionally edited) and returns its path.
  std::string composite(const std::string& version, const std::string& name = "custom_nginx.template") {
    std::string path = dir_ / name;
    testing::write_file(path, testing::upstream_composite(repo_, version));
    return path;
  }
  std::string conf(const std::string& text) {
    std::string path = dir_ / "kong.conf";
    testing::write_file(path, text);
    return path;
  }
  std::string repo_;
  testing::TempDir dir_;
};

TEST_F(LintConfDirectives, NamespaceKongDoesNotReadYet) {
  // nginx_stream_* keys are injected from 1.1.0 on; at 1.0.0 they are ignored.
  std::string kong_conf = conf("# mine\nnginx_stream_tcp_nodelay = on\nnginx_proxy_buffering = off\n");
  auto before = lint_with_conf(repo_, "1.0.0", composite("1.0.0"), kong_conf);
  auto findings = before.with_id("KT150");
  ASSERT_EQ(1u, findings.size()) << before.findings.dump(2) << before.err;
  EXPECT_EQ(kong_conf, findings[0].at("file"));
  EXPECT_EQ(2, findings[0].at("line"));
  EXPECT_EQ("nginx_stream_tcp_nodelay = on", findings[0].at("source_line"));
  EXPECT_EQ("warning", findings[0].at("severity"));
  EXPECT_EQ("before 1.1.0", findings[0].at("versions"));
  EXPECT_NE(std::string::npos, findings[0].at("message").get<std::string>().find("nginx_stream_*")) << findings[0];
  EXPECT_EQ(1, before.status);

  // From 1.1.0 on Kong reads them, and upstream's composite loops over both lists.
  auto after = lint_with_conf(repo_, "1.1.0", composite("1.1.0"), kong_conf);
  EXPECT_TRUE(after.with_id("KT150").empty()) << after.findings.dump(2);
  EXPECT_TRUE(after.with_id("KT152").empty()) << after.findings.dump(2);
}

TEST_F(LintConfDirectives, NoNamespaceBeforeKongInjectedAny) {
  std::string kong_conf = conf("nginx_http_gzip = on\n");
  auto old = lint_with_conf(repo_, "0.13.1", composite("0.13.1"), kong_conf);
  auto findings = old.with_id("KT150");
  ASSERT_EQ(1u, findings.size()) << old.findings.dump(2) << old.err;
  // The first release in the bundle that injects is a pre-release; the range names a final one.
  EXPECT_EQ("before 0.14.0", findings[0].at("versions"));
  EXPECT_TRUE(lint_with_conf(repo_, "0.14.0", composite("0.14.0"), kong_conf).with_id("KT150").empty());
}

TEST_F(LintConfDirectives, SkippedDirectiveNothingElseReads) {
  // 2.x reads nginx_http_upstream_keepalive_timeout as a property; 3.0.0
  // dropped the property while its injection still skips upstream_keepalive_timeout.
  std::string kong_conf = conf("nginx_http_upstream_keepalive_timeout = 30s\n");
  EXPECT_TRUE(lint_with_conf(repo_, "2.8.5", composite("2.8.5"), kong_conf).with_id("KT151").empty());
  auto at_300 = lint_with_conf(repo_, "3.0.0", composite("3.0.0"), kong_conf);
  auto findings = at_300.with_id("KT151");
  ASSERT_EQ(1u, findings.size()) << at_300.findings.dump(2) << at_300.err;
  EXPECT_EQ(1, findings[0].at("line"));
  EXPECT_EQ("3.0.0 and later", findings[0].at("versions"));
  EXPECT_NE(std::string::npos, findings[0].at("message").get<std::string>().find("upstream_keepalive_timeout"));
}

TEST_F(LintConfDirectives, TemplateWithoutTheInjectionLoopLosesTheSetting) {
  std::string kong_conf = conf("nginx_main_worker_rlimit_nofile = 65536\n\nnginx_proxy_proxy_buffering = off\n");
  for (const std::string version : {"2.0.0", "3.4.0"}) {
    SCOPED_TRACE(version);
    std::string file = composite(version);
    auto own = lint_with_conf(repo_, version, file, kong_conf);
    EXPECT_TRUE(own.with_id("KT152").empty()) << own.findings.dump(2);

    // The same composite without its loop over nginx_proxy_directives.
    std::string text = testing::read_file(file);
    const std::string loop = "> for _, el in ipairs(nginx_proxy_directives) do\n";
    size_t at = text.find(loop);
    ASSERT_NE(std::string::npos, at);
    text.replace(at, loop.size(), "> for _, el in ipairs({}) do\n");
    testing::write_file(file, text);
    auto lost = lint_with_conf(repo_, version, file, kong_conf);
    auto findings = lost.with_id("KT152");
    ASSERT_EQ(1u, findings.size()) << lost.findings.dump(2) << lost.err;
    EXPECT_EQ(kong_conf, findings[0].at("file"));
    EXPECT_EQ(3, findings[0].at("line"));
    // Kong's odd tags 0.29-0.33 (old sources sorted after 0.15.0) do not cut the range.
    EXPECT_EQ("0.14.0 and later", findings[0].at("versions"));
    std::string fix = findings[0].at("fix");
    EXPECT_NE(std::string::npos, fix.find("ipairs(nginx_proxy_directives)")) << fix;
    EXPECT_NE(std::string::npos, findings[0].at("message").get<std::string>().find("nginx_kong.lua"));
  }
  // Before 0.14.0 there was no loop to lose.
  auto old = lint_with_conf(repo_, "0.13.1", composite("0.13.1"), kong_conf);
  EXPECT_TRUE(old.with_id("KT152").empty()) << old.findings.dump(2);
}

TEST_F(LintConfDirectives, ATemplateOfOneContextAnswersForThatContextOnly) {
  // A customised nginx_kong.lua body: the http context only. The main
  // context's nginx_main_* loop lives in nginx.lua, which it does not replace.
  std::string file = dir_ / "nginx_kong.lua";
  testing::write_file(file, testing::upstream_body(repo_, "2.0.0", "nginx_kong.lua"));
  std::string kong_conf = conf("nginx_main_worker_rlimit_nofile = 65536\nnginx_http_gzip = on\n");
  auto run = lint_with_conf(repo_, "2.0.0", file, kong_conf);
  EXPECT_TRUE(run.with_id("KT152").empty()) << run.findings.dump(2);
}

TEST_F(LintConfDirectives, ApplyChecksTheResultAgainstTheConf) {
  std::string file = composite("2.0.0");
  std::string text = testing::read_file(file);
  text = testing::replaced(text, "> for _, el in ipairs(nginx_http_directives) do\n", "> for _, el in ipairs({}) do\n");
  testing::write_file(file, text);
  std::string kong_conf = conf("nginx_http_gzip = on\n");
  auto r = testing::run_kongtpl({"--repo", repo_, "apply", "--from", "2.0.0", "--to", "2.0.1", "--conf", kong_conf, file});
  EXPECT_NE(2, r.status) << r.err;
  EXPECT_NE(std::string::npos, r.err.find(kong_conf + ":1: warning:")) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("KT152")) << r.err;
}

TEST_F(LintConfDirectives, ConfErrorsAreTrouble) {
  std::string file = composite("2.0.0");
  std::string binary = dir_ / "binary.conf";
  testing::write_file(binary, std::string("nginx_http_gzip = on\0\n", 22));
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--repo", repo_, "lint", "--version", "2.0.0", "--conf", dir_ / "missing.conf", file},
           {"--repo", repo_, "lint", "--version", "2.0.0", "--conf", binary, file},
           {"--repo", repo_, "apply", "--from", "2.0.0", "--to", "2.0.1", "--conf", binary, file},
           {"--repo", repo_, "apply", "--from", "2.0.0", "--to", "2.0.1", "--no-lint", "--conf", conf(""), file}}) {
    auto r = testing::run_kongtpl(args);
    EXPECT_EQ(2, r.status) << r.err;
    EXPECT_EQ("", r.out);
  }
}

}  // namespace
}  // namespace kongtpl
