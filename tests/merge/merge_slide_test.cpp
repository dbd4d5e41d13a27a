// Placing insertions and deletions among lines equal under -w.
#include "merge/slide_changes.hpp"

#include <gtest/gtest.h>

namespace kongtpl {
namespace {

std::vector<Change> slid(const std::string& before, const std::string& after, LineInterner& interner,
                         PreparedText& b, PreparedText& a) {
  b = prepare_text(before, WhitespaceMode::IgnoreAllSpace, interner);
  a = prepare_text(after, WhitespaceMode::IgnoreAllSpace, interner);
  std::vector<Change> changes = diff_ids(b.ids, a.ids);
  slide_changes(changes, b, a);
  return changes;
}

TEST(MergeSlide, ClosingBracePairsWithTheSameIndentation) {
  // Upstream closes one more level: the new line is "        }", not the
  // final "}" (which dtl picks, pairing base's "}" with "    }").
  std::string before = "a\n    }\n}\n";
  std::string after = "a\n        }\n    }\n}\n";
  LineInterner interner;
  PreparedText b, a;
  auto changes = slid(before, after, interner, b, a);
  ASSERT_EQ(1u, changes.size());
  EXPECT_EQ((Change{1, 0, 1, 1}), changes[0]);
}

TEST(MergeSlide, TiesGoAsLowAsGit) {
  std::string before = "x\n\ny\n";
  std::string after = "x\n\n\ny\n";
  LineInterner interner;
  PreparedText b, a;
  auto changes = slid(before, after, interner, b, a);
  ASSERT_EQ(1u, changes.size());
  EXPECT_EQ((Change{2, 0, 2, 1}), changes[0]);
}

TEST(MergeSlide, GroupsThatMeetAreJoined) {
  // base "}" first pairs with the nested "        }"; sliding the second
  // insertion up to pair "}" with "}" makes it meet the first.
  std::string before = "a;\n}\n";
  std::string after = "a;\nnew {\n        }\n    x;\n}\n";
  LineInterner interner;
  PreparedText b, a;
  auto changes = slid(before, after, interner, b, a);
  ASSERT_EQ(1u, changes.size());
  EXPECT_EQ((Change{1, 0, 1, 3}), changes[0]);
}

TEST(MergeSlide, DeletionsSlideToo) {
  std::string before = "a {\n    b {\n    }\n}\n";
  std::string after = "a {\n}\n";
  LineInterner interner;
  PreparedText b, a;
  auto changes = slid(before, after, interner, b, a);
  ASSERT_EQ(1u, changes.size());
  EXPECT_EQ((Change{1, 2, 1, 0}), changes[0]);
}

}  // namespace
}  // namespace kongtpl
