// `kongtpl merge OURS BASE THEIRS` end to end: the same output as
// `git merge-file -p` where both sides change disjoint lines, a clean merge
// that does not compile as a template, --check and --write on plain files.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "e2e/apply_support.hpp"

namespace kongtpl::e2e {
namespace {

using testing::read_file;
using testing::write_file;

struct Triple {
  std::string what, ours, base, theirs;
};

/// Writes the three texts into dir and runs kongtpl merge on them.
ProcessResult kongtpl_merge(const TempDir& dir, const Triple& t, std::vector<std::string> options = {}) {
  write_file(dir / "ours", t.ours);
  write_file(dir / "base", t.base);
  write_file(dir / "theirs", t.theirs);
  std::vector<std::string> args = {"merge"};
  args.insert(args.end(), options.begin(), options.end());
  args.insert(args.end(), {dir / "ours", dir / "base", dir / "theirs"});
  return run_kongtpl(args);
}

const std::string kBase =
    "worker_processes auto;\n"
    "events {\n"
    "    worker_connections 1024;\n"
    "}\n"
    "http {\n"
    "    lua_shared_dict kong 5m;\n"
    "    lua_shared_dict kong_locks 8m;\n"
    "    server {\n"
    "        listen 8000;\n"
    "        location / {\n"
    "            proxy_pass http://upstream;\n"
    "        }\n"
    "    }\n"
    "}\n";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  if (at == std::string::npos) ADD_FAILURE() << "no '" << from << "' to replace";
  else text.replace(at, from.size(), to);
  return text;
}

TEST(MergePlain, DisjointChangesMatchGitMergeFile) {
  const std::vector<Triple> cases = {
      {"one change each", replaced(kBase, "worker_processes auto;", "worker_processes 4;"), kBase,
       replaced(kBase, "listen 8000;", "listen 8443 ssl;")},
      {"user adds, upstream removes", replaced(kBase, "    }\n}\n", "    }\n    server {\n        listen 9000;\n    }\n}\n"),
       kBase, replaced(kBase, "    lua_shared_dict kong_locks 8m;\n", "")},
      {"user removes, upstream adds",
       replaced(kBase, "events {\n    worker_connections 1024;\n}\n", ""), kBase,
       replaced(kBase, "    lua_shared_dict kong 5m;\n", "    lua_shared_dict kong 5m;\n    lua_shared_dict kong_secrets 5m;\n")},
      {"same change on both sides", replaced(kBase, "8m;", "16m;"), kBase, replaced(kBase, "8m;", "16m;")},
      {"only upstream changed", kBase, kBase,
       replaced(kBase, "proxy_pass http://upstream;", "proxy_pass $scheme://kong_upstream;")},
      {"only the user changed", replaced(kBase, "listen 8000;", "listen 8001;"), kBase, kBase},
      {"missing final newline on ours", replaced(kBase, "}\n}\n", "}\n}"), kBase,
       replaced(kBase, "worker_connections 1024;", "worker_connections 4096;")},
      {"both ends edited", replaced(replaced(kBase, "worker_processes auto;", "# mine\nworker_processes auto;"),
                                    "    }\n}\n", "    }\n    # end of mine\n}\n"),
       kBase, replaced(kBase, "lua_shared_dict kong 5m;", "lua_shared_dict kong 12m;")},
  };
  for (const Triple& t : cases) {
    TempDir dir;
    ProcessResult expected = git_merge_file(t.ours, t.base, t.theirs, {"ours", "base", "theirs"});
    ASSERT_EQ(0, expected.status) << t.what << ": git merge-file sees a conflict: " << expected.out;
    ProcessResult actual = kongtpl_merge(dir, t);
    EXPECT_EQ(0, actual.status) << t.what << ": " << actual.err;
    EXPECT_EQ(expected.out, actual.out) << t.what;
    EXPECT_EQ(t.ours, read_file(dir / "ours")) << t.what;
  }
}

TEST(MergePlain, ConflictsExitOneAndWriteMergedBesideOurs) {
  Triple t{"both changed", replaced(kBase, "listen 8000;", "listen 8001;"), kBase,
           replaced(kBase, "listen 8000;", "listen 8002;")};
  TempDir dir;
  ProcessResult r = kongtpl_merge(dir, t);
  EXPECT_EQ(1, r.status);
  ProcessResult git_says = git_merge_file(t.ours, t.base, t.theirs, {dir / "ours", dir / "base", dir / "theirs"});
  EXPECT_EQ(git_says.out, r.out);
  EXPECT_NE(std::string::npos, r.err.find("kongtpl: conflict: lines 9-13: ")) << r.err;

  ProcessResult written = kongtpl_merge(dir, t, {"--write"});
  EXPECT_EQ(1, written.status);
  EXPECT_EQ(t.ours, read_file(dir / "ours"));
  EXPECT_EQ(r.out, read_file(dir / "ours.merged"));
}

TEST(MergePlain, CheckAndWriteOnPlainFiles) {
  Triple t{"clean", replaced(kBase, "listen 8000;", "listen 8001;"), kBase,
           replaced(kBase, "worker_processes auto;", "worker_processes 2;")};
  TempDir dir;
  EXPECT_EQ(1, kongtpl_merge(dir, t, {"--check"}).status);
  ProcessResult w = kongtpl_merge(dir, t, {"--write"});
  ASSERT_EQ(0, w.status) << w.err;
  EXPECT_EQ(t.ours, read_file(dir / "ours.orig"));
  Triple after = t;
  after.ours = read_file(dir / "ours");
  EXPECT_TRUE(has_line(after.ours, "listen 8001;"));
  EXPECT_TRUE(has_line(after.ours, "worker_processes 2;"));
  EXPECT_EQ(0, kongtpl_merge(dir, after, {"--check"}).status);
}

TEST(MergePlain, GuardsThatNoLongerBalanceAreAConflictWhereGitMergesCleanly) {
  // Each side compiles alone; together the second guard loses its `> end`
  // while the first guard's `> end` is gone too. git merges it cleanly into
  // a template that does not compile; kongtpl shows the disagreement.
  const std::string base = "> if a then\nx\n> end\np\nq\nr\n> if b then\ny\n> end\n";
  const std::string ours = "> if a then\nx\np\nq\nr\ny\n> end\n";    // one guard around everything
  const std::string theirs = "> if a then\nx\n> end\np\nq\nr\ny\n";  // y unguarded
  Triple t{"unclosed if", ours, base, theirs};
  ASSERT_EQ(0, git_merge_file(ours, base, theirs, {"o", "b", "t"}).status) << "git should merge this cleanly";
  TempDir dir;
  ProcessResult r = kongtpl_merge(dir, t, {});
  EXPECT_EQ(1, r.status) << r.err;
  EXPECT_NE(std::string::npos, r.out.find("<<<<<<<")) << r.out;
  EXPECT_EQ(std::string::npos, r.err.find("does not compile")) << r.err;
}

TEST(MergePlain, CleanMergeThatDoesNotCompileExitsOne) {
  // Upstream's side itself leaves a guard open; the merge is clean, as in
  // git, and the compile check says what is wrong.
  const std::string base = "p\n> if a then\nx\n> end\n";
  const std::string ours = "p\nq\n> if a then\nx\n> end\n";
  const std::string theirs = "p\n> if a then\nx\n> end\n> if b then\n";
  Triple t{"unclosed if", ours, base, theirs};
  ProcessResult git_says = git_merge_file(ours, base, theirs, {"o", "b", "t"});
  ASSERT_EQ(0, git_says.status) << "git should merge this cleanly";

  TempDir dir;
  const std::string report = dir / "r.json";
  ProcessResult r = kongtpl_merge(dir, t, {"--report", report});
  EXPECT_EQ(1, r.status) << r.err;
  EXPECT_EQ(git_says.out, r.out);
  EXPECT_NE(std::string::npos, r.err.find("never closed")) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("does not compile")) << r.err;
  nlohmann::json j = nlohmann::json::parse(read_file(report));
  EXPECT_EQ("does-not-compile", j["status"]);
  ASSERT_EQ(1u, j["findings"].size());
  EXPECT_EQ("error", j["findings"][0]["severity"]);
  EXPECT_EQ(6, j["findings"][0]["line"]);
  EXPECT_TRUE(j["conflicts"].empty());
  EXPECT_FALSE(j.contains("layout"));

  EXPECT_EQ(0, kongtpl_merge(dir, t, {"--no-lint"}).status);
}

TEST(MergePlain, WriteKeepsAWorkingFileWhenTheMergeDoesNotCompile) {
  const std::string base = "> if a then\nx\n> end\np\nq\nr\n> if b then\ny\n> end\n";
  const std::string ours = "> if a then\nx\np\nq\nr\ny\n> end\n";
  const std::string theirs = "> if a then\nx\n> end\np\nq\nr\ny\n";
  Triple t{"unclosed if", ours, base, theirs};
  TempDir dir;
  ProcessResult r = kongtpl_merge(dir, t, {"--write"});
  EXPECT_EQ(1, r.status) << r.err;
  EXPECT_EQ(ours, read_file(dir / "ours"));  // untouched
  EXPECT_TRUE(std::filesystem::exists(dir / "ours.merged"));
  EXPECT_FALSE(std::filesystem::exists(dir / "ours.orig"));

  ProcessResult forced = kongtpl_merge(dir, t, {"--write", "--force"});
  EXPECT_EQ(1, forced.status) << forced.err;
  EXPECT_NE(ours, read_file(dir / "ours"));
  EXPECT_EQ(ours, read_file(dir / "ours.orig"));
}

TEST(MergePlain, BadInputIsTroubleInOneLine) {
  TempDir dir;
  write_file(dir / "a", "x\n");
  write_file(dir / "bin", std::string("x\0y\n", 4));
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"merge", dir / "a", dir / "missing", dir / "a"},
                                             {"merge", dir / "a", dir / "a", dir / "bin"},
                                             {"merge", "-o", dir / "no/out", dir / "a", dir / "a", dir / "a"}}) {
    ProcessResult r = run_kongtpl(args);
    EXPECT_EQ(2, r.status) << r.err;
    EXPECT_EQ("", r.out);
    EXPECT_EQ(1u, stderr_lines(r).size()) << r.err;
    EXPECT_EQ((std::vector<std::string>{"a", "bin"}), names_in(dir.path()));
  }
}

TEST(MergePlain, CopiesOfLinesUpstreamRewroteAreListedToConsider) {
  // The user's own server holds a copy of the line upstream turned into a
  // loop: the merge is clean, the copy is unchanged, and stderr and the
  // report name its line and upstream's lines.
  const std::string base = "server {\n    ssl_certificate ${{SSL_CERT}};\n}\n";
  const std::string theirs =
      "server {\n> for i = 1, #ssl_cert do\n    ssl_certificate $(ssl_cert[i]);\n> end\n}\n";
  const std::string ours = base + "server {\n    listen 9443 ssl;\n    ssl_certificate ${{SSL_CERT}};\n}\n";
  Triple t{"also consider", ours, base, theirs};
  TempDir dir;
  const std::string report = dir / "r.json";
  ProcessResult r = kongtpl_merge(dir, t, {"--no-lint", "--report", report});
  EXPECT_EQ(0, r.status) << r.err;
  EXPECT_NE(std::string::npos,
            r.err.find("kongtpl: also consider: line 8: `ssl_certificate ${{SSL_CERT}};` copies upstream's"))
      << r.err;
  nlohmann::json j = nlohmann::json::parse(read_file(report));
  ASSERT_EQ(1u, j["also_consider"].size()) << j.dump();
  EXPECT_EQ(8, j["also_consider"][0]["line"]);
  EXPECT_EQ(2, j["also_consider"][0]["from"][0]["first_line"]);
  EXPECT_EQ(2, j["also_consider"][0]["to"][0]["first_line"]);
  EXPECT_EQ(3, j["also_consider"][0]["to"][0]["line_count"]);
}

TEST(MergePlain, AnnotationsPointAtTheLinesOfTheResultTheUserSees) {
  // The copy is line 6 of ours and line 8 of the result (upstream's loop
  // added two lines above it): annotations name the file holding the result
  // and its line there, or say the line is the result's when none does.
  const std::string base = "server {\n    ssl_certificate ${{SSL_CERT}};\n}\n";
  const std::string theirs =
      "server {\n> for i = 1, #ssl_cert do\n    ssl_certificate $(ssl_cert[i]);\n> end\n}\n";
  const std::string ours = base + "server {\n    listen 9443 ssl;\n    ssl_certificate ${{SSL_CERT}};\n}\n";
  const std::string copy = "    ssl_certificate ${{SSL_CERT}};";
  Triple t{"also consider", ours, base, theirs};
  auto line_of = [](const std::string& text, int n) {
    std::istringstream in(text);
    std::string line;
    for (int i = 0; i < n && std::getline(in, line); ++i) {
    }
    return line;
  };
  auto annotation = [](const std::string& out) {
    std::smatch m;
    EXPECT_TRUE(std::regex_search(out, m, std::regex(R"(::notice file=([^,]*),line=(\d+),endLine=\d+,title=kongtpl KT181[^:]*::([^\n]*))")))
        << out;
    return std::tuple<std::string, int, std::string>{m[1], m.empty() ? 0 : std::stoi(m[2]), m[3]};
  };
  {
    TempDir dir;
    const std::string out = dir / "merged";
    ProcessResult r = kongtpl_merge(dir, t, {"--no-lint", "-o", out, "--format", "github"});
    EXPECT_EQ(0, r.status) << r.err;
    auto [file, line, message] = annotation(r.out);
    EXPECT_EQ(out, file);
    EXPECT_EQ(copy, line_of(read_file(out), line));
  }
  {
    TempDir dir;
    ProcessResult r = kongtpl_merge(dir, t, {"--no-lint", "--write", "--format", "github"});
    EXPECT_EQ(0, r.status) << r.err;
    auto [file, line, message] = annotation(r.out);
    EXPECT_EQ(dir / "ours", file);
    EXPECT_EQ(copy, line_of(read_file(dir / "ours"), line));
    EXPECT_EQ(std::string::npos, message.find("merged result")) << message;
  }
  {
    TempDir dir;
    ProcessResult r = kongtpl_merge(dir, t, {"--no-lint", "--check", "--format", "github"});
    auto [file, line, message] = annotation(r.out);
    EXPECT_EQ(dir / "ours", file);
    EXPECT_EQ(8, line);
    EXPECT_NE(std::string::npos, message.find("not written")) << message;
    EXPECT_NE(copy, line_of(read_file(dir / "ours"), line));
  }
  {
    TempDir dir;
    ProcessResult r = kongtpl_merge(dir, t, {"--no-lint", "--report", dir / "r.md"});
    EXPECT_EQ(0, r.status) << r.err;
    EXPECT_EQ(copy, line_of(r.out, 8));
    EXPECT_NE(std::string::npos, read_file(dir / "r.md").find("printed on standard output")) << read_file(dir / "r.md");
  }
  {
    // A lint finding on a result that does not compile: the result goes to
    // ours.merged, and so do the findings' annotations.
    TempDir dir;
    Triple broken{"broken", ours + "> if true then\nlisten 1;\n", base, theirs};
    ProcessResult r = kongtpl_merge(dir, broken, {"--write", "--format", "sarif"});
    EXPECT_EQ(1, r.status) << r.err;
    nlohmann::json sarif = nlohmann::json::parse(r.out);
    size_t findings = 0;
    for (const auto& result : sarif["runs"][0]["results"]) {
      const auto& location = result["locations"][0]["physicalLocation"];
      EXPECT_EQ(dir / "ours.merged", location["artifactLocation"]["uri"].get<std::string>()) << result.dump();
      findings += result["ruleId"] != "KT181";
    }
    EXPECT_GT(findings, 0u) << r.out;
    // stderr names the same file.
    EXPECT_NE(std::string::npos, r.err.find(dir / "ours.merged" + ":")) << r.err;
    EXPECT_EQ(std::string::npos, r.err.find(dir / "ours" + ":")) << r.err;
  }
}

}  // namespace
}  // namespace kongtpl::e2e
