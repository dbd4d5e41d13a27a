#pragma once
/// The git CLI as a test helper for building and inspecting repositories:
/// no user or system configuration, a fixed identity, and a failed command
/// fails the current test.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/process.hpp"

namespace kongtpl::testing {

/// Runs git with args (no user or system configuration; user "Kong Test",
/// default branch main); a non-zero exit fails the test. Returns stdout.
inline std::string git_or_fail(const std::vector<std::string>& args) {
  static TempDir home;  // an empty HOME: no ~/.gitconfig
  std::vector<std::string> argv = {"git", "-c", "user.name=Kong Test", "-c", "user.email=test@example.com",
                                   "-c", "init.defaultBranch=main"};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions options;
  options.env = {{"HOME", home.path().string()}, {"GIT_CONFIG_NOSYSTEM", "1"}};
  ProcessResult r = run_process(argv, options);
  EXPECT_EQ(0, r.status) << "git " << args.front() << ": " << r.err;
  return r.out;
}

}  // namespace kongtpl::testing
