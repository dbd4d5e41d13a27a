#include "merge/layout_detect.hpp"

#include <gtest/gtest.h>

#include "layout_test_bodies.hpp"

namespace kongtpl {
namespace {

using testing::tiny_bodies;

Layout detected(std::string_view file) {
  Result<Layout> layout = detect_layout(file, tiny_bodies());
  EXPECT_TRUE(layout.ok()) << layout.error().message;
  return layout.ok() ? *layout : Layout{};
}

// A custom_nginx.template at two-space indentation, guards dropped, with a
// server block and a directive of the user's own and one line removed.
const char* kTwoSpaceComposite =
    "pid pids/nginx.pid;\n"
    "error_log logs/error.log debug;\n"
    "worker_rlimit_nofile 65536;\n"
    "events {\n"
    "  worker_connections 1024;\n"
    "}\n"
    "http {\n"
    "  charset UTF-8;\n"
    "  lua_shared_dict kong_reports 1m;\n"
    "  server {\n"
    "    server_name kong;\n"
    "    listen 8000;\n"
    "  }\n"
    "  server {\n"
    "    server_name metrics;\n"
    "    listen 9100;\n"
    "  }\n"
    "}\n"
    "stream {\n"
    "  lua_shared_dict stream_kong 5m;\n"
    "  lua_socket_log_errors off;\n"
    "  tcp_nodelay on;\n"
    "}\n";

TEST(LayoutDetect, CompositeWithBothBodiesInlined) {
  Layout layout = detected(kTwoSpaceComposite);
  EXPECT_EQ(layout.kind, LayoutKind::Composite);
  EXPECT_EQ(layout.template_path, kNginxTemplate);
  EXPECT_TRUE(layout.inlines_kong);
  EXPECT_TRUE(layout.inlines_stream);
  EXPECT_FALSE(layout.module_wrapped);
}

TEST(LayoutDetect, CompositeKeepingTheStreamInclude) {
  std::string file = kTwoSpaceComposite;
  size_t stream = file.find("stream {\n");
  file = file.substr(0, stream) + "stream {\n  include 'nginx-kong-stream.conf';\n}\n";
  Layout layout = detected(file);
  EXPECT_EQ(layout.kind, LayoutKind::Composite);
  EXPECT_TRUE(layout.inlines_kong);
  EXPECT_FALSE(layout.inlines_stream);
  EXPECT_EQ(layout.description("custom_nginx.template"),
            "custom_nginx.template: composite of nginx.lua with nginx_kong.lua inlined "
            "(nginx-kong-stream.conf still included)");
}

TEST(LayoutDetect, NginxCopyKeepingItsIncludeLines) {
  std::string file = testing::kTinyNginx;
  file.insert(0, "user nobody;\n");  // a customisation of the user's
  Layout layout = detected(file);
  EXPECT_EQ(layout.kind, LayoutKind::NginxWithIncludes);
  EXPECT_EQ(layout.template_path, kNginxTemplate);
  EXPECT_FALSE(layout.inlines_kong);
  EXPECT_FALSE(layout.inlines_stream);
}

TEST(LayoutDetect, CustomisedNginxKongCopy) {
  Layout layout = detected(
      "charset UTF-8;\n"
      "server_tokens on;\n"
      "> if anonymous_reports then\n"
      "lua_shared_dict kong_reports 1m;\n"
      "> end\n"
      "client_max_body_size 10m;\n"
      "server {\n"
      "    server_name kong;\n"
      "    listen 8443 ssl;\n"
      "}\n");
  EXPECT_EQ(layout.kind, LayoutKind::SingleTemplate);
  EXPECT_EQ(layout.template_path, kNginxKongTemplate);
}

TEST(LayoutDetect, StreamCopyIsNotTakenForTheLargerTemplates) {
  Layout layout = detected("lua_shared_dict stream_kong 10m;\nlua_socket_log_errors off;\ntcp_nodelay on;\n");
  EXPECT_EQ(layout.kind, LayoutKind::SingleTemplate);
  EXPECT_EQ(layout.template_path, kNginxKongStreamTemplate);
}

TEST(LayoutDetect, WhitespaceDoesNotMatter) {
  Layout layout = detected(
      "\tcharset    UTF-8;\n\tserver_tokens off;\n\tlua_shared_dict   kong_reports 1m;\n"
      "\tserver {\n\t\tserver_name kong;\n\t\tlisten 8000;\n\t}\n");
  EXPECT_EQ(layout.template_path, kNginxKongTemplate);
}

TEST(LayoutDetect, AFileLikeNoTemplateIsAnErrorThatSuggestsLayout) {
  Result<Layout> layout = detect_layout("upstream backend {\n  server 10.0.0.1:8080;\n}\n", tiny_bodies());
  ASSERT_FALSE(layout.ok());
  EXPECT_NE(layout.error().message.find("--layout"), std::string::npos);
}


// Kong 0.x/1.x composites whose few nginx.lua lines the user rewrote: no
// nginx.lua line is left as upstream has it, but its top-level directives
// say what the file is.
TEST(LayoutDetect, CompositeWhoseNginxLinesAreAllCustomised) {
  Layout layout = detected(
      "pid /run/kong/nginx.pid; # systemd\n"
      "error_log /var/log/kong/error.log warn;\n"
      "events {}\n"
      "http {\n"
      "  charset UTF-8;\n"
      "  server_tokens off;\n"
      "  lua_shared_dict kong_reports 1m;\n"
      "  server {\n"
      "    server_name kong;\n"
      "    listen 8000;\n"
      "  }\n"
      "}\n"
      "stream {\n"
      "  lua_shared_dict stream_kong 5m;\n"
      "  lua_socket_log_errors off;\n"
      "  tcp_nodelay on;\n"
      "}\n");
  EXPECT_EQ(layout.override_value(), "composite");
}

TEST(LayoutDetect, IncludeLineWithTheUsersOwnServers) {
  Layout layout = detected(
      "pid /run/kong.pid;\n"
      "events {}\n"
      "http {\n"
      "    include 'nginx-kong.conf';\n"
      "    server {\n"
      "        server_name metrics;\n"
      "        listen 9100;\n"
      "        location / { stub_status; }\n"
      "    }\n"
      "}\n");
  EXPECT_EQ(layout.kind, LayoutKind::NginxWithIncludes);
}

// nginx.lua with its include line replaced by lines in between "none of
// nginx_kong.lua" and "all of it".
std::string nginx_with_http_lines(const std::string& lines) {
  std::string file = testing::kTinyNginx;
  const std::string include = "    include 'nginx-kong.conf';\n";
  return file.replace(file.find(include), include.size(), lines);
}

// A few of nginx_kong.lua's own lines and no include line for it: inlined
// and cut down, or nginx.lua (keeping its stream include) with lines of the
// user's own? Upstream composed either
// way is about as far (5 and 6 lines): kongtpl must not guess.
TEST(LayoutDetect, UncertainLayoutNamesTheCandidatesAndLayoutOption) {
  const std::string file = nginx_with_http_lines("    charset UTF-8;\n    server_tokens off;\n    server {\n    }\n");
  Result<LayoutJudgement> judged = judge_layout(file, tiny_bodies());
  ASSERT_TRUE(judged.ok()) << judged.error().message;
  ASSERT_EQ(2u, judged->candidates.size());
  EXPECT_EQ("composite:kong", judged->candidates[0].override_value());
  EXPECT_EQ("nginx-with-includes", judged->candidates[1].override_value());
  EXPECT_FALSE(settle_by_distance(*judged, file, tiny_bodies()).certain());
  Result<Layout> layout = detect_layout(file, tiny_bodies());
  ASSERT_FALSE(layout.ok());
  EXPECT_EQ(
      "cannot tell this file's layout: it may be composite of nginx.lua with nginx_kong.lua inlined "
      "(nginx-kong-stream.conf still included) (--layout composite:kong) or nginx.lua with its include lines "
      "kept (bare body): only nginx.lua's changes are merged; nginx_kong.lua and nginx_kong_stream.lua changes "
      "reach nginx through the includes (--layout nginx-with-includes); pass the right one with --layout",
      layout.error().message);
}

TEST(LayoutDetect, DistanceSettlesWhatTheSignsLeaveOpen) {
  // Three of nginx_kong.lua's seven own lines, but its other lines too:
  // composite:kong is 4 lines away, nginx-with-includes 7.
  const std::string file =
      nginx_with_http_lines("    charset UTF-8;\n> if anonymous_reports then\n> end\n\n    server {\n    }\n");
  Result<LayoutJudgement> judged = judge_layout(file, tiny_bodies());
  ASSERT_TRUE(judged.ok());
  EXPECT_FALSE(judged->certain());
  LayoutJudgement settled = settle_by_distance(*judged, file, tiny_bodies());
  ASSERT_TRUE(settled.certain());
  EXPECT_TRUE(settled.by_distance);
  EXPECT_EQ("composite:kong", settled.candidates[0].override_value());
}

TEST(LayoutDetect, TemplatesLeftOutByALayout) {
  const Layout kong_only = *parse_layout_override("template:nginx_kong.lua");
  EXPECT_EQ((std::vector<std::string>{std::string(kNginxTemplate), std::string(kNginxKongStreamTemplate)}),
            templates_left_out(kTwoSpaceComposite, kong_only, tiny_bodies()));
  EXPECT_EQ(std::vector<std::string>{std::string(kNginxKongStreamTemplate)},
            templates_left_out(kTwoSpaceComposite, *parse_layout_override("composite:kong"), tiny_bodies()));
  EXPECT_TRUE(templates_left_out(kTwoSpaceComposite, *parse_layout_override("composite"), tiny_bodies()).empty());
  // An include line stands in for its template.
  EXPECT_TRUE(
      templates_left_out(testing::kTinyNginx, *parse_layout_override("nginx-with-includes"), tiny_bodies()).empty());
}

}  // namespace
}  // namespace kongtpl
