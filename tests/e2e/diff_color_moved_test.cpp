// `kongtpl diff --color-moved[=MODE]` against real `git diff --color-moved`:
// a repository built here holds a template at two versions whose location
// blocks changed places (one of them re-indented); kongtpl's coloured diff
// must be git's, byte for byte, in every mode and --color-moved-ws.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support/git_cli.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::git_or_fail;
using testing::ProcessOptions;
using testing::ProcessResult;
using testing::read_file;
using testing::run_kongtpl;
using testing::run_process;
using testing::TempDir;
using testing::write_file;

const std::string kTemplate = "kong/templates/nginx_kong.lua";

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(text.substr(start, end - start + 1));
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

size_t indent_of(const std::string& line) { return line.find_first_not_of(" \t"); }

// The template with its location blocks in reverse order, the first one
// also indented two more spaces: moved blocks, adjacent ones among them.
std::string with_locations_reversed(const std::string& text) {
  std::vector<std::string> lines = split_lines(text);
  std::vector<std::pair<size_t, size_t>> blocks;  // [first, last] line of each location block
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("location ") != indent_of(lines[i])) continue;
    size_t end = i + 1;
    while (end < lines.size() && !(indent_of(lines[end]) == indent_of(lines[i]) && lines[end].find('}') == indent_of(lines[i])))
      ++end;
    if (end == lines.size()) break;
    blocks.push_back({i, end});
    i = end;
  }
  if (blocks.size() < 3) return "";
  std::vector<std::vector<std::string>> bodies;
  for (auto [first, last] : blocks) bodies.emplace_back(lines.begin() + first, lines.begin() + last + 1);
  for (std::string& line : bodies.front()) line = "  " + line;
  std::reverse(bodies.begin(), bodies.end());
  std::string out;
  size_t next = 0, block = 0;
  for (auto [first, last] : blocks) {
    for (; next < first; ++next) out += lines[next];
    for (const std::string& line : bodies[block++]) out += line;
    next = last + 1;
  }
  for (; next < lines.size(); ++next) out += lines[next];
  return out;
}

class DiffColorMoved : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    repo_ = new TempDir();
    const std::string before = read_file(std::string(KONGTPL_SOURCE_DIR) + "/fixtures/history/01-1.0.0/" + kTemplate);
    const std::string after = with_locations_reversed(before);
    ASSERT_NE("", after) << "the fixture template has fewer than three location blocks";
    const std::string dir = repo_->path().string();
    git_or_fail({"init", "-q", dir});
    std::filesystem::create_directories(repo_->path() / "kong/templates");
    for (const auto& [text, tag] : {std::pair{before, "1.0.0"}, std::pair{after, "1.1.0"}}) {
      write_file(repo_->path() / kTemplate, text);
      git_or_fail({"-C", dir, "add", "-A"});
      git_or_fail({"-C", dir, "commit", "-q", "-m", tag});
      git_or_fail({"-C", dir, "tag", tag});
    }
  }
  static void TearDownTestSuite() {
    delete repo_;
    repo_ = nullptr;
  }

  static ProcessResult git_diff(std::vector<std::string> args) {
    static TempDir home;
    ProcessOptions env;
    env.env = {{"HOME", home.path().string()}, {"GIT_CONFIG_NOSYSTEM", "1"}};
    args.insert(args.begin(), {"git", "-C", repo_->path().string(), "-c", "core.abbrev=7", "diff"});
    args.insert(args.end(), {"1.0.0", "1.1.0", "--", kTemplate});
    return run_process(args, env);
  }

  static ProcessResult kongtpl_diff(std::vector<std::string> args) {
    args.insert(args.begin(), {"--repo", repo_->path().string(), "diff"});
    args.insert(args.end(), {"1.0.0", "1.1.0"});
    return run_kongtpl(args);
  }

  static TempDir* repo_;
};
TempDir* DiffColorMoved::repo_ = nullptr;

TEST_F(DiffColorMoved, EveryModeMatchesGitByteForByte) {
  int with_moves = 0, with_alternate = 0, with_dimmed = 0, compared = 0;
  for (const std::string mode : {"no", "default", "plain", "blocks", "zebra", "dimmed-zebra"}) {
    for (const std::string ws : {"no", "ignore-all-space", "ignore-space-change", "allow-indentation-change"}) {
      for (const bool exact : {false, true}) {
        std::vector<std::string> git_args = {"--color=always", "--color-moved=" + mode, "--color-moved-ws=" + ws};
        std::vector<std::string> ours = git_args;
        (exact ? ours : git_args).push_back(exact ? "--exact" : "-w");
        ProcessResult expected = git_diff(git_args);
        ASSERT_EQ(0, expected.status) << expected.err;
        ProcessResult actual = kongtpl_diff(ours);
        EXPECT_EQ(1, actual.status) << actual.err;
        EXPECT_EQ(expected.out, actual.out) << mode << " " << ws << (exact ? " --exact" : " -w");
        ++compared;
        with_moves += expected.out.find("\x1b[1;36m+") != std::string::npos;
        with_alternate += expected.out.find("\x1b[1;33m+") != std::string::npos;
        with_dimmed += expected.out.find("\x1b[2m") != std::string::npos;
      }
    }
  }
  EXPECT_EQ(48, compared);
  // The fixture does exercise moves, zebra's second colour and dimming.
  EXPECT_GT(with_moves, 10);
  EXPECT_GT(with_alternate, 2);
  EXPECT_GT(with_dimmed, 2);
}

TEST_F(DiffColorMoved, ABareOptionIsZebraAndPlainOutputIsUnchanged) {
  EXPECT_EQ(kongtpl_diff({"--color=always", "--color-moved=zebra"}).out,
            kongtpl_diff({"--color=always", "--color-moved"}).out);
  // Without colour, moves change nothing (git's rule).
  const std::string plain = kongtpl_diff({}).out;
  ASSERT_NE("", plain);
  EXPECT_EQ(plain, kongtpl_diff({"--color-moved=dimmed-zebra"}).out);
  EXPECT_EQ(plain, kongtpl_diff({"--color=never", "--color-moved"}).out);
}

TEST_F(DiffColorMoved, BadValuesAreOneLineAndExitTwo) {
  for (const std::vector<std::string>& bad : {std::vector<std::string>{"--color-moved=stripes"},
                                              std::vector<std::string>{"--color-moved-ws=sideways"},
                                              std::vector<std::string>{"--color-moved-ws=allow-indentation-change,ignore-all-space"}}) {
    ProcessResult r = kongtpl_diff(bad);
    EXPECT_EQ(2, r.status) << bad.front();
    EXPECT_EQ("", r.out);
    EXPECT_EQ(1, std::count(r.err.begin(), r.err.end(), '\n')) << r.err;
  }
}

}  // namespace
}  // namespace kongtpl
