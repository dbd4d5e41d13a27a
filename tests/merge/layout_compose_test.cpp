#include "merge/layout_compose.hpp"

#include <gtest/gtest.h>

#include "layout_test_bodies.hpp"

namespace kongtpl {
namespace {

using testing::tiny_bodies;

Layout composite(bool kong, bool stream) {
  Layout layout;
  layout.kind = LayoutKind::Composite;
  layout.template_path = std::string(kNginxTemplate);
  layout.inlines_kong = kong;
  layout.inlines_stream = stream;
  return layout;
}

TEST(LayoutCompose, CompositeInlinesBodiesAtTheIncludeLinesIndentation) {
  Result<ComposedText> composed = compose(composite(true, true), tiny_bodies());
  ASSERT_TRUE(composed.ok()) << composed.error().message;
  EXPECT_EQ(composed->text,
            "pid pids/nginx.pid;\n"
            "error_log logs/error.log notice;\n"
            "\n"
            "events {\n"
            "    worker_connections 1024;\n"
            "}\n"
            "\n"
            "> if #proxy_listeners > 0 then\n"
            "http {\n"
            "    charset UTF-8;\n"
            "    server_tokens off;\n"
            "> if anonymous_reports then\n"  // Lua lines stay in column 0
            "    lua_shared_dict kong_reports 1m;\n"
            "> end\n"
            "\n"  // blank lines get no trailing spaces
            "    server {\n"
            "        server_name kong;\n"
            "        listen 8000;\n"
            "    }\n"
            "}\n"
            "> end\n"
            "\n"
            "> if #stream_listeners > 0 then\n"
            "stream {\n"
            "    lua_shared_dict stream_kong 5m;\n"
            "    lua_socket_log_errors off;\n"
            "    tcp_nodelay on;\n"
            "}\n"
            "> end\n");
}

TEST(LayoutCompose, OriginsNameTheTemplateAndLineOfEveryComposedLine) {
  Result<ComposedText> composed = compose(composite(true, true), tiny_bodies());
  ASSERT_TRUE(composed.ok());
  ASSERT_EQ(composed->origins.size(), 29u);
  const std::string nginx(kNginxTemplate), kong(kNginxKongTemplate), stream(kNginxKongStreamTemplate);
  EXPECT_EQ(composed->origins[0], (Origin{nginx, 1}));
  EXPECT_EQ(composed->origins[8], (Origin{nginx, 9}));   // "http {"
  EXPECT_EQ(composed->origins[9], (Origin{kong, 1}));    // "charset UTF-8;"
  EXPECT_EQ(composed->origins[18], (Origin{kong, 10}));  // the server block's "}"
  EXPECT_EQ(composed->origins[19], (Origin{nginx, 11}));  // http's "}"
  EXPECT_EQ(composed->origins[24], (Origin{stream, 1}));
  EXPECT_EQ(composed->origins[28], (Origin{nginx, 18}));
}

TEST(LayoutCompose, OriginsFollowTheLuaFileLinesWhenKnown) {
  UpstreamBodies bodies = tiny_bodies();
  // As read from "return [[\n...": body line i is file line i + 2.
  for (uint32_t i = 0; i < 10; ++i) bodies[std::string(kNginxKongTemplate)].file_line.push_back(i + 2);
  Result<ComposedText> composed = compose(composite(true, false), bodies);
  ASSERT_TRUE(composed.ok());
  EXPECT_EQ(composed->origins[9], (Origin{std::string(kNginxKongTemplate), 2}));
}

TEST(LayoutCompose, CompositeOfOneBodyKeepsTheOtherIncludeLine) {
  Result<ComposedText> composed = compose(composite(false, true), tiny_bodies());
  ASSERT_TRUE(composed.ok());
  EXPECT_NE(composed->text.find("http {\n    include 'nginx-kong.conf';\n}\n"), std::string::npos);
  EXPECT_NE(composed->text.find("stream {\n    lua_shared_dict stream_kong 5m;\n"), std::string::npos);
}

TEST(LayoutCompose, IndentationFollowsTabsAndDeeperIncludeLines) {
  UpstreamBodies bodies = tiny_bodies();
  bodies[std::string(kNginxTemplate)] = "http {\n\tserver_tokens on;\n  \tinclude \"nginx-kong.conf\";\n}\n";
  bodies[std::string(kNginxKongTemplate)] = "a b;\n\nserver {\n    listen 1;\n}\n";
  Result<ComposedText> composed = compose(composite(true, false), bodies);
  ASSERT_TRUE(composed.ok());
  EXPECT_EQ(composed->text, "http {\n\tserver_tokens on;\n  \ta b;\n\n  \tserver {\n  \t    listen 1;\n  \t}\n}\n");
}

TEST(LayoutCompose, SingleTemplateAndNginxWithIncludesAreTheBodyAsIs) {
  Layout single;
  single.kind = LayoutKind::SingleTemplate;
  single.template_path = std::string(kNginxKongTemplate);
  Result<ComposedText> kong = compose(single, tiny_bodies());
  ASSERT_TRUE(kong.ok());
  EXPECT_EQ(kong->text, testing::kTinyKong);
  EXPECT_EQ(kong->origins.back(), (Origin{std::string(kNginxKongTemplate), 10}));

  Layout with_includes;
  with_includes.kind = LayoutKind::NginxWithIncludes;
  with_includes.template_path = std::string(kNginxTemplate);
  Result<ComposedText> nginx = compose(with_includes, tiny_bodies());
  ASSERT_TRUE(nginx.ok());
  EXPECT_EQ(nginx->text, testing::kTinyNginx);
}

TEST(LayoutCompose, AMissingTemplateIsAnErrorNamingIt) {
  UpstreamBodies bodies = tiny_bodies();
  bodies.erase(std::string(kNginxKongStreamTemplate));
  Result<ComposedText> composed = compose(composite(true, true), bodies);
  ASSERT_FALSE(composed.ok());
  EXPECT_NE(composed.error().message.find("kong/templates/nginx_kong_stream.lua"), std::string::npos);
}

TEST(LayoutCompose, AnInlinedBodyWithoutFinalNewlineStillEndsItsLine) {
  UpstreamBodies bodies = tiny_bodies();
  bodies[std::string(kNginxKongTemplate)] = "a b;";
  bodies[std::string(kNginxTemplate)] = "http {\n  include 'nginx-kong.conf';\n}";
  Result<ComposedText> composed = compose(composite(true, false), bodies);
  ASSERT_TRUE(composed.ok());
  EXPECT_EQ(composed->text, "http {\n  a b;\n}");
  EXPECT_EQ(composed->origins.size(), 3u);
}

}  // namespace
}  // namespace kongtpl
