// detect_version on files customised from the fixture repository's
// templates at a known version: that version must rank first.
#include <gtest/gtest.h>

#include "core/history.hpp"
#include "git/temp_repo.hpp"
#include "merge/detect.hpp"
#include "merge/layout_compose.hpp"
#include "merge/upgrade.hpp"

namespace kongtpl {
namespace {

using testing::git_in;

const std::string kFixture = KONGTPL_FIXTURE_REPO;

std::string at(const std::string& version, const std::string& path) {
  return git_in(kFixture, {"show", version + ":" + path}) + "\n";
}

// Inserts lines after the line_number-th line of text.
std::string insert_after(const std::string& text, size_t line_number, const std::string& lines) {
  size_t pos = 0;
  for (size_t i = 0; i < line_number; ++i) pos = text.find('\n', pos) + 1;
  return text.substr(0, pos) + lines + text.substr(pos);
}

struct Fixture {
  Repository repo = Repository::open(kFixture).value();
  VersionCatalog catalog = VersionCatalog::load(repo).value();
  BlobCache blobs{repo, {kHistoryTemplateGlob}};
  Result<DetectResult> detect(const std::string& bytes, const DetectOptions& options = {},
                              const std::string& name = "custom.lua") {
    return detect_version(bytes, name, catalog, blobs, options);
  }
};

std::vector<std::string> ranked(const DetectResult& r) {
  std::vector<std::string> out;
  for (const auto& c : r.candidates) out.push_back(c.version);
  return out;
}

TEST(DetectVersion, CustomisedNginxKongRanksItsVersionFirst) {
  Fixture f;
  std::string file = insert_after(at("1.1.0", "kong/templates/nginx_kong.lua"), 3,
                                  "lua_shared_dict my_cache 10m;\nmore_set_headers 'X-Site: a';\n");
  auto r = f.detect(file);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(LayoutKind::SingleTemplate, r->layout.kind);
  EXPECT_EQ("kong/templates/nginx_kong.lua", r->layout.template_path);
  EXPECT_TRUE(r->layout.module_wrapped);
  EXPECT_EQ("1.1.0", r->best().version);
  EXPECT_EQ(2u, r->best().distance);
  EXPECT_EQ(2u, r->best().added);
  EXPECT_EQ(0u, r->best().removed);
  EXPECT_TRUE(r->best().same_text.empty());
  // 1.0.0 lacks 1.1.0's 4 added lines and has its 1 old line: 2 + 4 + 1.
  const DetectCandidate* v100 = nullptr;
  for (const auto& c : r->candidates)
    if (c.version == "1.0.0") v100 = &c;
  ASSERT_NE(nullptr, v100);
  EXPECT_EQ(7u, v100->distance);
  // 1.2.0 changed only 2 lines of nginx_kong.lua: too close to call clear;
  // 1.2.1 only realigned it, so it is 1.2.0's candidate.
  EXPECT_EQ((std::vector<std::string>{"1.1.0", "1.2.0", "1.0.0", "2.0.0", "2.9.0", "2.10.0"}), ranked(*r));
  EXPECT_EQ((std::vector<std::string>{"1.2.1"}), r->candidates[1].same_text);
  EXPECT_EQ(DetectConfidence::Low, r->confidence);
  EXPECT_EQ(4u, r->candidates[1].distance);
  EXPECT_EQ(2u, r->margin().value());
  EXPECT_EQ(DetectVerdict::Ambiguous, r->verdict);
  EXPECT_EQ(7u, r->versions_compared);  // the finals 1.0.0 .. 2.10.0
  EXPECT_EQ(0u, r->versions_skipped);
}

TEST(DetectVersion, WhitespaceOnlyReleaseJoinsTheRange) {
  Fixture f;
  // 1.2.1 only realigns nginx_kong.lua: under -w it is the same base as
  // 1.2.0, so both are one range, oldest first.
  std::string file = insert_after(at("1.2.1", "kong/templates/nginx_kong.lua"), 2, "# site tweak\n");
  auto r = f.detect(file).value();
  EXPECT_EQ("1.2.0", r.best().version);
  EXPECT_EQ((std::vector<std::string>{"1.2.1"}), r.best().same_text);
  EXPECT_EQ("1.2.0 .. 1.2.1", r.best().range());
  EXPECT_EQ(1u, r.best().distance);
  // 1.1.0 differs from 1.2.0 in two lines of nginx_kong.lua: too close.
  EXPECT_EQ("1.1.0", r.candidates[1].range());
  EXPECT_EQ(DetectVerdict::Ambiguous, r.verdict);
  EXPECT_EQ(DetectConfidence::Low, r.confidence);
  EXPECT_EQ((std::vector<std::string>{"1.1.0 (other templates) fits nearly as well: 2 lines further"}), r.doubts);
}

TEST(DetectVersion, ReleasesSharingATemplateShareOneCandidate) {
  Fixture f;
  // nginx.lua is the same blob in 1.0.0 and 1.1.0, then in 1.2.0 .. 2.9.0.
  auto r = f.detect(at("1.2.0", "kong/templates/nginx.lua")).value();
  EXPECT_EQ(LayoutKind::NginxWithIncludes, r.layout.kind);
  EXPECT_EQ("1.2.0", r.best().version);
  EXPECT_EQ(0u, r.best().distance);
  EXPECT_EQ((std::vector<std::string>{"1.2.1", "2.0.0", "2.9.0"}), r.best().same_text);
  EXPECT_EQ((std::vector<std::string>{"1.2.0", "2.10.0", "1.0.0"}), ranked(r));
  EXPECT_EQ((std::vector<std::string>{"1.1.0"}), r.candidates[2].same_text);
}

TEST(DetectVersion, CompositeFileIsComparedInItsLayout) {
  Fixture f;
  std::map<std::string, std::string> files;
  for (const char* path : {"kong/templates/nginx.lua", "kong/templates/nginx_kong.lua",
                           "kong/templates/nginx_kong_stream.lua"})
    files[path] = at("2.0.0", path);
  UpstreamBodies bodies = read_upstream_bodies(files).value();
  Layout composite;
  composite.kind = LayoutKind::Composite;
  composite.template_path = std::string(kNginxTemplate);
  composite.inlines_kong = composite.inlines_stream = true;
  std::string file = compose(composite, bodies).value().text;
  file = insert_after(file, 4, "worker_rlimit_nofile 65536;\n");

  auto r = f.detect(file, {}, "custom_nginx.template").value();
  EXPECT_EQ(LayoutKind::Composite, r.layout.kind);
  EXPECT_TRUE(r.layout.inlines_kong);
  EXPECT_TRUE(r.layout.inlines_stream);
  EXPECT_FALSE(r.layout.module_wrapped);
  EXPECT_EQ("2.0.0", r.best().version);
  EXPECT_EQ(1u, r.best().distance);
  EXPECT_GE(r.margin().value(), 3u);
  EXPECT_EQ(DetectVerdict::Clear, r.verdict);
  // Releases before the stream template existed are read as composite:kong
  // (their nginx.lua has no stream include): all seven compared.
  EXPECT_EQ(0u, r.versions_skipped);
  EXPECT_EQ(7u, r.versions_compared);
  EXPECT_FALSE(r.layout_uncertain());
  EXPECT_EQ(DetectConfidence::High, r.confidence);
}

TEST(DetectVersion, GivenLayoutIsUsedAsIs) {
  Fixture f;
  DetectOptions options;
  options.layout = parse_layout_override("template:nginx_kong_stream.lua").value();
  auto r = f.detect(at("2.9.0", "kong/templates/nginx_kong_stream.lua"), options).value();
  EXPECT_EQ("kong/templates/nginx_kong_stream.lua", r.layout.template_path);
  EXPECT_EQ("2.9.0", r.best().version);
  EXPECT_EQ(0u, r.best().distance);
  EXPECT_EQ(2u, r.versions_skipped);  // 1.0.0 and 1.1.0 have no stream template
}

TEST(DetectVersion, PreReleasesOnlyWithAll) {
  Fixture f;
  std::string file = at("1.2.0rc1", "kong/templates/nginx_kong_stream.lua");
  auto finals = f.detect(file).value();
  EXPECT_NE("1.2.0rc1", finals.best().version);
  DetectOptions all;
  all.include_prereleases = true;
  auto with_rc = f.detect(file, all).value();
  EXPECT_EQ("1.2.0rc1", with_rc.best().version);
  EXPECT_EQ(0u, with_rc.best().distance);
}

TEST(DetectVersion, UnrelatedFileIsAnError) {
  Fixture f;
  auto r = f.detect("listen 80;\nlocation / { return 204; }\n", {}, "site.template");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string::npos, r.error().message.find("site.template: cannot tell which Kong template"))
      << r.error().message;
}

}  // namespace
}  // namespace kongtpl
