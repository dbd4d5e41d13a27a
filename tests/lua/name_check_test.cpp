#include "lua/name_check.hpp"

#include <gtest/gtest.h>

#include "lua/lint.hpp"

namespace kongtpl {
namespace {

struct Use {
  std::string name;
  uint32_t line;
  bool placeholder;
  bool assigned;
  bool operator==(const Use&) const = default;
};

std::vector<Use> uses_of(std::string_view body) {
  auto uses = names_used(body);
  EXPECT_TRUE(uses.ok()) << (uses.ok() ? "" : uses.error().message);
  std::vector<Use> out;
  if (uses.ok())
    for (const auto& u : uses.value()) out.push_back({u.name, u.body_line, u.placeholder, u.assigned});
  return out;
}

TEST(NamesUsed, PlaceholdersThenGlobalsExactly) {
  std::string body =
      "> if foo then\n"
      "  $(bar) ${{BAZ}} ${{BAZ}} ${NGINX_VAR} $host\n"
      "> local l = 1\n"
      "$(l) $(bar.x)\n"
      "> for _, x in ipairs(listeners) do\n"
      "$(x.name) $(tostring(l))\n"
      "> end\n"
      "> y = 2\n"
      "$(y)\n"
      "> end\n";
  EXPECT_EQ((std::vector<Use>{{"BAZ", 2, true, false},
                              {"foo", 1, false, false},
                              {"bar", 2, false, false},
                              {"ipairs", 5, false, false},
                              {"listeners", 5, false, false},
                              {"tostring", 6, false, false},
                              {"y", 8, false, true}}),
            uses_of(body));
}

TEST(NamesUsed, PlaceholdersOnLuaLinesAreNotRendered) {
  EXPECT_EQ((std::vector<Use>{}), uses_of("> local s = '${{X}}'\n"));
}

TEST(NamesUsed, BodyThatDoesNotCompileIsAnError) { EXPECT_FALSE(names_used("> if x then\n").ok()); }

TEST(KongProperties, ReadsNameEqualsValueLines) {
  EXPECT_EQ((std::set<std::string>{"prefix", "log_level", "empty", "spaced"}),
            kong_properties("prefix = /usr/local/kong/\n# commented = 1\n\nlog_level = notice # x\n"
                            "empty =\n  spaced=1\nnot a property\n"));
}

TEST(CheckNames, WarnsOncePerUnknownNameAtItsFileLine) {
  KnownNames known = known_names("proxy_listen = 0.0.0.0:8000\nnginx_user = NONE\n",
                                 {"> for _, l in ipairs(proxy_listeners) do\n$(l.listener)\n> end\n"});
  std::string file =
      "-- my customised nginx_kong.lua\n"
      "return [[\n"
      "listen ${{PROXY_LISTEN}} ${{PROXY_LISTN}};\n"
      "> for _, l in ipairs(proxy_listeners) do\n"
      "user $(nginx_usr) $(l.listener) $(nginx_usr);\n"
      "> end\n"
      "$(os.getenv('X'))\n"
      "]]\n";
  auto findings = lint_template(file, "nginx_kong.lua", &known);
  ASSERT_EQ(2u, findings.size());
  EXPECT_EQ(3u, findings[0].line);
  EXPECT_EQ("warning", findings[0].severity);
  EXPECT_EQ("PROXY_LISTN", findings[0].name);
  EXPECT_EQ("listen ${{PROXY_LISTEN}} ${{PROXY_LISTN}};", findings[0].source_line);
  EXPECT_EQ(0u, findings[0].message.rfind("unknown placeholder ${{PROXY_LISTN}}", 0)) << findings[0].message;
  EXPECT_EQ(5u, findings[1].line);
  EXPECT_EQ("nginx_usr", findings[1].name);
  EXPECT_EQ(0u, findings[1].message.rfind("unknown name `nginx_usr`", 0)) << findings[1].message;
}

TEST(CheckNames, NothingWithoutKnownNames) {
  EXPECT_TRUE(lint_template("return [[\n$(whatever)\n]]\n", "nginx.lua", nullptr).empty());
}

TEST(CheckNames, DataModulesAreOnlyLoaded) {
  EXPECT_TRUE(is_data_module("kong/templates/kong_defaults.lua"));
  EXPECT_TRUE(is_data_module("kong_yml.lua"));
  EXPECT_FALSE(is_data_module("nginx_kong.lua"));
  KnownNames known;
  EXPECT_TRUE(lint_template("return [[\n$(unbalanced\n> if\n]]\n", "kong_defaults.lua", &known).empty());
  EXPECT_EQ(1u, lint_template("return {}\n", "kong_defaults.lua", &known).size());
}

}  // namespace
}  // namespace kongtpl
