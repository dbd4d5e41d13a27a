#include "lua/template_compiler.hpp"

#include <gtest/gtest.h>
#include <lua.hpp>

#include <algorithm>
#include <map>

#include "lua/lint.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

// Renders a body by running the translated chunk in an ordinary Lua state
// with the given string/boolean globals: what Kong's pl.template would print.
std::string render(std::string_view body, const std::map<std::string, std::string>& vars,
                   const std::vector<std::string>& true_flags = {}) {
  TemplateChunk chunk = translate_template(body);
  lua_State* L = luaL_newstate();
  luaL_openlibs(L);
  if (luaL_loadbuffer(L, chunk.code.data(), chunk.code.size(), "=t") != 0) {
    std::string error = lua_tostring(L, -1);
    lua_close(L);
    return "compile error: " + error;
  }
  lua_newtable(L);  // the environment, as compile_env
  for (const auto& [k, v] : vars) {
    lua_pushlstring(L, v.data(), v.size());
    lua_setfield(L, -2, k.c_str());
  }
  for (const auto& k : true_flags) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, k.c_str());
  }
  lua_getglobal(L, "ipairs");
  lua_setfield(L, -2, "ipairs");
  lua_setfenv(L, -2);
  lua_call(L, 0, 1);  // returns function(_put)
  luaL_dostring(L, "local out = {} _OUT = out return function(s) out[#out + 1] = s end");
  lua_call(L, 1, 0);
  luaL_dostring(L, "return table.concat(_OUT)");
  std::string out = lua_tostring(L, -1);
  lua_close(L);
  return out;
}

TEST(TranslateTemplate, BuildsPenlightsChunkLineForLine) {
  EXPECT_EQ(
      "return function(_put) _put(\"a \") _put(((x) or '')) _put(\" b\\\n\")  if y then\n"
      "_put(\"c\\\n\")  end\n_put(\"\")  end",
      translate_template("a $(x) b\n> if y then\nc\n> end\n").code);
}

TEST(TranslateTemplate, KeepsEveryLineNumber) {
  std::string body = "l1 \"q\" \\ $(a\n..b)\n>> local z = 1\n  > not lua\n\r\n$(z)\n>end\n";
  std::string code = translate_template(body, false).code;
  EXPECT_EQ(std::count(body.begin(), body.end(), '\n'), std::count(code.begin(), code.end(), '\n'));
}

TEST(TranslateTemplate, RendersLikePlTemplate) {
  EXPECT_EQ("a X b\nc\n", render("a $(x) b\n> if y then\nc\n> end\n", {{"x", "X"}}, {"y"}));
  EXPECT_EQ("a X b\n", render("a $(x) b\n> if y then\nc\n> end\n", {{"x", "X"}}));
  // Only '>' in the first column starts Lua; "${{...}}" and nginx's $vars stay text.
  EXPECT_EQ("  > text\n${{PREFIX}} $host \"q\" \\\n", render("  > text\n${{PREFIX}} $host \"q\" \\\n", {}));
  // Several '>' are one escape; an expression may span lines.
  EXPECT_EQ("1,\n2,\n\nv=7\n", render(">> for _, i in ipairs({1, 2}) do\n$(i),\n> end\n\nv=$(\nseven\n)\n",
                                   {{"seven", "7"}}));
  // A missing value renders as nothing, as Penlight's `or ''` does.
  EXPECT_EQ("[]\n", render("[$(missing)]\n", {}));
}

TEST(TranslateTemplate, UnbalancedInlineStaysText) {
  TemplateChunk chunk = translate_template("ok $(a)\nbad $(b\n> if x then\n$(c\n> end\n");
  EXPECT_EQ((std::vector<uint32_t>{2, 4}), chunk.unclosed_inline_lines);
  EXPECT_EQ("bad $(b\n", render("bad $(b\n", {{"b", "B"}}));
}

std::vector<Finding> lint_fixture(const std::string& name) {
  std::string bytes = testing::read_file(std::string(KONGTPL_SOURCE_DIR) + "/fixtures/broken/" + name);
  EXPECT_FALSE(bytes.empty()) << name;
  return lint_template(bytes, name, nullptr);
}

TEST(CompileCheck, UnclosedIfIsReportedAtTheIf) {
  auto findings = lint_fixture("unclosed_if.lua");
  ASSERT_EQ(1u, findings.size());
  EXPECT_EQ("unclosed_if.lua", findings[0].file);
  EXPECT_EQ(5u, findings[0].line);
  EXPECT_EQ("error", findings[0].severity);
  EXPECT_EQ("> if proxy_ssl_enabled then", findings[0].source_line);
  EXPECT_EQ(0u, findings[0].message.rfind("this `if` block is never closed: add a `> end` line", 0))
      << findings[0].message;
}

TEST(CompileCheck, StrayEndIsReportedAtTheEnd) {
  auto findings = lint_fixture("stray_end.lua");
  ASSERT_EQ(1u, findings.size());
  EXPECT_EQ(3u, findings[0].line);
  EXPECT_EQ("> end", findings[0].source_line);
  EXPECT_EQ(0u, findings[0].message.rfind("`> end` without an open block", 0)) << findings[0].message;
}

TEST(CompileCheck, StrayElseIsReportedAtTheElse) {
  auto findings = lint_fixture("stray_else.lua");
  ASSERT_EQ(1u, findings.size());
  EXPECT_EQ(3u, findings[0].line);
  EXPECT_EQ("> else", findings[0].source_line);
  EXPECT_EQ("Lua syntax error: '<eof>' expected near 'else'", findings[0].message);
}

TEST(CompileCheck, UnclosedInlineIsReported) {
  auto findings = lint_fixture("unclosed_inline.lua");
  ASSERT_EQ(1u, findings.size());
  EXPECT_EQ(3u, findings[0].line);
  EXPECT_EQ("    server_name $(server_name;", findings[0].source_line);
  EXPECT_NE(std::string::npos, findings[0].message.find("`$(` is never closed"));
}

TEST(CompileCheck, BadInlineExpressionIsReportedOnItsLine) {
  auto findings = lint_fixture("bad_expression.lua");
  ASSERT_EQ(1u, findings.size());
  EXPECT_EQ(3u, findings[0].line);
  EXPECT_EQ("    lua_package_path '$(lua_package_path lua_package_cpath)';", findings[0].source_line);
  EXPECT_EQ("Lua syntax error: ')' expected near 'lua_package_cpath'", findings[0].message);
}

TEST(CompileCheck, ModuleThatDoesNotLoadIsOneError) {
  auto table = lint_fixture("returns_table.lua");
  ASSERT_EQ(1u, table.size());
  EXPECT_EQ(3u, table[0].line);
  EXPECT_EQ("module returned a table, expected the template string (return [[ ... ]])", table[0].message);
  auto syntax = lint_fixture("module_syntax_error.lua");
  ASSERT_EQ(1u, syntax.size());
  EXPECT_EQ(4u, syntax[0].line);
  EXPECT_EQ("error", syntax[0].severity);
}

TEST(CompileCheck, CleanTemplateHasNoFindings) {
  TemplateBody body;
  body.text = "> if a then\nx $(b) ${{C}}\n> elseif d then\n> for _, v in ipairs(e) do\n$(v)\n> end\n> end\n";
  EXPECT_TRUE(compile_check(body, "t").empty());
}

TEST(CompileCheck, ManyInlineExpressionsInOneBlockStillCompile) {
  // Penlight once nested every piece in one concatenation and hit Lua's
  // 200-level limit; each piece is its own statement here.
  std::string body;
  for (int i = 0; i < 500; ++i) body += "x $(v) ";
  TemplateBody t;
  t.text = body;
  EXPECT_TRUE(compile_check(t, "t").empty());
}

}  // namespace
}  // namespace kongtpl

namespace kongtpl {

TEST(LintConflictMarkers, EveryMarkerLineIsAnErrorAtItsLine) {
  const std::string text =
      "server {\n"
      "<<<<<<< custom.template\n"
      "    listen 8000;\n"
      "||||||| 2.0.0\n"
      "=======\n"
      "    listen 8001;\n"
      ">>>>>>> 2.7.0\n"
      "}\n";
  auto findings = lint_template(text, "custom.template", nullptr);
  ASSERT_EQ(4u, findings.size());
  EXPECT_EQ(2u, findings[0].line);
  EXPECT_EQ(4u, findings[1].line);
  EXPECT_EQ(5u, findings[2].line);
  EXPECT_EQ(7u, findings[3].line);
  EXPECT_EQ("error", findings[3].severity);
  EXPECT_EQ(">>>>>>> 2.7.0", findings[3].source_line);
}

TEST(LintConflictMarkers, LookalikesAreNotMarkers) {
  // A Lua line starting with several '>' or a long '=' rule is not a marker.
  auto findings = lint_template("# ==========\n> if x then\n> end\n", "custom.template", nullptr);
  EXPECT_TRUE(findings.empty());
}

}  // namespace kongtpl
