#include "merge/layout.hpp"

#include <gtest/gtest.h>

namespace kongtpl {
namespace {

Layout parsed(std::string_view value) {
  Result<Layout> layout = parse_layout_override(value);
  EXPECT_TRUE(layout.ok()) << layout.error().message;
  return layout.ok() ? *layout : Layout{};
}

TEST(LayoutOverride, Composite) {
  Layout layout = parsed("composite");
  EXPECT_EQ(layout.kind, LayoutKind::Composite);
  EXPECT_EQ(layout.template_path, "kong/templates/nginx.lua");
  EXPECT_TRUE(layout.inlines_kong && layout.inlines_stream);
  EXPECT_EQ(parsed("composite:kong,stream"), layout);
}

TEST(LayoutOverride, CompositeOfOneBody) {
  Layout kong = parsed("composite:kong");
  EXPECT_TRUE(kong.inlines_kong);
  EXPECT_FALSE(kong.inlines_stream);
  Layout stream = parsed("composite:stream");
  EXPECT_FALSE(stream.inlines_kong);
  EXPECT_TRUE(stream.inlines_stream);
}

TEST(LayoutOverride, NginxWithIncludes) {
  Layout layout = parsed("nginx-with-includes");
  EXPECT_EQ(layout.kind, LayoutKind::NginxWithIncludes);
  EXPECT_EQ(layout.template_path, "kong/templates/nginx.lua");
}

TEST(LayoutOverride, TemplateTakesAFileNameAPathOrABareName) {
  for (std::string_view value :
       {"template:nginx_kong.lua", "template:nginx_kong", "template:kong/templates/nginx_kong.lua"}) {
    Layout layout = parsed(value);
    EXPECT_EQ(layout.kind, LayoutKind::SingleTemplate) << value;
    EXPECT_EQ(layout.template_path, "kong/templates/nginx_kong.lua") << value;
  }
}

TEST(LayoutOverride, RejectsUnknownValuesAndPathsOutsideTheTemplates) {
  for (std::string_view value : {"", "composit", "composite:", "composite:http", "template:",
                                 "template:../../etc/passwd", "template:a/b.lua"}) {
    Result<Layout> layout = parse_layout_override(value);
    EXPECT_FALSE(layout.ok()) << value;
    if (!layout.ok()) {
      EXPECT_NE(layout.error().message.find("template:NAME"), std::string::npos);
    }
  }
}

TEST(LayoutOverride, OverrideValueRoundTrips) {
  for (std::string_view value :
       {"composite", "composite:kong", "composite:stream", "nginx-with-includes", "template:nginx_kong_stream.lua"})
    EXPECT_EQ(parsed(value).override_value(), value);
}

TEST(LayoutDescription, NamesTheLayoutInOneLine) {
  EXPECT_EQ(parsed("composite").description("custom_nginx.template"),
            "custom_nginx.template: composite of nginx.lua with nginx_kong.lua and nginx_kong_stream.lua inlined");
  Layout kong = parsed("template:nginx_kong.lua");
  kong.module_wrapped = true;
  EXPECT_EQ(kong.description("my_kong.lua"), "my_kong.lua: customised copy of kong/templates/nginx_kong.lua (Lua module)");
  EXPECT_EQ(parsed("nginx-with-includes").description(),
            "nginx.lua with its include lines kept (bare body): only nginx.lua's changes are merged; "
            "nginx_kong.lua and nginx_kong_stream.lua changes reach nginx through the includes");
}

TEST(IncludeTarget, ReadsNginxIncludeLinesWhateverTheirSpacing) {
  EXPECT_EQ(include_target("    include 'nginx-kong.conf';\n"), "nginx-kong.conf");
  EXPECT_EQ(include_target("\tinclude   \"nginx-kong-stream.conf\" ;"), "nginx-kong-stream.conf");
  EXPECT_EQ(include_target("include nginx-kong.conf;\n"), "nginx-kong.conf");
  EXPECT_EQ(include_target("includes_x;\n"), "");
  EXPECT_EQ(include_target("# include 'nginx-kong.conf';\n"), "");
  EXPECT_EQ(include_target("include 'nginx-kong.conf'\n"), "");
  EXPECT_EQ(included_conf_name("kong/templates/nginx_kong_stream.lua"), "nginx-kong-stream.conf");
}

}  // namespace
}  // namespace kongtpl
