#include "merge/upgrade_rewrap.hpp"

#include <gtest/gtest.h>

#include "lua/template_body.hpp"

namespace kongtpl {
namespace {

std::string rewrapped(const std::string& module, const std::string& new_body) {
  Result<TemplateBody> body = read_template_body(module, "t.lua");
  EXPECT_TRUE(body.ok()) << body.error().message;
  if (!body.ok()) return {};
  Result<BodyLiteral> literal = locate_body_literal(module, body->text);
  EXPECT_TRUE(literal.ok()) << literal.error().message;
  if (!literal.ok()) return {};
  std::string out = rewrap_body(module, *literal, new_body);
  // Whatever was written must read back, in Lua, as exactly the new body.
  Result<TemplateBody> back = read_template_body(out, "t.lua");
  EXPECT_TRUE(back.ok()) << back.error().message << "\n" << out;
  if (back.ok()) {
    EXPECT_EQ(back->text, new_body);
  }
  return out;
}

TEST(UpgradeRewrap, OnlyTheBracketContentChanges) {
  EXPECT_EQ(rewrapped("-- mine\nlocal x = 'return [[no]]'\nreturn [[\nold\n]] -- end\n", "new\nlines\n"),
            "-- mine\nlocal x = 'return [[no]]'\nreturn [[\nnew\nlines\n]] -- end\n");
}

TEST(UpgradeRewrap, CommentsThatLookLikeLongStringsAreSkipped) {
  EXPECT_EQ(rewrapped("--[=[ return [[\nold\n]] ]=]\nreturn [==[\nold\n]==]\n", "x\n"),
            "--[=[ return [[\nold\n]] ]=]\nreturn [==[\nx\n]==]\n");
}

TEST(UpgradeRewrap, ABodyHoldingTheClosingBracketGetsAHigherLevel) {
  EXPECT_EQ(rewrapped("return [[\nold\n]]\n", "a ]] b\n"), "return [=[\na ]] b\n]=]\n");
  EXPECT_EQ(rewrapped("return [[\nold\n]]\n", "a ]] b ]=] c\n"), "return [==[\na ]] b ]=] c\n]==]\n");
  // Lua 5.1 refuses "[[" inside a level-0 string.
  EXPECT_EQ(rewrapped("return [[\nold\n]]\n", "a [[ b\n"), "return [=[\na [[ b\n]=]\n");
  // A body ending in "]" would close "]]" one byte early.
  EXPECT_EQ(rewrapped("return [[\nold\n]]", "x]"), "return [=[\nx]]=]");
  // A level that still works is kept.
  EXPECT_EQ(rewrapped("return [==[\nold\n]==]\n", "a ]] b\n"), "return [==[\na ]] b\n]==]\n");
}

TEST(UpgradeRewrap, NewlineHandlingFollowsLua) {
  // No newline after the opening: a body starting with one needs one added.
  EXPECT_EQ(rewrapped("return [[old]]", "\nx\n"), "return [[\n\nx\n]]");
  // CRLF modules stay CRLF.
  EXPECT_EQ(rewrapped("return [[\r\nold\r\n]]\r\n", "a\nb\n"), "return [[\r\na\r\nb\r\n]]\r\n");
}

TEST(UpgradeRewrap, AShebangLineDoesNotShiftTheLiteral) {
  EXPECT_EQ(rewrapped("#!/usr/bin/env lua\nreturn [[\nold\n]]\n", "new\n"), "#!/usr/bin/env lua\nreturn [[\nnew\n]]\n");
}

TEST(UpgradeRewrap, ABodyNotWrittenAsOneLiteralCannotBeLocated) {
  Result<BodyLiteral> literal = locate_body_literal("return [[a]] .. [[b]]", "ab");
  ASSERT_FALSE(literal.ok());
  Result<BodyLiteral> twice = locate_body_literal("local a = [[x]]\nreturn a or [[x]]", "x");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().message.find("more than once"), std::string::npos);
}

TEST(UpgradeRewrap, LevelChoice) {
  EXPECT_EQ(long_bracket_level("plain\n"), 0u);
  EXPECT_EQ(long_bracket_level("]]"), 1u);
  EXPECT_EQ(long_bracket_level("]=] ]]"), 2u);
  EXPECT_EQ(long_bracket_level("x", 3), 3u);
}

}  // namespace
}  // namespace kongtpl
