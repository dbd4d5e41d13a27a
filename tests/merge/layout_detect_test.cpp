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

}  // namespace
}  // namespace kongtpl
