#include "merge/upgrade.hpp"

#include <gtest/gtest.h>

#include "layout_test_bodies.hpp"
#include "lua/template_body.hpp"
#include "merge/conflict.hpp"

namespace kongtpl {
namespace {

using testing::tiny_bodies;

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// Upstream at TO: one nginx.lua value changed, a line added at the top of
// the http block, one inside the server block, one at the end of stream.
UpstreamBodies tiny_bodies_at_to() {
  UpstreamBodies bodies = tiny_bodies();
  auto& nginx = bodies[std::string(kNginxTemplate)].text;
  nginx = replaced(nginx, "worker_connections 1024;", "worker_connections 16384;");
  auto& kong = bodies[std::string(kNginxKongTemplate)].text;
  kong = replaced(kong, "charset UTF-8;\n", "lua_package_path './?.lua;;';\ncharset UTF-8;\n");
  kong = replaced(kong, "    server_name kong;\n", "    server_name kong;\n    access_log off;\n");
  auto& stream = bodies[std::string(kNginxKongStreamTemplate)].text;
  stream += "tcp_nopush on;\n";
  return bodies;
}

UpgradeOptions labelled() {
  UpgradeOptions options;
  options.from_label = "2.0.0";
  options.to_label = "2.7.0";
  return options;
}

// A custom_nginx.template indented with `indent` per level: guards dropped,
// error_log changed, a directive and a server block added, server_tokens removed.
std::string composite_file(const std::string& indent) {
  const std::string i1 = indent, i2 = indent + indent;
  return "pid pids/nginx.pid;\n"
         "error_log logs/error.log debug;\n"
         "worker_rlimit_nofile 65536;\n"
         "events {\n" +
         i1 + "worker_connections 1024;\n}\nhttp {\n" +
         i1 + "charset UTF-8;\n" +
         i1 + "lua_shared_dict kong_reports 1m;\n" +
         i1 + "server {\n" +
         i2 + "server_name kong;\n" +
         i2 + "listen 8000;\n" +
         i1 + "}\n" +
         i1 + "server {\n" +
         i2 + "server_name metrics;\n" +
         i2 + "listen 9100;\n" +
         i1 + "}\n}\nstream {\n" +
         i1 + "lua_shared_dict stream_kong 5m;\n" +
         i1 + "lua_socket_log_errors off;\n" +
         i1 + "tcp_nodelay on;\n}\n";
}

// The same file with upstream's 2.7.0 changes, indented like the file.
std::string composite_merged(const std::string& indent) {
  std::string text = composite_file(indent);
  const std::string i1 = indent, i2 = indent + indent;
  text = replaced(text, "worker_connections 1024;", "worker_connections 16384;");
  text = replaced(text, "http {\n", "http {\n" + i1 + "lua_package_path './?.lua;;';\n");
  text = replaced(text, "server_name kong;\n", "server_name kong;\n" + i2 + "access_log off;\n");
  text = replaced(text, "tcp_nodelay on;\n", "tcp_nodelay on;\n" + i1 + "tcp_nopush on;\n");
  return text;
}

class UpgradeCompositeIndent : public ::testing::TestWithParam<std::string> {};

TEST_P(UpgradeCompositeIndent, UpstreamLinesLandWithTheFilesIndentation) {
  const std::string indent = GetParam();
  Result<UpgradeResult> result =
      upgrade_file(composite_file(indent), "custom_nginx.template", tiny_bodies(), tiny_bodies_at_to(), labelled());
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->layout.kind, LayoutKind::Composite);
  EXPECT_TRUE(result->layout.inlines_kong && result->layout.inlines_stream);
  EXPECT_FALSE(result->layout.module_wrapped);
  EXPECT_EQ(result->text, composite_merged(indent));
  EXPECT_TRUE(result->conflicts.empty());
  EXPECT_TRUE(result->pending);
  EXPECT_EQ(result->changes_applied, 4u);
}

INSTANTIATE_TEST_SUITE_P(Indents, UpgradeCompositeIndent, ::testing::Values("  ", "    ", "\t"),
                         [](const auto& info) { return info.param == "\t" ? std::string("tab")
                                                                          : std::to_string(info.param.size()) + "spaces"; });

TEST(UpgradeApply, AFileThatAlreadyHasUpstreamsChangesHasNothingPending) {
  Result<UpgradeResult> result = upgrade_file(composite_merged("  "), "custom_nginx.template", tiny_bodies(),
                                              tiny_bodies_at_to(), labelled());
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->text, composite_merged("  "));
  EXPECT_FALSE(result->pending);
  EXPECT_EQ(result->changes_applied, 0u);
}

TEST(UpgradeApply, NginxWithIncludesTakesOnlyNginxLuasChanges) {
  std::string file = std::string("user kong;\n") + testing::kTinyNginx;
  Result<UpgradeResult> result =
      upgrade_file(file, "nginx.template", tiny_bodies(), tiny_bodies_at_to(), labelled());
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->layout.kind, LayoutKind::NginxWithIncludes);
  EXPECT_EQ(result->text, replaced(file, "worker_connections 1024;", "worker_connections 16384;"));
  EXPECT_EQ(result->layout.description("nginx.template").find("nginx.template: nginx.lua with its include lines kept"),
            0u);
}

TEST(UpgradeApply, LayoutOverrideIsUsedAsGiven) {
  // Detection would call this an nginx_kong.lua copy; the override says it
  // is the stream template, so nginx_kong.lua's changes must not appear.
  UpgradeOptions options = labelled();
  options.layout = *parse_layout_override("template:nginx_kong_stream.lua");
  Result<UpgradeResult> result = upgrade_file(testing::kTinyStream, "stream.conf", tiny_bodies(),
                                              tiny_bodies_at_to(), options);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->layout.template_path, kNginxKongStreamTemplate);
  EXPECT_EQ(result->text, std::string(testing::kTinyStream) + "tcp_nopush on;\n");
}

TEST(UpgradeApply, ATemplateMissingAtToIsAnErrorNamingTheVersion) {
  UpstreamBodies at_to = tiny_bodies_at_to();
  at_to.erase(std::string(kNginxKongStreamTemplate));
  Result<UpgradeResult> result =
      upgrade_file(composite_file("  "), "custom_nginx.template", tiny_bodies(), at_to, labelled());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message.find("at 2.7.0: kong/templates/nginx_kong_stream.lua"), 0u)
      << result.error().message;
}

TEST(UpgradeApply, TheLoaderIsAskedForBothVersions) {
  std::vector<std::string> asked;
  UpstreamLoader load = [&](const std::string& version) -> Result<UpstreamBodies> {
    asked.push_back(version);
    return version == "2.0.0" ? tiny_bodies() : tiny_bodies_at_to();
  };
  Result<UpgradeResult> result = upgrade_file(composite_file("  "), "custom_nginx.template", load, labelled());
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(asked, (std::vector<std::string>{"2.0.0", "2.7.0"}));
  EXPECT_EQ(result->text, composite_merged("  "));
}

// Bodies as read from "return [[\n...": body line i sits on file line i + 2.
UpstreamBodies as_modules(UpstreamBodies bodies) {
  for (auto& [path, body] : bodies) {
    body.file_line.clear();
    for (size_t i = 0, n = std::count(body.text.begin(), body.text.end(), '\n'); i < n; ++i)
      body.file_line.push_back(static_cast<uint32_t>(i + 2));
  }
  return bodies;
}

TEST(UpgradeModule, AConflictInALuaModuleIsReportedInFileAndUpstreamLines) {
  const std::string module =
      "-- my Kong http block\n"
      "return [[\n"
      "charset UTF-8;\n"
      "server_tokens off;\n"
      "> if anonymous_reports then\n"
      "lua_shared_dict kong_reports 1m;\n"
      "> end\n"
      "\n"
      "server {\n"
      "    server_name kong;\n"
      "    listen 8443 ssl;\n"
      "}\n"
      "]]\n";
  UpstreamBodies at_to = tiny_bodies();
  auto& kong = at_to[std::string(kNginxKongTemplate)].text;
  kong = replaced(kong, "charset UTF-8;\n", "charset UTF-8;\n# keep ]] out of names\n");
  kong = replaced(kong, "listen 8000;", "listen 8000 reuseport;");

  Result<UpgradeResult> result =
      upgrade_file(module, "my_kong.lua", as_modules(tiny_bodies()), as_modules(at_to), labelled());
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->layout.kind, LayoutKind::SingleTemplate);
  EXPECT_EQ(result->layout.template_path, kNginxKongTemplate);
  EXPECT_TRUE(result->layout.module_wrapped);
  // The body now holds "]]", so the module needs [=[ ... ]=]; the rest of
  // the module is untouched.
  EXPECT_EQ(result->text,
            "-- my Kong http block\n"
            "return [=[\n"
            "charset UTF-8;\n"
            "# keep ]] out of names\n"
            "server_tokens off;\n"
            "> if anonymous_reports then\n"
            "lua_shared_dict kong_reports 1m;\n"
            "> end\n"
            "\n"
            "server {\n"
            "    server_name kong;\n"
            "<<<<<<< my_kong.lua\n"
            "    listen 8443 ssl;\n"
            "=======\n"
            "    listen 8000 reuseport;\n"
            ">>>>>>> 2.7.0\n"
            "}\n"
            "]=]\n");
  Result<TemplateBody> reread = read_template_body(result->text, "my_kong.lua");
  ASSERT_TRUE(reread.ok()) << reread.error().message;
  EXPECT_NE(reread->text.find("# keep ]] out of names\n"), std::string::npos);

  ASSERT_EQ(result->conflicts.size(), 1u);
  const ReportedConflict& conflict = result->conflicts[0];
  EXPECT_EQ(conflict.first_line, 12u);  // "<<<<<<<" follows "    server_name kong;" on line 11
  EXPECT_EQ(conflict.line_count, 5u);
  EXPECT_EQ(conflict.ours_first_line, 11u);
  EXPECT_EQ(conflict.ours_line_count, 1u);
  const std::string kong_path(kNginxKongTemplate);
  EXPECT_EQ(conflict.at_from, (std::vector<UpstreamRange>{{kong_path, 10, 1}}));
  EXPECT_EQ(conflict.at_to, (std::vector<UpstreamRange>{{kong_path, 11, 1}}));
  EXPECT_EQ(conflict.summary("2.0.0", "2.7.0"),
            "lines 12-16: " + conflict_reason(1, 1, 1) +
                " (from kong/templates/nginx_kong.lua line 10 at 2.0.0 and line 11 at 2.7.0)");
  EXPECT_TRUE(result->pending);
}

TEST(UpgradeModule, ConflictsInACompositeNameTheInlinedTemplate) {
  std::string file = replaced(composite_file("  "), "listen 8000;", "listen 8443 ssl;");
  UpstreamBodies at_to = tiny_bodies();
  auto& kong = at_to[std::string(kNginxKongTemplate)].text;
  kong = replaced(kong, "listen 8000;", "listen 8000 reuseport;");
  Result<UpgradeResult> result =
      upgrade_file(file, "custom_nginx.template", tiny_bodies(), at_to, labelled());
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_EQ(result->conflicts.size(), 1u);
  const ReportedConflict& conflict = result->conflicts[0];
  EXPECT_EQ(conflict.first_line, 12u);  // "  server_name kong;" is line 11
  EXPECT_EQ(conflict.ours_first_line, 12u);
  const std::string kong_path(kNginxKongTemplate);
  EXPECT_EQ(conflict.at_from, (std::vector<UpstreamRange>{{kong_path, 9, 1}}));
  EXPECT_EQ(conflict.at_to, (std::vector<UpstreamRange>{{kong_path, 9, 1}}));
}

TEST(UpgradeModule, AModuleThatBuildsItsBodyFromPiecesIsRefused) {
  const std::string module = "local head = [[\ncharset UTF-8;\n]]\nreturn head .. [[\nserver_tokens off;\n]]\n";
  Result<UpgradeResult> result = upgrade_file(module, "pieces.lua", tiny_bodies(), tiny_bodies_at_to(), labelled());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message.find("pieces.lua: the module's template body is not one [[...]] string"), 0u)
      << result.error().message;
}

}  // namespace
}  // namespace kongtpl
