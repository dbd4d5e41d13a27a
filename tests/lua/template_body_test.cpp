#include "lua/template_body.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace kongtpl {
namespace {

using Map = std::vector<uint32_t>;

TemplateBody module_body(std::string_view file, std::string_view name = "nginx_kong.lua") {
  auto body = read_template_body(file, name);
  EXPECT_TRUE(body.ok()) << (body.ok() ? "" : body.error().message);
  if (!body.ok()) return {};
  EXPECT_TRUE(body->is_module);
  return body.value();
}

TEST(TemplateBody, DropsTheNewlineAfterTheOpeningBracket) {
  auto body = module_body("return [[\nhttp {\n}\n]]\n");
  EXPECT_EQ("http {\n}\n", body.text);
  EXPECT_EQ((Map{2, 3}), body.file_line);
}

TEST(TemplateBody, KeepsTextRightAfterTheBracket) {
  auto body = module_body("return [[http {\n}]]");
  EXPECT_EQ("http {\n}", body.text);
  EXPECT_EQ((Map{1, 2}), body.file_line);
}

TEST(TemplateBody, LevelledBracketsMayHoldPlainClosers) {
  auto body = module_body("return [==[\nx ]] y ]=] z\n]==]\n");
  EXPECT_EQ("x ]] y ]=] z\n", body.text);
  EXPECT_EQ((Map{2}), body.file_line);
}

TEST(TemplateBody, OnlyOneNewlineIsDropped) {
  auto body = module_body("return [[\n\n\nx\n]]");
  EXPECT_EQ("\n\nx\n", body.text);
  EXPECT_EQ((Map{2, 3, 4}), body.file_line);
}

TEST(TemplateBody, ConcatenatedBrackets) {
  auto body = module_body("return [[a\n]] .. [=[b\n]=]\n.. \"c\"");
  EXPECT_EQ("a\nb\nc", body.text);
  EXPECT_EQ((Map{1, 2, 4}), body.file_line);  // "c" sits on line 4
}

TEST(TemplateBody, LeadingCommentsAndALocal) {
  auto body = module_body("-- header\n--[==[ long\ncomment ]] ]==]\nlocal t = [[\nhello\n]]\nreturn t\n");
  EXPECT_EQ("hello\n", body.text);
  EXPECT_EQ((Map{5}), body.file_line);
}

TEST(TemplateBody, CrlfNewlinesReadAsLuaReadsThem) {
  auto body = module_body("return [[\r\na\r\nb\r\n]]\r\n");
  EXPECT_EQ("a\nb\n", body.text);
  EXPECT_EQ((Map{2, 3}), body.file_line);
}

TEST(TemplateBody, QuotedStringsDecodeEscapes) {
  auto body = module_body("return \"a\\nb\\\n\\65\"");
  EXPECT_EQ("a\nb\nA", body.text);
  EXPECT_EQ((Map{1, 1, 2}), body.file_line);
}

TEST(TemplateBody, FirstLineHashIsSkippedLikeLoadfile) {
  auto body = module_body("#!/usr/bin/env lua\nreturn [[\nx\n]]\n");
  EXPECT_EQ("x\n", body.text);
  EXPECT_EQ((Map{3}), body.file_line);
}

TEST(TemplateBody, ReorderedPiecesAreFoundBySearch) {
  auto body = module_body("local a = [[\nfirst\n]]\nlocal b = [[\nsecond\n]]\nreturn b .. a\n");
  EXPECT_EQ("second\nfirst\n", body.text);
  EXPECT_EQ((Map{5, 2}), body.file_line);
}

TEST(TemplateBody, ModuleReturningATableIsAnError) {
  auto body = read_template_body("local t = {}\n\nreturn t\n", "nginx_kong.lua");
  ASSERT_FALSE(body.ok());
  EXPECT_EQ("nginx_kong.lua:3: module returned a table, expected the template string (return [[ ... ]])",
            body.error().message);
}

TEST(TemplateBody, ModuleReturningNothingIsAnError) {
  auto body = read_template_body("local x = [[a]]\n", "nginx.lua");
  ASSERT_FALSE(body.ok());
  EXPECT_EQ("nginx.lua: module returned a nil, expected the template string (return [[ ... ]])",
            body.error().message);
}

TEST(TemplateBody, LuaNamedFileThatDoesNotCompileIsAnError) {
  // Lua places "<eof>" on the line after the final newline, as Kong would report it.
  auto body = read_template_body("return [[\nhttp {}\n]] ..\n", "nginx.lua");
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(0u, body.error().message.rfind("nginx.lua:4: unexpected symbol near '<eof>'", 0)) << body.error().message;
}

TEST(TemplateBody, LuaNamedFileThatFailsIsAnError) {
  auto body = read_template_body("local x = nil\nreturn x.y\n", "nginx.lua");
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(0u, body.error().message.rfind("nginx.lua:2: attempt to index local 'x'", 0)) << body.error().message;
}

TEST(TemplateBody, PlainTemplateIsTakenAsIs) {
  std::string text = "worker_processes 1;\r\nevents {}\n> if x then\nlast";
  auto body = read_template_body(text, "custom_nginx.template");
  ASSERT_TRUE(body.ok());
  EXPECT_FALSE(body->is_module);
  EXPECT_EQ(text, body->text);
  EXPECT_EQ((Map{1, 2, 3, 4}), body->file_line);
}

TEST(TemplateBody, PlainTemplateStartingWithNginxReturnStaysPlain) {
  // nginx's `return` directive is Lua's keyword too; none of these is a module.
  for (std::string text : {"return 200;\n", "return 301 https://example.com$request_uri;\n",
                           "return [[x]] + 1;\n", "local_thing on;\n", "return {}\n"}) {
    auto body = read_template_body(text, "custom_nginx.template");
    ASSERT_TRUE(body.ok()) << text;
    EXPECT_FALSE(body->is_module) << text;
    EXPECT_EQ(text, body->text);
  }
}

TEST(TemplateBody, NonLuaNameThatRunsToAStringIsAModule) {
  auto body = module_body("return [[\nhttp {}\n]]\n", "nginx_kong.lua.orig");
  EXPECT_EQ("http {}\n", body.text);
}

TEST(TemplateBody, HostileFileIsAnErrorWhateverItsName) {
  auto start = std::chrono::steady_clock::now();
  auto body = read_template_body("return (function() while true do end end)()\n", "custom_nginx.template");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  ASSERT_FALSE(body.ok());
  EXPECT_NE(std::string::npos, body.error().message.find("custom_nginx.template:1: stopped after"))
      << body.error().message;
}

TEST(TemplateBody, BytecodeIsRefused) {
  auto body = read_template_body(std::string("\x1bLua\x51\x00", 6), "nginx.lua");
  ASSERT_FALSE(body.ok());
  EXPECT_NE(std::string::npos, body.error().message.find("bytecode is refused"));
}

TEST(TemplateBody, EmptyStringModule) {
  auto body = module_body("return [[]]");
  EXPECT_EQ("", body.text);
  EXPECT_TRUE(body.file_line.empty());
}

}  // namespace
}  // namespace kongtpl
