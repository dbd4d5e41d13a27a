// `show --body` and `diff --body` end to end: the text Kong renders from a
// module instead of the Lua file. The oracle for a body is Lua's own rule
// for `return [[\n...]]` (the newline right after `[[` is skipped, the text
// ends where `]]` begins), applied here by plain string slicing; the oracle
// for a body diff is `git diff` over a repository holding those bodies.
#include <gtest/gtest.h>

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

/// git with no user or system configuration and fixed abbreviations.
ProcessResult git(std::vector<std::string> args) {
  static TempDir home;
  args.insert(args.begin(), {"git", "-c", "core.abbrev=7", "-c", "user.name=T", "-c", "user.email=t@example.com",
                             "-c", "init.defaultBranch=main"});
  ProcessOptions options;
  options.env = {{"HOME", home.path().string()}, {"GIT_CONFIG_NOSYSTEM", "1"}};
  return run_process(args, options);
}

/// The body of a `return [[\n ... ]]` module, as Lua reads the long string.
std::string lua_long_string_body(const std::string& module) {
  EXPECT_EQ(0u, module.rfind("return [[\n", 0)) << "not a plain template module";
  size_t start = module.find('\n') + 1;
  size_t end = module.rfind("]]");
  EXPECT_NE(std::string::npos, end);
  EXPECT_EQ(end, module.find("]]", start)) << "an earlier ]] ends the string there";
  return module.substr(start, end - start);
}

std::vector<std::string> template_paths(const std::string& repository, const std::string& version) {
  ProcessResult listed = git({"-C", repository, "ls-tree", "--name-only", version, "kong/templates/"});
  EXPECT_EQ(0, listed.status) << listed.err;
  std::vector<std::string> paths;
  std::istringstream lines(listed.out);
  for (std::string path; std::getline(lines, path);) paths.push_back(path);
  return paths;
}

std::string file_name(const std::string& path) { return fs::path(path).filename().string(); }

/// A repository with one commit per version holding the bodies of that
/// version's templates at the modules' paths, tagged like the version.
class BodyHistory {
 public:
  BodyHistory(const std::string& repository, const std::vector<std::string>& versions) {
    EXPECT_EQ(0, git({"init", "-q", work()}).status);
    for (const std::string& version : versions) {
      std::error_code ec;
      fs::remove_all(fs::path(work()) / "kong", ec);
      for (const std::string& path : template_paths(repository, version)) {
        ProcessResult module = git({"-C", repository, "show", version + ":" + path});
        EXPECT_EQ(0, module.status) << module.err;
        testing::write_file(fs::path(work()) / path, lua_long_string_body(module.out));
      }
      EXPECT_EQ(0, git({"-C", work(), "add", "-A"}).status);
      EXPECT_EQ(0, git({"-C", work(), "commit", "-q", "--allow-empty", "-m", version}).status);
      EXPECT_EQ(0, git({"-C", work(), "tag", version}).status);
    }
  }
  std::string work() const { return dir_ / "bodies"; }

 private:
  TempDir dir_;
};

TEST(ShowBody, EveryFixtureModuleBodyIsItsLongString) {
  for (const std::string version : {"1.0.0", "1.2.0rc1", "2.0.0", "2.9.0", "2.10.0", "next"}) {
    for (const std::string& path : template_paths(kRepo, version)) {
      ProcessResult module = git({"-C", kRepo, "show", version + ":" + path});
      ASSERT_EQ(0, module.status);
      ProcessResult raw = run_kongtpl({"--repo", kRepo, "show", version, file_name(path)});
      EXPECT_EQ(0, raw.status) << raw.err;
      EXPECT_EQ(module.out, raw.out) << version << " " << path;

      ProcessResult body = run_kongtpl({"--repo", kRepo, "show", "--body", version, file_name(path)});
      EXPECT_EQ(0, body.status) << body.err;
      EXPECT_EQ(lua_long_string_body(module.out), body.out) << version << " " << path;
      EXPECT_NE(raw.out, body.out);
      EXPECT_EQ("", body.err);
    }
  }
}

TEST(ShowBody, ModuleWithoutFinalNewlineKeepsTheBodysOwn) {
  // 2.9.0's nginx_kong_stream.lua ends in "}\n]]" with no newline after ]].
  ProcessResult body = run_kongtpl({"--repo", kRepo, "show", "--body", "2.9.0", "nginx_kong_stream"});
  ASSERT_EQ(0, body.status) << body.err;
  EXPECT_TRUE(body.out.ends_with("    }\n}\n")) << body.out.substr(body.out.size() > 40 ? body.out.size() - 40 : 0);
}

TEST(ShowBody, WritesToAFileWithOutput) {
  TempDir dir;
  std::string out = dir / "nginx_kong.conf.template";
  ProcessResult r = run_kongtpl({"--repo", kRepo, "show", "--body", "-o", out, "2.10.0", "nginx_kong.lua"});
  EXPECT_EQ(0, r.status) << r.err;
  EXPECT_EQ("", r.out);
  EXPECT_EQ(lua_long_string_body(git({"-C", kRepo, "show", "2.10.0:kong/templates/nginx_kong.lua"}).out),
            testing::read_file(out));
}

TEST(DiffBody, MatchesGitDiffOfTheBodiesOnEveryFixturePair) {
  const std::vector<std::string> versions = {"1.0.0", "1.1.0", "1.2.0rc1", "1.2.0", "1.2.1",
                                             "2.0.0", "2.9.0", "2.10.0",   "next"};
  BodyHistory bodies(kRepo, versions);
  const std::vector<std::vector<std::string>> option_sets = {
      {}, {"--exact"}, {"-b"}, {"--stat"}, {"--numstat"}, {"-U1"}};
  for (size_t i = 0; i + 1 < versions.size(); ++i) {
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {versions[i], versions[i + 1]}, {"1.0.0", versions[i + 1]}}) {
      for (const auto& options : option_sets) {
        std::vector<std::string> theirs = {"-C", bodies.work(), "diff", "--no-color"};
        bool exact = !options.empty() && options[0] == "--exact";
        bool space_change = !options.empty() && options[0] == "-b";
        if (!exact && !space_change) theirs.push_back("-w");
        for (const auto& o : options)
          if (o != "--exact") theirs.push_back(o);
        theirs.insert(theirs.end(), {from, to, "--", "kong/templates/nginx_kong*.lua"});
        ProcessResult expected = git(theirs);
        ASSERT_EQ(0, expected.status) << expected.err;

        std::vector<std::string> ours = {"--repo", kRepo, "diff", "--body"};
        ours.insert(ours.end(), options.begin(), options.end());
        ours.insert(ours.end(), {from, to});
        ProcessResult actual = run_kongtpl(ours);
        std::string what = from + " " + to + " " + ::testing::PrintToString(options);
        EXPECT_EQ(expected.out, actual.out) << what;
        EXPECT_EQ(expected.out.empty() ? 0 : 1, actual.status) << what << actual.err;
        EXPECT_EQ("", actual.err) << what;
      }
    }
  }
}

TEST(DiffBody, HunksCountBodyLinesNotModuleLines) {
  // The rename of ${{UPSTREAM_KEEPALIVE}} at 2.9.0: the module's line 34 is
  // the body's line 33, since `return [[` takes the module's first line.
  ProcessResult raw = run_kongtpl({"--repo", kRepo, "diff", "2.0.0", "2.9.0", "--templates", "kong/templates/nginx_kong.lua"});
  ProcessResult body =
      run_kongtpl({"--repo", kRepo, "diff", "--body", "2.0.0", "2.9.0", "--templates", "kong/templates/nginx_kong.lua"});
  EXPECT_EQ(1, raw.status);
  EXPECT_EQ(1, body.status);
  EXPECT_NE(std::string::npos, raw.out.find("\n@@ -34,7 +34,7 @@ upstream kong_upstream {\n")) << raw.out;
  EXPECT_NE(std::string::npos, body.out.find("\n@@ -33,7 +33,7 @@ upstream kong_upstream {\n")) << body.out;
  EXPECT_NE(std::string::npos, body.out.find("\n+    keepalive ${{UPSTREAM_KEEPALIVE_POOL_SIZE}};\n"));
}

TEST(DiffBody, FinalNewlineOfTheModuleIsNotPartOfTheBody) {
  // 2.9.0 drops the newline after `]]` in nginx_kong_stream.lua: the module
  // changes, the body does not end differently.
  ProcessResult raw = run_kongtpl({"--repo", kRepo, "diff", "--exact", "2.0.0", "2.9.0"});
  ProcessResult body = run_kongtpl({"--repo", kRepo, "diff", "--body", "--exact", "2.0.0", "2.9.0"});
  EXPECT_NE(std::string::npos, raw.out.find("\\ No newline at end of file"));
  EXPECT_EQ(std::string::npos, body.out.find("\\ No newline at end of file")) << body.out;
}

/// A repository whose 1.0.0 and 2.0.0 hold the given nginx_kong.lua modules.
std::string two_release_repo(const TempDir& dir, const std::string& first, const std::string& second) {
  std::string work = dir / "repo";
  EXPECT_EQ(0, git({"init", "-q", work}).status);
  int n = 0;
  for (const std::string& module : {first, second}) {
    testing::write_file(fs::path(work) / "kong/templates/nginx_kong.lua", module);
    EXPECT_EQ(0, git({"-C", work, "add", "-A"}).status);
    EXPECT_EQ(0, git({"-C", work, "commit", "-q", "-m", "r"}).status);
    EXPECT_EQ(0, git({"-C", work, "tag", n++ == 0 ? "1.0.0" : "2.0.0"}).status);
  }
  return work;
}

TEST(DiffBody, ModuleThatDoesNotLoadIsTroubleNamingIt) {
  TempDir dir;
  std::string repo = two_release_repo(dir, "return [[\nhttp {}\n]]\n",
                                      testing::read_file(std::string(KONGTPL_SOURCE_DIR) +
                                                         "/fixtures/broken/returns_table.lua"));
  ProcessResult raw = run_kongtpl({"--repo", repo, "diff", "1.0.0", "2.0.0"});
  EXPECT_EQ(1, raw.status) << raw.err;  // the Lua files still compare

  ProcessResult body = run_kongtpl({"--repo", repo, "diff", "--body", "1.0.0", "2.0.0"});
  EXPECT_EQ(2, body.status);
  EXPECT_EQ("", body.out);
  EXPECT_NE(std::string::npos, body.err.find("nginx_kong.lua")) << body.err;
  EXPECT_NE(std::string::npos, body.err.find("returned a table")) << body.err;

  ProcessResult show = run_kongtpl({"--repo", repo, "show", "--body", "2.0.0", "nginx_kong"});
  EXPECT_EQ(2, show.status);
  EXPECT_NE(std::string::npos, show.err.find("returned a table")) << show.err;
}

TEST(DiffBody, BodiesReadInTheSandboxNotRun) {
  // A module that computes its string: the body is what require would yield.
  TempDir dir;
  std::string repo = two_release_repo(dir, "return [[\nhttp {}\n]]\n",
                                      "local head = [[\nhttp {\n]]\nreturn head .. \"    gzip on;\\n}\\n\"\n");
  ProcessResult body = run_kongtpl({"--repo", repo, "diff", "--body", "--exact", "1.0.0", "2.0.0"});
  EXPECT_EQ(1, body.status) << body.err;
  EXPECT_NE(std::string::npos, body.out.find("@@ -1 +1,3 @@\n-http {}\n+http {\n+    gzip on;\n+}\n")) << body.out;
}

TEST(DiffBody, KongBundleBodyDiffIsTheDiffOfTheBodies) {
  std::string bare = testing::shared_bare_clone();
  if (bare.empty()) GTEST_SKIP() << "no " << KONGTPL_SHARED_DIR << "/kong-templates.bundle: Kong's templates are not here";
  const std::vector<std::string> versions = {"2.0.0", "2.7.0", "2.8.0", "3.0.0", "3.4.0"};
  BodyHistory bodies(bare, versions);
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"2.0.0", "2.7.0"}, {"2.7.0", "2.8.0"}, {"2.8.0", "3.0.0"}, {"3.0.0", "3.4.0"}}) {
    for (const std::string glob : {"kong/templates/nginx_kong*.lua", "kong/templates/*.lua"}) {
      // Over distant releases dtl and git's xdiff may align a change
      // differently (tests/diff/kong_oracle_test.cpp counts those), so the
      // exact oracle is kongtpl's own plain diff of the extracted bodies...
      std::vector<std::string> options = {"--templates", glob, from, to};
      std::vector<std::string> plain = {"--repo", bodies.work(), "diff"};
      plain.insert(plain.end(), options.begin(), options.end());
      ProcessResult expected = run_kongtpl(plain);
      ASSERT_EQ(1, expected.status) << expected.err;
      std::vector<std::string> ours = {"--repo", bare, "diff", "--body"};
      ours.insert(ours.end(), options.begin(), options.end());
      ProcessResult actual = run_kongtpl(ours);
      EXPECT_EQ(expected.out, actual.out) << from << " " << to << " " << glob;
      EXPECT_EQ(1, actual.status) << actual.err;
      // ... and git, which must agree on the files and the index lines.
      ProcessResult git_stat = git({"-C", bodies.work(), "diff", "-w", "--stat=1000", from, to, "--", glob});
      ProcessResult our_stat = run_kongtpl({"--repo", bare, "diff", "--body", "--stat", "--templates", glob, from, to});
      std::string git_files, our_files;
      for (const auto* text : {&git_stat.out, &our_stat.out}) {
        std::istringstream lines(*text);
        for (std::string line; std::getline(lines, line);)
          if (line.find(" | ") != std::string::npos)
            (text == &git_stat.out ? git_files : our_files) += line.substr(0, line.find(" | ")) + "\n";
      }
      EXPECT_EQ(git_files, our_files) << from << " " << to << " " << glob;
    }
  }
  for (const std::string& path : template_paths(bare, "3.4.0")) {
    ProcessResult body = run_kongtpl({"--repo", bare, "show", "--body", "3.4.0", file_name(path)});
    EXPECT_EQ(0, body.status) << body.err;
    EXPECT_EQ(lua_long_string_body(git({"-C", bare, "show", "3.4.0:" + path}).out), body.out) << path;
  }
}

}  // namespace
}  // namespace kongtpl
