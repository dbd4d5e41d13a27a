// git merge-file as the oracle: where git merges cleanly, merge_texts must
// merge cleanly to the very same bytes (and conflict exactly where git does
// on inputs without whitespace differences).
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "merge/three_way.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::run_process;
using testing::TempDir;
using testing::write_file;

struct GitMerge {
  std::string text;
  bool clean = false;
};

GitMerge git_merge_file(const std::string& ours, const std::string& base, const std::string& theirs) {
  TempDir dir;
  write_file(dir / "ours", ours);
  write_file(dir / "base", base);
  write_file(dir / "theirs", theirs);
  auto r = run_process({"git", "merge-file", "-p", dir / "ours", dir / "base", dir / "theirs"});
  EXPECT_GE(r.status, 0) << r.err;
  EXPECT_LT(r.status, 127) << r.err;
  return GitMerge{r.out, r.status == 0};
}

TEST(MergeGitOracle, CleanDisjointEditsAgreeWithGit) {
  struct Case {
    std::string ours, base, theirs;
  };
  const std::vector<Case> cases = {
      {"a\nB\nc\nd\ne\n", "a\nb\nc\nd\ne\n", "a\nb\nc\nd\nE\n"},
      {"new\na\nb\nc\n", "a\nb\nc\n", "a\nb\nc\nend\n"},
      {"a\nc\nd\ne\nf\n", "a\nb\nc\nd\ne\nf\n", "a\nb\nc\nd\nX\nY\nf\n"},
      {"> if x then\n  a;\n> end\nb;\nc;\n", "  a;\nb;\nc;\n", "  a;\nb;\nc;\nd;\n"},
  };
  for (const Case& c : cases) {
    GitMerge git = git_merge_file(c.ours, c.base, c.theirs);
    ASSERT_TRUE(git.clean) << "the oracle case must be clean for git: " << c.ours;
    MergeResult r = merge_texts(c.ours, c.base, c.theirs);
    EXPECT_TRUE(r.clean());
    EXPECT_EQ(git.text, r.text);
  }
}

TEST(MergeGitOracle, RandomEditsAgreeWithGitWhereGitIsClean) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pick(0, 99);
  int git_clean = 0;
  for (int iteration = 0; iteration < 150; ++iteration) {
    SCOPED_TRACE("iteration " + std::to_string(iteration));
    std::vector<std::string> base;
    int n = std::uniform_int_distribution<int>(1, 15)(rng);
    for (int i = 0; i < n; ++i) base.push_back("line " + std::to_string(i));
    auto edit = [&](const std::string& who) {
      std::string out;
      int next = 0;
      for (const auto& line : base) {
        int p = pick(rng);
        if (p < 5) out += who + " inserted " + std::to_string(next++) + "\n";
        if (p >= 5 && p < 10) continue;
        if (p >= 10 && p < 15) out += who + " changed " + std::to_string(next++) + "\n";
        else out += line + "\n";
      }
      return out;
    };
    std::string base_text;
    for (const auto& line : base) base_text += line + "\n";
    std::string ours = edit("ours"), theirs = edit("theirs");
    GitMerge git = git_merge_file(ours, base_text, theirs);
    MergeResult r = merge_texts(ours, base_text, theirs);
    EXPECT_EQ(git.clean, r.clean()) << "ours:\n" << ours << "theirs:\n" << theirs << "git:\n" << git.text;
    if (git.clean) {
      ++git_clean;
      EXPECT_EQ(git.text, r.text);
    }
  }
  EXPECT_GT(git_clean, 30);
}

}  // namespace
}  // namespace kongtpl
