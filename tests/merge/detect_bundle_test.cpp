// detect_version on Kong's real templates (a clone of the shared bundle).
#include <gtest/gtest.h>

#include "core/history.hpp"
#include "merge/detect.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::run_process;

TEST(DetectVersionKong, CustomisedNginxKongAt2_3_0) {
  std::string clone = testing::shared_bare_clone();
  if (clone.empty()) GTEST_SKIP() << "no " << KONGTPL_SHARED_DIR << "/kong-templates.bundle: Kong detect test skipped";
  auto show = run_process({"git", "--git-dir", clone, "show", "2.3.0:kong/templates/nginx_kong.lua"});
  ASSERT_EQ(0, show.status) << show.err;
  std::string file = show.out;
  size_t after = file.find('\n', file.find("lua_package_path")) + 1;
  file.insert(after, "lua_shared_dict site_cache 10m;\nmore_set_headers 'X-Site: edge';\n# site tuning\n");

  auto repo = Repository::open(clone).value();
  auto catalog = VersionCatalog::load(repo).value();
  BlobCache blobs(repo, {kHistoryTemplateGlob});
  auto r = detect_version(file, "nginx_kong.lua", catalog, blobs);
  ASSERT_TRUE(r.ok()) << r.error().message;

  // The expected winner: the oldest final whose nginx_kong.lua is 2.3.0's blob.
  auto blob_at = [&](const std::string& v) {
    auto p = run_process({"git", "--git-dir", clone, "rev-parse", v + ":kong/templates/nginx_kong.lua"});
    return p.status == 0 ? p.out : std::string();
  };
  std::string target = blob_at("2.3.0");
  std::string oldest;
  for (const VersionTag& tag : catalog.finals())
    if (oldest.empty() && blob_at(tag.name()) == target) oldest = tag.name();
  ASSERT_FALSE(oldest.empty());
  EXPECT_EQ(oldest, r->best().version);
  EXPECT_EQ(3u, r->best().distance);
  EXPECT_EQ(3u, r->best().added);
  EXPECT_EQ("kong/templates/nginx_kong.lua", r->layout.template_path);
  EXPECT_GT(r->versions_compared, 100u);
  // Every later release with the same blob is folded into the winner.
  for (const std::string& v : r->best().same_text) EXPECT_EQ(target, blob_at(v)) << v;
}

}  // namespace
}  // namespace kongtpl
