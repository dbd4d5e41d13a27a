#include "util/lines.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace kongtpl {

TEST(SplitLines, KeepsTerminators) {
  auto lines = split_lines("a\nb\r\nc");
  ASSERT_EQ(3u, lines.size());
  EXPECT_EQ("a\n", lines[0].bytes);
  EXPECT_EQ("b\r\n", lines[1].bytes);
  EXPECT_EQ("b\r", lines[1].content());
  EXPECT_EQ("c", lines[2].bytes);
  EXPECT_FALSE(lines[2].has_newline());
}

TEST(SplitLines, EmptyTextHasNoLines) { EXPECT_TRUE(split_lines("").empty()); }

TEST(SplitLines, BlankLinesAreLines) {
  auto lines = split_lines("\n\n");
  ASSERT_EQ(2u, lines.size());
  EXPECT_EQ("", lines[1].content());
}

// split_lines finds newlines 16 bytes at a time: its lines must be the
// byte-by-byte split's for any text, lines shorter and longer than a block,
// newlines at block edges, with and without a final newline.
TEST(SplitLines, MatchesAByteByByteSplitOnAnyText) {
  std::mt19937 rng(2024);
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    const size_t length = std::uniform_int_distribution<size_t>(0, 100)(rng);
    const size_t newline_one_in = std::uniform_int_distribution<size_t>(1, 40)(rng);
    for (size_t i = 0; i < length; ++i)
      text += std::uniform_int_distribution<size_t>(0, newline_one_in - 1)(rng) == 0 ? '\n' : 'x';
    std::vector<std::string> expected;
    std::string current;
    for (char c : text) {
      current += c;
      if (c == '\n') expected.push_back(std::move(current)), current.clear();
    }
    if (!current.empty()) expected.push_back(current);
    const std::vector<Line> lines = split_lines(text);
    ASSERT_EQ(lines.size(), expected.size()) << "text '" << text << "'";
    for (size_t i = 0; i < lines.size(); ++i) ASSERT_EQ(lines[i].bytes, expected[i]) << "text '" << text << "'";
  }
}

TEST(LooksBinary, NulAnywhere) {
  EXPECT_FALSE(looks_binary("server {\n}\n"));
  EXPECT_TRUE(looks_binary(std::string_view("a\0b", 3)));
}

}  // namespace kongtpl
