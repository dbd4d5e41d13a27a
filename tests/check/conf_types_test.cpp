// parse_conf_types (the conf_loader's type table), parse_default_values
// (kong_defaults.lua's body) and is_true_value.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "check/conf_types.hpp"

namespace kongtpl {
namespace {

TEST(ConfTypes, TypEntriesOfNamedTables) {
  auto types = parse_conf_types({R"(
local CONF_INFERENCES = {
  -- forced string inferences (or else are retrieved as numbers)
  proxy_listen = { typ = "array" },
  anonymous_reports = { typ = "boolean" },
  nginx_user = {
    typ = "string",
    alias = { replacement = "nginx_main_user" },
  },
  database = { enum = { "postgres", "cassandra", "off" } },
  mem_cache_size = {typ='string'},
  typ_only = "x",
}
)", "return { dns_order = { typ = \"array\" } }\n"});
  EXPECT_EQ((std::map<std::string, std::string>{{"proxy_listen", "array"},
                                                 {"anonymous_reports", "boolean"},
                                                 {"nginx_user", "string"},
                                                 {"mem_cache_size", "string"},
                                                 {"dns_order", "array"}}),
            types);
}

TEST(ConfTypes, DefaultValuesOfKongDefaults) {
  auto values = parse_default_values(
      "prefix = /usr/local/kong/\n"
      "# a comment = not a value\n"
      "Proxy_Listen = 0.0.0.0:8000 reuseport backlog=16384, 0.0.0.0:8443 http2 ssl  # kong.conf comment\n"
      "  anonymous_reports = on\r\n"
      "empty =\n"
      "no equals here\n");
  EXPECT_EQ("/usr/local/kong/", values["prefix"]);
  EXPECT_EQ("0.0.0.0:8000 reuseport backlog=16384, 0.0.0.0:8443 http2 ssl", values["proxy_listen"]);
  EXPECT_EQ("on", values["anonymous_reports"]);
  EXPECT_EQ("", values["empty"]);
  EXPECT_EQ(4u, values.size());
}

TEST(ConfTypes, TrueSpellings) {
  EXPECT_TRUE(is_true_value("on"));
  EXPECT_TRUE(is_true_value("true"));
  EXPECT_FALSE(is_true_value("off"));
  EXPECT_FALSE(is_true_value("false"));
  EXPECT_FALSE(is_true_value(""));
}

}  // namespace
}  // namespace kongtpl
