// Clear, consistent errors: a mistyped command gets a suggestion, `help` and
// -V work, credentials never reach the terminal, and long or multi-line user
// input is echoed on one shortened line.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "support/process.hpp"

namespace kongtpl::testing {
namespace {

size_t lines_in(const std::string& text) {
  size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

TEST(CliErrors, MistypedCommandSuggestsTheClosest) {
  ProcessResult r = run_kongtpl({"dif", "1.0.0", "2.0.0"});
  EXPECT_EQ(2, r.status);
  EXPECT_EQ("kongtpl: unknown command 'dif' (did you mean 'diff'? see 'kongtpl --help')\n", r.err);
  ProcessResult with_repo = run_kongtpl({"--repo", KONGTPL_FIXTURE_REPO, "aply", "x"});
  EXPECT_EQ("kongtpl: unknown command 'aply' (did you mean 'apply'? see 'kongtpl --help')\n", with_repo.err);
  ProcessResult far = run_kongtpl({"frobnicate"});
  EXPECT_EQ(2, far.status);
  EXPECT_EQ("kongtpl: unknown command 'frobnicate' (see 'kongtpl --help')\n", far.err);
}

TEST(CliErrors, HelpCommandAndShortVersion) {
  ProcessResult all = run_kongtpl({"help"});
  EXPECT_EQ(0, all.status) << all.err;
  EXPECT_NE(std::string::npos, all.out.find("apply")) << all.out;
  ProcessResult diff = run_kongtpl({"help", "diff"});
  EXPECT_EQ(0, diff.status) << diff.err;
  EXPECT_NE(std::string::npos, diff.out.find("--ignore-blank-lines")) << diff.out;
  ProcessResult wrong = run_kongtpl({"help", "dif"});
  EXPECT_EQ(2, wrong.status);
  EXPECT_NE(std::string::npos, wrong.err.find("did you mean 'diff'?")) << wrong.err;
  ProcessResult version = run_kongtpl({"-V"});
  EXPECT_EQ(0, version.status) << version.err;
  EXPECT_EQ(0u, version.out.find("kongtpl ")) << version.out;
}

TEST(CliErrors, CredentialsAreNeverEchoed) {
  TempDir dir;
  ProcessOptions cache;
  cache.env["XDG_CACHE_HOME"] = dir.path().string();
  for (const std::string& url : {std::string("https://example.invalid/kong.git?token=S3CRETTOKEN"),
                                 std::string("https://example.invalid/kong.git?ref=x&access_token=S3CRETTOKEN"),
                                 std::string("user:S3CRETTOKEN@example.invalid:kong.git"),
                                 std::string("https://user:S3CRETTOKEN@example.invalid/kong.git")}) {
    ProcessResult r = run_kongtpl({"--repo", url, "--offline", "versions"}, cache);
    EXPECT_EQ(2, r.status) << r.err;
    EXPECT_EQ(std::string::npos, r.err.find("S3CRET")) << r.err;
    EXPECT_EQ(std::string::npos, r.out.find("S3CRET")) << r.out;
  }
}

TEST(CliErrors, RepositoryOwnedByAnotherUserSaysWhatGitSays) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give a repository to another user";
  TempDir dir;
  std::string repo = dir / "repo";
  std::filesystem::copy(KONGTPL_FIXTURE_REPO, repo, std::filesystem::copy_options::recursive);
  ASSERT_EQ(0, run_process({"chown", "-R", "12345:12345", repo}).status);
  ProcessOptions no_config;
  no_config.env["GIT_CONFIG_NOSYSTEM"] = "1";
  no_config.env["HOME"] = dir.path().string();
  ProcessResult r = run_kongtpl({"--repo", repo, "versions"}, no_config);
  EXPECT_EQ(2, r.status);
  EXPECT_NE(std::string::npos, r.err.find("dubious ownership")) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("git config --global --add safe.directory " + repo)) << r.err;
}

TEST(CliErrors, LongOrMultiLineInputIsEchoedOnOneLine) {
  ProcessResult r = run_kongtpl({"--repo", KONGTPL_FIXTURE_REPO, "diff", "1.0.0\nINJECTED", "2.0.0"});
  EXPECT_EQ(2, r.status);
  EXPECT_EQ(1u, lines_in(r.err)) << r.err;
  ProcessResult long_one = run_kongtpl({"--repo", KONGTPL_FIXTURE_REPO, "diff", std::string(5000, 'v'), "2.0.0"});
  EXPECT_EQ(2, long_one.status);
  EXPECT_EQ(1u, lines_in(long_one.err));
  EXPECT_LT(long_one.err.size(), 1100u) << long_one.err.size();
}

}  // namespace
}  // namespace kongtpl::testing
