// git merge-file as the oracle: where git merges cleanly, merge_texts must
// merge cleanly to the very same bytes. Where git conflicts, merge_texts may
// still merge cleanly when the two changes only touch (git joins touching
// changes; merge_texts narrows them apart), and then its result must be
// exactly both changes applied: every line both sides kept, plus every line
// either side added, in each side's order.
#include <gtest/gtest.h>

#include <algorithm>
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

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::string line;
  for (char c : text) {
    if (c == '\n') {
      out.push_back(line);
      line.clear();
    } else {
      line += c;
    }
  }
  return out;
}

bool contains(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

// For texts whose lines are all distinct: result holds exactly the lines
// both sides kept from base and the lines either side added, and keeps the
// order each side has them in.
bool holds_both_changes(const std::string& result, const std::string& base, const std::string& ours,
                        const std::string& theirs) {
  std::vector<std::string> r = lines_of(result), b = lines_of(base), o = lines_of(ours), t = lines_of(theirs);
  std::vector<std::string> expected;
  for (const auto& l : o)
    if (!contains(b, l) || contains(t, l)) expected.push_back(l);
  for (const auto& l : t)
    if (!contains(b, l) && !contains(o, l)) expected.push_back(l);
  if (expected.size() != r.size()) return false;
  for (const auto& l : expected)
    if (!contains(r, l)) return false;
  auto in_order = [&](const std::vector<std::string>& side) {
    long last = -1;
    for (const auto& l : side) {
      auto at = std::find(r.begin(), r.end(), l);
      if (at == r.end()) continue;
      if (at - r.begin() < last) return false;
      last = at - r.begin();
    }
    return true;
  };
  return in_order(o) && in_order(t);
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
  int git_clean = 0, narrowed_apart = 0;
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
    if (git.clean) {
      ++git_clean;
      EXPECT_TRUE(r.clean()) << "ours:\n" << ours << "theirs:\n" << theirs;
      EXPECT_EQ(git.text, r.text);
    } else if (r.clean()) {
      ++narrowed_apart;
      EXPECT_TRUE(holds_both_changes(r.text, base_text, ours, theirs))
          << "ours:\n" << ours << "theirs:\n" << theirs << "result:\n" << r.text;
    }
  }
  EXPECT_GT(git_clean, 30);
  EXPECT_GT(narrowed_apart, 0);  // the oracle must see touching changes too
}

}  // namespace
}  // namespace kongtpl
