// Layout and version detection on files shaped like the customised
// templates operators keep, built from Kong's real templates (the shared
// bundle): composites at 0.x, 1.x, 2.x, 3.x whose nginx.lua lines the user
// rewrote, re-indented with tabs or two spaces, include-style files with
// servers of the user's own, module copies, and rendered copies.
#include <gtest/gtest.h>

#include <functional>
#include <regex>

#include "core/history.hpp"
#include "kong_bundle_bodies.hpp"
#include "merge/detect.hpp"
#include "merge/layout_compose.hpp"
#include "merge/layout_detect.hpp"
#include "merge/reindent.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

// One version per series the issue names; 0.9.0 and 0.14.1 predate the stream template.
const char* const kVersions[] = {"0.9.0", "0.14.1", "0.15.0", "1.5.0", "2.0.0", "2.8.0", "3.0.0", "3.4.0"};

std::string replace_lines(const std::string& text, const std::function<std::string(const std::string&)>& edit) {
  std::string out;
  for (const std::string& line : testing::nonempty_lines(text)) {
    std::string edited = edit(line);
    if (!edited.empty()) out += edited + "\n";
  }
  return out;
}

// The nginx.lua lines operators rewrite: pid with a comment, an empty events
// block, their own error_log; worker_processes dropped.
std::string customise_nginx_lines(const std::string& composite) {
  bool in_events = false;
  return replace_lines(composite, [&](const std::string& line) -> std::string {
    if (in_events) {
      if (line == "}") in_events = false;
      return {};
    }
    if (line.starts_with("pid ")) return "pid /run/kong/nginx.pid; # managed by systemd";
    if (line.starts_with("error_log ")) return "error_log /var/log/kong/error.log warn;";
    if (line.starts_with("worker_processes ")) return {};
    if (line == "events {") {
      in_events = true;
      return "events {}";
    }
    return line;
  });
}

// A server of the user's own after the first line that opens http {}.
std::string add_user_server(const std::string& text, const std::string& after = "http {") {
  size_t at = text.find(after);
  EXPECT_NE(std::string::npos, at) << after;
  at = text.find('\n', at) + 1;
  return std::string(text).insert(at,
                                  "    server {\n"
                                  "        server_name metrics;\n"
                                  "        listen 9100;\n"
                                  "        location /nginx_status {\n"
                                  "            stub_status;\n"
                                  "        }\n"
                                  "    }\n");
}

// What `kong prepare` writes: placeholders filled, template lines gone.
std::string rendered(const std::string& text) {
  std::string out = replace_lines(text, [](const std::string& line) -> std::string {
    size_t first = line.find_first_not_of(" \t");
    if (first != std::string::npos && line[first] == '>') return {};
    return line;
  });
  out = std::regex_replace(out, std::regex(R"(\$\{\{[A-Z_0-9]+\}\})"), "on");
  return std::regex_replace(out, std::regex(R"(\$\([^()]*\))"), "value");
}

struct Case {
  std::string name;     // e.g. "2.8.0 composite, tabs"
  std::string version;  // the release it was made from
  std::string text;     // the customised body
  std::string layout;   // the --layout value it must be read as
  bool rendered = false;
};

std::vector<Case> wild_cases(const std::string& repo) {
  std::vector<Case> cases;
  for (const char* version : kVersions) {
    UpstreamBodies bodies = testing::kong_bodies_at(repo, version);
    const bool stream = bodies.contains(kNginxKongStreamTemplate);
    const std::string composite_layout = stream ? "composite" : "composite:kong";
    std::string composite = compose(*parse_layout_override(composite_layout), bodies)->text;
    std::string custom = add_user_server(customise_nginx_lines(composite));
    const std::string v = version;
    cases.push_back({v + " composite, nginx lines customised", v, custom, composite_layout});
    cases.push_back({v + " composite, tabs", v, reindent(custom, "\t"), composite_layout});
    cases.push_back({v + " composite, two spaces", v, reindent(custom, "  "), composite_layout});
    cases.push_back({v + " composite, rendered", v, rendered(custom), composite_layout, true});
    std::string nginx = customise_nginx_lines(bodies.at(std::string(kNginxTemplate)).text);
    cases.push_back({v + " include-style with own server", v, add_user_server(nginx, "include 'nginx-kong.conf';"),
                     "nginx-with-includes"});
    std::string kong = bodies.at(std::string(kNginxKongTemplate)).text;
    cases.push_back({v + " nginx_kong.lua copy with own server", v, add_user_server(kong, "server {"),
                     "template:nginx_kong.lua"});
    if (stream) {
      std::string own = "tcp_nodelay on;\nlua_shared_dict site_stream 1m;\n" +
                        bodies.at(std::string(kNginxKongStreamTemplate)).text;
      cases.push_back({v + " nginx_kong_stream.lua copy", v, own, "template:nginx_kong_stream.lua"});
    }
  }
  return cases;
}

TEST(LayoutWild, EveryCustomisedShapeIsReadInItsLayoutAtItsVersion) {
  const std::string repo = testing::shared_bare_clone();
  if (repo.empty()) GTEST_SKIP() << "no kong-templates.bundle in " << KONGTPL_SHARED_DIR << ": wild layout test skipped";
  size_t right = 0, total = 0;
  for (const Case& c : wild_cases(repo)) {
    ++total;
    Result<Layout> layout = detect_layout(c.text, testing::kong_bodies_at(repo, c.version));
    ASSERT_TRUE(layout.ok()) << c.name << ": " << layout.error().message;
    EXPECT_EQ(c.layout, layout->override_value()) << c.name;
    right += c.layout == layout->override_value();
  }
  std::printf("layout at the file's own version: %zu of %zu right\n", right, total);
}

TEST(LayoutWild, DetectFindsTheRangeAndLayoutOfEveryCase) {
  const std::string repo = testing::shared_bare_clone();
  if (repo.empty()) GTEST_SKIP() << "no kong-templates.bundle in " << KONGTPL_SHARED_DIR << ": wild detect test skipped";
  auto repository = Repository::open(repo).value();
  auto catalog = VersionCatalog::load(repository).value();
  BlobCache blobs(repository, {kHistoryTemplateGlob});
  size_t in_range = 0, layout_right = 0, total = 0;
  for (const Case& c : wild_cases(repo)) {
    ++total;
    auto r = detect_version(c.text, c.name, catalog, blobs);
    ASSERT_TRUE(r.ok()) << c.name << ": " << r.error().message;
    EXPECT_EQ(c.layout, r->layout.override_value()) << c.name;
    EXPECT_FALSE(r->layout_uncertain()) << c.name;
    layout_right += c.layout == r->layout.override_value();
    std::vector<std::string> range = r->best().versions();
    const bool found = std::find(range.begin(), range.end(), c.version) != range.end();
    in_range += found;
    // A rendered copy has lost what tells close releases apart; the rest must
    // name a range holding the release they were made from.
    if (!c.rendered) {
      EXPECT_TRUE(found) << c.name << ": detected " << r->best().range();
    }
  }
  std::printf("detect: layout right %zu of %zu, release in the best range %zu of %zu\n", layout_right, total,
              in_range, total);
}

}  // namespace
}  // namespace kongtpl
