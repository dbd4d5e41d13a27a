// diff_ids and diff_ids_like_git: the Change regions are a valid edit script
// (applying them to `before` gives `after`), diff_ids is the shortest one on
// template-sized inputs (dtl's edit distance as the oracle), and large or
// disjoint inputs stay valid.
#include "diff/edit_script.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include <dtl/dtl.hpp>

namespace kongtpl {
namespace {

/// Applies the changes to before, taking inserted lines from after; checks
/// the regions are ordered and separated by common lines.
void expect_valid_script(const std::vector<int32_t>& before, const std::vector<int32_t>& after,
                         const std::vector<Change>& changes) {
  std::vector<int32_t> rebuilt;
  size_t old_pos = 0, new_pos = 0;
  for (const Change& c : changes) {
    ASSERT_GE(c.old_start, old_pos);
    ASSERT_EQ(c.old_start - old_pos, c.new_start - new_pos) << "common lines must pair up";
    if (old_pos > 0 || new_pos > 0) {
      ASSERT_TRUE(c.old_start > old_pos || c.new_start > new_pos) << "regions must not touch";
    }
    for (size_t i = old_pos; i < c.old_start; ++i) rebuilt.push_back(before[i]);
    for (size_t j = c.new_start; j < c.new_start + c.new_count; ++j) rebuilt.push_back(after[j]);
    old_pos = c.old_start + c.old_count;
    new_pos = c.new_start + c.new_count;
  }
  for (size_t i = old_pos; i < before.size(); ++i) rebuilt.push_back(before[i]);
  EXPECT_EQ(after, rebuilt);
}

size_t edits(const std::vector<Change>& changes) {
  size_t n = 0;
  for (const Change& c : changes) n += c.old_count + c.new_count;
  return n;
}

TEST(EditScript, ShortestOnTemplateSizedInputs) {
  std::mt19937 random(7);
  for (int round = 0; round < 200; ++round) {
    std::vector<int32_t> a(50 + random() % 400);
    for (auto& x : a) x = static_cast<int32_t>(random() % 40);
    std::vector<int32_t> b = a;
    for (int k = static_cast<int>(random() % 80); k > 0; --k) {
      size_t at = b.empty() ? 0 : random() % b.size();
      if (random() % 2 && !b.empty()) b.erase(b.begin() + static_cast<long>(at));
      else b.insert(b.begin() + static_cast<long>(at), static_cast<int32_t>(random() % 40));
    }
    auto changes = diff_ids(a, b);
    expect_valid_script(a, b, changes);
    dtl::Diff<int32_t, std::vector<int32_t>> oracle(a, b);
    oracle.onOnlyEditDistance();
    oracle.compose();
    EXPECT_EQ(static_cast<size_t>(oracle.getEditDistance()), edits(changes)) << "round " << round;
    expect_valid_script(a, b, diff_ids_like_git(a, b));
  }
}

TEST(EditScript, LargeDenseInputsStayValid) {
  // 200,000 lines, one in fifty changed on each side: past the minimal range.
  std::mt19937 random(11);
  std::vector<int32_t> a(200'000), b;
  for (auto& x : a) x = static_cast<int32_t>(random() % 50'000);
  for (int32_t x : a) {
    switch (random() % 50) {
      case 0: b.push_back(60'000 + static_cast<int32_t>(random() % 1000)); break;
      case 1: break;
      case 2: b.push_back(x), b.push_back(70'000); break;
      default: b.push_back(x);
    }
  }
  auto changes = diff_ids(a, b);
  expect_valid_script(a, b, changes);
  EXPECT_LT(edits(changes), 20'000u);  // about 4 edits per 50 lines: nowhere near rewriting everything
  expect_valid_script(a, b, diff_ids_like_git(a, b));
}

TEST(EditScript, DisjointSidesAreOneReplacement) {
  std::vector<int32_t> a(50'000), b(50'000);
  for (int32_t i = 0; i < 50'000; ++i) a[i] = i, b[i] = 100'000 + i;
  for (const auto& changes : {diff_ids(a, b), diff_ids_like_git(a, b)}) {
    ASSERT_EQ(1u, changes.size());
    EXPECT_EQ((Change{0, 50'000, 0, 50'000}), changes[0]);
  }
}

}  // namespace
}  // namespace kongtpl
