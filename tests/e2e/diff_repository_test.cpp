// Which repository `kongtpl diff` (and the other commands) read: --repo before
// or after the subcommand, $KONGTPL_REPO, the repository around the current
// directory, a bare clone; and FROM/TO given as any commit-ish.
#include <gtest/gtest.h>

#include <algorithm>
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

ProcessOptions clean_git_env(const TempDir& home) {
  ProcessOptions options;
  options.env = {{"HOME", home.path().string()}, {"GIT_CONFIG_NOSYSTEM", "1"}};
  return options;
}

std::string git_out(std::vector<std::string> args) {
  static TempDir home;
  args.insert(args.begin(), {"git", "-C", kRepo});
  ProcessResult r = run_process(args, clean_git_env(home));
  if (r.status != 0) throw std::runtime_error("git failed: " + r.err);
  return r.out;
}

// What every way of naming the repository must print.
const std::vector<std::string> kDiff = {"diff", "--numstat", "2.9.0", "2.10.0"};
const std::string kExpected = "1\t0\tkong/templates/nginx_kong.lua\n2\t0\tkong/templates/nginx_kong_stream.lua\n";

void expect_expected_numstat(const ProcessResult& r, const std::string& how) {
  EXPECT_EQ(1, r.status) << how << ": " << r.err;
  EXPECT_EQ(kExpected, r.out) << how;
  EXPECT_EQ("", r.err) << how;
}

TEST(RepositoryChoice, RepoBeforeOrAfterTheSubcommand) {
  std::vector<std::string> before = {"--repo", kRepo};
  before.insert(before.end(), kDiff.begin(), kDiff.end());
  expect_expected_numstat(run_kongtpl(before), "--repo before");

  std::vector<std::string> after = kDiff;
  after.insert(after.end(), {"--repo", kRepo});
  expect_expected_numstat(run_kongtpl(after), "--repo after");

  std::vector<std::string> equals = kDiff;
  equals.insert(equals.begin() + 1, "--repo=" + kRepo);
  expect_expected_numstat(run_kongtpl(equals), "--repo= inside");
}

TEST(RepositoryChoice, SubcommandRepoWinsOverTheGlobalOneAndTheEnvironment) {
  TempDir not_a_repo;
  std::vector<std::string> args = {"--repo", not_a_repo.path().string()};
  args.insert(args.end(), kDiff.begin(), kDiff.end());
  args.insert(args.end(), {"--repo", kRepo});
  ProcessOptions env;
  env.env = {{"KONGTPL_REPO", not_a_repo.path().string()}};
  // run_kongtpl unsets KONGTPL_REPO; set it through a wrapper-free call.
  std::vector<std::string> argv = args;
  argv.insert(argv.begin(), KONGTPL_BINARY);
  expect_expected_numstat(run_process(argv, env), "subcommand --repo");

  // --repo beats $KONGTPL_REPO.
  std::vector<std::string> global = {"--repo", kRepo};
  global.insert(global.end(), kDiff.begin(), kDiff.end());
  global.insert(global.begin(), KONGTPL_BINARY);
  expect_expected_numstat(run_process(global, env), "--repo over $KONGTPL_REPO");
}

TEST(RepositoryChoice, KongtplRepoEnvironmentVariable) {
  std::vector<std::string> argv = kDiff;
  argv.insert(argv.begin(), KONGTPL_BINARY);
  TempDir elsewhere;
  ProcessOptions env;
  env.env = {{"KONGTPL_REPO", kRepo}, {"NO_COLOR", "1"}};
  env.cwd = elsewhere.path().string();
  expect_expected_numstat(run_process(argv, env), "$KONGTPL_REPO");
}

TEST(RepositoryChoice, DiscoveredFromTheCurrentDirectory) {
  for (const std::string& sub : {std::string(), std::string("/kong"), std::string("/kong/templates")}) {
    ProcessOptions inside;
    inside.cwd = kRepo + sub;
    expect_expected_numstat(run_kongtpl(kDiff, inside), "cwd " + inside.cwd);
  }
  TempDir outside;
  ProcessOptions nowhere;
  nowhere.cwd = outside.path().string();
  nowhere.env = {{"GIT_CEILING_DIRECTORIES", outside.path().parent_path().string()}};
  ProcessResult r = run_kongtpl(kDiff, nowhere);
  EXPECT_EQ(2, r.status);
  EXPECT_EQ("", r.out);
  EXPECT_EQ(1, std::count(r.err.begin(), r.err.end(), '\n')) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("--repo")) << r.err;
}

TEST(RepositoryChoice, BareCloneServesEveryCommand) {
  TempDir dir, home;
  const std::string bare = dir / "kong.git";
  ProcessResult clone = run_process({"git", "clone", "--quiet", "--bare", kRepo, bare}, clean_git_env(home));
  ASSERT_EQ(0, clone.status) << clone.err;

  std::vector<std::string> diff = {"--repo", bare};
  diff.insert(diff.end(), kDiff.begin(), kDiff.end());
  expect_expected_numstat(run_kongtpl(diff), "bare");

  EXPECT_EQ(run_kongtpl({"--repo", kRepo, "versions"}).out, run_kongtpl({"--repo", bare, "versions"}).out);
  EXPECT_EQ(run_kongtpl({"--repo", kRepo, "patch", "1.0.0", "next"}).out,
            run_kongtpl({"--repo", bare, "patch", "1.0.0", "next"}).out);
  ProcessResult show = run_kongtpl({"--repo", bare, "show", "2.9.0", "nginx_kong_stream.lua"});
  EXPECT_EQ(0, show.status);
  EXPECT_EQ(git_out({"show", "2.9.0:kong/templates/nginx_kong_stream.lua"}), show.out);

  // Discovery works from inside a bare repository too.
  ProcessOptions inside;
  inside.cwd = bare;
  expect_expected_numstat(run_kongtpl(kDiff, inside), "cwd in bare clone");
}

TEST(RepositoryChoice, AnyCommitIshNamesAVersion) {
  const std::string sha = git_out({"rev-parse", "2.10.0^{commit}"}).substr(0, 40);
  const std::string next_sha = git_out({"rev-parse", "next"}).substr(0, 40);
  const std::string expected_next = "1\t0\tkong/templates/nginx_kong.lua\n";
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"2.10.0", "next"},
           {sha, "next"},
           {sha.substr(0, 10), next_sha},
           {"latest", "next"},
           {"next~1", "next"},
           {"main", "refs/heads/next"},
       }) {
    ProcessResult r = run_kongtpl({"--repo", kRepo, "diff", "--numstat", from, to});
    EXPECT_EQ(1, r.status) << from << " " << to << ": " << r.err;
    EXPECT_EQ(expected_next, r.out) << from << " " << to;
  }
  // The same commit on both sides: no differences.
  ProcessResult same = run_kongtpl({"--repo", kRepo, "diff", "main", sha});
  EXPECT_EQ(0, same.status) << same.err;
  EXPECT_EQ("", same.out);
}

}  // namespace
}  // namespace kongtpl
