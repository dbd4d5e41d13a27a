// Layout detection and composition on Kong's real templates, at every tag of
// the shared bundle: an unedited copy of each layout must be recognised.
#include <gtest/gtest.h>

#include "merge/layout_compose.hpp"
#include "merge/layout_detect.hpp"
#include "merge/upgrade.hpp"
#include "kong_bundle_bodies.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::run_process;

std::vector<std::string> lines_of(const std::string& text) { return testing::nonempty_lines(text); }

UpstreamBodies bodies_at(const std::string& repo, const std::string& tag) { return testing::kong_bodies_at(repo, tag); }

TEST(LayoutKong, UneditedCopiesOfEveryLayoutAreRecognisedAtEveryTag) {
  const std::string repo = testing::shared_bare_clone();
  if (repo.empty()) GTEST_SKIP() << "no kong-templates.bundle in " << KONGTPL_SHARED_DIR;
  size_t tags_checked = 0;
  for (const std::string& tag : lines_of(run_process({"git", "-C", repo, "tag"}).out)) {
    UpstreamBodies bodies = bodies_at(repo, tag);
    if (!bodies.contains(kNginxTemplate) || !bodies.contains(kNginxKongTemplate)) continue;
    ++tags_checked;
    const bool has_stream = bodies.contains(kNginxKongStreamTemplate) &&
                            bodies.at(std::string(kNginxTemplate)).text.find("nginx-kong-stream.conf") !=
                                std::string::npos;

    Result<Layout> composite_layout = parse_layout_override(has_stream ? "composite" : "composite:kong");
    ASSERT_TRUE(composite_layout.ok());
    Result<ComposedText> composite = compose(*composite_layout, bodies);
    ASSERT_TRUE(composite.ok()) << tag << ": " << composite.error().message;
    Result<Layout> detected = detect_layout(composite->text, bodies);
    ASSERT_TRUE(detected.ok()) << tag << ": " << detected.error().message;
    EXPECT_EQ(detected->description(), composite_layout->description()) << tag;

    for (const auto& [path, body] : bodies) {
      Result<Layout> single = detect_layout(body.text, bodies);
      ASSERT_TRUE(single.ok()) << tag << " " << path << ": " << single.error().message;
      if (path == kNginxTemplate) {
        EXPECT_EQ(single->kind, LayoutKind::NginxWithIncludes) << tag;
      } else if (path == kNginxKongTemplate || path == kNginxKongStreamTemplate) {
        EXPECT_EQ(single->kind, LayoutKind::SingleTemplate) << tag << " " << path;
        EXPECT_EQ(single->template_path, path) << tag;
      }
    }
  }
  EXPECT_GT(tags_checked, 100u);
}

}  // namespace
}  // namespace kongtpl
