// `kongtpl patch FROM TO`: byte for byte git's own patch format, and both
// `git apply` and GNU `patch -p1` turn a checkout of FROM's templates into
// TO's exactly (added, deleted, empty and mode-changed templates included).
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace kongtpl {
namespace {

namespace fs = std::filesystem;
using testing::ProcessOptions;
using testing::ProcessResult;
using testing::read_file;
using testing::run_kongtpl;
using testing::run_process;
using testing::TempDir;
using testing::write_file;

const std::string kFixture = KONGTPL_FIXTURE_REPO;
const std::string kGlob = "kong/templates/nginx_kong*.lua";

ProcessOptions git_env() {
  static TempDir home;
  ProcessOptions options;
  options.env = {{"HOME", home.path().string()},  {"GIT_CONFIG_NOSYSTEM", "1"}, {"GIT_AUTHOR_NAME", "t"},
                 {"GIT_AUTHOR_EMAIL", "t@t.invalid"}, {"GIT_COMMITTER_NAME", "t"}, {"GIT_COMMITTER_EMAIL", "t@t.invalid"}};
  return options;
}

ProcessResult git(const std::string& repo, std::vector<std::string> args) {
  args.insert(args.begin(), {"git", "-C", repo, "-c", "core.abbrev=7"});
  return run_process(args, git_env());
}

/// The files of rev's kong/templates extracted into dir (git archive | tar).
void extract_templates(const std::string& repo, const std::string& rev, const fs::path& dir) {
  ProcessResult archive = git(repo, {"archive", "--format=tar", rev, "kong/templates"});
  ASSERT_EQ(0, archive.status) << archive.err;
  fs::create_directories(dir);
  ProcessOptions tar;
  tar.input = archive.out;
  ProcessResult untar = run_process({"tar", "-x", "-C", dir.string()}, tar);
  ASSERT_EQ(0, untar.status) << untar.err;
}

/// nginx_kong*.lua under dir/kong/templates: path -> (executable bit, bytes).
std::map<std::string, std::pair<bool, std::string>> template_files(const fs::path& dir) {
  std::map<std::string, std::pair<bool, std::string>> files;
  const fs::path folder = dir / "kong/templates";
  if (!fs::exists(folder)) return files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("nginx_kong", 0) != 0 || name.size() < 4 || name.substr(name.size() - 4) != ".lua") continue;
    const bool exec = (fs::status(entry.path()).permissions() & fs::perms::owner_exec) != fs::perms::none;
    files["kong/templates/" + name] = {exec, read_file(entry.path())};
  }
  return files;
}

/// Applies kongtpl's patch FROM..TO to checkouts of FROM with git apply and
/// with patch -p1, and expects TO's templates in both.
void expect_patch_reproduces(const std::string& repo, const std::string& from, const std::string& to) {
  SCOPED_TRACE(from + ".." + to);
  TempDir dir;
  const std::string patch_file = dir / "kong_config_changes.diff";
  ProcessResult made = run_kongtpl({"--repo", repo, "patch", from, to, "-o", patch_file});
  ASSERT_EQ(0, made.status) << made.err;
  extract_templates(repo, to, dir.path() / "expected");
  const auto expected = template_files(dir.path() / "expected");

  for (const std::string tool : {"git-apply", "patch"}) {
    const fs::path work = dir.path() / tool;
    extract_templates(repo, from, work);
    ProcessOptions options = git_env();
    options.cwd = work.string();
    ProcessResult applied =
        tool == "git-apply"
            ? run_process({"git", "apply", "--allow-empty", "--whitespace=nowarn", patch_file}, options)
            : (read_file(patch_file).empty()  // GNU patch rejects an empty patch as garbage
                   ? ProcessResult{0, "", ""}
                   : run_process({"patch", "-p1", "--batch", "--forward", "--quiet", "-i", patch_file}, options));
    EXPECT_EQ(0, applied.status) << tool << ": " << applied.out << applied.err;
    EXPECT_EQ(expected, template_files(work)) << tool;
    EXPECT_FALSE(fs::exists(work / "kong/templates/nginx_kong.lua.orig")) << tool;
  }
}

TEST(PatchCommand, IsGitsOwnPatchOnEveryFixturePair) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"1.0.0", "1.1.0"}, {"1.1.0", "1.2.0rc1"}, {"1.2.0rc1", "1.2.0"}, {"1.2.0", "1.2.1"}, {"1.2.1", "2.0.0"},
      {"2.0.0", "2.9.0"}, {"2.9.0", "2.10.0"},   {"2.10.0", "next"},    {"1.0.0", "next"},  {"2.10.0", "1.0.0"}};
  for (const auto& [from, to] : pairs) {
    ProcessResult expected = git(kFixture, {"diff", "--no-color", "--no-renames", from, to, "--", kGlob});
    ASSERT_EQ(0, expected.status) << expected.err;
    ProcessResult ours = run_kongtpl({"--repo", kFixture, "patch", from, to});
    EXPECT_EQ(0, ours.status) << from << ".." << to << ": " << ours.err;
    EXPECT_EQ(expected.out, ours.out) << from << ".." << to;
    EXPECT_EQ("", ours.err);
  }
}

TEST(PatchCommand, CarriesGitsExtendedHeaders) {
  const std::string added = run_kongtpl({"--repo", kFixture, "patch", "1.1.0", "1.2.0rc1"}).out;
  EXPECT_NE(std::string::npos, added.find("new file mode 100644\nindex 0000000.."));
  const std::string removed = run_kongtpl({"--repo", kFixture, "patch", "1.2.1", "2.0.0"}).out;
  EXPECT_NE(std::string::npos, removed.find("deleted file mode 100644\nindex "));
  EXPECT_NE(std::string::npos, removed.find("..0000000\n--- a/kong/templates/nginx_kong_extra.lua\n+++ /dev/null\n"));
  const std::string no_newline = run_kongtpl({"--repo", kFixture, "patch", "2.0.0", "2.9.0"}).out;
  EXPECT_NE(std::string::npos, no_newline.find("\n\\ No newline at end of file\n"));
  // Exact: the whitespace-only release is in the patch.
  const std::string realign = run_kongtpl({"--repo", kFixture, "patch", "1.2.0", "1.2.1"}).out;
  EXPECT_NE(std::string::npos, realign.find("index af95b6b..bd472b1 100644\n"));
}

TEST(PatchCommand, GitApplyAndPatchReproduceEveryFixturePair) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{{"1.0.0", "1.2.0rc1"},
                                                                                 {"1.2.0", "1.2.1"},
                                                                                 {"1.2.1", "2.0.0"},
                                                                                 {"2.0.0", "2.9.0"},
                                                                                 {"2.9.0", "2.10.0"},
                                                                                 {"2.10.0", "next"},
                                                                                 {"1.0.0", "next"},
                                                                                 {"next", "1.0.0"},
                                                                                 {"2.10.0", "2.10.0"}})
    expect_patch_reproduces(kFixture, from, to);
}

TEST(PatchCommand, EmptyAndModeChangedTemplatesApply) {
  // A history git's format handles without hunks: an empty template that
  // appears, one that goes away, and a mode change.
  TempDir repo;
  const std::string r = repo.path().string();
  ASSERT_EQ(0, git(r, {"init", "-q", "."}).status);
  write_file(repo.path() / "kong/templates/nginx_kong.lua", "return [[\nworker_processes 1;\n]]\n");
  write_file(repo.path() / "kong/templates/nginx_kong_gone.lua", "");
  ASSERT_EQ(0, git(r, {"add", "-A"}).status);
  ASSERT_EQ(0, git(r, {"commit", "-q", "-m", "one"}).status);
  ASSERT_EQ(0, git(r, {"tag", "1.0.0"}).status);
  ASSERT_EQ(0, git(r, {"rm", "-q", "kong/templates/nginx_kong_gone.lua"}).status);
  write_file(repo.path() / "kong/templates/nginx_kong_new.lua", "");
  fs::permissions(repo.path() / "kong/templates/nginx_kong.lua", fs::perms::owner_exec | fs::perms::group_exec |
                                                                      fs::perms::others_exec,
                  fs::perm_options::add);
  ASSERT_EQ(0, git(r, {"add", "-A"}).status);
  ASSERT_EQ(0, git(r, {"commit", "-q", "-m", "two"}).status);
  ASSERT_EQ(0, git(r, {"tag", "1.1.0"}).status);

  ProcessResult expected = git(r, {"diff", "--no-color", "--no-renames", "1.0.0", "1.1.0", "--", kGlob});
  ProcessResult ours = run_kongtpl({"--repo", r, "patch", "1.0.0", "1.1.0"});
  EXPECT_EQ(0, ours.status) << ours.err;
  EXPECT_EQ(expected.out, ours.out);
  EXPECT_NE(std::string::npos, ours.out.find("old mode 100644\nnew mode 100755\n"));
  expect_patch_reproduces(r, "1.0.0", "1.1.0");
  expect_patch_reproduces(r, "1.1.0", "1.0.0");
}

TEST(PatchCommand, OutputFileAndExitStatus) {
  TempDir dir;
  const std::string target = dir / "kong_config_changes.diff";
  ProcessResult r = run_kongtpl({"--repo", kFixture, "patch", "2.9.0", "2.10.0", "-o", target});
  EXPECT_EQ(0, r.status) << r.err;  // a patch written is success, differences or not
  EXPECT_EQ("", r.out);
  EXPECT_EQ(run_kongtpl({"--repo", kFixture, "patch", "2.9.0", "2.10.0"}).out, read_file(target));
  EXPECT_EQ("kongtpl: wrote " + target + " (2 templates changed)\n", r.err);

  ProcessResult none = run_kongtpl({"--repo", kFixture, "patch", "2.10.0", "2.10.0"});
  EXPECT_EQ(0, none.status);
  EXPECT_EQ("", none.out);

  ProcessResult bad = run_kongtpl({"--repo", kFixture, "patch", "2.9.0", "2.11.0", "-o", target});
  EXPECT_EQ(2, bad.status);
  EXPECT_EQ(run_kongtpl({"--repo", kFixture, "patch", "2.9.0", "2.10.0"}).out, read_file(target));
}

}  // namespace
}  // namespace kongtpl
