// Hunk building on tiny literal inputs, with the exact hunks git prints.
#include "diff/hunks.hpp"

#include <gtest/gtest.h>

#include "diff/edit_script.hpp"
#include "diff/prepare.hpp"

namespace kongtpl {
namespace {

struct Texts {
  std::string before, after;
  PreparedText old_text, new_text;
  std::vector<Change> changes;
};

// Prepares both texts under mode and diffs them.
Texts diff_texts(std::string before, std::string after, WhitespaceMode mode = WhitespaceMode::Exact) {
  Texts t{std::move(before), std::move(after), {}, {}, {}};
  LineInterner interner;
  t.old_text = prepare_text(t.before, mode, interner);
  t.new_text = prepare_text(t.after, mode, interner);
  t.changes = diff_ids(t.old_text.ids, t.new_text.ids);
  return t;
}

std::vector<Hunk> hunks_of(const Texts& t, HunkOptions options = {}) {
  return build_hunks(t.changes, t.old_text.lines, t.new_text.lines, options);
}

// A hunk printed as git would, from the texts (headers and lines).
std::string print(const Texts& t, const std::vector<Hunk>& hunks) {
  std::string out;
  for (const Hunk& h : hunks) {
    out += hunk_header(h);
    for (const HunkLine& l : h.lines) {
      out += static_cast<char>(l.kind);
      const auto& lines = l.kind == HunkLineKind::Removed ? t.old_text.lines : t.new_text.lines;
      out += std::string(lines[l.index].bytes);
    }
  }
  return out;
}

std::string lines(int from, int to) {
  std::string out;
  for (int i = from; i <= to; ++i) out += std::to_string(i) + "\n";
  return out;
}

TEST(Hunks, OneChangeGetsThreeLinesOfContextEachSide) {
  Texts t = diff_texts(lines(1, 10), lines(1, 4) + "five\n" + lines(6, 10));
  EXPECT_EQ("@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n", print(t, hunks_of(t)));
}

TEST(Hunks, ChangesSixLinesApartShareAHunkSevenDoNot) {
  Texts six = diff_texts(lines(1, 12), "x\n" + lines(2, 7) + "y\n" + lines(9, 12));
  ASSERT_EQ(1u, hunks_of(six).size());
  EXPECT_EQ("@@ -1,11 +1,11 @@\n-1\n+x\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+y\n 9\n 10\n 11\n", print(six, hunks_of(six)));

  Texts seven = diff_texts(lines(1, 12), "x\n" + lines(2, 8) + "y\n" + lines(10, 12));
  EXPECT_EQ("@@ -1,4 +1,4 @@\n-1\n+x\n 2\n 3\n 4\n@@ -6,7 +6,7 @@\n 6\n 7\n 8\n-9\n+y\n 10\n 11\n 12\n",
            print(seven, hunks_of(seven)));
}

TEST(Hunks, EmptyRangesUseTheLineBefore) {
  Texts added = diff_texts("", "a\n");
  EXPECT_EQ("@@ -0,0 +1 @@\n+a\n", print(added, hunks_of(added)));
  Texts removed = diff_texts("a\nb\n", "");
  EXPECT_EQ("@@ -1,2 +0,0 @@\n-a\n-b\n", print(removed, hunks_of(removed)));
  Texts inserted = diff_texts("a\nb\n", "a\nnew\nb\n");
  EXPECT_EQ("@@ -1,2 +1,3 @@\n a\n+new\n b\n", print(inserted, hunks_of(inserted, HunkOptions{3})));
  EXPECT_EQ("@@ -1,0 +2 @@ a\n+new\n", print(inserted, hunks_of(inserted, HunkOptions{0})));
}

TEST(Hunks, ContextUnderIgnoreAllSpaceComesFromTheAfterSide) {
  Texts t = diff_texts("a\nb\nc\n", "  a\nb\nC\n", WhitespaceMode::IgnoreAllSpace);
  EXPECT_EQ("@@ -1,3 +1,3 @@\n   a\n b\n-c\n+C\n", print(t, hunks_of(t)));
}

TEST(Hunks, WhitespaceOnlyChangesVanishUnderIgnoreModes) {
  EXPECT_TRUE(diff_texts("a b\n", "a  b \n", WhitespaceMode::IgnoreSpaceChange).changes.empty());
  EXPECT_FALSE(diff_texts("ab\n", "a b\n", WhitespaceMode::IgnoreSpaceChange).changes.empty());
  EXPECT_TRUE(diff_texts("ab\n", "a b\n", WhitespaceMode::IgnoreAllSpace).changes.empty());
  EXPECT_TRUE(diff_texts("a\r\n", "a\n", WhitespaceMode::IgnoreSpaceChange).changes.empty());
  EXPECT_FALSE(diff_texts("a\r\n", "a\n", WhitespaceMode::Exact).changes.empty());
  // git's whitespace is space, tab, CR and LF only.
  EXPECT_FALSE(diff_texts("a\vb\n", "ab\n", WhitespaceMode::IgnoreAllSpace).changes.empty());
}

TEST(Hunks, IgnoreBlankLinesDropsDistantBlankChangesOnly) {
  // A blank line added far from the real change disappears...
  Texts far = diff_texts(lines(1, 12), "1\n\n" + lines(2, 9) + "X\n" + lines(11, 12));
  HunkOptions ignore{3, true, WhitespaceMode::Exact};
  EXPECT_EQ("@@ -7,6 +8,6 @@\n 7\n 8\n 9\n-10\n+X\n 11\n 12\n", print(far, hunks_of(far, ignore)));
  // ...one close to it stays inside the hunk.
  Texts near = diff_texts(lines(1, 12), lines(1, 8) + "\n" + "9\nX\n" + lines(11, 12));
  EXPECT_EQ("@@ -6,7 +6,8 @@\n 6\n 7\n 8\n+\n 9\n-10\n+X\n 11\n 12\n", print(near, hunks_of(near, ignore)));
  // Nothing but blank lines: no hunk at all.
  Texts only = diff_texts("a\nb\n", "a\n\nb\n");
  EXPECT_TRUE(hunks_of(only, ignore).empty());
}

TEST(Hunks, BlankMeansEmptyWithoutWhitespaceModeAndAllSpaceWithOne) {
  Texts t = diff_texts("a\nb\n", "a\n  \nb\n");
  EXPECT_EQ(1u, hunks_of(t, HunkOptions{3, true, WhitespaceMode::Exact}).size());
  Texts b = diff_texts("a\nb\n", "a\n  \nb\n", WhitespaceMode::IgnoreSpaceChange);
  EXPECT_TRUE(hunks_of(b, HunkOptions{3, true, WhitespaceMode::IgnoreSpaceChange}).empty());
}

TEST(Hunks, HeadingIsTheNearestUnindentedLineAboveTheHunk) {
  Texts t = diff_texts("http {\n  a\n  b\n  c\n  d\n  e\n}\n", "http {\n  a\n  b\n  c\n  d\n  E\n}\n");
  EXPECT_EQ("@@ -3,5 +3,5 @@ http {\n", hunk_header(hunks_of(t).at(0)));
  // The first line of context is not searched; nothing above: no heading.
  Texts top = diff_texts("http {\n  a\n  b\n", "http {\n  a\n  B\n");
  EXPECT_EQ("@@ -1,3 +1,3 @@\n", hunk_header(hunks_of(top).at(0)));
}

TEST(Hunks, DefaultFuncnameFollowsGit) {
  std::string heading;
  EXPECT_TRUE(default_funcname("server {   \t\r\n", heading));
  EXPECT_EQ("server {", heading);
  EXPECT_TRUE(default_funcname("$var = 1\n", heading));
  EXPECT_EQ("$var = 1", heading);
  EXPECT_TRUE(default_funcname("_x\n", heading));
  EXPECT_FALSE(default_funcname("  indented\n", heading));
  EXPECT_FALSE(default_funcname("> if x then\n", heading));
  EXPECT_FALSE(default_funcname("\n", heading));
  EXPECT_TRUE(default_funcname(std::string(100, 'x') + "\n", heading));
  EXPECT_EQ(std::string(80, 'x'), heading);
}

}  // namespace
}  // namespace kongtpl
