// Inputs the merge fuzz target (fuzz/fuzz_merge.cpp) once failed on, kept
// in fuzz/regressions/merge-*: ours, base and theirs separated by NUL bytes.
// Each must now hold the target's properties: every conflict's markers
// stand where the conflict says, and its ours side is exactly the ours
// lines it names; a side that did not change takes the other's text whole.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "merge/three_way.hpp"

namespace kongtpl {
namespace {

std::vector<std::string> pieces_of(const std::string& input) {
  std::vector<std::string> pieces(3);
  size_t piece = 0;
  for (char c : input) {
    if (c == '\0' && piece + 1 < pieces.size()) {
      ++piece;
      continue;
    }
    if (c != '\0') pieces[piece].push_back(c);
  }
  return pieces;
}

// Lines without their LF (a CR before it stays: same_line judges it).
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// A line written back as the user wrote it. The merge writes every line
// with the file's own terminator, so a line may gain or lose one CR at its
// end ("x\r" with no LF at the end of an LF file comes out as "x\r\n").
bool same_line(const std::string& written, const std::string& original) {
  auto without_cr = [](const std::string& s) {
    return !s.empty() && s.back() == '\r' ? s.substr(0, s.size() - 1) : s;
  };
  return written == original || without_cr(written) == original || written == without_cr(original);
}

void expect_conflicts_where_they_say(const MergeResult& merged, const std::string& ours, bool diff3) {
  std::vector<std::string> out = lines_of(merged.text), mine = lines_of(ours);
  for (const Conflict& c : merged.conflicts) {
    ASSERT_LE(c.output.end(), out.size()) << merged.text;
    size_t i = c.output.start;
    EXPECT_EQ(0u, out[i].rfind("<<<<<<<", 0)) << "line " << i << "\n" << merged.text;
    for (size_t k = 0; k < c.ours.count; ++k) {
      ASSERT_LT(c.ours.start + k, mine.size());
      EXPECT_TRUE(same_line(out[i + 1 + k], mine[c.ours.start + k])) << merged.text;
    }
    i += 1 + c.ours.count;
    if (diff3) {
      EXPECT_EQ(0u, out[i].rfind("|||||||", 0)) << merged.text;
      i += 1 + c.base.count;
    }
    EXPECT_EQ(0u, out[i].rfind("=======", 0)) << merged.text;
    i += 1 + c.theirs.count;
    EXPECT_EQ(0u, out[i].rfind(">>>>>>>", 0)) << merged.text;
    EXPECT_EQ(i + 1, c.output.end()) << merged.text;
  }
}

TEST(MergeFuzzRegressions, ConflictsStandWhereTheySay) {
  const std::filesystem::path dir = std::filesystem::path(KONGTPL_SOURCE_DIR) / "fuzz" / "regressions";
  size_t inputs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("merge-", 0) != 0) continue;
    ++inputs;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string input((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> p = pieces_of(input);
    for (ConflictStyle style : {ConflictStyle::Merge, ConflictStyle::Diff3}) {
      SCOPED_TRACE(entry.path().filename().string() + (style == ConflictStyle::Diff3 ? " diff3" : ""));
      MergeOptions options;
      options.style = style;
      options.labels = MergeLabels{"ours", "base", "theirs"};
      expect_conflicts_where_they_say(merge_texts(p[0], p[1], p[2], options), p[0], style == ConflictStyle::Diff3);
    }
  }
  EXPECT_GT(inputs, 0u) << "no regression inputs in " << dir;
}

bool ends_with_newline(const std::string& s) { return !s.empty() && s.back() == '\n'; }

// merge(x, b, b) = x and merge(b, b, x) = x, for LF texts that share their
// final-newline state (the fuzz target's identity properties).
TEST(MergeFuzzRegressions, AnUnchangedSideTakesTheOtherWhole) {
  const std::filesystem::path dir = std::filesystem::path(KONGTPL_SOURCE_DIR) / "fuzz" / "regressions";
  size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("merge-", 0) != 0) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string input((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> p = pieces_of(input);
    const std::string &x = p[0], &b = p[1];
    if (x.find('\r') != std::string::npos || b.find('\r') != std::string::npos) continue;
    if (ends_with_newline(x) != ends_with_newline(b)) continue;
    ++checked;
    SCOPED_TRACE(entry.path().filename().string());
    MergeResult upstream_unchanged = merge_texts(x, b, b);
    EXPECT_EQ(x, upstream_unchanged.text);
    EXPECT_TRUE(upstream_unchanged.conflicts.empty());
    MergeResult user_unchanged = merge_texts(b, b, x);
    EXPECT_EQ(x, user_unchanged.text);
    EXPECT_TRUE(user_unchanged.conflicts.empty());
  }
  EXPECT_GT(checked, 0u) << "no LF regression inputs in " << dir;
}

}  // namespace
}  // namespace kongtpl
