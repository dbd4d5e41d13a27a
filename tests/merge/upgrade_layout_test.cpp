// upgrade_file and the file's layout: an uncertain layout is an error that
// names the candidates; a given layout that leaves out a template the file
// holds is reported, never silently merged as if complete.
#include <gtest/gtest.h>

#include "layout_test_bodies.hpp"
#include "merge/upgrade.hpp"

namespace kongtpl {
namespace {

using testing::tiny_bodies;

// nginx.lua, nginx_kong.lua and nginx_kong_stream.lua in one file, with the
// user's own pid line.
const std::string kComposite =
    "pid /run/kong.pid;\n"
    "events {}\n"
    "http {\n"
    "    charset UTF-8;\n"
    "    server_tokens off;\n"
    "    lua_shared_dict kong_reports 1m;\n"
    "    server {\n"
    "        server_name kong;\n"
    "        listen 8000;\n"
    "    }\n"
    "}\n"
    "stream {\n"
    "    lua_shared_dict stream_kong 5m;\n"
    "    lua_socket_log_errors off;\n"
    "    tcp_nodelay on;\n"
    "}\n";

TEST(UpgradeLayout, DetectedCompositeLeavesNothingOut) {
  Result<UpgradeResult> r = upgrade_file(kComposite, "custom.template", tiny_bodies(), tiny_bodies(), {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ("composite", r->layout.override_value());
  EXPECT_TRUE(r->templates_left_out.empty());
}

TEST(UpgradeLayout, AGivenLayoutThatLeavesTemplatesOutSaysWhich) {
  UpgradeOptions options;
  options.layout = parse_layout_override("template:nginx_kong.lua").value();
  Result<UpgradeResult> r = upgrade_file(kComposite, "custom.template", tiny_bodies(), tiny_bodies(), options);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((std::vector<std::string>{std::string(kNginxTemplate), std::string(kNginxKongStreamTemplate)}),
            r->templates_left_out);
}

TEST(UpgradeLayout, UncertainLayoutIsAnErrorNamingTheCandidates) {
  // nginx.lua with two of nginx_kong.lua's lines and an empty server where
  // its include line was: composite:kong cut down, or nginx.lua with lines
  // of the user's own?
  std::string file = testing::kTinyNginx;
  const std::string include = "    include 'nginx-kong.conf';\n";
  file.replace(file.find(include), include.size(), "    charset UTF-8;\n    server_tokens off;\n    server {\n    }\n");
  Result<UpgradeResult> r = upgrade_file(file, "custom.template", tiny_bodies(), tiny_bodies(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(0u, r.error().message.find("custom.template: cannot tell this file's layout")) << r.error().message;
  EXPECT_NE(std::string::npos, r.error().message.find("(--layout composite:kong)"));
  EXPECT_NE(std::string::npos, r.error().message.find("(--layout nginx-with-includes)"));
}

}  // namespace
}  // namespace kongtpl
