// `kongtpl diff` end to end on the fixture repository: every option against
// `git diff` as the oracle, the exit statuses of diff(1), and what the
// fixture history (fixtures/README.md) says each release changed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::ProcessOptions;
using testing::ProcessResult;
using testing::run_kongtpl;
using testing::run_process;
using testing::TempDir;

const std::string kRepo = KONGTPL_FIXTURE_REPO;
const std::string kGlob = "kong/templates/nginx_kong*.lua";

/// git on the fixture repository with no user or system configuration.
ProcessResult git_diff(std::vector<std::string> args) {
  static TempDir home;
  args.insert(args.begin(), {"git", "-C", kRepo, "-c", "core.abbrev=7", "diff", "--no-color"});
  args.push_back("--");
  args.push_back(kGlob);
  ProcessOptions options;
  options.env = {{"HOME", home.path().string()}, {"GIT_CONFIG_NOSYSTEM", "1"}};
  return run_process(args, options);
}

ProcessResult kongtpl_diff(std::vector<std::string> args) {
  args.insert(args.begin(), {"--repo", kRepo, "diff"});
  return run_kongtpl(args);
}

// Consecutive versions, the whole span, a backwards diff and the branch.
const std::vector<std::pair<std::string, std::string>> kPairs = {
    {"1.0.0", "1.1.0"}, {"1.1.0", "1.2.0rc1"}, {"1.2.0rc1", "1.2.0"}, {"1.2.0", "1.2.1"}, {"1.2.1", "2.0.0"},
    {"2.0.0", "2.9.0"}, {"2.9.0", "2.10.0"},   {"2.10.0", "next"},    {"1.0.0", "2.10.0"}, {"2.10.0", "1.0.0"}};

struct OptionCase {
  std::vector<std::string> ours;  // kongtpl diff options
  std::vector<std::string> git;   // the git diff options meaning the same
};

TEST(DiffCommand, EveryOptionMatchesGitDiffOnEveryFixturePair) {
  const std::vector<OptionCase> cases = {
      {{}, {"-w"}},
      {{"-w"}, {"-w"}},
      {{"--ignore-all-space"}, {"-w"}},
      {{"-b"}, {"-b"}},
      {{"--ignore-space-change"}, {"-b"}},
      {{"--exact"}, {}},
      {{"--ignore-blank-lines"}, {"-w", "--ignore-blank-lines"}},
      {{"--exact", "--ignore-blank-lines"}, {"--ignore-blank-lines"}},
      {{"-U", "0"}, {"-w", "-U0"}},
      {{"-U1"}, {"-w", "-U1"}},
      {{"--unified=10"}, {"-w", "--unified=10"}},
      {{"--exact", "-U", "5"}, {"-U5"}},
      {{"--stat"}, {"-w", "--stat"}},
      {{"--exact", "--stat"}, {"--stat"}},
      {{"--numstat"}, {"-w", "--numstat"}},
      {{"--exact", "--numstat"}, {"--numstat"}},
      {{"-b", "--numstat"}, {"-b", "--numstat"}},
  };
  for (const auto& [from, to] : kPairs) {
    for (const OptionCase& c : cases) {
      std::vector<std::string> ours = c.ours, theirs = c.git;
      ours.insert(ours.end(), {from, to});
      theirs.insert(theirs.end(), {from, to});
      const ProcessResult expected = git_diff(theirs);
      ASSERT_EQ(0, expected.status) << expected.err;
      const ProcessResult actual = kongtpl_diff(ours);
      const std::string what = ::testing::PrintToString(c.ours) + " " + from + " " + to;
      EXPECT_EQ(expected.out, actual.out) << what;
      EXPECT_EQ(expected.out.empty() ? 0 : 1, actual.status) << what;
      EXPECT_EQ("", actual.err) << what;
    }
  }
}

TEST(DiffCommand, WhitespaceOnlyReleaseIsNoDifferenceUnlessExact) {
  // 1.2.1 only realigns columns in nginx_kong.lua.
  ProcessResult review = kongtpl_diff({"1.2.0", "1.2.1"});
  EXPECT_EQ(0, review.status) << review.err;
  EXPECT_EQ("", review.out);
  EXPECT_EQ("", review.err);

  ProcessResult exact = kongtpl_diff({"--exact", "1.2.0", "1.2.1"});
  EXPECT_EQ(1, exact.status) << exact.err;
  EXPECT_NE(std::string::npos, exact.out.find("diff --git a/kong/templates/nginx_kong.lua b/kong/templates/nginx_kong.lua\n"));
  EXPECT_NE(std::string::npos, exact.out.find("\n-lua_shared_dict kong                5m;\n"));
  EXPECT_NE(std::string::npos, exact.out.find("\n+lua_shared_dict kong                         5m;\n"));

  // -b also ignores a change in the amount of whitespace.
  EXPECT_EQ(0, kongtpl_diff({"-b", "1.2.0", "1.2.1"}).status);
  EXPECT_EQ(0, kongtpl_diff({"1.2.1", "1.2.1"}).status);
}

TEST(DiffCommand, AddedAndRemovedTemplatesAppearWithGitsHeaders) {
  ProcessResult added = kongtpl_diff({"1.1.0", "1.2.0rc1"});
  EXPECT_EQ(1, added.status);
  EXPECT_NE(std::string::npos, added.out.find("diff --git a/kong/templates/nginx_kong_stream.lua "
                                              "b/kong/templates/nginx_kong_stream.lua\nnew file mode 100644\n"));
  EXPECT_NE(std::string::npos, added.out.find("--- /dev/null\n+++ b/kong/templates/nginx_kong_stream.lua\n"));

  ProcessResult removed = kongtpl_diff({"--stat", "1.2.1", "2.0.0"});
  EXPECT_EQ(1, removed.status);
  EXPECT_NE(std::string::npos, removed.out.find(" kong/templates/nginx_kong_extra.lua | 13 -------------\n"));

  ProcessResult patch_like = kongtpl_diff({"1.2.1", "2.0.0"});
  EXPECT_NE(std::string::npos, patch_like.out.find("deleted file mode 100644\n"));
  EXPECT_NE(std::string::npos, patch_like.out.find("--- a/kong/templates/nginx_kong_extra.lua\n+++ /dev/null\n"));
}

TEST(DiffCommand, MissingFinalNewlineIsMarked) {
  // 2.9.0's stream template loses its final newline; 2.10.0 brings it back.
  ProcessResult lost = kongtpl_diff({"--exact", "2.0.0", "2.9.0"});
  EXPECT_EQ(1, lost.status);
  EXPECT_NE(std::string::npos, lost.out.find("\n\\ No newline at end of file\n"));
  ProcessResult back = kongtpl_diff({"--exact", "2.9.0", "2.10.0"});
  EXPECT_NE(std::string::npos, back.out.find("\n\\ No newline at end of file\n"));
}

TEST(DiffCommand, TemplatesOptionNarrowsAndWidensTheGlob) {
  ProcessResult stream = kongtpl_diff({"--numstat", "--templates", "kong/templates/nginx_kong_stream.lua", "2.9.0",
                                       "2.10.0"});
  EXPECT_EQ(1, stream.status) << stream.err;
  EXPECT_EQ("2\t0\tkong/templates/nginx_kong_stream.lua\n", stream.out);

  // Repeatable: nginx.lua is outside the default glob.
  ProcessResult both = kongtpl_diff({"--numstat", "--templates", "kong/templates/nginx.lua", "--templates",
                                     "kong/templates/kong_defaults.lua", "2.9.0", "2.10.0"});
  EXPECT_EQ(1, both.status) << both.err;
  // kong_defaults gains the worker connections default (git agrees).
  EXPECT_EQ("1\t0\tkong/templates/kong_defaults.lua\n1\t1\tkong/templates/nginx.lua\n", both.out);
}

TEST(DiffCommand, StatAndNumstatTogetherAsGitPrintsThem) {
  const ProcessResult expected = git_diff({"-w", "--numstat", "--stat", "1.0.0", "2.10.0"});
  const ProcessResult actual = kongtpl_diff({"--numstat", "--stat", "1.0.0", "2.10.0"});
  EXPECT_EQ(expected.out, actual.out);
  EXPECT_EQ(1, actual.status);
}

TEST(DiffCommand, ConflictingWhitespaceOptionsAreRejected) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"-w", "-b", "1.0.0", "1.1.0"}, {"--exact", "-w", "1.0.0", "1.1.0"}, {"-b", "--exact", "1.0.0", "1.1.0"}}) {
    ProcessResult r = kongtpl_diff(args);
    EXPECT_EQ(2, r.status) << ::testing::PrintToString(args);
    EXPECT_EQ("", r.out);
    EXPECT_NE(std::string::npos, r.err.find("kongtpl: ")) << r.err;
  }
  ProcessResult negative = kongtpl_diff({"-U", "-1", "1.0.0", "1.1.0"});
  EXPECT_EQ(2, negative.status);
  EXPECT_EQ("", negative.out);
}

}  // namespace
}  // namespace kongtpl
