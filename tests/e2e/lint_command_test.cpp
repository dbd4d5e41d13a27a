// `kongtpl lint` end to end: the broken fixtures (fixtures/broken/) reported
// at the right line, upstream templates clean at their own version, unknown
// names explained from the fixture history (fixtures/README.md), JSON for CI,
// and the exit statuses 0 clean / 1 findings / 2 trouble.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace kongtpl {
namespace {

namespace fs = std::filesystem;
using testing::ProcessOptions;
using testing::ProcessResult;
using testing::run_kongtpl;
using testing::run_process;
using testing::TempDir;

const std::string kRepo = KONGTPL_FIXTURE_REPO;
const std::string kSource = KONGTPL_SOURCE_DIR;

/// kongtpl lint on the fixture repository, run from the source tree so
/// findings name files as "fixtures/broken/...".
ProcessResult lint(std::vector<std::string> args) {
  args.insert(args.begin(), {"lint", "--repo", kRepo});
  ProcessOptions options;
  options.cwd = kSource;
  return run_kongtpl(args, options);
}

/// The bytes of path at version in repository (git as the reader).
std::string git_show(const std::string& repository, const std::string& version, const std::string& path) {
  ProcessResult r = run_process({"git", "-C", repository, "show", version + ":" + path});
  EXPECT_EQ(0, r.status) << r.err;
  return r.out;
}

/// A customised template fragment using a placeholder renamed at 2.9.0.
const char* const kOldKeepalive =
    "upstream kong_upstream {\n"
    "    server 0.0.0.1;\n"
    "    keepalive ${{UPSTREAM_KEEPALIVE}};\n"
    "}\n";

/// The fix line every compile error carries.
const std::string kCompileFix =
    "    fix: balance every `> if`/`> for` with a `> end` and make each `>` line and `$(...)` valid Lua\n";

struct BrokenCase {
  std::string file;
  std::string expected;  // the whole of stdout
};

TEST(LintCommand, EachBrokenFixtureIsOneErrorAtItsLine) {
  const std::vector<BrokenCase> cases = {
      {"unclosed_if.lua",
       "fixtures/broken/unclosed_if.lua:5: error: this `if` block is never closed: add a `> end` line "
       "(Lua: 'end' expected (to close 'if' at line 3) near '<eof>') [KT102 template-does-not-compile]\n"
       "    > if proxy_ssl_enabled then\n" + kCompileFix},
      {"stray_end.lua",
       "fixtures/broken/stray_end.lua:3: error: `> end` without an open block: remove it or restore the "
       "`> if`/`> for` it closed (Lua: '<eof>' expected near 'end') [KT102 template-does-not-compile]\n"
       "    > end\n" + kCompileFix},
      {"stray_else.lua",
       "fixtures/broken/stray_else.lua:3: error: Lua syntax error: '<eof>' expected near 'else' "
       "[KT102 template-does-not-compile]\n"
       "    > else\n" + kCompileFix},
      {"unclosed_inline.lua",
       "fixtures/broken/unclosed_inline.lua:3: error: `$(` is never closed, so Kong copies it into nginx.conf "
       "as text: add the missing `)` [KT103 unclosed-inline-expression]\n"
       "        server_name $(server_name;\n"
       "    fix: close the `$(` with a `)` on the same text block\n"},
      {"bad_expression.lua",
       "fixtures/broken/bad_expression.lua:3: error: Lua syntax error: ')' expected near 'lua_package_cpath' "
       "[KT102 template-does-not-compile]\n"
       "        lua_package_path '$(lua_package_path lua_package_cpath)';\n" + kCompileFix},
  };
  for (const BrokenCase& c : cases) {
    ProcessResult r = lint({"fixtures/broken/" + c.file});
    EXPECT_EQ(1, r.status) << c.file << "\n" << r.err;
    EXPECT_EQ(c.expected, r.out) << c.file;
    // The fixture repository holds templates only: stderr says which checks it cannot run.
    std::istringstream err(r.err);
    for (std::string line; std::getline(err, line);)
      EXPECT_EQ(0u, line.rfind("kongtpl: check skipped: ", 0)) << c.file << ": " << line;
  }
}

TEST(LintCommand, ModuleThatDoesNotLoadIsReportedWhereLuaStopped) {
  ProcessResult table = lint({"fixtures/broken/returns_table.lua"});
  EXPECT_EQ(1, table.status) << table.err;
  EXPECT_EQ(0u, table.out.rfind("fixtures/broken/returns_table.lua:3: error: module returned a table, expected the "
                                "template string (return [[ ... ]]) [KT100 template-does-not-load]\n",
                                0))
      << table.out;

  // "return [[...]] .." ends the file mid-expression: Lua stops at end of
  // file, which is after the third line's newline.
  ProcessResult r = lint({"fixtures/broken/module_syntax_error.lua"});
  EXPECT_EQ(1, r.status) << r.err;
  EXPECT_EQ(0u, r.out.rfind("fixtures/broken/module_syntax_error.lua:4: error: unexpected symbol near '<eof>'", 0))
      << r.out;
}

TEST(LintCommand, SeveralFilesAreReportedInTheOrderGiven) {
  ProcessResult r = lint({"fixtures/broken/stray_end.lua", "fixtures/broken/unclosed_if.lua",
                          "fixtures/broken/bad_expression.lua"});
  EXPECT_EQ(1, r.status);
  size_t a = r.out.find("stray_end.lua:3: error");
  size_t b = r.out.find("unclosed_if.lua:5: error");
  size_t c = r.out.find("bad_expression.lua:3: error");
  ASSERT_NE(std::string::npos, a) << r.out;
  ASSERT_NE(std::string::npos, b) << r.out;
  ASSERT_NE(std::string::npos, c) << r.out;
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
}

TEST(LintCommand, EveryFixtureModuleIsCleanAtItsOwnVersion) {
  TempDir dir;
  for (const std::string version : {"1.0.0", "1.1.0", "1.2.0rc1", "1.2.0", "1.2.1", "2.0.0", "2.9.0", "2.10.0", "next"}) {
    ProcessResult listed = run_process({"git", "-C", kRepo, "ls-tree", "--name-only", version, "kong/templates/"});
    ASSERT_EQ(0, listed.status) << listed.err;
    std::vector<std::string> args = {"--version", version};
    std::istringstream paths(listed.out);
    for (std::string path; std::getline(paths, path);) {
      std::string copy = dir / (version + "/" + fs::path(path).filename().string());
      testing::write_file(copy, git_show(kRepo, version, path));
      args.push_back(copy);
    }
    ASSERT_GE(args.size(), 6u) << version;
    ProcessResult r = lint(args);
    EXPECT_EQ(0, r.status) << version << "\n" << r.out << r.err;
    EXPECT_EQ("", r.out) << version;
  }
}

TEST(LintCommand, CleanMergeOutputIsClean) {
  TempDir dir;
  std::string merged = dir / "nginx_kong.lua";
  ProcessResult applied = run_kongtpl({"apply", "--repo", kRepo, "--from", "1.2.0", "--to", "2.10.0",
                                       kSource + "/fixtures/custom/nginx_kong.lua", "-o", merged});
  ASSERT_EQ(0, applied.status) << applied.err;
  ProcessResult r = lint({"--version", "2.10.0", merged});
  EXPECT_EQ(0, r.status) << r.out << r.err;
  EXPECT_EQ("", r.out);
}

TEST(LintCommand, MergeOutputWithConflictMarkersIsAnError) {
  TempDir dir;
  std::string merged = dir / "stream.template";
  ProcessResult applied = run_kongtpl({"apply", "--repo", kRepo, "--from", "1.2.0", "--to", "2.10.0",
                                       kSource + "/fixtures/custom/stream-bare.template", "-o", merged});
  ASSERT_EQ(1, applied.status) << applied.err;  // a conflict, markers in the output
  ProcessResult r = lint({"--version", "2.10.0", merged});
  EXPECT_EQ(1, r.status) << r.out << r.err;
  EXPECT_NE(std::string::npos, r.out.find(": error: ")) << r.out;
}

TEST(LintCommand, RenamedPlaceholderSaysWhenItWasLastKnown) {
  TempDir dir;
  std::string custom = dir / "custom.template";
  testing::write_file(custom, kOldKeepalive);

  ProcessResult at_2_10 = lint({"--version", "2.10.0", custom});
  EXPECT_EQ(1, at_2_10.status) << at_2_10.err;
  EXPECT_EQ(custom +
                ":3: warning: unknown placeholder ${{UPSTREAM_KEEPALIVE}}: no kong.conf property "
                "`upstream_keepalive` at this version, so Kong renders nothing useful here: check the spelling "
                "(last known in 2.0.0; gone since 2.9.0) [KT104 unknown-placeholder]\n"
                "        keepalive ${{UPSTREAM_KEEPALIVE}};\n"
                "    fix: use a property of this version's kong.conf (Kong looks the name up lowercased)\n",
            at_2_10.out);

  // Without --version: the latest release, 2.10.0, says the same.
  EXPECT_EQ(at_2_10.out, lint({custom}).out);

  // At 2.0.0 the property still exists.
  ProcessResult at_2_0 = lint({"--version", "2.0.0", custom});
  EXPECT_EQ(0, at_2_0.status) << at_2_0.out << at_2_0.err;
  EXPECT_EQ("", at_2_0.out);
}

TEST(LintCommand, NameTheHistoryNeverKnewGetsNoHistoryNote) {
  TempDir dir;
  std::string custom = dir / "custom.template";
  testing::write_file(custom, "server {\n> if not_a_kong_value then\n    gzip on;\n> end\n}\n");
  ProcessResult r = lint({"--version", "2.10.0", custom});
  EXPECT_EQ(1, r.status);
  EXPECT_EQ(custom + ":2: warning: unknown name `not_a_kong_value`: not a kong.conf property nor a value Kong "
                     "gives templates at this version, so it is nil here: check the spelling [KT105 unknown-name]\n"
                     "    > if not_a_kong_value then\n"
                     "    fix: use a property of this version's kong.conf or a value Kong's templates use\n",
            r.out);
}

TEST(LintCommand, JsonReportParsesWithEveryField) {
  TempDir dir;
  std::string custom = dir / "custom.template";
  testing::write_file(custom, kOldKeepalive);
  ProcessResult r = lint({"--format", "json", "--version", "2.9.0", custom, "fixtures/broken/stray_end.lua"});
  EXPECT_EQ(1, r.status) << r.err;
  nlohmann::json report = nlohmann::json::parse(r.out);
  EXPECT_EQ("2.9.0", report.at("version"));
  const auto& findings = report.at("findings");
  ASSERT_EQ(2u, findings.size()) << r.out;

  EXPECT_EQ(custom, findings[0].at("file"));
  EXPECT_EQ(3, findings[0].at("line"));
  EXPECT_EQ("warning", findings[0].at("severity"));
  EXPECT_EQ("UPSTREAM_KEEPALIVE", findings[0].at("name"));
  EXPECT_EQ("    keepalive ${{UPSTREAM_KEEPALIVE}};", findings[0].at("source_line"));
  std::string message = findings[0].at("message");
  EXPECT_NE(std::string::npos, message.find("(last known in 2.0.0; gone since 2.9.0)")) << message;

  EXPECT_EQ("fixtures/broken/stray_end.lua", findings[1].at("file"));
  EXPECT_EQ(3, findings[1].at("line"));
  EXPECT_EQ("error", findings[1].at("severity"));
  EXPECT_EQ("> end", findings[1].at("source_line"));
  EXPECT_FALSE(findings[1].contains("name"));
}

TEST(LintCommand, CleanJsonReportHasNoFindings) {
  TempDir dir;
  std::string module = dir / "nginx_kong.lua";
  testing::write_file(module, git_show(kRepo, "2.10.0", "kong/templates/nginx_kong.lua"));
  ProcessResult r = lint({"--format=json", module});
  EXPECT_EQ(0, r.status) << r.err;
  nlohmann::json report = nlohmann::json::parse(r.out);
  EXPECT_EQ("2.10.0", report.at("version"));
  EXPECT_TRUE(report.at("findings").empty());
}

TEST(LintCommand, TroubleIsExitTwo) {
  TempDir dir;
  std::string custom = dir / "custom.template";
  testing::write_file(custom, kOldKeepalive);

  ProcessResult missing = lint({dir / "missing.template"});
  EXPECT_EQ(2, missing.status);
  EXPECT_EQ("", missing.out);
  EXPECT_NE(std::string::npos, missing.err.find("missing.template")) << missing.err;

  // One missing file among good ones is still trouble, not a partial report.
  EXPECT_EQ(2, lint({custom, dir / "missing.template"}).status);
  EXPECT_EQ(2, lint({dir.path().string()}).status);  // a directory

  ProcessResult unknown_version = lint({"--version", "9.9.9", custom});
  EXPECT_EQ(2, unknown_version.status);
  EXPECT_NE(std::string::npos, unknown_version.err.find("9.9.9")) << unknown_version.err;

  // A repository the user names must open: no silent fallback to the compile check.
  ProcessResult bad_repo = run_kongtpl({"lint", "--repo", dir / "no-such-repo", custom});
  EXPECT_EQ(2, bad_repo.status) << bad_repo.err;
  EXPECT_NE(std::string::npos, bad_repo.err.find("no-such-repo")) << bad_repo.err;
  EXPECT_EQ("", bad_repo.out);
}

TEST(LintCommand, VersionWithoutKongDefaultsIsTrouble) {
  // A repository whose only release has no kong/templates/kong_defaults.lua
  // (as Kong before 0.9.0): every name would look unknown.
  TempDir dir;
  std::string work = dir / "repo";
  auto git = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"git", "-C", work, "-c", "user.name=T", "-c", "user.email=t@example.com"});
    ProcessResult r = run_process(args);
    ASSERT_EQ(0, r.status) << r.err;
  };
  ASSERT_EQ(0, run_process({"git", "init", "-q", work}).status);
  testing::write_file(fs::path(work) / "README", "old\n");
  git({"add", "-A"});
  git({"commit", "-q", "-m", "0.8.0"});
  git({"tag", "0.8.0"});
  std::string custom = dir / "custom.template";
  testing::write_file(custom, kOldKeepalive);
  ProcessResult r = run_kongtpl({"lint", "--repo", work, custom});
  EXPECT_EQ(2, r.status) << r.out;
  EXPECT_NE(std::string::npos, r.err.find("0.8.0 has no kong/templates/kong_defaults.lua")) << r.err;
}

TEST(LintCommand, WithoutRepositoryOnlyTheCompileCheckRunsWithANote) {
  TempDir outside;  // not inside any git repository; run_kongtpl unsets KONGTPL_REPO
  ProcessOptions options;
  options.cwd = outside.path().string();
  std::string custom = outside / "custom.template";
  testing::write_file(custom, kOldKeepalive);

  ProcessResult clean = run_kongtpl({"lint", custom}, options);
  EXPECT_EQ(0, clean.status) << clean.out << clean.err;  // unknown names go unnoticed
  EXPECT_EQ("", clean.out);
  EXPECT_EQ(0u, clean.err.rfind("kongtpl: name and upgrade checks skipped: no Kong repository", 0)) << clean.err;
  EXPECT_EQ(1, std::count(clean.err.begin(), clean.err.end(), '\n')) << clean.err;

  ProcessResult broken = run_kongtpl({"lint", kSource + "/fixtures/broken/unclosed_if.lua"}, options);
  EXPECT_EQ(1, broken.status);
  EXPECT_NE(std::string::npos, broken.out.find("unclosed_if.lua:5: error: this `if` block is never closed"))
      << broken.out;

  ProcessResult json = run_kongtpl({"lint", "--format", "json", custom}, options);
  EXPECT_EQ(0, json.status);
  nlohmann::json report = nlohmann::json::parse(json.out);
  EXPECT_EQ("", report.at("version"));
  EXPECT_TRUE(report.at("findings").empty());

  // Asking for a version needs a repository.
  ProcessResult versioned = run_kongtpl({"lint", "--version", "2.10.0", custom}, options);
  EXPECT_EQ(2, versioned.status);
  EXPECT_NE(std::string::npos, versioned.err.find("KONGTPL_REPO")) << versioned.err;
}

TEST(LintCommand, OperatorsOwnRepositoryAroundCwdFallsBackToTheCompileCheck) {
  // Custom templates often live in a config repository without Kong's tags.
  TempDir own;
  ASSERT_EQ(0, run_process({"git", "init", "-q", own.path().string()}).status);
  std::string custom = own / "custom.template";
  testing::write_file(custom, kOldKeepalive);
  ProcessOptions options;
  options.cwd = own.path().string();
  ProcessResult r = run_kongtpl({"lint", custom}, options);
  EXPECT_EQ(0, r.status) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("name and upgrade checks skipped")) << r.err;
}

TEST(LintCommand, KongTemplatesAreCleanAtTheirOwnVersions) {
  std::string bare = testing::shared_bare_clone();
  if (bare.empty()) GTEST_SKIP() << "no " << KONGTPL_SHARED_DIR << "/kong-templates.bundle: Kong's templates are not here";
  ProcessResult tags = run_process({"git", "-C", bare, "tag"});
  ASSERT_EQ(0, tags.status);
  TempDir dir;
  std::istringstream lines(tags.out);
  int checked = 0;
  for (std::string tag; std::getline(lines, tag);) {
    std::string tar = dir / (tag + ".tar");
    ProcessResult archive = run_process({"git", "-C", bare, "archive", "-o", tar, tag, "--", "kong/templates"});
    if (archive.status != 0) continue;  // releases before kong/templates existed (before 0.9.0)
    std::string tree = dir / tag;
    fs::create_directories(tree);
    ASSERT_EQ(0, run_process({"tar", "-xf", tar, "-C", tree}).status);
    std::vector<std::string> args = {"lint", "--repo", bare, "--version", tag};
    for (const auto& entry : fs::directory_iterator(tree + "/kong/templates")) args.push_back(entry.path().string());
    ProcessResult r = run_kongtpl(args);
    EXPECT_EQ(0, r.status) << tag << "\n" << r.out << r.err;
    ++checked;
  }
  EXPECT_GT(checked, 100);
}

}  // namespace
}  // namespace kongtpl
