// --color-moved: the marks on literal line sequences (git's rules one by
// one), then real `git diff --no-index --color-moved` as the oracle of the
// coloured diff over many generated pairs of files whose blocks move.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "diff/file_diff.hpp"
#include "diff/moved_lines.hpp"
#include "diff/render_unified.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::ProcessOptions;
using testing::ProcessResult;
using testing::run_process;
using testing::TempDir;
using testing::write_file;
namespace mark = moved_mark;

// Symbols from "-text" / "+text" / " " strings (a "\n" added to each text).
std::vector<DiffSymbol> symbols(const std::vector<std::string>& printed, std::vector<std::string>& storage) {
  storage.clear();
  storage.reserve(printed.size());
  std::vector<DiffSymbol> out;
  for (const std::string& p : printed) {
    storage.push_back(p.substr(1) + "\n");
    DiffSymbol::Kind kind = p[0] == '-' ? DiffSymbol::Removed : p[0] == '+' ? DiffSymbol::Added : DiffSymbol::Other;
    out.push_back(DiffSymbol{kind, storage.back()});
  }
  return out;
}

std::vector<uint8_t> marks_of(const std::vector<std::string>& printed, ColorMovedMode mode,
                              const MovedWhitespace& ws = {}) {
  std::vector<std::string> storage;
  return mark_moved_lines(symbols(printed, storage), mode, ws);
}

const std::string kLong1 = "location /status { return 200; }";    // 20+ alphanumerics
const std::string kLong2 = "proxy_pass http://kong_upstream_backend;";
const std::string kShort = "}";

TEST(MovedLines, NoModeMarksNothing) {
  EXPECT_EQ(std::vector<uint8_t>(4, 0), marks_of({"-" + kLong1, " ", "+" + kLong1, " "}, ColorMovedMode::No));
}

TEST(MovedLines, PlainMarksEveryLineWithATwinOnTheOtherSide) {
  EXPECT_EQ((std::vector<uint8_t>{mark::kMoved, 0, 0, mark::kMoved, 0}),
            marks_of({"-" + kShort, "-only removed", " ", "+" + kShort, "+only added"}, ColorMovedMode::Plain));
}

TEST(MovedLines, BlocksNeedTwentyAlphanumericCharacters) {
  // "}" alone is too little to be a move; a long line is enough.
  EXPECT_EQ((std::vector<uint8_t>{0, 0, 0}), marks_of({"-" + kShort, " ", "+" + kShort}, ColorMovedMode::Blocks));
  EXPECT_EQ((std::vector<uint8_t>{mark::kMoved, 0, mark::kMoved}),
            marks_of({"-" + kLong1, " ", "+" + kLong1}, ColorMovedMode::Blocks));
  // Short lines count together in one block.
  const std::string ten = "abcdefghij";
  EXPECT_EQ((std::vector<uint8_t>{mark::kMoved, mark::kMoved, 0, mark::kMoved, mark::kMoved}),
            marks_of({"-" + ten, "-" + ten + "x", " ", "+" + ten, "+" + ten + "x"}, ColorMovedMode::Blocks));
}

TEST(MovedLines, ZebraAlternatesAdjacentBlocksAndBlocksModeDoesNot) {
  // Two blocks removed one after the other, added apart: two blocks on the
  // "-" side that touch.
  const std::vector<std::string> printed = {"-" + kLong1, "-" + kLong2, " ", "+" + kLong2, " ", "+" + kLong1};
  EXPECT_EQ((std::vector<uint8_t>{mark::kMoved, mark::kMoved | mark::kAlternate, 0, mark::kMoved, 0, mark::kMoved}),
            marks_of(printed, ColorMovedMode::Zebra));
  EXPECT_EQ((std::vector<uint8_t>{mark::kMoved, mark::kMoved, 0, mark::kMoved, 0, mark::kMoved}),
            marks_of(printed, ColorMovedMode::Blocks));
}

TEST(MovedLines, DimmedZebraDimsTheInsideOfABlock) {
  const std::string l3 = "access_log logs/access.log main buffer=16k;";
  const std::vector<uint8_t> marks =
      marks_of({"-" + kLong1, "-" + kLong2, "-" + l3, " ", "+" + kLong1, "+" + kLong2, "+" + l3},
               ColorMovedMode::DimmedZebra);
  for (uint8_t m : marks) EXPECT_TRUE(m == 0 || (m & mark::kDimmed)) << int(m);
  EXPECT_EQ(mark::kMoved | mark::kDimmed, marks[1]);
}

TEST(MovedLines, WhitespaceModesDecideWhatIsTheSameLine) {
  const std::vector<std::string> printed = {"-" + kLong1, " ", "+    " + kLong1};
  EXPECT_EQ(0, marks_of(printed, ColorMovedMode::Zebra)[0]);
  MovedWhitespace all;
  all.ignore_all_space = true;
  EXPECT_EQ(mark::kMoved, marks_of(printed, ColorMovedMode::Zebra, all)[0]);
  MovedWhitespace indentation;
  indentation.allow_indentation_change = true;
  EXPECT_EQ(mark::kMoved, marks_of(printed, ColorMovedMode::Zebra, indentation)[0]);
  // A block re-indented unevenly is two moves, not one.
  const std::vector<std::string> uneven = {"-" + kLong1, "-" + kLong2, " ", "+  " + kLong1, "+    " + kLong2};
  const std::vector<uint8_t> split = marks_of(uneven, ColorMovedMode::Zebra, indentation);
  EXPECT_EQ(mark::kMoved, split[3]);
  EXPECT_EQ(mark::kMoved | mark::kAlternate, split[4]);
  const std::vector<std::string> even = {"-" + kLong1, "-" + kLong2, " ", "+  " + kLong1, "+  " + kLong2};
  EXPECT_EQ(mark::kMoved, marks_of(even, ColorMovedMode::Zebra, indentation)[4]);
}

TEST(MovedLines, OptionValuesAreGits) {
  EXPECT_EQ(ColorMovedMode::Zebra, parse_color_moved("default"));
  EXPECT_EQ(ColorMovedMode::DimmedZebra, parse_color_moved("dimmed-zebra"));
  EXPECT_FALSE(parse_color_moved("stripes"));
  std::string error;
  auto ws = parse_color_moved_ws("ignore-space-change,ignore-space-at-eol", error);
  ASSERT_TRUE(ws);
  EXPECT_TRUE(ws->ignore_space_change && ws->ignore_space_at_eol && !ws->ignore_all_space);
  EXPECT_FALSE(parse_color_moved_ws("allow-indentation-change,ignore-all-space", error));
  EXPECT_NE(std::string::npos, error.find("cannot be combined"));
  EXPECT_FALSE(parse_color_moved_ws("sideways", error));
  EXPECT_NE(std::string::npos, error.find("'sideways'"));
}

// Two versions of a template-like file: blocks of lines, some moved, some
// re-indented, some edited, some short enough to fall under git's minimum.
std::pair<std::string, std::string> moved_blocks(std::mt19937& rng) {
  static const std::vector<std::string> words = {"location", "proxy_pass", "return", "200", "set", "$upstream",
                                                 "}", "{", "access_log", "off", "#", "listen", "8000"};
  std::vector<std::vector<std::string>> blocks(4 + rng() % 6);
  for (auto& block : blocks) {
    const size_t lines = 1 + rng() % 4;
    for (size_t i = 0; i < lines; ++i) {
      std::string line(rng() % 3 * 2, ' ');
      for (size_t w = 0, n = 1 + rng() % 4; w < n; ++w) line += (w ? " " : "") + words[rng() % words.size()];
      block.push_back(line + (rng() % 7 == 0 ? " \n" : "\n"));
    }
  }
  std::string before;
  for (const auto& block : blocks) for (const auto& line : block) before += line;
  std::shuffle(blocks.begin(), blocks.end(), rng);
  std::string after;
  for (auto& block : blocks) {
    const int change = static_cast<int>(rng() % 6);
    for (auto& line : block) {
      if (change == 0) line = "  " + line;    // re-indented whole
      if (change == 1 && rng() % 2) line = "\t" + line;  // re-indented unevenly
      after += line;
    }
    if (change == 2) after += "keepalive 64;\n";
  }
  return {before, after};
}

TEST(MovedLines, ColouredDiffMatchesGitColorMovedOnGeneratedFiles) {
  TempDir dir, home;
  ProcessOptions env;
  env.cwd = dir.path().string();
  env.env = {{"HOME", home.path().string()}, {"GIT_CONFIG_NOSYSTEM", "1"}, {"LC_ALL", "C"}};
  const std::vector<std::pair<std::string, ColorMovedMode>> modes = {{"plain", ColorMovedMode::Plain},
                                                                     {"blocks", ColorMovedMode::Blocks},
                                                                     {"zebra", ColorMovedMode::Zebra},
                                                                     {"dimmed-zebra", ColorMovedMode::DimmedZebra}};
  const std::vector<std::string> ws_modes = {"no", "ignore-all-space", "allow-indentation-change"};
  std::mt19937 rng(11);
  int compared = 0, with_moves = 0, with_alternate = 0;
  for (int round = 0; round < 25; ++round) {
    auto [before, after] = moved_blocks(rng);
    write_file(dir.path() / "old", before);
    write_file(dir.path() / "new", after);
    FileSide a{"old", before, "", 0100644}, b{"new", after, "", 0100644};
    for (WhitespaceMode space : {WhitespaceMode::Exact, WhitespaceMode::IgnoreAllSpace}) {
      const FileDiff diff = compare_files(&a, &b, DiffOptions{space, false, 3});
      for (const auto& [name, mode] : modes) {
        for (const std::string& ws_name : ws_modes) {
          std::vector<std::string> args = {"git", "-c", "core.abbrev=7", "diff", "--no-index", "--color=always",
                                           "--color-moved=" + name, "--color-moved-ws=" + ws_name};
          if (space == WhitespaceMode::IgnoreAllSpace) args.push_back("-w");
          args.insert(args.end(), {"old", "new"});
          ProcessResult git = run_process(args, env);
          ASSERT_EQ(1, git.status) << git.err;
          std::string error;
          UnifiedStyle style{true};
          style.moved = mode;
          style.moved_whitespace = *parse_color_moved_ws(ws_name, error);
          EXPECT_EQ(git.out, render_unified({diff}, style))
              << "round " << round << " --color-moved=" << name << " --color-moved-ws=" << ws_name
              << (space == WhitespaceMode::IgnoreAllSpace ? " -w" : "") << "\n--- old\n" << before << "--- new\n" << after;
          ++compared;
          with_moves += git.out.find(moved_color::kNewMoved) != std::string::npos;
          with_alternate += git.out.find(moved_color::kOldMovedAlt) != std::string::npos ||
                            git.out.find(moved_color::kNewMovedAlt) != std::string::npos;
        }
      }
    }
  }
  EXPECT_EQ(600, compared);
  // The generator does make moves, and adjacent ones.
  EXPECT_GT(with_moves, 100);
  EXPECT_GT(with_alternate, 10);
}

}  // namespace
}  // namespace kongtpl
