// Where `kongtpl diff` output goes and how it looks there: colour
// (--color=auto|always|never, NO_COLOR, a real terminal), -o FILE written
// atomically and only on success, and stdout into a pipe that closes early.
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace kongtpl {
namespace {

namespace fs = std::filesystem;
using testing::ProcessOptions;
using testing::ProcessResult;
using testing::read_file;
using testing::run_kongtpl;
using testing::run_process;
using testing::TempDir;
using testing::write_file;

const std::string kRepo = KONGTPL_FIXTURE_REPO;
const std::string kEscape = "\x1b[";

ProcessResult kongtpl_diff(std::vector<std::string> args, ProcessOptions options = {}) {
  args.insert(args.begin(), {"--repo", kRepo, "diff"});
  return run_kongtpl(args, options);
}

/// Runs kongtpl with stdout on a pseudo-terminal; returns what it printed
/// there (the terminal turns "\n" into "\r\n") and sets status.
std::string run_on_terminal(const std::vector<std::string>& args, const std::string& no_color, int& status) {
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) throw std::runtime_error("no pseudo-terminal");
  int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
  if (slave < 0) throw std::runtime_error("cannot open the pseudo-terminal");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, slave, 1);
  posix_spawn_file_actions_addclose(&actions, master);
  posix_spawn_file_actions_addclose(&actions, slave);

  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    if (entry.rfind("NO_COLOR=", 0) == 0 || entry.rfind("KONGTPL_REPO=", 0) == 0 ||
        entry.rfind("KONGTPL_PAGER=", 0) == 0 || entry.rfind("TERM=", 0) == 0)
      continue;
    env_strings.push_back(entry);
  }
  // A terminal that can show colour, and no pager (terminal_test.cpp tests it).
  env_strings.push_back("TERM=xterm");
  env_strings.push_back("KONGTPL_PAGER=cat");
  if (!no_color.empty()) env_strings.push_back("NO_COLOR=" + no_color);
  std::vector<char*> envp, argv;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_strings = args;
  argv_strings.insert(argv_strings.begin(), KONGTPL_BINARY);
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  pid_t pid;
  int rc = posix_spawn(&pid, KONGTPL_BINARY, &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(slave);
  if (rc != 0) throw std::runtime_error("cannot start kongtpl");
  std::string out;
  char buffer[4096];
  for (ssize_t n; (n = read(master, buffer, sizeof buffer)) > 0;) out.append(buffer, n);  // EIO once it exits
  close(master);
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
  return out;
}

TEST(DiffColour, AlwaysMatchesGitsColours) {
  TempDir home;
  ProcessOptions git_env;
  git_env.env = {{"HOME", home.path().string()}, {"GIT_CONFIG_NOSYSTEM", "1"}};
  for (const std::string& extra : {std::string("--stat"), std::string("-U3")}) {
    ProcessResult git = run_process({"git", "-C", kRepo, "-c", "core.abbrev=7", "diff", "-w", "--color=always", extra,
                                     "2.0.0", "2.10.0", "--", "kong/templates/nginx_kong*.lua"},
                                    git_env);
    ASSERT_EQ(0, git.status) << git.err;
    ASSERT_NE(std::string::npos, git.out.find(kEscape));
    // NO_COLOR (set by run_kongtpl) does not override an explicit always.
    ProcessResult ours = kongtpl_diff({"--color=always", extra, "2.0.0", "2.10.0"});
    EXPECT_EQ(git.out, ours.out) << extra;
    EXPECT_EQ(1, ours.status);
  }
  // A bare --color means always, as in git.
  EXPECT_NE(std::string::npos, kongtpl_diff({"--color", "2.0.0", "2.10.0"}).out.find(kEscape + "32m+"));
}

TEST(DiffColour, NeverAndAutoIntoAPipeArePlain) {
  ProcessResult plain = kongtpl_diff({"2.0.0", "2.10.0"});
  ASSERT_EQ(1, plain.status);
  for (const std::string mode : {"--color=never", "--color=auto"}) {
    ProcessOptions colour_allowed;
    colour_allowed.env = {{"NO_COLOR", ""}};  // empty: not set, per no-color.org
    ProcessResult r = kongtpl_diff({mode, "2.0.0", "2.10.0"}, colour_allowed);
    EXPECT_EQ(plain.out, r.out) << mode;
    EXPECT_EQ(std::string::npos, r.out.find('\x1b')) << mode;
  }
  ProcessResult bad = kongtpl_diff({"--color=sometimes", "2.0.0", "2.10.0"});
  EXPECT_EQ(2, bad.status);
  EXPECT_EQ("", bad.out);
  EXPECT_EQ("kongtpl: --color takes auto, always or never, not 'sometimes'\n", bad.err);
}

TEST(DiffColour, AutoColoursATerminalUnlessNoColorIsSet) {
  const std::vector<std::string> args = {"--repo", kRepo, "diff", "2.0.0", "2.10.0"};
  int status = -1;
  std::string coloured = run_on_terminal(args, "", status);
  EXPECT_EQ(1, status);
  EXPECT_NE(std::string::npos, coloured.find(kEscape + "1mdiff --git a/kong/templates/nginx_kong.lua")) << coloured;

  std::string honoured = run_on_terminal(args, "1", status);
  EXPECT_EQ(1, status);
  EXPECT_NE(std::string::npos, honoured.find("diff --git a/kong/templates/nginx_kong.lua"));
  EXPECT_EQ(std::string::npos, honoured.find('\x1b')) << honoured;

  std::string never = run_on_terminal({"--repo", kRepo, "diff", "--color=never", "2.0.0", "2.10.0"}, "", status);
  EXPECT_EQ(std::string::npos, never.find('\x1b'));
  std::string always = run_on_terminal({"--repo", kRepo, "diff", "--color=always", "2.0.0", "2.10.0"}, "1", status);
  EXPECT_NE(std::string::npos, always.find(kEscape));
}

TEST(DiffOutputFile, WritesWhatStdoutWouldShowAndNothingElse) {
  TempDir dir;
  const std::string target = dir / "review.diff";
  ProcessResult to_stdout = kongtpl_diff({"1.0.0", "2.10.0"});
  ProcessResult to_file = kongtpl_diff({"1.0.0", "2.10.0", "-o", target});
  EXPECT_EQ(1, to_file.status) << to_file.err;
  EXPECT_EQ("", to_file.out);
  EXPECT_EQ(to_stdout.out, read_file(target));
  // Only the file itself: no temporary left beside it.
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path())) names.push_back(entry.path().filename().string());
  EXPECT_EQ(std::vector<std::string>{"review.diff"}, names);

  // --stat and --output= spellings, and "-o -" meaning stdout.
  ProcessResult stat = kongtpl_diff({"--stat", "--output=" + target, "1.0.0", "2.10.0"});
  EXPECT_EQ(1, stat.status);
  EXPECT_EQ(kongtpl_diff({"--stat", "1.0.0", "2.10.0"}).out, read_file(target));
  ProcessResult dash = kongtpl_diff({"-o", "-", "1.0.0", "2.10.0"});
  EXPECT_EQ(to_stdout.out, dash.out);
}

TEST(DiffOutputFile, ReplacesAnExistingFileByRenameNotInPlace) {
  TempDir dir;
  const std::string target = dir / "review.diff";
  write_file(target, "old review\n");
  struct stat before {};
  ASSERT_EQ(0, ::stat(target.c_str(), &before));
  // A second name for the old file: an in-place rewrite would change it too.
  const std::string link = dir / "old-link";
  ASSERT_EQ(0, ::link(target.c_str(), link.c_str()));

  ProcessResult r = kongtpl_diff({"2.9.0", "2.10.0", "-o", target});
  EXPECT_EQ(1, r.status) << r.err;
  struct stat after {};
  ASSERT_EQ(0, ::stat(target.c_str(), &after));
  EXPECT_NE(before.st_ino, after.st_ino);
  EXPECT_EQ("old review\n", read_file(link));
  EXPECT_EQ(kongtpl_diff({"2.9.0", "2.10.0"}).out, read_file(target));
}

TEST(DiffOutputFile, NothingIsWrittenWhenTheCommandFails) {
  TempDir dir;
  const std::string existing = dir / "review.diff";
  write_file(existing, "keep me\n");
  const std::string fresh = dir / "fresh.diff";
  const std::vector<std::vector<std::string>> failures = {
      {"1.0.0", "9.9.9"},                                         // unknown version
      {"--templates", "kong/nothing/*.lua", "1.0.0", "2.10.0"},  // glob matching nothing
  };
  for (const auto& args : failures) {
    for (const std::string& target : {existing, fresh}) {
      std::vector<std::string> with_output = args;
      with_output.insert(with_output.end(), {"-o", target});
      ProcessResult r = kongtpl_diff(with_output);
      EXPECT_EQ(2, r.status) << ::testing::PrintToString(args);
      EXPECT_EQ("", r.out);
    }
  }
  ProcessResult not_a_repo = run_kongtpl({"--repo", dir.path().string(), "diff", "1.0.0", "2.0.0", "-o", fresh});
  EXPECT_EQ(2, not_a_repo.status);
  EXPECT_EQ("keep me\n", read_file(existing));
  EXPECT_FALSE(fs::exists(fresh));
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path())) names.push_back(entry.path().filename().string());
  EXPECT_EQ(std::vector<std::string>{"review.diff"}, names);
}

TEST(DiffStdout, APipeThatClosesEarlyEndsQuietly) {
  // bash only wires the pipe; kongtpl's path comes in as $0.
  const std::string script =
      "\"$0\" --repo \"$1\" diff 1.0.0 2.10.0 | head -n 1; echo \"kongtpl=${PIPESTATUS[0]}\"; "
      "\"$0\" --repo \"$1\" diff --exact 1.0.0 2.10.0 -U 100000 | true; echo \"kongtpl=${PIPESTATUS[0]}\"";
  ProcessOptions options;
  options.env = {{"NO_COLOR", "1"}};
  ProcessResult r = run_process({"bash", "-c", script, KONGTPL_BINARY, kRepo}, options);
  EXPECT_EQ(0, r.status);
  EXPECT_EQ(
      "diff --git a/kong/templates/nginx_kong.lua b/kong/templates/nginx_kong.lua\nkongtpl=1\nkongtpl=1\n",
      r.out);
  EXPECT_EQ("", r.err);
}

TEST(DiffStdout, AFullDiskIsTroubleWithOneLine) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  const std::string script = "\"$0\" --repo \"$1\" diff 1.0.0 2.10.0 > /dev/full";
  ProcessResult r = run_process({"bash", "-c", script, KONGTPL_BINARY, kRepo});
  EXPECT_EQ(2, r.status);
  EXPECT_EQ("kongtpl: cannot write to standard output: No space left on device\n", r.err);
}

}  // namespace
}  // namespace kongtpl
