// Rendered copies: files made from Kong's rendered configuration rather
// than from the template (merge/rendered_copy, and apply through
// merge/upgrade).
#include "merge/rendered_copy.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "merge/layout.hpp"
#include "merge/upgrade.hpp"

namespace kongtpl {
namespace {

// nginx_kong.lua's shape at FROM: placeholders, a branch, a loop.
const char* const kTemplateFrom =
    "charset UTF-8;\n"
    "error_log ${{PROXY_ERROR_LOG}} ${{LOG_LEVEL}};\n"
    "lua_shared_dict kong_db_cache ${{MEM_CACHE_SIZE}};\n"
    "lua_shared_dict kong_locks 8m;\n"
    "> if database == \"off\" then\n"
    "lua_shared_dict kong_db_cache_2 ${{MEM_CACHE_SIZE}};\n"
    "> end\n"
    "> if ssl_ciphers then\n"
    "ssl_ciphers ${{SSL_CIPHERS}};\n"
    "> end\n"
    "server {\n"
    "    server_name kong;\n"
    "> for _, entry in ipairs(proxy_listeners) do\n"
    "    listen $(entry.listener);\n"
    "> end\n"
    "    access_log ${{PROXY_ACCESS_LOG}};\n"
    "    error_log ${{PROXY_ERROR_LOG}} ${{LOG_LEVEL}};\n"
    "    client_max_body_size ${{CLIENT_MAX_BODY_SIZE}};\n"
    "}\n";

// What Kong rendered from it (database "off", no ssl_ciphers, two
// listeners), then edited by the operator: kong_locks raised.
const char* const kRendered =
    "charset UTF-8;\n"
    "error_log logs/error.log notice;\n"
    "lua_shared_dict kong_db_cache 128m;\n"
    "lua_shared_dict kong_locks 16m;\n"
    "lua_shared_dict kong_db_cache_2 128m;\n"
    "server {\n"
    "    server_name kong;\n"
    "    listen 0.0.0.0:8000;\n"
    "    listen 0.0.0.0:8443 ssl;\n"
    "    access_log logs/access.log;\n"
    "    error_log logs/error.log notice;\n"
    "    client_max_body_size 0;\n"
    "}\n";

TEST(RenderedCopy, ValuesAreReadFromTheLinesThatMatchBase) {
  auto values = read_rendered_values(kRendered, kTemplateFrom);
  ASSERT_TRUE(values.has_value());
  std::map<std::string, std::string> want{{"${{PROXY_ERROR_LOG}}", "logs/error.log"},
                                          {"${{LOG_LEVEL}}", "notice"},
                                          {"${{MEM_CACHE_SIZE}}", "128m"},
                                          {"${{PROXY_ACCESS_LOG}}", "logs/access.log"},
                                          {"${{CLIENT_MAX_BODY_SIZE}}", "0"}};
  EXPECT_EQ(want, values->values);  // $(entry.listener) varies: not read
  EXPECT_EQ(8u, values->placeholder_lines);
  EXPECT_EQ(7u, values->lines_found);  // ssl_ciphers was not rendered; a listen line was
}

TEST(RenderedCopy, ATemplateIsNotARenderedCopyHoweverEdited) {
  std::string edited = std::string(kRendered) + "lua_shared_dict mine ${{MEM_CACHE_SIZE}};\n";
  EXPECT_FALSE(read_rendered_values(edited, kTemplateFrom).has_value());
  std::string control = std::string(kRendered) + "> if x then\n> end\n";
  EXPECT_FALSE(read_rendered_values(control, kTemplateFrom).has_value());
  EXPECT_FALSE(read_rendered_values(kTemplateFrom, kTemplateFrom).has_value());
}

TEST(RenderedCopy, AFileThatSharesLittleWithBaseIsNotARenderedCopy) {
  EXPECT_FALSE(read_rendered_values("worker_processes 4;\nevents {\n}\n", kTemplateFrom).has_value());
}

TEST(RenderedCopy, TheTemplateIsRenderedAsTheFileShows) {
  auto values = read_rendered_values(kRendered, kTemplateFrom);
  ASSERT_TRUE(values.has_value());
  RenderedBranches branches = read_rendered_branches(kRendered, kTemplateFrom, *values);
  std::vector<size_t> kept;
  std::string rendered = render_like_file(kTemplateFrom, *values, branches, kept);
  EXPECT_EQ(
      "charset UTF-8;\n"
      "error_log logs/error.log notice;\n"
      "lua_shared_dict kong_db_cache 128m;\n"
      "lua_shared_dict kong_locks 8m;\n"
      "lua_shared_dict kong_db_cache_2 128m;\n"  // the branch the file took, without its `>` lines
      "server {\n"                               // ssl_ciphers: not taken, left out
      "    server_name kong;\n"
      "> for _, entry in ipairs(proxy_listeners) do\n"  // a loop that ran stays a loop
      "    listen $(entry.listener);\n"
      "> end\n"
      "    access_log logs/access.log;\n"
      "    error_log logs/error.log notice;\n"
      "    client_max_body_size 0;\n"
      "}\n",
      rendered);
  std::vector<size_t> want{0, 1, 2, 3, 5, 10, 11, 12, 13, 14, 15, 16, 17, 18};
  EXPECT_EQ(want, kept);
}

TEST(RenderedCopy, ABranchOnlyUpstreamHasStaysTemplateUnlessTheFileShowsIt) {
  const std::string theirs = std::string(kTemplateFrom) +
                             "> if cluster_mtls == \"pki\" then\n"
                             "ssl_verify_client on;\n"
                             "> end\n"
                             "> if reworded_condition then\n"
                             "    server_name kong;\n"
                             "> end\n";
  auto values = read_rendered_values(kRendered, kTemplateFrom);
  ASSERT_TRUE(values.has_value());
  RenderedBranches at_base = read_rendered_branches(kRendered, kTemplateFrom, *values);
  RenderedBranches at_theirs = branches_for_theirs(at_base, read_rendered_branches(kRendered, theirs, *values));
  std::vector<size_t> kept;
  std::string rendered = render_like_file(theirs, *values, at_theirs, kept);
  EXPECT_NE(std::string::npos, rendered.find("> if cluster_mtls == \"pki\" then\nssl_verify_client on;\n> end\n"));
  EXPECT_EQ(std::string::npos, rendered.find("reworded_condition"));
}

// A later apply (--rendered, or the next hop of --via-plan): the regions an
// earlier one left as template are in the file, `>` lines and all, and
// stay template.
TEST(RenderedCopy, RegionsAnEarlierApplyLeftAsTemplateStayTemplate) {
  const std::string region = "> if cluster_mtls == \"pki\" then\nssl_verify_client on;\n> end\n";
  const std::string file = std::string(kRendered) + region;
  const std::string theirs = std::string(kTemplateFrom) + region;
  EXPECT_FALSE(read_rendered_values(file, theirs).has_value());
  auto values = read_rendered_values(file, theirs, true);
  ASSERT_TRUE(values.has_value());
  RenderedBranches branches = read_rendered_branches(file, theirs, *values);
  std::vector<size_t> kept;
  std::string rendered = render_like_file(theirs, *values, branches, kept);
  EXPECT_NE(std::string::npos, rendered.find(region)) << rendered;
  EXPECT_NE(std::string::npos, rendered.find("lua_shared_dict kong_db_cache_2 128m;\n")) << rendered;
}

TEST(RenderedCopy, TemplateSyntaxLinesAreNamed) {
  std::vector<size_t> want{2, 3, 4};
  EXPECT_EQ(want, template_syntax_lines("a;\nb ${{X}};\n> if y then\nc $(z);\nd;\n"));
}

// apply on a rendered copy: the operator's values match, upstream's
// changes arrive with them, and what cannot be rendered is named.
TEST(RenderedCopy, ApplyMergesUpstreamIntoARenderedCopy) {
  const std::string path = "kong/templates/nginx_kong.lua";
  auto module = [](const std::string& body) { return "return [[\n" + body + "]]\n"; };
  std::string to_body = kTemplateFrom;
  to_body.replace(to_body.find("lua_shared_dict kong_locks 8m;\n"), 0,
                  "lua_shared_dict kong_secrets ${{MEM_CACHE_SIZE}};\n");
  to_body.replace(to_body.find("    client_max_body_size ${{CLIENT_MAX_BODY_SIZE}};\n"), 0,
                  "    client_body_buffer_size ${{CLIENT_BODY_BUFFER_SIZE}};\n");
  auto at_from = read_upstream_bodies({{path, module(kTemplateFrom)}});
  auto at_to = read_upstream_bodies({{path, module(to_body)}});
  ASSERT_TRUE(at_from.ok() && at_to.ok());
  UpgradeOptions options;
  options.from_label = "1.0.0";
  options.to_label = "1.1.0";
  Layout layout;
  layout.template_path = path;
  options.layout = layout;
  auto result = upgrade_file(kRendered, "nginx-kong.conf", *at_from, *at_to, options);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_TRUE(result->conflicts.empty());
  std::string want = kRendered;
  want.replace(want.find("lua_shared_dict kong_locks 16m;\n"), 0, "lua_shared_dict kong_secrets 128m;\n");
  want.replace(want.find("    client_max_body_size 0;\n"), 0,
               "    client_body_buffer_size ${{CLIENT_BODY_BUFFER_SIZE}};\n");
  EXPECT_EQ(want, result->text);
  ASSERT_TRUE(result->rendered.has_value());
  EXPECT_EQ(std::vector<uint32_t>{13}, result->rendered->template_lines);
}

}  // namespace
}  // namespace kongtpl
