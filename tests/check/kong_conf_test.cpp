// parse_kong_conf: kong.conf as Kong's pl.config reads it.
#include <gtest/gtest.h>

#include "check/kong_conf.hpp"

namespace kongtpl {
namespace {

TEST(KongConf, KeysValuesAndLines) {
  auto settings = parse_kong_conf(
      "# kong.conf\n"
      "\n"
      "proxy_listen = 0.0.0.0:8000, 0.0.0.0:8443 ssl   # the proxy\n"
      "  NGINX_HTTP_Gzip=on\r\n"
      "#nginx_proxy_buffering = off\n"
      "log_format = a \\# b\n"
      "not a setting\n"
      " = no key\n"
      "empty_value =\n");
  ASSERT_EQ(4u, settings.size());
  EXPECT_EQ("proxy_listen", settings[0].key);
  EXPECT_EQ("0.0.0.0:8000, 0.0.0.0:8443 ssl", settings[0].value);
  EXPECT_EQ(3u, settings[0].line);
  EXPECT_EQ("proxy_listen = 0.0.0.0:8000, 0.0.0.0:8443 ssl   # the proxy", settings[0].text);
  EXPECT_EQ("nginx_http_gzip", settings[1].key);  // looked up lowercased
  EXPECT_EQ("on", settings[1].value);
  EXPECT_EQ("  NGINX_HTTP_Gzip=on", settings[1].text);
  EXPECT_EQ("log_format", settings[2].key);
  EXPECT_EQ("a # b", settings[2].value);
  EXPECT_EQ("empty_value", settings[3].key);
  EXPECT_EQ("", settings[3].value);
  EXPECT_EQ(9u, settings[3].line);
}

TEST(KongConf, EmptyAndLastLineWithoutNewline) {
  EXPECT_TRUE(parse_kong_conf("").empty());
  auto settings = parse_kong_conf("a = 1\nb = 2");
  ASSERT_EQ(2u, settings.size());
  EXPECT_EQ("2", settings[1].value);
  EXPECT_EQ(2u, settings[1].line);
}

}  // namespace
}  // namespace kongtpl
