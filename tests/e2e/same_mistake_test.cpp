// The same mistake gets the same answer in every command: exit status 2,
// one line on stderr that names what is wrong, nothing on stdout. Tables of
// commands x mistakes, so a command added later is checked by adding a row.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "support/git_cli.hpp"
#include "support/process.hpp"

namespace kongtpl::testing {
namespace {

namespace fs = std::filesystem;

const std::string kRepo = KONGTPL_FIXTURE_REPO;
const std::string kCustom = std::string(KONGTPL_SOURCE_DIR) + "/fixtures/custom/composite-4space.template";

/// Runs args and expects the trouble status: exactly one line on stderr,
/// starting "kongtpl: " and holding `names`; nothing on stdout.
void expect_one_trouble_line(const std::vector<std::string>& args, const std::string& names,
                             const ProcessOptions& options = {}) {
  ProcessResult r = run_kongtpl(args, options);
  const std::string what = ::testing::PrintToString(args);
  EXPECT_EQ(2, r.status) << what << "\n" << r.err;
  EXPECT_EQ("", r.out) << what;
  EXPECT_EQ(1, std::count(r.err.begin(), r.err.end(), '\n')) << what << ": " << r.err;
  EXPECT_EQ(0u, r.err.rfind("kongtpl: ", 0)) << what << ": " << r.err;
  EXPECT_NE(std::string::npos, r.err.find(names)) << what << ": " << r.err;
}

/// Every command that reads a FILE the user names, FILE given by `file`.
std::vector<std::vector<std::string>> file_commands(const std::string& file) {
  return {
      {"--repo", kRepo, "lint", file},
      {"--repo", kRepo, "lint", "--version", "2.0.0", file},
      {"lint", file},  // no repository: the checks that need none
      {"--repo", kRepo, "apply", "--from", "1.0.0", "--to", "2.0.0", file},
      {"--repo", kRepo, "apply", "--from", "detect", "--to", "2.0.0", file},
      {"--repo", kRepo, "detect", file},
      {"--repo", kRepo, "detect", "--all", file},
      {"--repo", kRepo, "detect", "--layout", "composite", file},
      {"--repo", kRepo, "diff", "--against", file, "1.0.0"},
      {"--repo", kRepo, "diff", "--against", file, "--layout", "composite", "1.0.0"},
      {"merge", file, kCustom, kCustom},
      {"merge", kCustom, file, kCustom},
      {"merge", kCustom, kCustom, file},
  };
}

/// A mistake in a FILE argument: how to make the file, what the error names.
struct FileMistake {
  std::string name;
  std::function<std::string(const TempDir&)> make;  // returns the path to pass
  std::string names;                                // a word the error line must hold
  bool merge_too = true;                            // also a mistake for merge's sides
};

std::vector<FileMistake> file_mistakes() {
  return {
      {"NUL bytes", [](const TempDir& d) {
         std::string bytes = "return [[\nworker_processes 1;\n]]\n";
         bytes.insert(10, 1, '\0');
         write_file(d.path() / "binary.template", bytes);
         return d / "binary.template";
       }, "binary"},
      {"empty file", [](const TempDir& d) {
         write_file(d.path() / "empty.template", "");
         return d / "empty.template";
       }, "empty", false},  // an empty side is a text like any other to merge, as to git merge-file
      {"missing file", [](const TempDir& d) { return d / "missing.template"; }, "no such file"},
      {"directory", [](const TempDir& d) {
         fs::create_directories(d.path() / "folder");
         return d / "folder";
       }, "directory"},
      {"FIFO", [](const TempDir& d) {
         std::string path = d / "fifo";
         ::mkfifo(path.c_str(), 0600);
         return path;
       }, "FIFO"},
      {"device", [](const TempDir&) { return std::string("/dev/zero"); }, "device"},
  };
}

TEST(SameMistake, EveryCommandRefusesABadFileTheSameWay) {
  for (const FileMistake& mistake : file_mistakes()) {
    TempDir dir;
    const std::string file = mistake.make(dir);
    for (const auto& args : file_commands(file)) {
      if (args[0] == "merge" && !mistake.merge_too) continue;
      SCOPED_TRACE(mistake.name);
      expect_one_trouble_line(args, mistake.names);
    }
  }
}

TEST(SameMistake, StandardInputIsReadAsAFileIsEverywhere) {
  ProcessOptions binary;
  binary.input = std::string("server {\0}\n", 11);
  for (const auto& args : file_commands("-")) {
    if (args[0] == "merge") continue;  // merge reads FILEs given by name only
    expect_one_trouble_line(args, "binary", binary);
  }
  ProcessOptions empty;
  for (const auto& args : file_commands("-")) {
    if (args[0] == "merge") continue;
    expect_one_trouble_line(args, "empty", empty);
  }
}

/// Every command that reads templates from a repository, with arguments that
/// work on the fixture repository (versions 1.0.0 and 2.0.0).
const std::vector<std::vector<std::string>> kRepositoryCommands = {
    {"diff", "1.0.0", "2.0.0"},
    {"patch", "1.0.0", "2.0.0"},
    {"show", "1.0.0"},
    {"show", "1.0.0", "nginx_kong.lua"},
    {"history", "1.0.0", "2.0.0"},
    {"plan", "1.0.0", "2.0.0"},
    {"detect", kCustom},
    {"apply", "--from", "1.0.0", "--to", "2.0.0", kCustom},
    {"lint", "--version", "2.0.0", kCustom},
    {"compose", "2.0.0", "--layout", "composite"},
    {"diff", "--against", kCustom, "1.0.0"},
};

TEST(SameMistake, ATemplatesGlobThatMatchesNothingFailsEveryCommand) {
  const std::string glob = "kong/templates/nothing_here*.lua";
  for (auto args : kRepositoryCommands) {
    // After the subcommand...
    std::vector<std::string> after = {"--repo", kRepo};
    after.insert(after.end(), args.begin(), args.end());
    after.insert(after.end(), {"--templates", glob});
    expect_one_trouble_line(after, glob);
    // ...and before it.
    std::vector<std::string> before = {"--repo", kRepo, "--templates", glob};
    before.insert(before.end(), args.begin(), args.end());
    expect_one_trouble_line(before, glob);
  }
}

TEST(SameMistake, ARepositoryThatIsNotKongsFailsEveryCommand) {
  // Tags 1.0.0 and 2.0.0 exist, but no commit has a template.
  TempDir dir;
  const std::string repo = dir / "not-kong";
  git_or_fail({"init", "-q", repo});
  write_file(fs::path(repo) / "README", "not Kong\n");
  git_or_fail({"-C", repo, "add", "README"});
  git_or_fail({"-C", repo, "commit", "-q", "-m", "one"});
  git_or_fail({"-C", repo, "tag", "1.0.0"});
  write_file(fs::path(repo) / "README", "still not Kong\n");
  git_or_fail({"-C", repo, "commit", "-q", "-a", "-m", "two"});
  git_or_fail({"-C", repo, "tag", "2.0.0"});
  for (auto args : kRepositoryCommands) {
    args.insert(args.begin(), {"--repo", repo});
    expect_one_trouble_line(args, "Kong");
  }
}

TEST(SameMistake, DetectAllReadsALargeFileAsDetectDoes) {
  // About 1 MB: the fixture composite repeated.
  const std::string unit = read_file(kCustom);
  std::string big;
  while (big.size() < (1u << 20)) big += unit;
  TempDir dir;
  write_file(dir.path() / "big.template", big);
  ProcessResult detect = run_kongtpl({"--repo", kRepo, "detect", dir / "big.template"});
  ProcessResult all = run_kongtpl({"--repo", kRepo, "detect", "--all", dir / "big.template"});
  ASSERT_EQ(0, detect.status) << detect.err;
  ASSERT_EQ(0, all.status) << all.err;
  EXPECT_NE(std::string::npos, detect.out.find("\nconsistent with ")) << detect.out;
  EXPECT_NE(std::string::npos, all.out.find("\nconsistent with ")) << all.out;
  // --all ranks the pre-release too (1.2.0rc1 in the fixture history).
  EXPECT_EQ(std::string::npos, detect.out.find("1.2.0rc1")) << detect.out;
  EXPECT_NE(std::string::npos, all.out.find("1.2.0rc1")) << all.out;
}

}  // namespace
}  // namespace kongtpl::testing
