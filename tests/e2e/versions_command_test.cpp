// `kongtpl versions [PATTERN]` and how every command reads a version spec:
// exact tags (annotated and lightweight), 2.7 / 2.7.x / 2 / 2.x series to the
// highest final, latest, pre-releases only by exact name, numeric order, and
// an unknown version naming the closest existing ones.
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

ProcessResult versions(std::vector<std::string> args) {
  args.insert(args.begin(), {"--repo", kRepo, "versions"});
  return run_kongtpl(args);
}

/// nginx_kong.lua as git stores it at a commit-ish: the oracle for which
/// commit a spec resolved to (every fixture version changes that file).
std::string git_show(const std::string& rev, const std::string& file = "kong/templates/nginx_kong.lua") {
  static TempDir home;
  ProcessOptions options;
  options.env = {{"HOME", home.path().string()}, {"GIT_CONFIG_NOSYSTEM", "1"}};
  ProcessResult r = run_process({"git", "-C", kRepo, "show", rev + ":" + file}, options);
  if (r.status != 0) throw std::runtime_error("git show failed: " + r.err);
  return r.out;
}

TEST(VersionsCommand, ListsEveryVersionTagInNumericVersionOrder) {
  ProcessResult r = versions({});
  EXPECT_EQ(0, r.status) << r.err;
  // fixtures/README.md: the branch `next` is not a version; 2.10.0 after 2.9.0.
  EXPECT_EQ("1.0.0\n1.1.0\n1.2.0rc1\n1.2.0\n1.2.1\n2.0.0\n2.9.0\n2.10.0\n", r.out);
  EXPECT_EQ("", r.err);
}

TEST(VersionsCommand, PatternIsAGlobOrAVersionPrefix) {
  EXPECT_EQ("2.0.0\n2.9.0\n2.10.0\n", versions({"2.*"}).out);
  EXPECT_EQ("2.0.0\n2.9.0\n2.10.0\n", versions({"2"}).out);
  EXPECT_EQ("1.2.0rc1\n1.2.0\n1.2.1\n", versions({"1.2"}).out);
  EXPECT_EQ("1.2.0rc1\n1.2.0\n1.2.1\n", versions({"1.2.x"}).out);
  EXPECT_EQ("1.2.0rc1\n", versions({"*rc*"}).out);
  EXPECT_EQ("2.10.0\n", versions({"2.10"}).out);  // not 2.1x prefixes of other numbers
  EXPECT_EQ("2.10.0\n", versions({"2.1*"}).out);

  ProcessResult none = versions({"7"});
  EXPECT_EQ(2, none.status);
  EXPECT_EQ("", none.out);
  EXPECT_EQ("kongtpl: no version matches '7' (run 'kongtpl versions' to list them all)\n", none.err);
}

TEST(VersionSpecs, SeriesLatestAndExactTagsResolveAsDocumented) {
  struct Case {
    std::string spec, tag;
  };
  const std::vector<Case> cases = {
      {"1.0.0", "1.0.0"},       // annotated tag
      {"1.1.0", "1.1.0"},       // lightweight tag
      {"1.2.0rc1", "1.2.0rc1"}, // a pre-release named exactly
      {"1.2", "1.2.1"},         // highest final of the series
      {"1.2.x", "1.2.1"},
      {"2", "2.10.0"},
      {"2.x", "2.10.0"},  // numeric: 2.10.0 beats 2.9.0
      {"2.9", "2.9.0"},
      {"2.9.x", "2.9.0"},
      {"latest", "2.10.0"},  // a version tag, not the newer branch `next`
      {"v2.9.0", "2.9.0"},
      {"next", "next"},
  };
  for (const Case& c : cases) {
    ProcessResult r = run_kongtpl({"--repo", kRepo, "show", c.spec, "nginx_kong.lua"});
    EXPECT_EQ(0, r.status) << c.spec << ": " << r.err;
    EXPECT_EQ(git_show(c.tag), r.out) << c.spec << " should be " << c.tag;
  }
  // diff agrees: a series and its highest final are the same commit.
  EXPECT_EQ(0, run_kongtpl({"--repo", kRepo, "diff", "--exact", "2.x", "2.10.0"}).status);
  EXPECT_EQ(0, run_kongtpl({"--repo", kRepo, "diff", "--exact", "1.2", "1.2.1"}).status);
  EXPECT_EQ(1, run_kongtpl({"--repo", kRepo, "diff", "--exact", "1.2.x", "1.2.0rc1"}).status);
}

TEST(VersionSpecs, PreReleasesAreChosenOnlyWhenNamed) {
  // A temp repo whose highest 3.0 tag is a release candidate.
  TempDir dir, home;
  ProcessOptions git_env;
  git_env.env = {{"HOME", home.path().string()},          {"GIT_CONFIG_NOSYSTEM", "1"},
                 {"GIT_AUTHOR_NAME", "t"},                {"GIT_AUTHOR_EMAIL", "t@t.invalid"},
                 {"GIT_COMMITTER_NAME", "t"},             {"GIT_COMMITTER_EMAIL", "t@t.invalid"}};
  git_env.cwd = dir.path().string();
  auto git = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "git");
    ProcessResult r = run_process(args, git_env);
    ASSERT_EQ(0, r.status) << r.err;
  };
  git({"init", "-q", "."});
  for (const std::string tag : {"3.0.0", "3.0.1rc1", "3.1.0-beta.1"}) {
    testing::write_file(dir.path() / "kong/templates/nginx_kong.lua", "return [[\n# " + tag + "\n]]\n");
    git({"add", "-A"});
    git({"commit", "-q", "-m", tag});
    git({"tag", tag});
  }
  auto show = [&](const std::string& spec) {
    return run_kongtpl({"--repo", dir.path().string(), "show", spec, "nginx_kong.lua"});
  };
  EXPECT_EQ("return [[\n# 3.0.0\n]]\n", show("3.0").out);
  EXPECT_EQ("return [[\n# 3.0.0\n]]\n", show("3.0.x").out);
  EXPECT_EQ("return [[\n# 3.0.0\n]]\n", show("latest").out);
  EXPECT_EQ("return [[\n# 3.0.1rc1\n]]\n", show("3.0.1rc1").out);
  EXPECT_EQ("return [[\n# 3.1.0-beta.1\n]]\n", show("3.1.0-beta.1").out);
  ProcessResult only_beta = show("3.1");
  EXPECT_EQ(2, only_beta.status) << only_beta.out;
  EXPECT_EQ("", only_beta.out);
  EXPECT_EQ(1, std::count(only_beta.err.begin(), only_beta.err.end(), '\n')) << only_beta.err;
  EXPECT_EQ("3.0.0\n3.0.1rc1\n3.1.0-beta.1\n",
            run_kongtpl({"--repo", dir.path().string(), "versions"}).out);
}

TEST(VersionSpecs, UnknownVersionNamesTheClosestOnes) {
  for (const std::string command : {"diff", "patch"}) {
    ProcessResult r = run_kongtpl({"--repo", kRepo, command, "1.0.0", "1.3"});
    EXPECT_EQ(2, r.status);
    EXPECT_EQ("", r.out);
    EXPECT_EQ("kongtpl: unknown version '1.3': closest are 1.2.1, 2.0.0 (run 'kongtpl versions' to list them)\n",
              r.err);
  }
  ProcessResult high = run_kongtpl({"--repo", kRepo, "show", "9.9.9"});
  EXPECT_EQ(2, high.status);
  EXPECT_EQ("", high.out);
  EXPECT_EQ("kongtpl: unknown version '9.9.9': closest is 2.10.0 (run 'kongtpl versions' to list them)\n", high.err);
}

}  // namespace
}  // namespace kongtpl
