#include "diff/whitespace.hpp"

#include <random>

#include <gtest/gtest.h>

namespace kongtpl {
namespace {

TEST(NormalizeLine, IgnoreAllSpaceDropsEveryWhitespaceByte) {
  EXPECT_EQ("lua_shared_dictkong5m;", normalize_line("    lua_shared_dict kong     5m;\r\n", WhitespaceMode::IgnoreAllSpace));
  EXPECT_EQ("", normalize_line(" \t\r\n", WhitespaceMode::IgnoreAllSpace));
}

TEST(NormalizeLine, IgnoreSpaceChangeKeepsOneSpacePerRun) {
  EXPECT_EQ(" a b", normalize_line("  a \t b  \n", WhitespaceMode::IgnoreSpaceChange));
  EXPECT_EQ("a", normalize_line("a\n", WhitespaceMode::IgnoreSpaceChange));
}

TEST(NormalizeLine, ExactKeepsBytes) { EXPECT_EQ(" a \n", normalize_line(" a \n", WhitespaceMode::Exact)); }

TEST(NormalizeLine, LongLinesMatchTheByteByByteDefinition) {
  // Lines longer than one 16-byte block, whitespace at every position.
  std::mt19937 random(7);
  const std::string alphabet = "ab ;{}\t\r\n$x";
  for (int round = 0; round < 2000; ++round) {
    std::string line(random() % 80, ' ');
    for (char& c : line) c = alphabet[random() % alphabet.size()];
    std::string expected;
    for (char c : line)
      if (!is_space(c)) expected.push_back(c);
    ASSERT_EQ(expected, normalize_line(line, WhitespaceMode::IgnoreAllSpace)) << line;
  }
}

}  // namespace
}  // namespace kongtpl
