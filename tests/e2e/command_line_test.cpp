// The command line as a whole, now that only the command being run has its
// options built: top-level help lists every command, each command's help and
// options work after global options in any spelling, and unclear command
// lines still get CLI11's usual errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::ProcessResult;
using testing::run_kongtpl;

const std::string kRepo = KONGTPL_FIXTURE_REPO;
const std::vector<std::string> kCommands = {"diff",  "patch", "show",    "versions", "lint",
                                            "apply", "merge", "history", "plan",     "detect"};

TEST(CommandLine, TopLevelHelpListsEveryCommand) {
  for (std::vector<std::string> args : {std::vector<std::string>{"--help"}, {"--repo", kRepo, "--help"}, {"-h"}}) {
    ProcessResult r = run_kongtpl(args);
    EXPECT_EQ(0, r.status) << r.err;
    for (const auto& command : kCommands)
      EXPECT_NE(std::string::npos, r.out.find("\n  " + command + " ")) << command << " missing from\n" << r.out;
  }
}

TEST(CommandLine, EachCommandsHelpShowsItsOwnUsage) {
  for (const auto& command : kCommands) {
    for (std::vector<std::string> args :
         {std::vector<std::string>{command, "--help"}, {"--repo", kRepo, "-q", command, "--help"},
          {"--repo=" + kRepo, "--offline", command, "-h"}}) {
      ProcessResult r = run_kongtpl(args);
      EXPECT_EQ(0, r.status) << command << ": " << r.err;
      EXPECT_NE(std::string::npos, r.out.find("Usage: kongtpl " + command)) << r.out;
    }
  }
}

TEST(CommandLine, GlobalOptionsInEverySpellingReachTheCommand) {
  for (std::vector<std::string> prefix : {std::vector<std::string>{"--repo", kRepo}, {"--repo=" + kRepo},
                                          {"-q", "--repo", kRepo}, {"--templates", "kong/templates/nginx.lua", "--repo", kRepo},
                                          {"--templates=kong/templates/*.lua", "--quiet", "--repo", kRepo}}) {
    std::vector<std::string> args = prefix;
    args.insert(args.end(), {"versions", "2.*"});
    ProcessResult r = run_kongtpl(args);
    EXPECT_EQ(0, r.status) << r.err;
    EXPECT_EQ("2.0.0\n2.9.0\n2.10.0\n", r.out);
  }
  // A command's own options still parse.
  ProcessResult stat = run_kongtpl({"--repo", kRepo, "diff", "--stat", "1.0.0", "1.1.0"});
  EXPECT_EQ(1, stat.status) << stat.err;
  EXPECT_NE(std::string::npos, stat.out.find(" changed")) << stat.out;
}

TEST(CommandLine, UnclearCommandLinesGetTheUsualErrors) {
  ProcessResult typo = run_kongtpl({"--repo", kRepo, "dif", "1.0.0", "1.1.0"});
  EXPECT_EQ(2, typo.status);
  EXPECT_NE(std::string::npos, typo.err.find("see 'kongtpl --help'")) << typo.err;
  ProcessResult none = run_kongtpl({});
  EXPECT_EQ(2, none.status);
  EXPECT_EQ("kongtpl: a command is required (see 'kongtpl --help')\n", none.err);
  ProcessResult unknown_option = run_kongtpl({"--no-such-option", "versions"});
  EXPECT_EQ(2, unknown_option.status);
  EXPECT_NE(std::string::npos, unknown_option.err.find("--no-such-option")) << unknown_option.err;
  ProcessResult extra = run_kongtpl({"--repo", kRepo, "diff", "1.0.0", "1.1.0", "show"});
  EXPECT_EQ(2, extra.status);
  EXPECT_NE(std::string::npos, extra.err.find("show")) << extra.err;
  ProcessResult version = run_kongtpl({"--version"});
  EXPECT_EQ(0, version.status);
  EXPECT_TRUE(version.out.starts_with("kongtpl ")) << version.out;
}

}  // namespace
}  // namespace kongtpl
