#include "merge/reindent.hpp"

#include <gtest/gtest.h>

namespace kongtpl {
namespace {

TEST(Reindent, EachFourSpaceLevelBecomesTheUnit) {
  const char* text = "http {\n    server {\n        listen 80;\n          odd;\n    }\n}\n";
  EXPECT_EQ("http {\n\tserver {\n\t\tlisten 80;\n\t\t  odd;\n\t}\n}\n", reindent(text, "\t"));
  EXPECT_EQ("http {\n  server {\n    listen 80;\n      odd;\n  }\n}\n", reindent(text, "  "));
}

TEST(Reindent, LuaLinesBlankLinesAndTheLastLineAreKept) {
  EXPECT_EQ("> if x then\n    \n\tlisten 80;\n> end", reindent("> if x then\n    \n    listen 80;\n> end", "\t"));
}

TEST(Reindent, IndentValues) {
  EXPECT_EQ("\t", parse_indent_unit("tab").value());
  EXPECT_EQ("  ", parse_indent_unit("2").value());
  for (const char* bad : {"0", "17", "two", "2x", ""}) {
    Result<std::string> unit = parse_indent_unit(bad);
    ASSERT_FALSE(unit.ok()) << bad;
    EXPECT_NE(std::string::npos, unit.error().message.find("--indent")) << bad;
  }
}

}  // namespace
}  // namespace kongtpl
