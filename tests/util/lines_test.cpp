#include "util/lines.hpp"

#include <gtest/gtest.h>

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

TEST(LooksBinary, NulAnywhere) {
  EXPECT_FALSE(looks_binary("server {\n}\n"));
  EXPECT_TRUE(looks_binary(std::string_view("a\0b", 3)));
}

}  // namespace kongtpl
