// Sliding ambiguous changes to where git shows them.
#include "diff/compact.hpp"

#include <gtest/gtest.h>

#include "diff/prepare.hpp"

namespace kongtpl {
namespace {

std::vector<Change> compacted(const std::string& before, const std::string& after) {
  LineInterner interner;
  PreparedText a = prepare_text(before, WhitespaceMode::Exact, interner);
  PreparedText b = prepare_text(after, WhitespaceMode::Exact, interner);
  return compact_changes(diff_ids(a.ids, b.ids), a.ids, b.ids, a.lines, b.lines);
}

TEST(Compact, RepeatedBlankLineInsertionSitsWhereGitShowsIt) {
  // git diff: " p", " ", "+", " q".
  EXPECT_EQ((std::vector<Change>{{2, 0, 2, 1}}), compacted("p\n\nq\n", "p\n\n\nq\n"));
}

TEST(Compact, InsertedBlockEndsAtTheClosingBraceLikeGit) {
  // git diff shows "+  b {", "+    x", "+  }" after the first "  }".
  EXPECT_EQ((std::vector<Change>{{4, 0, 4, 3}}),
            compacted("http {\n  a {\n    x\n  }\n}\n", "http {\n  a {\n    x\n  }\n  b {\n    x\n  }\n}\n"));
}

TEST(Compact, UnambiguousChangesAreKept) {
  EXPECT_EQ((std::vector<Change>{{1, 1, 1, 1}}), compacted("a\nb\nc\n", "a\nB\nc\n"));
  EXPECT_TRUE(compacted("a\n", "a\n").empty());
}

}  // namespace
}  // namespace kongtpl
