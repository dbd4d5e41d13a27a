// Layout detection on the customised fixtures, against the fixture
// history's templates at 1.2.0 (the version they were made from).
#include <gtest/gtest.h>

#include "lua/template_body.hpp"
#include "merge/layout_detect.hpp"
#include "upgrade_fixture_support.hpp"

namespace kongtpl {
namespace {

struct DetectCase {
  std::string file;
  LayoutKind kind;
  std::string template_path;
  bool inlines_kong;
  bool inlines_stream;
  bool module_wrapped;
  std::string description;
};

class LayoutFixture : public ::testing::TestWithParam<DetectCase> {};

TEST_P(LayoutFixture, IsDetectedExactly) {
  const DetectCase& c = GetParam();
  Result<TemplateBody> body = read_template_body(testing::custom_fixture(c.file), c.file);
  ASSERT_TRUE(body.ok()) << body.error().message;
  EXPECT_EQ(body->is_module, c.module_wrapped);
  Result<Layout> layout = detect_layout(body->text, testing::fixture_upstream("1.2.0"));
  ASSERT_TRUE(layout.ok()) << layout.error().message;
  EXPECT_EQ(layout->kind, c.kind);
  EXPECT_EQ(layout->template_path, c.template_path);
  EXPECT_EQ(layout->inlines_kong, c.inlines_kong);
  EXPECT_EQ(layout->inlines_stream, c.inlines_stream);
  Layout reported = *layout;
  reported.module_wrapped = body->is_module;
  EXPECT_EQ(reported.description(c.file), c.description);
}

const std::string kCompositeLine = ": composite of nginx.lua with nginx_kong.lua and nginx_kong_stream.lua inlined";

INSTANTIATE_TEST_SUITE_P(
    Custom, LayoutFixture,
    ::testing::Values(
        DetectCase{"composite-4space.template", LayoutKind::Composite, "kong/templates/nginx.lua", true, true, false,
                   "composite-4space.template" + kCompositeLine},
        DetectCase{"composite-2space.template", LayoutKind::Composite, "kong/templates/nginx.lua", true, true, false,
                   "composite-2space.template" + kCompositeLine},
        DetectCase{"composite-tabs.template", LayoutKind::Composite, "kong/templates/nginx.lua", true, true, false,
                   "composite-tabs.template" + kCompositeLine},
        DetectCase{"nginx_kong.lua", LayoutKind::SingleTemplate, "kong/templates/nginx_kong.lua", false, false, true,
                   "nginx_kong.lua: customised copy of kong/templates/nginx_kong.lua (Lua module)"},
        DetectCase{"stream-bare.template", LayoutKind::SingleTemplate, "kong/templates/nginx_kong_stream.lua", false,
                   false, false,
                   "stream-bare.template: customised copy of kong/templates/nginx_kong_stream.lua (bare body)"},
        DetectCase{"nginx-with-includes.template", LayoutKind::NginxWithIncludes, "kong/templates/nginx.lua", false,
                   false, false,
                   "nginx-with-includes.template: nginx.lua with its include lines kept (bare body): only "
                   "nginx.lua's changes are merged; nginx_kong.lua and nginx_kong_stream.lua changes reach nginx "
                   "through the includes"}),
    [](const auto& info) {
      std::string name;
      for (char ch : info.param.file) name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
      return name;
    });

TEST(LayoutFixture, TheCompositeIsStillRecognisedAgainstALaterVersion) {
  // Someone who names the wrong FROM still gets the right layout.
  Result<Layout> layout =
      detect_layout(testing::custom_fixture("composite-2space.template"), testing::fixture_upstream("2.10.0"));
  ASSERT_TRUE(layout.ok()) << layout.error().message;
  EXPECT_EQ(layout->kind, LayoutKind::Composite);
  EXPECT_TRUE(layout->inlines_kong && layout->inlines_stream);
}

}  // namespace
}  // namespace kongtpl
