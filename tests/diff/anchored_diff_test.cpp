// diff_ids_anchored: unique lines pair first, the minimal script fills in.
#include "diff/anchored_diff.hpp"

#include <gtest/gtest.h>

namespace kongtpl {
namespace {

// For each line of `before`, the line of `after` the script pairs it with.
std::vector<long> partners(const std::vector<Change>& changes, size_t before_size) {
  std::vector<long> partner(before_size, -1);
  size_t i = 0, j = 0;
  for (const Change& c : changes) {
    while (i < c.old_start) partner[i++] = static_cast<long>(j++);
    i = c.old_start + c.old_count;
    j = c.new_start + c.new_count;
  }
  while (i < before_size) partner[i++] = static_cast<long>(j++);
  return partner;
}

// Applying the script to `before` gives `after`.
std::vector<int32_t> apply(const std::vector<Change>& changes, const std::vector<int32_t>& before,
                           const std::vector<int32_t>& after) {
  std::vector<int32_t> out;
  size_t i = 0;
  for (const Change& c : changes) {
    while (i < c.old_start) out.push_back(before[i++]);
    for (size_t k = 0; k < c.new_count; ++k) out.push_back(after[c.new_start + k]);
    i = c.old_start + c.old_count;
  }
  while (i < before.size()) out.push_back(before[i++]);
  return out;
}

// Ids: 1 `location @grpc {`, 5 `location @grpcs {`, 6 `location @unbuffered {`,
// 2 `internal;`, 3 `set $mode 'grpc';`, 7 `set $mode 'unbuffered';`, 4 `}`.
// Upstream inserts @unbuffered before @grpc and drops @grpcs.
const std::vector<int32_t> kBefore = {1, 2, 3, 4, 5, 2, 3, 4};
const std::vector<int32_t> kAfter = {6, 2, 7, 4, 1, 2, 3, 4};

TEST(AnchoredDiff, PairsAUniqueLineTheMinimalScriptPairsElsewhere) {
  std::vector<bool> anchorable(8, true);
  anchorable[4] = false;  // `}`
  // The minimal script keeps five lines by pairing @grpc's body with
  // @unbuffered's and @grpcs' body with @grpc's: `location @grpc {` itself
  // is not paired with itself.
  ASSERT_NE(4, partners(diff_ids(kBefore, kAfter), kBefore.size())[0]);
  std::vector<Change> anchored = diff_ids_anchored(kBefore, kAfter, anchorable);
  std::vector<long> partner = partners(anchored, kBefore.size());
  EXPECT_EQ(4, partner[0]);                 // @grpc is @grpc
  EXPECT_EQ(5, partner[1]);                 // and its body is its body
  EXPECT_EQ(-1, partner[4]);                // @grpcs is gone
  EXPECT_EQ(kAfter, apply(anchored, kBefore, kAfter));
}

TEST(AnchoredDiff, LinesThatMayNotAnchorLeaveTheMinimalScript) {
  std::vector<bool> none(8, false);
  EXPECT_EQ(diff_ids(kBefore, kAfter), diff_ids_anchored(kBefore, kAfter, none));
  EXPECT_EQ(diff_ids(kBefore, kAfter), diff_ids_anchored(kBefore, kAfter, {}));
}

TEST(AnchoredDiff, UniqueLinesMovedAsABlockLeaveTheMinimalScript) {
  // Three unique lines move past forty others: pairing them would delete
  // and re-insert the forty.
  std::vector<int32_t> before = {10, 11, 12}, after;
  for (int k = 0; k < 40; ++k) before.push_back(k % 2 ? 5 : 6);
  after.assign(before.begin() + 3, before.end());
  after.insert(after.end(), {10, 11, 12});
  std::vector<bool> anchorable(13, true);
  EXPECT_EQ(diff_ids(before, after), diff_ids_anchored(before, after, anchorable));
}

TEST(AnchoredDiff, EveryScriptTurnsBeforeIntoAfter) {
  // A property over many small sequences over a small alphabet (many
  // repeated lines, a few unique ones).
  uint32_t state = 12345;
  auto next = [&] { return state = state * 1103515245u + 12345u, (state >> 16) & 0x7fff; };
  std::vector<bool> anchorable(12, true);
  for (int round = 0; round < 2000; ++round) {
    std::vector<int32_t> before(next() % 30), after(next() % 30);
    for (int32_t& id : before) id = static_cast<int32_t>(next() % 12);
    for (int32_t& id : after) id = static_cast<int32_t>(next() % 12);
    std::vector<Change> changes = diff_ids_anchored(before, after, anchorable);
    ASSERT_EQ(after, apply(changes, before, after)) << "round " << round;
    for (size_t k = 1; k < changes.size(); ++k)  // separated by a common line
      ASSERT_LT(changes[k - 1].old_start + changes[k - 1].old_count, changes[k].old_start) << "round " << round;
  }
}

}  // namespace
}  // namespace kongtpl
