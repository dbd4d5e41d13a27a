// Indentation adoption: detecting a file's indent style and mapping
// upstream's indentation onto the user's.
#include "merge/indent.hpp"

#include <gtest/gtest.h>

namespace kongtpl {
namespace {

TEST(MergeIndentStyle, WidthFollowsTabStops) {
  EXPECT_EQ(0u, indent_width(""));
  EXPECT_EQ(4u, indent_width("    "));
  EXPECT_EQ(8u, indent_width("\t"));
  EXPECT_EQ(8u, indent_width("  \t"));
  EXPECT_EQ(10u, indent_width("\t  "));
  EXPECT_EQ("  \t", leading_whitespace("  \tx y"));
}

TEST(MergeIndentStyle, DetectsStepAndTabs) {
  std::string four = "a {\n    b {\n        c;\n    }\n> if x then\n    d;\n> end\n}\n";
  IndentStyle s = detect_indent_style(split_lines(four));
  EXPECT_EQ(4u, s.step);
  EXPECT_FALSE(s.tabs);

  std::string tabs = "a {\n\tb {\n\t\tc;\n\t}\n}\n";
  s = detect_indent_style(split_lines(tabs));
  EXPECT_EQ(8u, s.step);
  EXPECT_TRUE(s.tabs);

  s = detect_indent_style(split_lines("flat\nfile\n"));
  EXPECT_EQ(0u, s.step);
}

TEST(MergeIndentMapper, DefaultLeavesLinesAlone) {
  IndentMapper m;
  EXPECT_TRUE(m.is_identity());
  EXPECT_EQ("      x;", m.apply("      x;"));
}

TEST(MergeIndentMapper, AddsTheUsersOffset) {
  IndentMapper m("    ", "        ", IndentStyle{4, false}, IndentStyle{4, false});
  EXPECT_FALSE(m.is_identity());
  EXPECT_EQ("        x;", m.apply("    x;"));
  EXPECT_EQ("            x;", m.apply("        x;"));
  EXPECT_EQ("    }", m.apply("}"));
}

TEST(MergeIndentMapper, RemovesIndentationWithoutGoingNegative) {
  IndentMapper m("        ", "  ", IndentStyle{4, false}, IndentStyle{4, false});
  EXPECT_EQ("  x;", m.apply("        x;"));
  EXPECT_EQ("x;", m.apply("    x;"));
  EXPECT_EQ("x;", m.apply("x;"));
}

TEST(MergeIndentMapper, ConvertsSpacesToTabs) {
  IndentMapper m("    ", "\t", IndentStyle{4, false}, IndentStyle{8, true});
  EXPECT_EQ("\t\tx;", m.apply("        x;"));
  EXPECT_EQ("\tx;", m.apply("    x;"));
  EXPECT_EQ("x;", m.apply("x;"));
}

TEST(MergeIndentMapper, ScalesNestingToTheUsersStep) {
  IndentMapper m("    ", "  ", IndentStyle{4, false}, IndentStyle{2, false});
  EXPECT_EQ("      x;", m.apply("            x;"));
  EXPECT_EQ("x;", m.apply("x;"));
}

TEST(MergeIndentMapper, KeepsUsersAnchorBytesAndLuaLinesAndBlankLines) {
  IndentMapper m("", " \t", IndentStyle{4, false}, IndentStyle{4, false});
  EXPECT_EQ(" \t    x;", m.apply("    x;"));
  EXPECT_EQ("> if ssl then", m.apply("> if ssl then"));
  EXPECT_EQ("   ", m.apply("   "));
}

}  // namespace
}  // namespace kongtpl
