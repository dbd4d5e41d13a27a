#pragma once
/// A throwaway git repository built with the git CLI for tests: files,
/// commits and tags made with fixed identities and dates, untouched by the
/// user's git configuration.
#include <stdexcept>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace kongtpl::testing {

/// The environment every git command of a test runs with.
inline ProcessOptions isolated_git(const std::string& cwd) {
  ProcessOptions options;
  options.cwd = cwd;
  options.env = {{"GIT_CONFIG_NOSYSTEM", "1"},
                 {"GIT_CONFIG_GLOBAL", "/dev/null"},
                 {"GIT_AUTHOR_NAME", "Test Author"},
                 {"GIT_AUTHOR_EMAIL", "author@test.invalid"},
                 {"GIT_COMMITTER_NAME", "Test Committer"},
                 {"GIT_COMMITTER_EMAIL", "committer@test.invalid"},
                 {"GIT_AUTHOR_DATE", "2021-02-03T04:05:06+00:00"},
                 {"GIT_COMMITTER_DATE", "2021-02-03T04:05:06+00:00"}};
  options.unset_env = {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"};
  return options;
}

/// Runs git in cwd; throws with git's stderr when it fails. Returns stdout
/// without its final newline.
inline std::string git_in(const std::string& cwd, std::vector<std::string> args) {
  args.insert(args.begin(), "git");
  auto result = run_process(args, isolated_git(cwd));
  if (result.status != 0) throw std::runtime_error("git failed in " + cwd + ": " + result.err);
  if (!result.out.empty() && result.out.back() == '\n') result.out.pop_back();
  return result.out;
}

/// A fresh non-bare repository on branch main.
class TempRepo {
 public:
  TempRepo() { git({"init", "-q", "-b", "main", "."}); }
  /// The work tree.
  std::string path() const { return dir_.path().string(); }
  /// Runs git in the work tree.
  std::string git(const std::vector<std::string>& args) const { return git_in(path(), args); }
  /// Writes a file of the work tree.
  void write(const std::string& relative, const std::string& text) const { write_file(dir_.path() / relative, text); }
  /// Commits everything in the work tree; returns the commit id.
  std::string commit(const std::string& message) const {
    git({"add", "-A"});
    git({"commit", "-q", "--allow-empty", "-m", message});
    return git({"rev-parse", "HEAD"});
  }

 private:
  TempDir dir_;
};

}  // namespace kongtpl::testing
