// Bad input to diff, patch, show and versions: each case gets exactly one
// line on stderr starting "kongtpl: ", exit status 2, nothing on stdout and
// no file written.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
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
using testing::write_file;

const std::string kRepo = KONGTPL_FIXTURE_REPO;

/// Runs kongtpl and expects the trouble status with one clear line.
/// Returns that line.
std::string expect_trouble(const std::vector<std::string>& args, const ProcessOptions& options = {}) {
  ProcessResult r = run_kongtpl(args, options);
  const std::string what = ::testing::PrintToString(args);
  EXPECT_EQ(2, r.status) << what;
  EXPECT_EQ("", r.out) << what;
  EXPECT_EQ(1, std::count(r.err.begin(), r.err.end(), '\n')) << what << ": " << r.err;
  EXPECT_EQ(0u, r.err.rfind("kongtpl: ", 0)) << what << ": " << r.err;
  EXPECT_FALSE(r.err.empty()) << what;
  if (!r.err.empty()) {
    EXPECT_EQ('\n', r.err.back());
  }
  EXPECT_LT(r.err.size(), 300u) << "one short line: " << r.err;
  return r.err;
}

/// Every command that reads a repository, with its minimal arguments.
const std::vector<std::vector<std::string>> kCommands = {
    {"diff", "1.0.0", "2.0.0"}, {"patch", "1.0.0", "2.0.0"}, {"show", "1.0.0"}, {"versions"}};

TEST(BadInput, PathThatIsNotARepository) {
  TempDir empty;
  write_file(empty.path() / "file.txt", "not git\n");
  for (const std::string& path : {empty.path().string(), empty / "file.txt", empty / "missing"}) {
    for (auto args : kCommands) {
      args.insert(args.begin(), {"--repo", path});
      const std::string err = expect_trouble(args);
      EXPECT_NE(std::string::npos, err.find(path)) << err;
    }
  }
  ProcessOptions env;
  env.env = {{"KONGTPL_REPO", empty.path().string()}};
  ProcessResult r = run_process({KONGTPL_BINARY, "versions"}, env);
  EXPECT_EQ(2, r.status);
  EXPECT_EQ("", r.out);
  EXPECT_NE(std::string::npos, r.err.find(empty.path().string())) << r.err;
}

TEST(BadInput, UnknownVersion) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--repo", kRepo, "diff", "1.0.0", "3.0"},
                                                                {"--repo", kRepo, "diff", "nope", "2.0.0"},
                                                                {"--repo", kRepo, "patch", "0.9.0", "2.0.0"},
                                                                {"--repo", kRepo, "show", "2.11.0", "nginx_kong.lua"},
                                                                {"--repo", kRepo, "versions", "3.*"}}) {
    const std::string err = expect_trouble(args);
    EXPECT_NE(std::string::npos, err.find("version")) << err;
  }
  // The message names the nearest versions so the user can pick one.
  EXPECT_NE(std::string::npos, expect_trouble({"--repo", kRepo, "diff", "1.0.0", "3.0"}).find("2.10.0"));
  EXPECT_NE(std::string::npos, expect_trouble({"--repo", kRepo, "diff", "1.1.5", "2.0.0"}).find("1.1.0, 1.2.0"));
}

TEST(BadInput, GlobMatchingNothingAtEitherVersion) {
  for (const std::string command : {"diff", "patch"}) {
    const std::string err =
        expect_trouble({"--repo", kRepo, command, "--templates", "kong/templates/nginx_nothing*.lua", "1.0.0", "2.0.0"});
    EXPECT_NE(std::string::npos, err.find("kong/templates/nginx_nothing*.lua")) << err;
  }
  // nginx_kong_stream.lua exists at neither 1.0.0 nor 1.1.0.
  expect_trouble({"--repo", kRepo, "diff", "--templates", "kong/templates/nginx_kong_stream.lua", "1.0.0", "1.1.0"});
  // Before the subcommand too.
  expect_trouble({"--repo", kRepo, "--templates", "nothing/*", "diff", "1.0.0", "1.1.0"});
}

TEST(BadInput, OutputPathThatCannotBeWritten) {
  TempDir dir;
  write_file(dir.path() / "plain-file", "x\n");
  fs::create_directories(dir.path() / "a-folder");
  const std::vector<std::string> targets = {dir / "missing-folder/out.diff", dir / "plain-file/out.diff",
                                            dir / "a-folder"};
  for (const std::string& target : targets) {
    for (const auto& command : std::vector<std::vector<std::string>>{
             {"diff", "1.0.0", "2.0.0"}, {"patch", "1.0.0", "2.0.0"}, {"show", "1.0.0", "nginx_kong.lua"}}) {
      std::vector<std::string> args = {"--repo", kRepo};
      args.insert(args.end(), command.begin(), command.end());
      args.insert(args.end(), {"-o", target});
      const std::string err = expect_trouble(args);
      EXPECT_NE(std::string::npos, err.find(target)) << err;
    }
  }
  EXPECT_FALSE(fs::exists(dir.path() / "missing-folder"));
  EXPECT_EQ("x\n", testing::read_file(dir.path() / "plain-file"));
  EXPECT_TRUE(fs::is_empty(dir.path() / "a-folder"));
}

TEST(BadInput, TemplateWithNulBytes) {
  TempDir repo, home;
  ProcessOptions git_env;
  git_env.cwd = repo.path().string();
  git_env.env = {{"HOME", home.path().string()}, {"GIT_CONFIG_NOSYSTEM", "1"},      {"GIT_AUTHOR_NAME", "t"},
                 {"GIT_AUTHOR_EMAIL", "t@t.invalid"}, {"GIT_COMMITTER_NAME", "t"}, {"GIT_COMMITTER_EMAIL", "t@t.invalid"}};
  auto git = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "git");
    ProcessResult r = run_process(args, git_env);
    ASSERT_EQ(0, r.status) << r.err;
  };
  git({"init", "-q", "."});
  write_file(repo.path() / "kong/templates/nginx_kong.lua", "return [[\nworker_processes 1;\n]]\n");
  git({"add", "-A"});
  git({"commit", "-q", "-m", "text"});
  git({"tag", "1.0.0"});
  const char binary[] = "return [[\nworker\0processes 2;\n]]\n";
  write_file(repo.path() / "kong/templates/nginx_kong.lua", std::string(binary, sizeof binary - 1));
  git({"commit", "-q", "-a", "-m", "binary"});
  git({"tag", "1.1.0"});

  TempDir out;
  const std::string r = repo.path().string();
  for (const auto& args : std::vector<std::vector<std::string>>{{"--repo", r, "diff", "1.0.0", "1.1.0"},
                                                                {"--repo", r, "diff", "--exact", "1.1.0", "1.0.0"},
                                                                {"--repo", r, "diff", "--numstat", "1.0.0", "1.1.0"},
                                                                {"--repo", r, "patch", "1.0.0", "1.1.0"},
                                                                {"--repo", r, "diff", "1.0.0", "1.1.0", "-o", out / "x"}}) {
    const std::string err = expect_trouble(args);
    EXPECT_NE(std::string::npos, err.find("kong/templates/nginx_kong.lua")) << err;
    EXPECT_NE(std::string::npos, err.find("binary")) << err;
  }
  EXPECT_TRUE(fs::is_empty(out.path()));
}

TEST(BadInput, UnknownOptionOrMissingArguments) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--repo", kRepo, "diff", "--frobnicate", "1.0.0", "2.0.0"},
                                                                {"--repo", kRepo, "patch", "-x", "1.0.0", "2.0.0"},
                                                                {"--repo", kRepo, "show", "--nope", "1.0.0"},
                                                                {"--repo", kRepo, "versions", "--nope"},
                                                                {"--frobnicate", "versions"},
                                                                {"--repo", kRepo, "diff", "1.0.0"},
                                                                {"--repo", kRepo, "diff", "1.0.0", "2.0.0", "3.0.0"},
                                                                {"--repo", kRepo, "diff", "-U", "many", "1.0.0", "2.0.0"},
                                                                {"--repo", kRepo, "frobnicate"},
                                                                {}}) {
    expect_trouble(args);
  }
  EXPECT_NE(std::string::npos,
            expect_trouble({"--repo", kRepo, "diff", "--frobnicate", "1.0.0", "2.0.0"}).find("--frobnicate"));
}

}  // namespace
}  // namespace kongtpl
