// Cutting the base into regions from the two edit scripts.
#include "merge/regions.hpp"

#include <gtest/gtest.h>

namespace kongtpl {
namespace {

TEST(MergeRegions, SeparateChangesGiveSeparateRegions) {
  // base 0..5; ours rewrites line 1 as two lines, theirs deletes line 4.
  auto regions = merge_regions({Change{1, 1, 1, 2}}, {Change{4, 1, 4, 0}}, 6);
  ASSERT_EQ(5u, regions.size());
  EXPECT_EQ(RegionKind::Unchanged, regions[0].kind);
  EXPECT_EQ((LineRange{0, 1}), regions[0].base);
  EXPECT_EQ(RegionKind::Ours, regions[1].kind);
  EXPECT_EQ((LineRange{1, 1}), regions[1].base);
  EXPECT_EQ((LineRange{1, 2}), regions[1].ours);
  EXPECT_EQ((LineRange{1, 1}), regions[1].theirs);
  EXPECT_EQ(RegionKind::Unchanged, regions[2].kind);
  EXPECT_EQ((LineRange{3, 2}), regions[2].ours);
  EXPECT_EQ(RegionKind::Theirs, regions[3].kind);
  EXPECT_EQ((LineRange{4, 1}), regions[3].base);
  EXPECT_EQ((LineRange{5, 1}), regions[3].ours);
  EXPECT_EQ((LineRange{4, 0}), regions[3].theirs);
  EXPECT_EQ(1u, regions[3].theirs_changes);
  EXPECT_EQ(RegionKind::Unchanged, regions[4].kind);
  EXPECT_EQ((LineRange{5, 1}), regions[4].base);
  EXPECT_EQ((LineRange{6, 1}), regions[4].ours);
  EXPECT_EQ((LineRange{4, 1}), regions[4].theirs);
}

TEST(MergeRegions, TouchingChangesAreOneBothRegionAsInGit) {
  // ours changes line 1, theirs changes line 2: they touch, as in git.
  auto regions = merge_regions({Change{1, 1, 1, 1}}, {Change{2, 1, 2, 1}}, 4);
  ASSERT_EQ(3u, regions.size());
  EXPECT_EQ(RegionKind::Both, regions[1].kind);
  EXPECT_EQ((LineRange{1, 2}), regions[1].base);
}

TEST(MergeRegions, TouchingChangesStayApartWhenAsked) {
  // ours changes line 1, theirs changes line 2: each replaces its own line.
  auto regions = merge_regions({Change{1, 1, 1, 1}}, {Change{2, 1, 2, 1}}, 4, Touching::Apart);
  ASSERT_EQ(4u, regions.size());
  EXPECT_EQ(RegionKind::Ours, regions[1].kind);
  EXPECT_EQ((LineRange{1, 1}), regions[1].base);
  EXPECT_EQ(RegionKind::Theirs, regions[2].kind);
  EXPECT_EQ((LineRange{2, 1}), regions[2].base);
  EXPECT_EQ((LineRange{2, 1}), regions[2].theirs);
}

TEST(MergeRegions, InsertionBeforeAChangedLineComesFirst) {
  // theirs inserts two lines before line 1, which ours replaces.
  auto regions = merge_regions({Change{1, 1, 1, 1}}, {Change{1, 0, 1, 2}}, 3, Touching::Apart);
  ASSERT_EQ(4u, regions.size());
  EXPECT_EQ(RegionKind::Theirs, regions[1].kind);
  EXPECT_EQ((LineRange{1, 0}), regions[1].base);
  EXPECT_EQ((LineRange{1, 2}), regions[1].theirs);
  EXPECT_EQ(RegionKind::Ours, regions[2].kind);
  EXPECT_EQ((LineRange{1, 1}), regions[2].base);
  EXPECT_EQ((LineRange{3, 1}), regions[2].theirs);
}

TEST(MergeRegions, InsertionStrictlyInsideAReplacementOverlaps) {
  EXPECT_TRUE(changes_overlap(Change{3, 0, 3, 1}, Change{2, 3, 2, 1}));
  EXPECT_FALSE(changes_overlap(Change{2, 0, 2, 1}, Change{2, 3, 2, 1}));
  EXPECT_FALSE(changes_overlap(Change{5, 0, 5, 1}, Change{2, 3, 2, 1}));
  EXPECT_TRUE(changes_overlap(Change{5, 0, 5, 1}, Change{5, 0, 5, 2}));
  EXPECT_FALSE(changes_overlap(Change{1, 2, 1, 0}, Change{3, 1, 1, 1}));
}

TEST(MergeRegions, ChainedOverlapsGrowOneRegion) {
  // ours: [1,3) and [4,5); theirs: [2,5) bridges them.
  auto regions = merge_regions({Change{1, 2, 1, 0}, Change{4, 1, 2, 3}}, {Change{2, 3, 2, 1}}, 7);
  ASSERT_EQ(3u, regions.size());
  EXPECT_EQ(RegionKind::Both, regions[1].kind);
  EXPECT_EQ((LineRange{1, 4}), regions[1].base);
  EXPECT_EQ((LineRange{1, 4}), regions[1].ours);  // base line 3 kept, three new lines
  EXPECT_EQ((LineRange{1, 2}), regions[1].theirs);
  EXPECT_EQ(1u, regions[1].theirs_changes);
  EXPECT_EQ((LineRange{5, 2}), regions[2].base);
  EXPECT_EQ((LineRange{5, 2}), regions[2].ours);
  EXPECT_EQ((LineRange{3, 2}), regions[2].theirs);
}

TEST(MergeRegions, InsertionsAtTheSamePlaceAreBoth) {
  auto regions = merge_regions({Change{2, 0, 2, 1}}, {Change{2, 0, 2, 2}}, 2);
  ASSERT_EQ(2u, regions.size());
  EXPECT_EQ(RegionKind::Both, regions[1].kind);
  EXPECT_EQ((LineRange{2, 0}), regions[1].base);
  EXPECT_EQ((LineRange{2, 1}), regions[1].ours);
  EXPECT_EQ((LineRange{2, 2}), regions[1].theirs);
}

TEST(MergeRegions, NoChangesIsOneUnchangedRegion) {
  auto regions = merge_regions({}, {}, 3);
  ASSERT_EQ(1u, regions.size());
  EXPECT_EQ(RegionKind::Unchanged, regions[0].kind);
  EXPECT_TRUE(merge_regions({}, {}, 0).empty());
}

}  // namespace
}  // namespace kongtpl
