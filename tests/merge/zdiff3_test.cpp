// --zdiff3 (git's zealous diff3): over many random three-way merges, the
// zdiff3 text resolves to exactly what the diff3 text resolves to, side by
// side; no conflict keeps a line both sides begin or end with; and every
// conflict's markers stand where the conflict says.
#include "merge/zdiff3.hpp"

#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "merge/three_way.hpp"

namespace kongtpl {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

/// The text with each conflict replaced by one of its sides.
std::string resolve(const std::string& text, bool take_ours) {
  std::string out;
  enum { Outside, Ours, Base, Theirs } where = Outside;
  for (const std::string& line : lines_of(text)) {
    if (line.rfind("<<<<<<<", 0) == 0) where = Ours;
    else if (line.rfind("|||||||", 0) == 0) where = Base;
    else if (line == "=======") where = Theirs;
    else if (line.rfind(">>>>>>>", 0) == 0) where = Outside;
    else if (where == Outside || (where == Ours && take_ours) || (where == Theirs && !take_ours)) out += line + "\n";
  }
  return out;
}

std::string random_text(std::mt19937& rng, const std::vector<std::string>& base, int edits) {
  std::vector<std::string> lines = base;
  const std::vector<std::string> alphabet = {"server {", "}", "listen 80;", "a", "b", "c", "d", "x", "y"};
  for (int e = 0; e < edits; ++e) {
    size_t at = lines.empty() ? 0 : rng() % (lines.size() + 1);
    switch (rng() % 3) {
      case 0: lines.insert(lines.begin() + static_cast<long>(at), alphabet[rng() % alphabet.size()]); break;
      case 1: if (at < lines.size()) lines.erase(lines.begin() + static_cast<long>(at)); break;
      default: if (at < lines.size()) lines[at] = alphabet[rng() % alphabet.size()]; break;
    }
  }
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  return text;
}

TEST(ZDiff3, ResolvesLikeDiff3AndKeepsNoSharedEdgeInsideAConflict) {
  std::mt19937 rng(1234);
  int trimmed = 0, conflicts = 0;
  for (int iteration = 0; iteration < 3000; ++iteration) {
    std::vector<std::string> base;
    for (int i = 0, n = 3 + static_cast<int>(rng() % 8); i < n; ++i) base.push_back(std::string(1, static_cast<char>('a' + rng() % 6)));
    std::string base_text;
    for (const auto& l : base) base_text += l + "\n";
    std::string ours = random_text(rng, base, 1 + static_cast<int>(rng() % 4));
    std::string theirs = random_text(rng, base, 1 + static_cast<int>(rng() % 4));
    MergeOptions options;
    options.labels = MergeLabels{"ours", "base", "theirs"};
    options.style = ConflictStyle::Diff3;
    MergeResult diff3 = merge_texts(ours, base_text, theirs, options);
    options.style = ConflictStyle::ZDiff3;
    MergeResult zdiff3 = merge_texts(ours, base_text, theirs, options);
    SCOPED_TRACE("ours:\n" + ours + "base:\n" + base_text + "theirs:\n" + theirs + "zdiff3:\n" + zdiff3.text);
    ASSERT_EQ(diff3.conflicts.size(), zdiff3.conflicts.size());
    EXPECT_EQ(resolve(diff3.text, true), resolve(zdiff3.text, true));
    EXPECT_EQ(resolve(diff3.text, false), resolve(zdiff3.text, false));
    EXPECT_EQ(diff3.also_consider.size(), zdiff3.also_consider.size());
    std::vector<std::string> out = lines_of(zdiff3.text), mine = lines_of(ours);
    for (size_t k = 0; k < zdiff3.conflicts.size(); ++k) {
      const Conflict& c = zdiff3.conflicts[k];
      ++conflicts;
      if (c.output.count < diff3.conflicts[k].output.count) ++trimmed;
      ASSERT_LE(c.output.end(), out.size());
      EXPECT_EQ(0u, out[c.output.start].rfind("<<<<<<< ours", 0));
      for (size_t i = 0; i < c.ours.count; ++i) EXPECT_EQ(mine[c.ours.start + i], out[c.output.start + 1 + i]);
      size_t theirs_at = c.output.start + 1 + c.ours.count + 1 + c.base.count + 1;
      EXPECT_EQ("=======", out[theirs_at - 1]);
      EXPECT_EQ(0u, out[c.output.end() - 1].rfind(">>>>>>> theirs", 0));
      EXPECT_EQ(theirs_at + c.theirs.count + 1, c.output.end());
      if (c.ours.count && c.theirs.count) {
        EXPECT_NE(out[c.output.start + 1], out[theirs_at]);
        EXPECT_NE(out[c.output.start + c.ours.count], out[theirs_at + c.theirs.count - 1]);
      }
    }
  }
  EXPECT_GT(conflicts, 50);
  EXPECT_GT(trimmed, 10) << "no conflict had shared edges: the property was not exercised";
}

TEST(ZDiff3, MovesSharedLinesOutLikeGit) {
  // git merge-file --zdiff3 on these prints exactly this.
  // Two such conflicts, and a line of the user's after them to follow.
  MergeResult r;
  r.text = "1\n<<<<<<< o\nX\nA\nY\n||||||| b\n2\n=======\nX\nB\nY\n>>>>>>> t\n3\n"
           "<<<<<<< o\nX\nA\nY\n||||||| b\n4\n=======\nX\nB\nY\n>>>>>>> t\nend\n";
  r.conflicts = {Conflict{{1, 11}, {1, 3}, {1, 1}, {1, 3}, "both"}, Conflict{{13, 11}, {5, 3}, {3, 1}, {5, 3}, "both"}};
  r.also_consider = {AlsoConsider{24, 9, 0, {}}};
  move_shared_lines_out_of_conflicts(r);
  EXPECT_EQ("1\nX\n<<<<<<< o\nA\n||||||| b\n2\n=======\nB\n>>>>>>> t\nY\n3\n"
            "X\n<<<<<<< o\nA\n||||||| b\n4\n=======\nB\n>>>>>>> t\nY\nend\n",
            r.text);
  EXPECT_EQ((LineRange{2, 7}), r.conflicts[0].output);
  EXPECT_EQ((LineRange{2, 1}), r.conflicts[0].ours);
  EXPECT_EQ((LineRange{2, 1}), r.conflicts[0].theirs);
  EXPECT_EQ((LineRange{12, 7}), r.conflicts[1].output);
  EXPECT_EQ((LineRange{6, 1}), r.conflicts[1].ours);
  EXPECT_EQ(20u, r.also_consider[0].output_line);
  EXPECT_EQ("end", lines_of(r.text)[r.also_consider[0].output_line]);
}

}  // namespace
}  // namespace kongtpl
