// parse_compile_environment on prefix_handler.lua's compile_conf as Kong
// wrote it over the years, and lua_standard_globals.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "check/compile_environment.hpp"

namespace kongtpl {
namespace {

TEST(CompileEnvironment, HelpersFieldsAndComputedNames) {
  auto env = parse_compile_environment(R"(
local function compile_conf(kong_config, conf_template)
  -- computed by us
  local compile_env = {
    _escape = ">",
    pairs = pairs,
    ipairs = ipairs,
    tostring = tostring,
    os = {
      getenv = os.getenv,
    },
    quote = function(s) return '"' .. s .. '"' end, -- a, b = c
    nested = { deeper = { x = 1 } },
  }

  compile_env = pl_tablex.merge(compile_env, kong_config, true)
  compile_env.dns_resolver = table.concat(resolvers, " ")
  compile_env["http2"] = true
  if compile_env.x == 1 then end
  local post = pl_template.substitute(conf_template, compile_env)
  compile_env.after_render = 1
end
)");
  ASSERT_TRUE(env);
  EXPECT_EQ((std::set<std::string>{"pairs", "ipairs", "tostring", "os", "quote", "nested"}), env->helpers);
  EXPECT_EQ((std::set<std::string>{"os.getenv", "nested.deeper"}), env->fields);  // "_escape" is pl.template's, not a name
  EXPECT_TRUE(env->computed.count("dns_resolver"));
  EXPECT_TRUE(env->computed.count("http2"));
  EXPECT_FALSE(env->computed.count("x"));             // a comparison, not an assignment
  EXPECT_FALSE(env->computed.count("after_render"));  // after rendering: templates never see it
}

TEST(CompileEnvironment, AbsentWithoutCompileConfOrItsTable) {
  EXPECT_FALSE(parse_compile_environment(""));
  EXPECT_FALSE(parse_compile_environment("local compile_env = { pairs = pairs }\n"));
  EXPECT_FALSE(parse_compile_environment("local function compile_conf(a, b)\n  return b\nend\n"));
}

TEST(CompileEnvironment, StandardGlobalsAreLua51s) {
  const auto& names = lua_standard_globals();
  for (const char* name : {"string", "table", "type", "require", "pairs", "os", "_G", "loadstring"})
    EXPECT_TRUE(names.count(name)) << name;
  EXPECT_FALSE(names.count("quote"));
  EXPECT_FALSE(names.count("ngx"));
}

}  // namespace
}  // namespace kongtpl
