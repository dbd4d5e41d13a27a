// linear_diff (git's xdiffi.c engine, linear space): a valid common
// subsequence always, the minimal one with `minimal` and on small inputs
// (checked against dtl's edit distance), and on large files the same counts
// as `git diff --numstat`, up to a million lines.
#include "diff/linear_diff.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <dtl/dtl.hpp>

#include "diff/edit_script.hpp"
#include "diff/prepare.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::run_process;
using testing::TempDir;
using testing::write_file;

struct Marks {
  std::vector<char> a, b;
};

Marks run(const std::vector<int32_t>& a, const std::vector<int32_t>& b, bool minimal) {
  Marks m;
  linear_diff(a.data(), a.size(), b.data(), b.size(), minimal, m.a, m.b);
  return m;
}

size_t count(const std::vector<char>& marks) { return static_cast<size_t>(std::count(marks.begin(), marks.end(), 1)); }

/// The unmarked lines of both sides are the same sequence.
void expect_common_subsequence(const std::vector<int32_t>& a, const std::vector<int32_t>& b, const Marks& m) {
  std::vector<int32_t> kept_a, kept_b;
  for (size_t i = 0; i < a.size(); ++i)
    if (!m.a[i]) kept_a.push_back(a[i]);
  for (size_t j = 0; j < b.size(); ++j)
    if (!m.b[j]) kept_b.push_back(b[j]);
  EXPECT_EQ(kept_a, kept_b);
}

long long dtl_distance(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
  dtl::Diff<int32_t, std::vector<int32_t>> engine(a, b);
  engine.onOnlyEditDistance();
  engine.compose();
  return engine.getEditDistance();
}

TEST(LinearDiff, MyersPaperExample) {
  // ABCABBA -> CBABAC: 5 edits.
  std::vector<int32_t> a = {0, 1, 2, 0, 1, 1, 0}, b = {2, 1, 0, 1, 0, 2};
  for (bool minimal : {true, false}) {
    Marks m = run(a, b, minimal);
    EXPECT_EQ(5u, count(m.a) + count(m.b));
    expect_common_subsequence(a, b, m);
  }
}

TEST(LinearDiff, EmptyAndDisjointSides) {
  Marks m = run({}, {1, 2, 3}, false);
  EXPECT_EQ((std::vector<char>{1, 1, 1}), m.b);
  m = run({1, 2}, {}, false);
  EXPECT_EQ((std::vector<char>{1, 1}), m.a);
  m = run({1, 2, 3}, {4, 5}, false);
  EXPECT_EQ(3u, count(m.a));
  EXPECT_EQ(2u, count(m.b));
}

TEST(LinearDiff, RandomInputsAreMinimalAsDtlSays) {
  std::mt19937 random(12345);
  for (int round = 0; round < 300; ++round) {
    const int alphabet = 2 + static_cast<int>(random() % 8);
    std::vector<int32_t> a(random() % 60), b;
    for (auto& x : a) x = static_cast<int32_t>(random() % alphabet);
    b = a;
    for (int edits = static_cast<int>(random() % 12); edits > 0; --edits) {
      size_t at = b.empty() ? 0 : random() % b.size();
      if (random() % 2 && !b.empty()) b.erase(b.begin() + static_cast<long>(at));
      else b.insert(b.begin() + static_cast<long>(at), static_cast<int32_t>(random() % alphabet));
    }
    for (bool minimal : {true, false}) {
      Marks m = run(a, b, minimal);
      expect_common_subsequence(a, b, m);
      // Below git's heuristic threshold (cost 256) both modes are minimal.
      EXPECT_EQ(dtl_distance(a, b), static_cast<long long>(count(m.a) + count(m.b))) << "round " << round;
    }
  }
}

TEST(LinearDiff, BuffersAreReusedAcrossSizes) {
  // A large diff, then a small one on the same thread: the kept arrays must
  // not leak state between calls.
  std::vector<int32_t> big_a(5000), big_b(5000);
  for (int i = 0; i < 5000; ++i) big_a[i] = i, big_b[i] = i % 7 == 0 ? -i - 1 : i;  // 715 changed
  Marks big = run(big_a, big_b, false);
  expect_common_subsequence(big_a, big_b, big);
  EXPECT_EQ(715u, count(big.a));
  Marks small = run({1, 2, 3, 4}, {1, 3, 4, 5}, false);
  EXPECT_EQ((std::vector<char>{0, 1, 0, 0}), small.a);
  EXPECT_EQ((std::vector<char>{0, 0, 0, 1}), small.b);
}

/// An nginx-like file of n lines, and a copy with about one line in `every`
/// changed, deleted or followed by an insertion.
std::pair<std::string, std::string> large_pair(size_t n, size_t every, unsigned seed) {
  std::mt19937 random(seed);
  std::ostringstream before, after;
  for (size_t i = 0; i < n; ++i) {
    // Many repeated lines, as in real configuration.
    std::string line = random() % 4 == 0 ? "    }" : "    directive_" + std::to_string(random() % (n / 3 + 1)) + " on;";
    before << line << '\n';
    switch (random() % every) {
      case 0: after << line << " # changed\n"; break;
      case 1: break;  // deleted
      case 2: after << line << "\n    inserted_" << i << ";\n"; break;
      default: after << line << '\n';
    }
  }
  return {before.str(), after.str()};
}

/// Added and removed lines: ours (diff_ids_like_git on exact lines) and git's.
void expect_numstat_equal_to_git(size_t lines, size_t every, unsigned seed) {
  auto [before, after] = large_pair(lines, every, seed);
  LineInterner interner;
  PreparedText a = prepare_text(before, WhitespaceMode::Exact, interner);
  PreparedText b = prepare_text(after, WhitespaceMode::Exact, interner);
  size_t added = 0, removed = 0;
  for (const Change& c : diff_ids_like_git(a.ids, b.ids)) added += c.new_count, removed += c.old_count;

  TempDir dir;
  write_file(dir / "a", before);
  write_file(dir / "b", after);
  auto git = run_process({"git", "diff", "--no-index", "--numstat", dir / "a", dir / "b"});
  ASSERT_EQ(1, git.status) << git.err;
  std::istringstream fields(git.out);
  size_t git_added = 0, git_removed = 0;
  fields >> git_added >> git_removed;
  EXPECT_EQ(git_added, added) << lines << " lines";
  EXPECT_EQ(git_removed, removed) << lines << " lines";
}

TEST(LinearDiff, LargeFilesCountAsGitDoes) {
  expect_numstat_equal_to_git(200'000, 50, 1);
  expect_numstat_equal_to_git(200'000, 7, 2);
}

TEST(LinearDiff, MillionLineFileCountsAsGitDoes) { expect_numstat_equal_to_git(1'000'000, 50, 3); }

}  // namespace
}  // namespace kongtpl
