// parse_directive_namespaces on both table forms Kong used, namespace_of's
// longest-prefix rule, directive_loops; and a property over Kong's sources
// at every tag: every list an upstream template loops over is a namespace
// the conf_loader of that tag declares (two parsers, one truth).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "check/directive_namespaces.hpp"
#include "check/kong_facts.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

const char* const kTable2x = R"(
-- NOTE! Prefixes should always follow `nginx_[a-z]+_`.
local DYNAMIC_KEY_NAMESPACES = {
  {
    injected_conf_name = "nginx_main_directives",
    prefix = "nginx_main_",
    ignore = EMPTY,
  },
  {
    injected_conf_name = "nginx_http_directives",
    prefix = "nginx_http_",
    ignore = {
      upstream_keepalive          = true,
      -- we already add it to nginx_kong_inject.lua explicitly
      lua_ssl_protocols           = true,
    },
  },
  {
    prefix = "vault_",
    ignore = EMPTY,
  },
  {
    injected_conf_name = "nginx_wasm_main_shm_directives",
    prefix = "nginx_wasm_shm_",
    ignore = EMPTY,
  },
  {
    injected_conf_name = "nginx_wasm_main_directives",
    prefix = "nginx_wasm_",
    ignore = EMPTY,
  },
}

local DEPRECATED_DYNAMIC_KEY_NAMESPACES = {
  {
    injected_conf_name = "nginx_http_directives",
    previous_conf_name = "nginx_http_old_directives",
  },
}
)";

TEST(DirectiveNamespaces, ReadsTheNamespacesTableWithIgnoresAndAliases) {
  auto namespaces = parse_directive_namespaces({"local x = 1\n", kTable2x});
  ASSERT_EQ(4u, namespaces.size());
  EXPECT_EQ("nginx_main_directives", namespaces[0].injected);
  EXPECT_EQ("nginx_main_", namespaces[0].prefix);
  EXPECT_TRUE(namespaces[0].ignored.empty());
  EXPECT_EQ("nginx_http_", namespaces[1].prefix);
  EXPECT_EQ((std::set<std::string>{"upstream_keepalive", "lua_ssl_protocols"}), namespaces[1].ignored);
  EXPECT_EQ(std::set<std::string>{"nginx_http_old_directives"}, namespaces[1].aliases);
  // `vault_` injects nothing into nginx.conf: left out.
  EXPECT_EQ("nginx_wasm_main_shm_directives", namespaces[2].injected);
  EXPECT_EQ("nginx_wasm_", namespaces[3].prefix);
}

TEST(DirectiveNamespaces, ReadsThePrefixTableOfKong014To12) {
  auto namespaces = parse_directive_namespaces({R"(
local DYNAMIC_KEY_PREFIXES = {
  ["nginx_http_directives"] = "nginx_http_",
  ["nginx_proxy_directives"] = "nginx_proxy_",
  -- ["nginx_gone_directives"] = "nginx_gone_",
  ['nginx_admin_directives'] = 'nginx_admin_',
}
)"});
  ASSERT_EQ(3u, namespaces.size());
  EXPECT_EQ("nginx_http_directives", namespaces[0].injected);
  EXPECT_EQ("nginx_proxy_", namespaces[1].prefix);
  EXPECT_EQ("nginx_admin_", namespaces[2].prefix);
}

TEST(DirectiveNamespaces, NoTableMeansNoNamespaces) {
  EXPECT_TRUE(parse_directive_namespaces({}).empty());
  EXPECT_TRUE(parse_directive_namespaces({"local DYNAMIC_KEY_NAMESPACES_X = {}\nreturn {}\n"}).empty());
  // Only the deprecated table: it names no namespace of its own.
  EXPECT_TRUE(parse_directive_namespaces({"local DEPRECATED_DYNAMIC_KEY_NAMESPACES = {\n"
                                          "  { injected_conf_name = \"a_directives\", previous_conf_name = \"b\" },\n}\n"})
                  .empty());
}

TEST(DirectiveNamespaces, AKeyBelongsToTheLongestMatchingPrefix) {
  auto namespaces = parse_directive_namespaces({kTable2x});
  EXPECT_EQ("nginx_wasm_main_shm_directives", namespace_of(namespaces, "nginx_wasm_shm_kv_store")->injected);
  EXPECT_EQ("nginx_wasm_main_directives", namespace_of(namespaces, "nginx_wasm_socket_timeout")->injected);
  EXPECT_EQ("nginx_http_directives", namespace_of(namespaces, "nginx_http_gzip")->injected);
  EXPECT_EQ(nullptr, namespace_of(namespaces, "nginx_http_"));  // a prefix alone is no key
  EXPECT_EQ(nullptr, namespace_of(namespaces, "nginx_proxy_buffering"));
  EXPECT_EQ(nullptr, namespace_of(namespaces, "vault_env_prefix"));
}

TEST(DirectiveNamespaces, LoopsAreReadFromLuaLinesOnly) {
  auto loops = directive_loops(
      "http {\n"
      "> for _, el in ipairs(nginx_http_directives)  do\n"
      "    $(el.name) $(el.value);\n"
      "> end\n"
      "    # for _, el in ipairs(nginx_proxy_directives) do\n"
      ">for _,el in ipairs( nginx_admin_directives ) do\n"
      "> end\n"
      "> for _, el in ipairs(nginx_http_directives) do\n"
      "> for i, x in ipairs(trusted_ips) do\n"
      "}\n");
  ASSERT_EQ(2u, loops.size());
  EXPECT_EQ("nginx_http_directives", loops[0].first);
  EXPECT_EQ(2u, loops[0].second);
  EXPECT_EQ("nginx_admin_directives", loops[1].first);
  EXPECT_EQ(6u, loops[1].second);
}

TEST(DirectiveNamespaces, EveryUpstreamLoopIsADeclaredNamespaceAtEveryTag) {
  std::string bundle = std::string(KONGTPL_SHARED_DIR) + "/kong-sources.bundle";
  if (!std::filesystem::exists(bundle)) GTEST_SKIP() << "needs ../shared/kong-sources.bundle (absent)";
  testing::TempDir dir;
  ASSERT_EQ(0, testing::run_process({"git", "clone", "--quiet", "--bare", bundle, dir / "kong.git"}).status);
  auto repository = Repository::open(dir / "kong.git");
  ASSERT_TRUE(repository) << repository.error().message;
  auto catalog = VersionCatalog::load(*repository);
  ASSERT_TRUE(catalog) << catalog.error().message;
  KongFactsReader reader(*repository, *catalog);
  auto first_injecting = Version::parse("0.14.0rc1");  // 0.14.0rc3 is the first in the bundle
  ASSERT_TRUE(first_injecting);
  size_t tags_with_loops = 0;
  for (const VersionTag& tag : catalog->ordered()) {
    SCOPED_TRACE(tag.name());
    auto facts = reader.at(ResolvedVersion{tag.name(), tag.commit_id});
    ASSERT_TRUE(facts) << facts.error().message;
    if ((*facts)->templates.empty()) continue;  // before Kong had template modules
    // Kong's odd tags 0.29, 0.30 and 0.33 sort after 0.15.0 but hold the
    // sources of 0.11.1, 0.12.1 and 0.13.1 (their kong/meta.lua says so).
    if (std::count(tag.name().begin(), tag.name().end(), '.') < 2) continue;
    ASSERT_TRUE((*facts)->namespaces.has_value()) << "no conf_loader";
    const auto& namespaces = *(*facts)->namespaces;
    EXPECT_EQ(!(tag.version < *first_injecting), !namespaces.empty());
    std::set<std::string> declared;
    for (const DirectiveNamespace& ns : namespaces) {
      declared.insert(ns.injected);
      declared.insert(ns.aliases.begin(), ns.aliases.end());
      EXPECT_EQ(0u, ns.prefix.rfind("nginx_", 0)) << ns.prefix;
      EXPECT_EQ('_', ns.prefix.back()) << ns.prefix;
    }
    bool looped = false;
    for (const auto& [name, text] : (*facts)->templates) {
      for (const auto& [list, line] : directive_loops(text)) {
        looped = true;
        EXPECT_TRUE(declared.count(list)) << name << ":" << line << " loops over " << list;
      }
    }
    tags_with_loops += looped;
  }
  EXPECT_GT(tags_with_loops, 100u);
}

}  // namespace
}  // namespace kongtpl
