// Fidelity against git on Kong's real history (the shared bundle): for every
// pair of consecutive final releases, `kongtpl diff --numstat` prints what
// `git diff -w --numstat` prints, and `kongtpl patch` applied with git apply
// and with GNU patch -p1 to FROM's templates yields TO's templates exactly.
// Skipped, visibly, when ../shared/kong-templates.bundle is absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <sstream>
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

const std::string kGlob = "kong/templates/nginx_kong*.lua";

ProcessOptions git_env() {
  static TempDir home;
  ProcessOptions options;
  options.env = {{"HOME", home.path().string()}, {"GIT_CONFIG_NOSYSTEM", "1"}};
  return options;
}

/// Final releases in version order, from `kongtpl versions`: a final is
/// numbers only, with an optional package revision ("0.2.0-2").
std::vector<std::string> consecutive_finals(const std::string& repo) {
  ProcessResult listed = run_kongtpl({"--repo", repo, "versions"});
  if (listed.status != 0) throw std::runtime_error("kongtpl versions failed: " + listed.err);
  static const std::regex final_release(R"(v?[0-9]+(\.[0-9]+)*(-[0-9]+)?)");
  std::vector<std::string> finals;
  std::istringstream lines(listed.out);
  for (std::string tag; std::getline(lines, tag);)
    if (std::regex_match(tag, final_release)) finals.push_back(tag);
  return finals;
}

/// nginx_kong*.lua files of one checkout: path -> bytes.
using TemplateFiles = std::map<std::string, std::string>;

TemplateFiles template_files(const fs::path& root) {
  TemplateFiles files;
  const fs::path folder = root / "kong/templates";
  if (!fs::exists(folder)) return files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("nginx_kong", 0) == 0 && name.size() >= 4 && name.compare(name.size() - 4, 4, ".lua") == 0)
      files["kong/templates/" + name] = read_file(entry.path());
  }
  return files;
}

/// Extracts rev's kong/templates into dir with git archive and tar.
void extract(const std::string& repo, const std::string& rev, const fs::path& dir) {
  fs::create_directories(dir);
  // Old releases have no kong/templates (the templates appear at 0.9.0).
  if (run_process({"git", "--git-dir", repo, "ls-tree", rev, "kong/templates"}, git_env()).out.empty()) return;
  ProcessResult archive =
      run_process({"git", "--git-dir", repo, "archive", "--format=tar", rev, "kong/templates"}, git_env());
  if (archive.status != 0) throw std::runtime_error("git archive " + rev + ": " + archive.err);
  ProcessOptions tar;
  tar.input = archive.out;
  if (run_process({"tar", "-x", "-C", dir.string()}, tar).status != 0) throw std::runtime_error("tar failed");
}

/// Joined list of up to 10 failures, for one readable message.
std::string summary(const std::vector<std::string>& failures) {
  std::string out;
  for (size_t i = 0; i < failures.size() && i < 10; ++i) out += "\n  " + failures[i];
  if (failures.size() > 10) out += "\n  ... and " + std::to_string(failures.size() - 10) + " more";
  return out;
}

class KongFidelity : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = testing::shared_bare_clone();
    if (repo_.empty())
      GTEST_SKIP() << "no shared bundle at " << KONGTPL_SHARED_DIR
                   << "/kong-templates.bundle: fidelity against Kong's history not checked";
    finals_ = consecutive_finals(repo_);
    ASSERT_GT(finals_.size(), 100u) << "the bundle should hold Kong's 130+ final releases";
  }
  std::string repo_;
  std::vector<std::string> finals_;
};

TEST_F(KongFidelity, NumstatEqualsGitDiffWForConsecutiveFinals) {
  std::vector<std::string> failures;
  int compared = 0, with_changes = 0;
  for (size_t i = 1; i < finals_.size(); ++i) {
    const std::string &from = finals_[i - 1], &to = finals_[i];
    ProcessResult git = run_process(
        {"git", "--git-dir", repo_, "diff", "-w", "--numstat", from, to, "--", kGlob}, git_env());
    ASSERT_EQ(0, git.status) << git.err;
    ProcessResult ours = run_kongtpl({"--repo", repo_, "diff", "--numstat", from, to});
    ++compared;
    if (ours.status == 2) {
      // Allowed only where neither release has such a template (old Kong):
      // the glob matching nothing is bad input, and git prints nothing.
      std::string files;
      for (const std::string& rev : {from, to})
        files += run_process({"git", "--git-dir", repo_, "ls-tree", "-r", "--name-only", rev, "--", "kong/templates/"},
                             git_env())
                     .out;
      if (!git.out.empty() || files.find("kong/templates/nginx_kong") != std::string::npos)
        failures.push_back(from + ".." + to + ": kongtpl failed: " + ours.err);
      continue;
    }
    if (!git.out.empty()) ++with_changes;
    if (ours.out != git.out || ours.status != (git.out.empty() ? 0 : 1))
      failures.push_back(from + ".." + to + " (exit " + std::to_string(ours.status) + "):\n    git:     " +
                         git.out + "    kongtpl: " + ours.out);
  }
  EXPECT_GT(with_changes, 50);
  EXPECT_TRUE(failures.empty()) << failures.size() << " of " << compared << " pairs differ:" << summary(failures);
}

TEST_F(KongFidelity, PatchReproducesEachFinalFromThePreviousWithGitApplyAndPatch) {
  TempDir work;
  std::vector<std::string> failures;
  int applied = 0;
  for (size_t i = 1; i < finals_.size(); ++i) {
    const std::string &from = finals_[i - 1], &to = finals_[i];
    const fs::path pair_dir = work.path() / std::to_string(i);
    const std::string patch_file = (pair_dir / "kong_config_changes.diff").string();
    fs::create_directories(pair_dir);
    ProcessResult made = run_kongtpl({"--repo", repo_, "patch", from, to, "-o", patch_file});
    if (made.status == 2) continue;  // no nginx_kong*.lua at either: see the numstat test
    if (made.status != 0) {
      failures.push_back(from + ".." + to + ": kongtpl patch exit " + std::to_string(made.status) + ": " + made.err);
      continue;
    }
    extract(repo_, to, pair_dir / "expected");
    const TemplateFiles expected = template_files(pair_dir / "expected");
    const bool empty_patch = read_file(patch_file).empty();

    for (const std::string tool : {"git-apply", "patch"}) {
      const fs::path tree = pair_dir / tool;
      extract(repo_, from, tree);
      ProcessOptions options = git_env();
      options.cwd = tree.string();
      ProcessResult r;
      if (tool == "git-apply")
        r = run_process({"git", "apply", "--allow-empty", "--whitespace=nowarn", patch_file}, options);
      else if (!empty_patch)  // GNU patch calls an empty patch garbage; nothing to apply
        r = run_process({"patch", "-p1", "--batch", "--forward", "--quiet", "-i", patch_file}, options);
      else
        r.status = 0;
      if (r.status != 0) {
        failures.push_back(from + ".." + to + ": " + tool + " failed: " + r.out + r.err);
        continue;
      }
      if (template_files(tree) != expected) failures.push_back(from + ".." + to + ": " + tool + " result differs");
    }
    ++applied;
    fs::remove_all(pair_dir);
  }
  EXPECT_GT(applied, 100);
  EXPECT_TRUE(failures.empty()) << failures.size() << " failures:" << summary(failures);
}

}  // namespace
}  // namespace kongtpl
