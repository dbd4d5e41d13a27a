// Each renderer on tiny literal files, with the exact text expected.
#include <gtest/gtest.h>

#include "diff/blob_id.hpp"
#include "diff/file_diff.hpp"
#include "diff/quote_path.hpp"
#include "diff/render_git_patch.hpp"
#include "diff/render_numstat.hpp"
#include "diff/render_stat.hpp"
#include "diff/render_unified.hpp"

namespace kongtpl {
namespace {

FileSide side(std::string path, std::string bytes, uint32_t mode = 0100644) {
  return FileSide{std::move(path), std::move(bytes), "", mode};
}

const DiffOptions kExact{WhitespaceMode::Exact, false, 3};

TEST(BlobId, MatchesGitHashObject) {
  EXPECT_EQ("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391", git_blob_id(""));
  EXPECT_EQ("ce013625030ba8dba906f756967f9e9ca394464a", git_blob_id("hello\n"));
}

TEST(QuotePath, QuotesLikeGit) {
  EXPECT_EQ("a/kong/nginx.lua", quote_path("a/", "kong/nginx.lua"));
  EXPECT_EQ("\"a/tab\\there\"", quote_path("a/", "tab\there"));
  EXPECT_EQ("\"b/caf\\303\\251\"", quote_path("b/", "caf\xc3\xa9"));
  EXPECT_EQ("a/with space", quote_path("a/", "with space"));
}

TEST(RenderUnified, ModifiedFile) {
  FileSide a = side("t.lua", "a\nb\nc\n"), b = side("t.lua", "a\nB\nc\n");
  EXPECT_EQ(
      "diff --git a/t.lua b/t.lua\n"
      "index de98044..7be73ce 100644\n"
      "--- a/t.lua\n"
      "+++ b/t.lua\n"
      "@@ -1,3 +1,3 @@\n"
      " a\n"
      "-b\n"
      "+B\n"
      " c\n",
      render_unified({compare_files(&a, &b, kExact)}));
}

TEST(RenderUnified, AddedDeletedAndEmptyFiles) {
  FileSide added = side("new.lua", "x");
  FileSide gone = side("old.lua", "y\n", 0100755);
  FileSide empty = side("empty", "");
  std::vector<FileDiff> files = {compare_files(nullptr, &added, kExact), compare_files(&gone, nullptr, kExact),
                                 compare_files(nullptr, &empty, kExact)};
  sort_by_path(files);
  EXPECT_EQ(
      "diff --git a/empty b/empty\n"
      "new file mode 100644\n"
      "index 0000000..e69de29\n"
      "diff --git a/new.lua b/new.lua\n"
      "new file mode 100644\n"
      "index 0000000..c1b0730\n"
      "--- /dev/null\n"
      "+++ b/new.lua\n"
      "@@ -0,0 +1 @@\n"
      "+x\n"
      "\\ No newline at end of file\n"
      "diff --git a/old.lua b/old.lua\n"
      "deleted file mode 100755\n"
      "index 975fbec..0000000\n"
      "--- a/old.lua\n"
      "+++ /dev/null\n"
      "@@ -1 +0,0 @@\n"
      "-y\n",
      render_unified(files));
}

TEST(RenderUnified, WhitespaceOnlyChangeIsOmittedUnderIgnoreAllSpace) {
  FileSide a = side("t", "a b\n"), b = side("t", "a  b \n");
  FileDiff diff = compare_files(&a, &b, DiffOptions{});
  EXPECT_FALSE(diff.has_change());
  EXPECT_EQ("", render_unified({diff}));
  EXPECT_EQ("", render_numstat({diff}));
  EXPECT_EQ("", render_stat({diff}));
  // The exact patch still carries it.
  EXPECT_EQ(
      "diff --git a/t b/t\n"
      "index b2901ea..56ecf9f 100644\n"
      "--- a/t\n"
      "+++ b/t\n"
      "@@ -1 +1 @@\n"
      "-a b\n"
      "+a  b \n",
      render_git_patch({diff}));
}

TEST(RenderUnified, ModeChangeWithoutContentChange) {
  FileSide a = side("run.sh", "x\n"), b = side("run.sh", "x\n", 0100755);
  EXPECT_EQ("diff --git a/run.sh b/run.sh\nold mode 100644\nnew mode 100755\n",
            render_unified({compare_files(&a, &b, DiffOptions{})}));
}

TEST(RenderUnified, KnownBlobIdsAreAbbreviated) {
  FileSide a{"f", "1\n", "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0100644};
  FileSide b{"f", "2\n", "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", 0100644};
  EXPECT_NE(std::string::npos, render_unified({compare_files(&a, &b, kExact)}).find("index 1111111..2222222 100644\n"));
}

TEST(RenderUnified, Colour) {
  FileSide a = side("t", "top\n a\n b\n"), b = side("t", "top\n a\n b \n");
  EXPECT_EQ(
      "\x1b[1mdiff --git a/t b/t\x1b[m\n"
      "\x1b[1mindex 4f12c0d..e25d320 100644\x1b[m\n"
      "\x1b[1m--- a/t\x1b[m\n"
      "\x1b[1m+++ b/t\x1b[m\n"
      "\x1b[36m@@ -1,3 +1,3 @@\x1b[m\n"
      " top\x1b[m\n"
      "  a\x1b[m\n"
      "\x1b[31m- b\x1b[m\n"
      "\x1b[32m+\x1b[m\x1b[32m b\x1b[m\x1b[41m \x1b[m\n",
      render_unified({compare_files(&a, &b, kExact)}, UnifiedStyle{true}));
}

TEST(RenderNumstat, CountsAndBinary) {
  FileSide a = side("t", "1\n2\n"), b = side("t", "1\n3\n4\n");
  FileSide bin_a = side("img", std::string("\0a", 2)), bin_b = side("img", std::string("\0b", 2));
  EXPECT_EQ("2\t1\tt\n-\t-\timg\n",
            render_numstat({compare_files(&a, &b, kExact), compare_files(&bin_a, &bin_b, kExact)}));
}

TEST(RenderStat, SummaryWording) {
  EXPECT_EQ(" 1 file changed, 1 insertion(+)\n", stat_summary(1, 1, 0));
  EXPECT_EQ(" 2 files changed, 2 deletions(-)\n", stat_summary(2, 0, 2));
  EXPECT_EQ(" 1 file changed, 0 insertions(+), 0 deletions(-)\n", stat_summary(1, 0, 0));
  EXPECT_EQ(" 3 files changed, 2 insertions(+), 1 deletion(-)\n", stat_summary(3, 2, 1));
}

TEST(RenderStat, GraphIsScaledToTheWidth) {
  std::string many;
  for (int i = 0; i < 200; ++i) many += std::to_string(i) + "\n";
  FileSide big = side("big", many), small_a = side("small", "a\n"), small_b = side("small", "b\n");
  std::vector<FileDiff> files = {compare_files(nullptr, &big, kExact), compare_files(&small_a, &small_b, kExact)};
  // 80 columns: name 5, number 3, 6 separators, graph 80-5-3-6 = 66.
  EXPECT_EQ(" big   | 200 " + std::string(66, '+') + "\n small |   2 +-\n 2 files changed, 201 insertions(+), 1 deletion(-)\n",
            render_stat(files));
}

}  // namespace
}  // namespace kongtpl
