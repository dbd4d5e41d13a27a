// Layouts end to end on the fixture repository: detect's version ranges,
// apply refusing to guess an uncertain layout or to drop a template the
// file holds, compose, and diff --against.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "e2e/apply_support.hpp"

namespace kongtpl::e2e {
namespace {

using testing::read_file;
using testing::write_file;

std::string body(const std::string& version, const std::string& name) {
  auto r = run_kongtpl({"--repo", kRepo, "show", version, name, "--body"});
  EXPECT_EQ(0, r.status) << r.err;
  return r.out;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(std::string::npos, at) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

// nginx.lua (the same in 1.2.0 .. 2.9.0) keeping its includes, with a
// server of the user's own and a customised pid line.
std::string include_style() {
  std::string text = replaced(body("2.0.0", "nginx.lua"), "pid pids/nginx.pid;", "pid /run/kong.pid; # systemd");
  return replaced(text, "    include 'nginx-kong.conf';\n",
                  "    include 'nginx-kong.conf';\n    server {\n        listen 9100;\n        location / {\n"
                  "            stub_status;\n        }\n    }\n");
}

// nginx.lua at 2.0.0 whose kong include line gave way to the first `lines`
// lines of nginx_kong.lua (145 in all): composite:kong cut short, or nginx.lua
// with its stream include and lines of the user's? Near half, both are
// about as far: 72 at 2.0.0, 64 at 1.2.0 (the closest release, for detect).
std::string undecidable(int lines = 72) {
  std::string kong;
  std::string all = body("2.0.0", "nginx_kong.lua");
  size_t pos = 0;
  for (int i = 0; i < lines; ++i) {
    size_t end = all.find('\n', pos) + 1;
    std::string line = all.substr(pos, end - pos);
    kong += (line == "\n" ? "" : "    ") + line;
    pos = end;
  }
  return replaced(body("2.0.0", "nginx.lua"), "    include 'nginx-kong.conf';\n", kong);
}

TEST(LayoutCommands, DetectReportsTheRangeOfReleasesWithTheSameTemplates) {
  TempDir dir;
  write_file(dir / "custom.template", include_style());
  auto r = run_kongtpl({"--repo", kRepo, "detect", dir / "custom.template"});
  ASSERT_EQ(0, r.status) << r.err;
  // Seven lines of the user's, one changed: 1.2.0 .. 2.9.0 share nginx.lua.
  EXPECT_NE(std::string::npos,
            r.out.find("   1         8         7        1  1.2.0 .. 2.9.0 (4 releases, same templates)\n"))
      << r.out;
  // 2.10.0 changed one line of nginx.lua: too little to call the range clear.
  EXPECT_NE(std::string::npos, r.out.find("\nconsistent with 1.2.0 .. 2.9.0: ambiguous, confidence low (runner-up "
                                          "2.10.0 is 2 lines further)\n"
                                          "doubt: 2.10.0 (other templates) fits nearly as well: 2 lines further\n"))
      << r.out;

  auto j = run_kongtpl({"--repo", kRepo, "detect", "--format", "json", dir / "custom.template"});
  ASSERT_EQ(0, j.status) << j.err;
  auto report = nlohmann::json::parse(j.out);
  EXPECT_EQ("1.2.0", report["range"]["first"]);
  EXPECT_EQ("2.9.0", report["range"]["last"]);
  EXPECT_EQ((std::vector<std::string>{"1.2.0", "1.2.1", "2.0.0", "2.9.0"}), report["range"]["versions"]);
  EXPECT_EQ("nginx-with-includes", report["layout"]["override"]);
  EXPECT_EQ(true, report["layout"]["certain"]);
  EXPECT_EQ("low", report["confidence"]);
  EXPECT_EQ(std::vector<std::string>{"2.10.0 (other templates) fits nearly as well: 2 lines further"},
            report["doubts"]);
}

TEST(LayoutCommands, ApplyFromDetectMergesFromTheRangeAndSaysSo) {
  TempDir dir;
  write_file(dir / "custom.template", include_style());
  auto r = apply("detect", "2.10.0", {dir / "custom.template"});
  ASSERT_EQ(0, r.status) << r.err;
  EXPECT_NE(std::string::npos,
            r.err.find("--from detect: " + (dir / "custom.template") +
                       " matches 1.2.0 .. 2.9.0 (4 releases with the same templates) in layout nginx-with-includes, "
                       "distance 8, confidence low; merging from 2.9.0"))
      << r.err;
  EXPECT_NE(std::string::npos,
            r.err.find("kongtpl: warning: weak evidence: 2.10.0 (other templates) fits nearly as well: 2 lines further\n"))
      << r.err;
  EXPECT_NE(std::string::npos, r.out.find("${{NGINX_EVENTS_WORKER_CONNECTIONS}}")) << r.out;
  EXPECT_NE(std::string::npos, r.out.find("pid /run/kong.pid; # systemd")) << r.out;
}

TEST(LayoutCommands, UncertainLayoutStopsApplyWithTwoAndNamesTheCandidates) {
  TempDir dir;
  write_file(dir / "custom.template", undecidable());
  auto r = apply("2.0.0", "2.10.0", {"--write", dir / "custom.template"});
  EXPECT_EQ(2, r.status) << r.err;
  ASSERT_EQ(1, std::count(r.err.begin(), r.err.end(), '\n')) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("cannot tell this file's layout")) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("(--layout nginx-with-includes)")) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("(--layout composite:kong)")) << r.err;
  EXPECT_EQ(undecidable(), read_file(dir / "custom.template"));
  EXPECT_FALSE(std::filesystem::exists(dir / "custom.template.merged"));

  // Saying which it is settles it.
  EXPECT_NE(2, apply("2.0.0", "2.10.0", {"--layout", "composite:kong", dir / "custom.template"}).status);

  write_file(dir / "custom.template", undecidable(64));
  auto from_detect = apply("detect", "2.10.0", {dir / "custom.template"});
  EXPECT_EQ(2, from_detect.status) << from_detect.err;
  EXPECT_EQ(1, std::count(from_detect.err.begin(), from_detect.err.end(), '\n')) << from_detect.err;
  EXPECT_NE(std::string::npos, from_detect.err.find("(--layout composite:kong)")) << from_detect.err;
  auto detect = run_kongtpl({"--repo", kRepo, "detect", dir / "custom.template"});
  EXPECT_EQ(0, detect.status);
  EXPECT_NE(std::string::npos, detect.out.find("\nlayout uncertain: it may also be composite:kong (choose with --layout)\n"))
      << detect.out;
}

TEST(LayoutCommands, ApplyNeverSucceedsAfterLeavingOutATemplateTheFileHolds) {
  TempDir dir;
  auto composite = run_kongtpl({"--repo", kRepo, "compose", "2.0.0", "--layout", "composite"});
  ASSERT_EQ(0, composite.status) << composite.err;
  write_file(dir / "custom.template", composite.out);
  auto r = apply("2.0.0", "2.10.0", {"--layout", "template:nginx_kong.lua", dir / "custom.template"});
  EXPECT_EQ(1, r.status) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("holds nginx_kong_stream.lua too, but layout template:nginx_kong.lua "
                                          "leaves it out: its upstream changes were not merged"))
      << r.err;
  EXPECT_NE(std::string::npos, r.err.find("holds nginx.lua too")) << r.err;
  // Detected, the same file merges all three templates cleanly.
  EXPECT_EQ(0, apply("2.0.0", "2.10.0", {dir / "custom.template"}).status);
}

TEST(LayoutCommands, ComposePrintsUpstreamInALayout) {
  auto composite = run_kongtpl({"--repo", kRepo, "compose", "2.0.0", "--layout", "composite"});
  ASSERT_EQ(0, composite.status) << composite.err;
  EXPECT_EQ(std::string::npos, composite.out.find("include 'nginx-kong")) << composite.out;
  const std::string stream = body("2.0.0", "nginx_kong_stream.lua");
  const std::string first_stream_line = stream.substr(0, stream.find('\n') + 1);
  EXPECT_NE(std::string::npos, composite.out.find("\n    " + first_stream_line)) << composite.out;

  auto tabs = run_kongtpl({"--repo", kRepo, "compose", "2.0.0", "--layout", "composite", "--indent", "tab"});
  ASSERT_EQ(0, tabs.status) << tabs.err;
  EXPECT_NE(std::string::npos, tabs.out.find("\n\t" + first_stream_line)) << tabs.out;
  EXPECT_EQ(std::string::npos, tabs.out.find("\n    ")) << "no 4-space indentation left";

  auto kong = run_kongtpl({"--repo", kRepo, "compose", "2.0.0", "--layout", "template:nginx_kong.lua"});
  EXPECT_EQ(body("2.0.0", "nginx_kong.lua"), kong.out);
  auto includes = run_kongtpl({"--repo", kRepo, "compose", "2.0.0", "--layout", "nginx-with-includes"});
  EXPECT_EQ(body("2.0.0", "nginx.lua"), includes.out);
}

TEST(LayoutCommands, ComposeBadInputExitsWithTwo) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"compose", "2.0.0"}, {"compose", "2.0.0", "--layout", "sideways"},
        {"compose", "2.0.0", "--layout", "composite", "--indent", "0"}, {"compose", "7.7.7", "--layout", "composite"},
        // 1.0.0 has no stream template to inline.
        {"compose", "1.0.0", "--layout", "composite"}}) {
    std::vector<std::string> full{"--repo", kRepo};
    full.insert(full.end(), args.begin(), args.end());
    auto r = run_kongtpl(full);
    EXPECT_EQ(2, r.status) << args.back();
    EXPECT_EQ(1, std::count(r.err.begin(), r.err.end(), '\n')) << r.err;
    EXPECT_TRUE(r.out.empty());
  }
}

TEST(LayoutCommands, DiffAgainstShowsOnlyTheUsersCustomisations) {
  TempDir dir;
  auto composite = run_kongtpl({"--repo", kRepo, "compose", "2.0.0", "--layout", "composite", "--indent", "2"});
  ASSERT_EQ(0, composite.status);
  write_file(dir / "same.template", composite.out);
  auto same = run_kongtpl({"--repo", kRepo, "diff", "--against", dir / "same.template", "2.0.0"});
  EXPECT_EQ(0, same.status) << same.err;  // re-indented by two spaces: no difference under -w
  EXPECT_EQ("", same.out);

  write_file(dir / "custom.template",
             replaced(composite.out, "pid pids/nginx.pid;\n", "pid pids/nginx.pid;\nworker_rlimit_core 100m;\n"));
  auto r = run_kongtpl({"--repo", kRepo, "diff", "--against", dir / "custom.template", "2.0.0"});
  EXPECT_EQ(1, r.status) << r.err;
  const std::string file = (dir / "custom.template");
  EXPECT_NE(std::string::npos, r.out.find("--- a/2.0.0/" + file.substr(1) + "\n+++ b/" + file.substr(1) + "\n"))
      << r.out;
  EXPECT_NE(std::string::npos, r.out.find("\n pid pids/nginx.pid;\n+worker_rlimit_core 100m;\n")) << r.out;
  size_t changed = 0;
  for (size_t at = r.out.find("\n+"); at != std::string::npos; at = r.out.find("\n+", at + 1)) ++changed;
  EXPECT_EQ(2u, changed) << r.out;  // the "+++" header and the one line

  // Against 2.10.0 upstream's own changes show as well.
  auto later = run_kongtpl({"--repo", kRepo, "diff", "--against", dir / "custom.template", "2.10.0", "--stat"});
  EXPECT_EQ(1, later.status);
  EXPECT_NE(std::string::npos, later.out.find("1 file changed")) << later.out;

  auto missing_to = run_kongtpl({"--repo", kRepo, "diff", "2.0.0"});
  EXPECT_EQ(2, missing_to.status);
  auto both = run_kongtpl({"--repo", kRepo, "diff", "--against", dir / "custom.template", "2.0.0", "2.9.0"});
  EXPECT_EQ(2, both.status);
  auto undecided = dir / "undecided.template";
  write_file(undecided, undecidable());
  auto uncertain = run_kongtpl({"--repo", kRepo, "diff", "--against", undecided, "2.0.0"});
  EXPECT_EQ(2, uncertain.status);
  EXPECT_NE(std::string::npos, uncertain.err.find("--layout")) << uncertain.err;
}

}  // namespace
}  // namespace kongtpl::e2e
