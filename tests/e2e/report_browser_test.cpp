// The HTML report of real upgrades (the fixture repository, and Kong's own
// templates from the shared bundle) opened in headless Chromium: the page
// renders, its script runs without errors, it counts the conflicts the JSON
// report lists, and the keyboard moves between them. Skips when Chromium is
// absent (CI installs Debian's `chromium`).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace kongtpl {
namespace {

namespace fs = std::filesystem;
using testing::ProcessResult;
using testing::read_file;
using testing::run_kongtpl;
using testing::run_process;
using testing::TempDir;
using testing::write_file;

std::string find_chromium() {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');)
    for (const char* name : {"chromium", "chromium-browser"})
      if (fs::exists(fs::path(dir) / name)) return (fs::path(dir) / name).string();
  return {};
}

/// Headless Chromium on url with extra flags; as root in CI it needs
/// --no-sandbox, and `timeout` bounds it (killed after 60 s, 5 s later by force).
ProcessResult chromium(const std::string& binary, const TempDir& profile, std::vector<std::string> flags,
                       const std::string& url) {
  std::vector<std::string> argv{"timeout", "-k", "5", "60", binary, "--headless", "--no-sandbox", "--disable-gpu",
                                "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars",
                                "--enable-logging=stderr", "--user-data-dir=" + (profile / "profile")};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.push_back(url);
  testing::ProcessOptions options;
  options.env = {{"HOME", profile.path().string()}};
  return run_process(argv, options);
}

class ReportBrowser : public ::testing::Test {
 protected:
  void SetUp() override {
    binary = find_chromium();
    if (binary.empty())
      GTEST_SKIP() << "chromium is not installed: the browser test of the HTML report needs Debian's `chromium` "
                      "(the README's test command installs it)";
  }

  /// Opens report (an HTML file) and checks it against the JSON report's
  /// conflicts; writes a screenshot to shot.
  void check_page(const std::string& report, size_t conflicts, const std::string& shot) {
    TempDir profile;
    // "nnnp": next three times, back once; the handler stops at the last conflict.
    int expected = -1;
    for (char key : std::string("nnnp"))
      expected = std::clamp(expected + (key == 'n' ? 1 : -1), 0, static_cast<int>(conflicts) - 1);
    ProcessResult dom = chromium(binary, profile, {"--dump-dom"}, "file://" + report + "#kongtpl-keys=nnnp");
    ASSERT_EQ(0, dom.status) << dom.err;
    std::smatch html;
    ASSERT_TRUE(std::regex_search(dom.out, html, std::regex("<html[^>]*>"))) << dom.out.substr(0, 400);
    const std::string root = html.str();
    EXPECT_NE(std::string::npos, root.find("data-script=\"ready\"")) << "the report's script did not run: " << root;
    EXPECT_NE(std::string::npos, root.find("data-conflict-count=\"" + std::to_string(conflicts) + "\"")) << root;
    if (conflicts > 0) {
      EXPECT_NE(std::string::npos, root.find("data-current-conflict=\"conflict-" + std::to_string(expected + 1) + "\""))
          << root;
    }
    EXPECT_EQ(std::string::npos, dom.out.find("id=\"kongtpl-script-error\"")) << "a script error was caught";
    EXPECT_EQ(std::string::npos, dom.err.find("Uncaught")) << dom.err;
    // Rendered, the page has the conflict articles and no element the
    // template text could have made.
    size_t articles = 0;
    for (size_t at = dom.out.find("<article class=\"conflict"); at != std::string::npos;
         at = dom.out.find("<article class=\"conflict", at + 1))
      ++articles;
    EXPECT_EQ(conflicts, articles);
    EXPECT_EQ(std::string::npos, dom.out.find("<img"));

    ProcessResult png = chromium(binary, profile, {"--window-size=1280,1000", "--screenshot=" + shot},
                                 "file://" + report);
    ASSERT_EQ(0, png.status) << png.err;
    std::string bytes = read_file(shot);
    ASSERT_GT(bytes.size(), 10000u) << "an empty screenshot";
    EXPECT_EQ(std::string("\x89PNG", 4), bytes.substr(0, 4));
  }

  /// Where screenshots go: KONGTPL_SCREENSHOT_DIR (docs/ when refreshing
  /// the README's pictures), else the test's own folder.
  std::string shot_path(const TempDir& dir, const std::string& name) {
    const char* keep = std::getenv("KONGTPL_SCREENSHOT_DIR");
    return keep && *keep ? (fs::path(keep) / name).string() : dir / name;
  }

  std::string binary;
};

size_t json_conflicts(const std::string& json_report) {
  return nlohmann::json::parse(json_report)["conflicts"].size();
}

TEST_F(ReportBrowser, FixtureUpgradeRendersWithWorkingNavigation) {
  TempDir dir;
  const std::string file = std::string(KONGTPL_SOURCE_DIR) + "/fixtures/custom/stream-bare.template";
  const std::vector<std::string> base{"report", "--repo", KONGTPL_FIXTURE_REPO, "--from", "1.2.0", "--to", "2.10.0"};
  auto args = base;
  args.insert(args.end(), {"-o", dir / "upgrade.html", file});
  ASSERT_EQ(1, run_kongtpl(args).status);
  args = base;
  args.insert(args.end(), {"--format", "json", file});
  ProcessResult json = run_kongtpl(args);
  size_t conflicts = json_conflicts(json.out);
  ASSERT_GT(conflicts, 0u);
  check_page(dir / "upgrade.html", conflicts, shot_path(dir, "report-fixture.png"));
}

TEST_F(ReportBrowser, KongUpgradeWithConflictsRendersWithWorkingNavigation) {
  if (testing::shared_bundle().empty())
    GTEST_SKIP() << "no " << KONGTPL_SHARED_DIR << "/kong-templates.bundle: the real-upgrade report needs it";
  const std::string repo = testing::shared_bare_clone();
  TempDir dir;
  // A custom_nginx.template made at 2.8.0, with an edit on every 40th of
  // the directive lines 3.4.0 no longer has: each is a conflict.
  ProcessResult from = run_kongtpl({"compose", "--repo", repo, "2.8.0", "--layout", "composite"});
  ProcessResult to = run_kongtpl({"compose", "--repo", repo, "3.4.0", "--layout", "composite"});
  ASSERT_EQ(0, from.status) << from.err;
  ASSERT_EQ(0, to.status) << to.err;
  std::set<std::string> kept;
  std::istringstream to_lines(to.out);
  for (std::string line; std::getline(to_lines, line);) kept.insert(line);
  std::istringstream from_lines(from.out);
  std::string custom;
  int candidates = 0;
  for (std::string line; std::getline(from_lines, line);) {
    if (!kept.count(line) && line.ends_with(";") && line.find('>') == std::string::npos && candidates++ % 40 == 0)
      line += "  # ours";
    custom += line + "\n";
  }
  write_file(dir / "custom_nginx.template", custom);
  const std::vector<std::string> base{"report", "--repo", repo, "--from", "2.8.0", "--to", "3.4.0",
                                      dir / "custom_nginx.template"};
  auto args = base;
  args.insert(args.end(), {"-o", dir / "upgrade.html"});
  ProcessResult html = run_kongtpl(args);
  ASSERT_EQ(1, html.status) << html.err;
  args = base;
  args.insert(args.end(), {"--format", "json"});
  size_t conflicts = json_conflicts(run_kongtpl(args).out);
  ASSERT_GE(conflicts, 2u) << "the edits are meant to conflict";
  check_page(dir / "upgrade.html", conflicts, shot_path(dir, "report-kong.png"));
}

}  // namespace
}  // namespace kongtpl
