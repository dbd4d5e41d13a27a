// The report formats (--format html, markdown, github, sarif, gitlab) from
// real merges run through the binary: SARIF and GitLab output checked
// against the schemas in templates/, the HTML page against its own
// structure and against hostile template text, Markdown against GitHub's
// comment limit.
#include <gtest/gtest.h>

#include <regex>

#include <nlohmann/json.hpp>

#include "cli/json_schema_check.hpp"
#include "support/git_cli.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

using nlohmann::json;
using schema_check::errors_against;
using testing::git_or_fail;
using testing::read_file;
using testing::run_kongtpl;
using testing::TempDir;
using testing::write_file;

const std::string kConflicting = std::string(KONGTPL_SOURCE_DIR) + "/fixtures/custom/stream-bare.template";

testing::ProcessResult fixture_report(const std::string& file, const std::vector<std::string>& extra) {
  std::vector<std::string> args{"report", "--repo", KONGTPL_FIXTURE_REPO, "--from", "1.2.0", "--to", "2.10.0"};
  args.insert(args.end(), extra.begin(), extra.end());
  if (!file.empty()) args.push_back(file);
  return run_kongtpl(args);
}

/// Three plain files whose merge has `conflicts` separate conflicts, each
/// line carrying `payload`.
struct PlainMerge {
  TempDir dir;
  std::string ours = dir / "ours.template", base = dir / "base.template", theirs = dir / "theirs.template";
  PlainMerge(int conflicts, const std::string& payload) {
    std::string o, b, t;
    for (int i = 0; i < conflicts; ++i) {
      for (int shared = 0; shared < 5; ++shared) {
        std::string line = "shared_" + std::to_string(i) + "_" + std::to_string(shared) + " on;\n";
        o += line;
        b += line;
        t += line;
      }
      b += "base_" + std::to_string(i) + " " + payload + ";\n";
      o += "ours_" + std::to_string(i) + " " + payload + ";\n";
      t += "theirs_" + std::to_string(i) + " " + payload + ";\n";
    }
    write_file(ours, o);
    write_file(base, b);
    write_file(theirs, t);
  }
  testing::ProcessResult report(const std::string& format) const {
    return run_kongtpl({"merge", "--check", "--conflict", "diff3", "--format", format, ours, base, theirs});
  }
};

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

size_t characters(const std::string& text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

TEST(ReportFormats, SarifOfAConflictMatchesTheSarifSchema) {
  auto r = fixture_report(kConflicting, {"--format", "sarif"});
  ASSERT_EQ(1, r.status) << r.err;
  json sarif = json::parse(r.out);
  auto errors = errors_against(sarif, "sarif-2.1.0.schema.json");
  EXPECT_TRUE(errors.empty()) << ::testing::PrintToString(errors);
  const json& run = sarif["runs"][0];
  ASSERT_EQ(1u, run["results"].size());
  EXPECT_EQ("KT180", run["results"][0]["ruleId"]);
  EXPECT_EQ("error", run["results"][0]["level"]);
  // The conflict sits at the user's own line in FILE (the file is unchanged).
  EXPECT_EQ(7, run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]);
}

TEST(ReportFormats, SarifOfLintFindingsNamesEachRuleOnce) {
  // A clean merge whose result does not compile: findings, no conflicts.
  TempDir dir;
  std::string base = "a on;\nb on;\nc on;\n";
  write_file(dir / "base.template", base);
  write_file(dir / "theirs.template", "a on;\nb off;\nc on;\n");
  write_file(dir / "ours.template", "> if x then\n> if y then\na on;\nb on;\nc on;\n$(unclosed\n");
  auto r = run_kongtpl({"merge", "--check", "--format", "sarif", dir / "ours.template", dir / "base.template",
                        dir / "theirs.template"});
  ASSERT_EQ(1, r.status) << r.err;
  json sarif = json::parse(r.out);
  auto errors = errors_against(sarif, "sarif-2.1.0.schema.json");
  EXPECT_TRUE(errors.empty()) << ::testing::PrintToString(errors);
  const json& driver = sarif["runs"][0]["tool"]["driver"];
  const json& results = sarif["runs"][0]["results"];
  ASSERT_FALSE(results.empty());
  for (const json& result : results) {
    // Every result points at the rule it names.
    ASSERT_LT(result["ruleIndex"].get<size_t>(), driver["rules"].size());
    EXPECT_EQ(result["ruleId"], driver["rules"][result["ruleIndex"].get<size_t>()]["id"]);
    EXPECT_TRUE(result["ruleId"].get<std::string>().starts_with("KT1")) << result.dump();
  }
}

TEST(ReportFormats, SchemaCheckRejectsBrokenSarif) {
  auto r = fixture_report(kConflicting, {"--format", "sarif"});
  json sarif = json::parse(r.out);
  json wrong_version = sarif;
  wrong_version["version"] = "2.0.0";
  EXPECT_FALSE(errors_against(wrong_version, "sarif-2.1.0.schema.json").empty());
  json bad_level = sarif;
  bad_level["runs"][0]["results"][0]["level"] = "fatal";
  EXPECT_FALSE(errors_against(bad_level, "sarif-2.1.0.schema.json").empty());
  json line_zero = sarif;
  line_zero["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0;
  EXPECT_FALSE(errors_against(line_zero, "sarif-2.1.0.schema.json").empty());
  json no_message = sarif;
  no_message["runs"][0]["results"][0]["message"] = json::object();
  EXPECT_FALSE(errors_against(no_message, "sarif-2.1.0.schema.json").empty());
}

TEST(ReportFormats, GitlabCodeQualityMatchesItsSchemaWithUniqueFingerprints) {
  PlainMerge merge(20, "on");
  auto r = merge.report("gitlab");
  ASSERT_EQ(1, r.status) << r.err;
  json issues = json::parse(r.out);
  ASSERT_EQ(20u, issues.size());
  auto errors = errors_against(issues, "gitlab-code-quality.schema.json");
  EXPECT_TRUE(errors.empty()) << ::testing::PrintToString(errors);
  std::set<std::string> fingerprints;
  for (const json& issue : issues) fingerprints.insert(issue["fingerprint"]);
  EXPECT_EQ(issues.size(), fingerprints.size());
  // The same report twice: the same fingerprints (GitLab compares runs by them).
  EXPECT_EQ(r.out, merge.report("gitlab").out);
}

TEST(ReportFormats, GithubAnnotationsAreOneEscapedCommandPerIssue) {
  TempDir dir;
  // A file name with the characters workflow commands reserve.
  PlainMerge merge(3, "on");
  std::string odd = dir / "a,b:c%.template";
  std::filesystem::copy_file(merge.ours, odd);
  auto r = run_kongtpl({"merge", "--check", "--format", "github", odd, merge.base, merge.theirs});
  ASSERT_EQ(1, r.status) << r.err;
  std::regex command(R"(::error file=[^,:]*,line=(\d+),endLine=(\d+),title=kongtpl KT180 merge-conflict::[^\n]*)");
  size_t lines = 0;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line); ++lines) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(line, m, command)) << line;
    EXPECT_LE(std::stoi(m[1]), std::stoi(m[2]));
    EXPECT_NE(std::string::npos, line.find("a%2Cb%3Ac%25.template")) << line;
  }
  EXPECT_EQ(3u, lines);
}

TEST(ReportFormats, MarkdownFitsGithubsCommentLimitAndSaysWhenCut) {
  for (int conflicts : {1, 10, 2000}) {
    PlainMerge merge(conflicts, std::string(40, 'x'));
    auto r = merge.report("markdown");
    ASSERT_EQ(1, r.status) << r.err;
    EXPECT_LE(characters(r.out), 65536u) << conflicts;
    const bool cut = r.out.find("cut to fit GitHub's 65,536-character comment limit") != std::string::npos;
    EXPECT_EQ(conflicts == 2000, cut) << conflicts;
    size_t shown = count(r.out, "<details><summary>Conflict ");
    if (!cut) {
      EXPECT_EQ(static_cast<size_t>(conflicts), shown);
    } else {
      EXPECT_LT(shown, 2000u);
    }
    EXPECT_NE(std::string::npos, r.out.find("| Conflicts | " + std::to_string(conflicts) + " |"));
  }
}

TEST(ReportFormats, MarkdownFencesOutlastBackticksInTheTemplate) {
  PlainMerge merge(1, "```` not a fence");
  auto r = merge.report("markdown");
  ASSERT_EQ(1, r.status) << r.err;
  EXPECT_NE(std::string::npos, r.out.find("`````diff\n")) << r.out;
}

/// Every href="#x" in page has an element with id="x".
std::vector<std::string> dangling_links(const std::string& page) {
  std::set<std::string> ids;
  std::regex id_attr(R"re( id="([^"]+)")re"), href(R"re(href="#([^"]+)")re");
  for (auto it = std::sregex_iterator(page.begin(), page.end(), id_attr); it != std::sregex_iterator(); ++it)
    ids.insert((*it)[1]);
  std::vector<std::string> dangling;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), href); it != std::sregex_iterator(); ++it)
    if (!ids.count((*it)[1])) dangling.push_back((*it)[1]);
  return dangling;
}

TEST(ReportFormats, HtmlReportShowsEveryConflictAndTemplateWithWorkingLinks) {
  TempDir dir;
  auto r = fixture_report(kConflicting, {"-o", dir / "upgrade.html"});
  ASSERT_EQ(1, r.status) << r.err;
  std::string page = read_file(dir / "upgrade.html");
  auto json_report = fixture_report(kConflicting, {"--format", "json"});
  json model = json::parse(json_report.out);
  EXPECT_EQ(model["conflicts"].size(), count(page, "<article class=\"conflict\""));
  EXPECT_EQ(1u, count(page, "<span id=\"conflict-count\">" + std::to_string(model["conflicts"].size()) + "</span>"));
  // One section per template upstream changed (kongtpl diff --numstat lists them).
  auto numstat = run_kongtpl({"diff", "--repo", KONGTPL_FIXTURE_REPO, "--templates", "kong/templates/nginx*.lua",
                              "--numstat", "1.2.0", "2.10.0"});
  EXPECT_EQ(count(numstat.out, "\n"), count(page, "<section class=\"template\""));
  EXPECT_EQ(std::vector<std::string>{}, dangling_links(page));
  // Self-contained: no external resource of any kind.
  EXPECT_EQ(std::string::npos, page.find("http://"));
  EXPECT_EQ(std::string::npos, page.find("src="));
  EXPECT_EQ(std::string::npos, page.find("<link"));
  // ours / theirs / base of the conflict, side by side.
  EXPECT_NE(std::string::npos, page.find("class=\"side ours\""));
  EXPECT_NE(std::string::npos, page.find("class=\"side theirs\""));
  EXPECT_NE(std::string::npos, page.find("class=\"side base\""));
  EXPECT_NE(std::string::npos, page.find("lua_socket_log_errors on;"));
  EXPECT_NE(std::string::npos, page.find("lua_socket_log_errors off;"));
}

TEST(ReportFormats, HtmlReportNeedsNoTemplatesFolder) {
  // The layout is compiled in: run from a folder with no templates/ near it.
  TempDir dir;
  testing::ProcessOptions options;
  options.cwd = dir.path().string();
  auto r = run_kongtpl({"report", "--repo", KONGTPL_FIXTURE_REPO, "--from", "1.2.0", "--to", "2.10.0"}, options);
  ASSERT_EQ(0, r.status) << r.err;
  EXPECT_TRUE(r.out.starts_with("<!DOCTYPE html>"));
  EXPECT_NE(std::string::npos, r.out.find("prefers-color-scheme: dark"));
  EXPECT_NE(std::string::npos, r.out.find("@media print"));
  EXPECT_NE(std::string::npos, r.out.find("addEventListener(\"keydown\""));
}

const std::string kHostile = "</script><img src=x onerror=alert(1)><!-- & \"quoted\" 'single'";

/// The page's markup outside what kongtpl writes itself: exactly one script
/// and one style element, no element the template text could have made.
void expect_inert(const std::string& page) {
  EXPECT_EQ(1u, count(page, "<script>"));
  EXPECT_EQ(1u, count(page, "</script>"));
  EXPECT_EQ(0u, count(page, "<img"));
  EXPECT_EQ(0u, count(page, "<!--"));
  EXPECT_EQ(std::string::npos, page.find(kHostile));
  EXPECT_NE(std::string::npos, page.find("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"));
}

TEST(ReportFormats, HtmlEscapesHostileTemplateTextInConflicts) {
  PlainMerge merge(2, kHostile);
  auto r = merge.report("html");
  ASSERT_EQ(1, r.status) << r.err;
  expect_inert(r.out);
}

TEST(ReportFormats, HtmlEscapesHostileTemplateNamesAndLinesFromTheRepository) {
  TempDir dir;
  std::string repo = dir / "repo";
  git_or_fail({"init", "-q", repo});
  const std::string name = "kong/templates/nginx_<b>x</b>.lua";
  write_file(std::filesystem::path(repo) / name, "return [[\nkeep on;\nold " + kHostile + ";\n]]\n");
  git_or_fail({"-C", repo, "add", "-A"});
  git_or_fail({"-C", repo, "commit", "-qm", "one"});
  git_or_fail({"-C", repo, "tag", "1.0.0"});
  write_file(std::filesystem::path(repo) / name, "return [[\nkeep on;\nnew " + kHostile + ";\n]]\n");
  git_or_fail({"-C", repo, "commit", "-qam", "two"});
  git_or_fail({"-C", repo, "tag", "2.0.0"});
  auto r = run_kongtpl({"report", "--repo", repo, "--from", "1.0.0", "--to", "2.0.0"});
  ASSERT_EQ(0, r.status) << r.err;
  expect_inert(r.out);
  EXPECT_EQ(0u, count(r.out, "<b>"));
  EXPECT_NE(std::string::npos, r.out.find("nginx_&lt;b&gt;x&lt;/b&gt;.lua"));
  // The word-level highlight marks the changed word only.
  EXPECT_NE(std::string::npos, r.out.find("<mark>old</mark>"));
  EXPECT_NE(std::string::npos, r.out.find("<mark>new</mark>"));
}

TEST(ReportFormats, CleanMergeReportsExitZeroWithNoIssues) {
  const std::string clean = std::string(KONGTPL_SOURCE_DIR) + "/fixtures/custom/composite-4space.template";
  auto html = fixture_report(clean, {"--format", "html"});
  ASSERT_EQ(0, html.status) << html.err;
  EXPECT_EQ(0u, count(html.out, "<article class=\"conflict\""));
  EXPECT_NE(std::string::npos, html.out.find("<span class=\"status-merged\">merged</span>"));
  auto github = fixture_report(clean, {"--format", "github"});
  EXPECT_EQ(0, github.status);
  EXPECT_EQ("", github.out);
  auto sarif = fixture_report(clean, {"--format", "sarif"});
  EXPECT_EQ(0, sarif.status);
  EXPECT_TRUE(json::parse(sarif.out)["runs"][0]["results"].empty());
}

TEST(ReportFormats, DiffFormatHtmlIsTheReportWithoutFile) {
  for (const char* format : {"html", "markdown"}) {
    auto diff = run_kongtpl({"diff", "--repo", KONGTPL_FIXTURE_REPO, "--templates", "kong/templates/nginx*.lua",
                             "--format", format, "1.2.0", "2.10.0"});
    ASSERT_EQ(0, diff.status) << diff.err;
    auto report = run_kongtpl({"report", "--repo", KONGTPL_FIXTURE_REPO, "--templates", "kong/templates/nginx*.lua",
                               "--format", format, "--from", "1.2.0", "--to", "2.10.0"});
    ASSERT_EQ(0, report.status) << report.err;
    EXPECT_EQ(report.out, diff.out) << format;
    EXPECT_NE(std::string::npos, diff.out.find("nginx_kong_stream.lua")) << format;
  }
}

TEST(ReportFormats, ApplyWritesTheReportInTheFormatAsked) {
  TempDir dir;
  auto r = run_kongtpl({"apply", "--repo", KONGTPL_FIXTURE_REPO, "--from", "1.2.0", "--to", "2.10.0", "--check",
                        "--format", "github", kConflicting});
  ASSERT_EQ(1, r.status) << r.err;
  EXPECT_TRUE(r.out.starts_with("::error file=")) << r.out;
  // The report's format follows its file name.
  r = run_kongtpl({"apply", "--repo", KONGTPL_FIXTURE_REPO, "--from", "1.2.0", "--to", "2.10.0", "-o",
                   dir / "out.template", "--report", dir / "upgrade.html", kConflicting});
  ASSERT_EQ(1, r.status) << r.err;
  EXPECT_TRUE(read_file(dir / "upgrade.html").starts_with("<!DOCTYPE html>"));
  // Standard output cannot carry both the merged file and the report.
  r = run_kongtpl({"apply", "--repo", KONGTPL_FIXTURE_REPO, "--from", "1.2.0", "--to", "2.10.0", "--format", "sarif",
                   kConflicting});
  EXPECT_EQ(2, r.status);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(std::string::npos, r.err.find("standard output")) << r.err;
}

TEST(ReportFormats, ReportCommandNeverTouchesTheFile) {
  TempDir dir;
  std::string file = dir / "custom.template";
  std::filesystem::copy_file(kConflicting, file);
  std::string before = read_file(file);
  for (const char* format : {"html", "markdown", "github", "sarif", "gitlab", "json"}) {
    auto r = fixture_report(file, {"--format", format});
    EXPECT_EQ(1, r.status) << format << ": " << r.err;
    EXPECT_FALSE(r.out.empty()) << format;
  }
  // Not even when -o names it.
  auto refused = fixture_report(file, {"-o", file});
  EXPECT_EQ(2, refused.status);
  EXPECT_NE(std::string::npos, refused.err.find("refusing -o")) << refused.err;
  EXPECT_EQ(before, read_file(file));
  EXPECT_EQ(std::vector<std::string>{"custom.template"}, [&] {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) names.push_back(e.path().filename());
    return names;
  }());
  // Without FILE only the readable formats make sense.
  auto r = fixture_report("", {"--format", "sarif"});
  EXPECT_EQ(2, r.status);
  EXPECT_NE(std::string::npos, r.err.find("FILE")) << r.err;
}

}  // namespace
}  // namespace kongtpl
