// What a template's nginx text declares: shared dicts, includes, blocks,
// inject files, and constants.lua's DICTS.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "check/nginx_text.hpp"

namespace kongtpl {
namespace {

const char* const kBody =
    "> if database == \"off\" then\n"
    "lua_shared_dict kong_db_cache_miss 12m;\n"
    "> end\n"
    "http {\n"
    "    lua_shared_dict kong                5m;\n"
    "\tlua_shared_dict  kong_locks 8m;\n"
    "    lua_shared_dict $(name) 5m;\n"
    "    lua_shared_dict ${{DICT}} 5m;\n"
    "    lua_shared_dict kong 10m;\n"
    "    include 'nginx-kong.conf';\n"
    "    include \"nginx-kong-inject.conf\";\n"
    "    include mime.types;\n"
    "> lua_shared_dict in_lua 5m;\n"
    "    # include 'commented.conf';\n"
    "}\n"
    "stream{\n"
    "}\n"
    "    http_thing {\n";

TEST(NginxText, SharedDictsWithLiteralNamesAtTheirFirstLine) {
  NamedLines dicts = shared_dicts_declared(kBody);
  EXPECT_EQ((NamedLines{{"kong_db_cache_miss", 2}, {"kong", 5}, {"kong_locks", 6}}), dicts);
}

TEST(NginxText, IncludesWithoutQuotes) {
  NamedLines includes = included_files(kBody);
  EXPECT_EQ((NamedLines{{"nginx-kong.conf", 10}, {"nginx-kong-inject.conf", 11}, {"mime.types", 12}}), includes);
}

TEST(NginxText, BlockLines) {
  EXPECT_EQ(4u, block_line(kBody, "http"));
  EXPECT_EQ(16u, block_line(kBody, "stream"));
  EXPECT_EQ(0u, block_line(kBody, "events"));
  EXPECT_EQ(0u, block_line("http_x {\n", "http"));
  EXPECT_EQ(0u, block_line("http\n{\n", "http"));  // the brace on the next line is not read
}

TEST(NginxText, InjectFiles) {
  EXPECT_TRUE(is_inject_file("nginx-kong-inject.conf"));
  EXPECT_TRUE(is_inject_file("nginx-inject.conf"));
  EXPECT_FALSE(is_inject_file("-inject.conf"));
  EXPECT_FALSE(is_inject_file("nginx-kong.conf"));
}

TEST(NginxText, RequiredDictsOfConstants) {
  EXPECT_EQ((std::vector<std::string>{"kong", "kong_locks", "kong_db_cache"}),
            parse_required_dicts("local constants = {\n"
                                 "  DICTS = {\n"
                                 "    \"kong\",\n"
                                 "    \"kong_locks\",\n"
                                 "    -- \"kong_cluster_events\",\n"
                                 "    \"kong_db_cache\",\n"
                                 "  },\n"
                                 "  OTHER = { \"x\" },\n"
                                 "}\n"));
  EXPECT_TRUE(parse_required_dicts("return {}\n").empty());
}

}  // namespace
}  // namespace kongtpl
