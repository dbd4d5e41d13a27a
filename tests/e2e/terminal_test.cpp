// kongtpl on a terminal, as git behaves there: long output through a pager
// ($KONGTPL_PAGER, $PAGER, less -FRX; --no-pager; never into a pipe), no
// colour on a dumb terminal, --stat as wide as $COLUMNS or the window. The
// pager is a script that records what it was given; stdout is a real
// pseudo-terminal, and every run is killed after a minute should anything
// wait for a keyboard.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
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
const std::vector<std::string> kDiff = {"--repo", kRepo, "diff", "2.0.0", "2.10.0"};

/// What a terminal shows for text: "\n" becomes "\r\n".
std::string as_on_terminal(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

/// A pager that writes its arguments, $LESS and its input to `log`.
struct FakePager {
  TempDir dir;
  fs::path script = dir / "pager.sh";
  fs::path log = dir / "pager.log";
  FakePager() {
    write_file(script, "#!/bin/sh\n{ printf 'args:%s\\n' \"$*\"; printf 'LESS=%s\\n' \"$LESS\"; cat; } > \"$PAGER_LOG\"\n");
    fs::permissions(script, fs::perms::owner_all);
  }
  std::string header(const std::string& args) const { return "args:" + args + "\nLESS=FRX\n"; }
};

/// Runs kongtpl with stdout on an 80-column terminal, TERM=xterm, the
/// given environment, and colour allowed.
ProcessResult on_terminal(const std::vector<std::string>& args, std::map<std::string, std::string> env,
                          std::vector<std::string> unset = {}) {
  ProcessOptions options;
  options.terminal_columns = 80;
  options.kill_after_seconds = 60;
  options.env = std::move(env);
  options.env.emplace("TERM", "xterm");
  options.env.emplace("NO_COLOR", "");
  options.unset_env = std::move(unset);
  options.unset_env.push_back("LESS");
  options.unset_env.push_back("COLUMNS");
  return run_kongtpl(args, options);
}

std::string coloured_diff() {
  std::vector<std::string> args = kDiff;
  args.push_back("--color=always");
  return run_kongtpl(args).out;
}

TEST(Pager, LongOutputOnATerminalGoesThroughKongtplPagerWithGitsLessDefaults) {
  FakePager pager;
  ProcessResult r = on_terminal(kDiff, {{"KONGTPL_PAGER", pager.script.string() + " -S"},
                                        {"PAGER", "false"},
                                        {"PAGER_LOG", pager.log.string()}});
  ASSERT_EQ(1, r.status) << r.err;  // the diff's own status, after the pager exits
  EXPECT_EQ("", r.out);             // everything went to the pager
  std::string expected = coloured_diff();
  ASSERT_NE(std::string::npos, expected.find("\x1b[32m+"));
  EXPECT_EQ(pager.header("-S") + expected, read_file(pager.log));
}

TEST(Pager, PagerIsUsedWhenKongtplPagerIsUnset) {
  FakePager pager;
  ProcessResult r =
      on_terminal(kDiff, {{"PAGER", pager.script.string()}, {"PAGER_LOG", pager.log.string()}}, {"KONGTPL_PAGER"});
  ASSERT_EQ(1, r.status) << r.err;
  EXPECT_EQ(pager.header("") + coloured_diff(), read_file(pager.log));
}

TEST(Pager, NoPagerCatOrEmptyPrintDirectly) {
  FakePager pager;
  const std::string expected = as_on_terminal(coloured_diff());
  std::vector<std::string> global_flag = {"--no-pager"};
  global_flag.insert(global_flag.end(), kDiff.begin(), kDiff.end());
  std::vector<std::string> command_flag = kDiff;
  command_flag.push_back("--no-pager");
  for (const auto& args : {global_flag, command_flag}) {
    ProcessResult r = on_terminal(args, {{"KONGTPL_PAGER", pager.script.string()}, {"PAGER_LOG", pager.log.string()}});
    EXPECT_EQ(1, r.status) << r.err;
    EXPECT_EQ(expected, r.out);
  }
  for (const std::string value : {"cat", ""}) {
    ProcessResult r = on_terminal(kDiff, {{"KONGTPL_PAGER", value}, {"PAGER", pager.script.string()},
                                          {"PAGER_LOG", pager.log.string()}});
    EXPECT_EQ(1, r.status) << r.err;
    EXPECT_EQ(expected, r.out) << "KONGTPL_PAGER='" << value << "'";
  }
  EXPECT_FALSE(fs::exists(pager.log));
}

TEST(Pager, NeverIntoAPipeOrAFile) {
  FakePager pager;
  ProcessOptions options;
  options.env = {{"KONGTPL_PAGER", pager.script.string()}, {"PAGER_LOG", pager.log.string()}, {"TERM", "xterm"}};
  ProcessResult piped = run_kongtpl(kDiff, options);
  EXPECT_EQ(1, piped.status);
  EXPECT_NE(std::string::npos, piped.out.find("diff --git a/kong/templates/nginx_kong.lua"));
  std::vector<std::string> to_file = kDiff;
  to_file.insert(to_file.end(), {"-o", pager.dir / "out.diff"});
  options.terminal_columns = 80;
  options.kill_after_seconds = 60;
  ProcessResult written = run_kongtpl(to_file, options);
  EXPECT_EQ(1, written.status) << written.err;
  EXPECT_EQ(piped.out, read_file(pager.dir / "out.diff"));
  EXPECT_FALSE(fs::exists(pager.log));
}

TEST(Pager, AMissingPagerIsReportedAndTheOutputStillShown) {
  ProcessResult r = on_terminal(kDiff, {{"KONGTPL_PAGER", "/nonexistent/pager"}});
  EXPECT_EQ(1, r.status);
  EXPECT_EQ(as_on_terminal(coloured_diff()), r.out);
  EXPECT_NE(std::string::npos, r.err.find("kongtpl: warning: the pager '/nonexistent/pager' did not start")) << r.err;
}

TEST(Pager, OtherListingsArePagedToo) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--repo", kRepo, "versions"},
           {"--repo", kRepo, "show", "2.10.0"},
           {"--repo", kRepo, "history", "1.0.0", "2.10.0"},
           {"--repo", kRepo, "patch", "2.0.0", "2.10.0"}}) {
    FakePager pager;
    ProcessResult direct = run_kongtpl(args);
    ProcessResult r = on_terminal(args, {{"KONGTPL_PAGER", pager.script.string()}, {"PAGER_LOG", pager.log.string()}});
    EXPECT_EQ(direct.status, r.status) << args[2] << r.err;
    EXPECT_EQ("", r.out) << args[2];
    EXPECT_EQ(pager.header("") + direct.out, read_file(pager.log)) << args[2];
  }
}

TEST(TerminalColour, ADumbOrUnknownTerminalGetsNoColour) {
  ProcessResult xterm = on_terminal(kDiff, {{"KONGTPL_PAGER", "cat"}});
  EXPECT_NE(std::string::npos, xterm.out.find("\x1b[")) << xterm.out;
  ProcessResult dumb = on_terminal(kDiff, {{"KONGTPL_PAGER", "cat"}, {"TERM", "dumb"}});
  EXPECT_EQ(1, dumb.status);
  EXPECT_NE(std::string::npos, dumb.out.find("diff --git a/kong/templates/nginx_kong.lua"));
  EXPECT_EQ(std::string::npos, dumb.out.find('\x1b')) << dumb.out;
  // git too: no TERM at all is a dumb terminal.
  ProcessResult unset = [&] {
    ProcessOptions options;
    options.terminal_columns = 80;
    options.kill_after_seconds = 60;
    options.env = {{"KONGTPL_PAGER", "cat"}, {"NO_COLOR", ""}};
    options.unset_env = {"TERM"};
    return run_kongtpl(kDiff, options);
  }();
  EXPECT_EQ(std::string::npos, unset.out.find('\x1b')) << unset.out;
  // --color=always still colours on a dumb terminal, as in git.
  std::vector<std::string> always = kDiff;
  always.push_back("--color=always");
  EXPECT_NE(std::string::npos, on_terminal(always, {{"KONGTPL_PAGER", "cat"}, {"TERM", "dumb"}}).out.find("\x1b["));
}

/// git diff -w --stat between the fixture's versions with COLUMNS set.
std::string git_stat(const std::string& columns, const std::string& from, const std::string& to) {
  TempDir home;
  ProcessOptions env;
  env.env = {{"HOME", home.path().string()}, {"GIT_CONFIG_NOSYSTEM", "1"}, {"COLUMNS", columns}};
  ProcessResult git = run_process({"git", "-C", kRepo, "diff", "-w", "--stat", from, to, "--",
                                   "kong/templates/nginx_kong*.lua"},
                                  env);
  if (git.status != 0) throw std::runtime_error(git.err);
  return git.out;
}

TEST(TerminalWidth, StatIsAsWideAsColumnsOrTheWindowLikeGits) {
  // Versions far apart make graphs long enough for the width to matter.
  const std::string from = "1.0.0", to = "2.10.0";
  std::set<std::string> distinct;
  for (const std::string columns : {"40", "60", "100", "250"}) {
    ProcessOptions env;
    env.env = {{"COLUMNS", columns}};
    ProcessResult ours = run_kongtpl({"--repo", kRepo, "diff", "--stat", from, to}, env);
    std::string expected = git_stat(columns, from, to);
    EXPECT_EQ(expected, ours.out) << "COLUMNS=" << columns;
    distinct.insert(expected);
    // On a terminal of that width (no COLUMNS), the same.
    ProcessOptions terminal;
    terminal.terminal_columns = static_cast<unsigned short>(std::stoi(columns));
    terminal.kill_after_seconds = 60;
    terminal.unset_env = {"COLUMNS"};
    terminal.env = {{"KONGTPL_PAGER", "cat"}};
    ProcessResult shown = run_kongtpl({"--repo", kRepo, "diff", "--stat", "--color=never", from, to}, terminal);
    EXPECT_EQ(as_on_terminal(expected), shown.out) << columns << " columns";
  }
  EXPECT_GT(distinct.size(), 1u) << "the fixture's stat does not depend on the width: the test proves nothing";
}

}  // namespace
}  // namespace kongtpl
