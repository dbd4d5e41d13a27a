// The habits git users bring to `kongtpl diff` and `versions`, with git as
// the oracle where git defines the output: FROM..TO, `-- PATH...`, bare
// template names, --name-only/--name-status, -q/--quiet (exit status only),
// --no-progress, --format json, and --version naming the commit.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::ProcessOptions;
using testing::ProcessResult;
using testing::run_kongtpl;
using testing::run_process;
using testing::TempDir;

const std::string kRepo = KONGTPL_FIXTURE_REPO;

ProcessResult kongtpl_diff(std::vector<std::string> args) {
  args.insert(args.begin(), {"--repo", kRepo, "diff"});
  return run_kongtpl(args);
}

ProcessResult git(std::vector<std::string> args) {
  static TempDir home;
  ProcessOptions env;
  env.env = {{"HOME", home.path().string()}, {"GIT_CONFIG_NOSYSTEM", "1"}};
  env.unset_env = {"COLUMNS"};
  args.insert(args.begin(), {"git", "-C", kRepo, "-c", "core.abbrev=7"});
  return run_process(args, env);
}

/// The fixture's versions, oldest first.
std::vector<std::string> versions() {
  ProcessResult r = run_kongtpl({"--repo", kRepo, "versions"});
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t end; (end = r.out.find('\n', start)) != std::string::npos; start = end + 1)
    out.push_back(r.out.substr(start, end - start));
  return out;
}

TEST(GitHabits, ARangeIsTheTwoVersions) {
  ProcessResult two = kongtpl_diff({"2.0.0", "2.10.0"});
  ProcessResult range = kongtpl_diff({"2.0.0..2.10.0"});
  EXPECT_EQ(1, range.status) << range.err;
  EXPECT_EQ(two.out, range.out);
  EXPECT_EQ(kongtpl_diff({"--stat", "2.0.0", "2.10.0"}).out, kongtpl_diff({"--stat", "2.0.0..2.10.0"}).out);
  for (const std::string bad : {"2.0.0..", "..2.10.0", "2.0.0...2.10.0"}) {
    ProcessResult r = kongtpl_diff({bad});
    EXPECT_EQ(2, r.status) << bad;
    EXPECT_EQ("", r.out);
    EXPECT_EQ(1, std::count(r.err.begin(), r.err.end(), '\n')) << r.err;
  }
}

TEST(GitHabits, PathsAfterDoubleDashChooseTemplatesAsGitsPathspecs) {
  const std::vector<std::vector<std::string>> pathspecs = {
      {"kong/templates/nginx_kong.lua"},
      {"kong/templates"},
      {"kong/templates/nginx.lua", "kong/templates/nginx_kong_stream.lua"},
      {"kong/templates/*stream*"}};
  for (const auto& paths : pathspecs) {
    std::vector<std::string> git_args = {"diff", "-w", "1.0.0", "2.10.0", "--"};
    git_args.insert(git_args.end(), paths.begin(), paths.end());
    ProcessResult expected = git(git_args);
    ASSERT_EQ(0, expected.status) << expected.err;
    for (const std::vector<std::string>& head :
         {std::vector<std::string>{"1.0.0", "2.10.0", "--"}, std::vector<std::string>{"1.0.0..2.10.0", "--"}}) {
      std::vector<std::string> args = head;
      args.insert(args.end(), paths.begin(), paths.end());
      ProcessResult ours = kongtpl_diff(args);
      EXPECT_EQ(expected.out, ours.out) << paths.front();
      EXPECT_EQ(expected.out.empty() ? 0 : 1, ours.status) << ours.err;
    }
  }
  ProcessResult both = kongtpl_diff({"--templates", "nginx.lua", "1.0.0", "2.10.0", "--", "nginx.lua"});
  EXPECT_EQ(2, both.status);
}

TEST(GitHabits, ABareTemplateNameIsOneInKongTemplates) {
  for (const std::string name : {"nginx.lua", "nginx_kong.lua", "nginx_kong*.lua"}) {
    ProcessResult full = kongtpl_diff({"--templates", "kong/templates/" + name, "1.0.0", "2.10.0"});
    ASSERT_EQ(1, full.status) << full.err;
    EXPECT_EQ(full.out, kongtpl_diff({"--templates", name, "1.0.0", "2.10.0"}).out) << name;
    EXPECT_EQ(full.out, kongtpl_diff({"1.0.0", "2.10.0", "--", name}).out) << name;
    // One value per --templates: the versions after it stay versions.
    ProcessResult before = run_kongtpl({"--repo", kRepo, "--templates", name, "diff", "1.0.0", "2.10.0"});
    EXPECT_EQ(full.out, before.out) << before.err;
  }
}

TEST(GitHabits, NameOnlyAndNameStatusMatchGitForEveryPairOfReleases) {
  std::vector<std::string> all = versions();
  ASSERT_GE(all.size(), 4u);
  int compared = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    for (size_t j = 0; j < all.size(); j += 2) {
      for (const std::string mode : {"--name-only", "--name-status"}) {
        for (const std::string space : {"-w", "--exact"}) {
          std::vector<std::string> git_args = {"diff", mode, all[i], all[j], "--", "kong/templates/*"};
          if (space == "-w") git_args.insert(git_args.begin() + 1, "-w");
          ProcessResult expected = git(git_args);
          ProcessResult ours = kongtpl_diff({mode, space, all[i], all[j], "--", "kong/templates/*"});
          EXPECT_EQ(expected.out, ours.out) << mode << " " << space << " " << all[i] << " " << all[j];
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 20);
}

TEST(GitHabits, QuietPrintsNothingAndExitsAsGitDiffQuiet) {
  std::vector<std::string> all = versions();
  for (size_t i = 0; i + 1 < all.size(); ++i) {
    for (const std::string space : {"-w", "-b"}) {
      ProcessResult expected = git({"diff", space, "--quiet", all[i], all[i + 1], "--", "kong/templates/nginx_kong*.lua"});
      for (const std::string quiet : {"-q", "--quiet"}) {
        ProcessResult ours = kongtpl_diff({quiet, space, all[i], all[i + 1]});
        EXPECT_EQ(expected.status, ours.status) << space << " " << all[i] << ".." << all[i + 1] << ours.err;
        EXPECT_EQ("", ours.out);
        EXPECT_EQ("", ours.err);
      }
    }
  }
  // Progress has its own switch now.
  ProcessResult no_progress = kongtpl_diff({"--no-progress", "2.0.0", "2.10.0"});
  EXPECT_EQ(1, no_progress.status);
  EXPECT_EQ(kongtpl_diff({"2.0.0", "2.10.0"}).out, no_progress.out);
  EXPECT_EQ(0, run_kongtpl({"--repo", kRepo, "--no-progress", "versions"}).status);
}

TEST(WordDiff, MatchesGitsPlainAndColorModesForEveryPairOfReleases) {
  std::vector<std::string> all = versions();
  int differing = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    for (size_t j = i + 1; j < all.size(); ++j) {
      for (const std::string space : {"-w", "--exact"}) {
        const std::vector<std::pair<std::string, std::string>> modes = {
            {"--word-diff", "--word-diff"}, {"--word-diff=plain", "--word-diff=plain"},
            {"--word-diff=color", "--word-diff=color"}, {"--color-words", "--color-words"}};
        for (const auto& [ours_flag, git_flag] : modes) {
          std::vector<std::string> git_args = {"diff", git_flag, all[i], all[j], "--", "kong/templates/*"};
          if (space == "-w") git_args.insert(git_args.begin() + 1, "-w");
          ProcessResult expected = git(git_args);
          ASSERT_EQ(0, expected.status) << expected.err;
          ProcessResult ours = kongtpl_diff({ours_flag, space, all[i], all[j], "--", "kong/templates/*"});
          EXPECT_EQ(expected.out, ours.out) << ours_flag << " " << space << " " << all[i] << " " << all[j];
          if (!expected.out.empty()) ++differing;
        }
      }
    }
  }
  EXPECT_GT(differing, 20);
  // With --color=always, plain markers are coloured too, as git's.
  ProcessResult expected = git({"diff", "-w", "--word-diff", "--color=always", "1.0.0", "2.10.0", "--", "kong/templates/*"});
  EXPECT_EQ(expected.out, kongtpl_diff({"--word-diff", "--color=always", "1.0.0", "2.10.0", "--", "kong/templates/*"}).out);
  EXPECT_EQ(2, kongtpl_diff({"--word-diff=loud", "1.0.0", "2.10.0"}).status);
}

/// The unified diff's hunks, rebuilt from the JSON.
std::string hunks_from_json(const nlohmann::json& doc) {
  std::string out;
  for (const auto& file : doc["files"]) {
    for (const auto& hunk : file["hunks"]) {
      auto range = [](size_t start, size_t count) {
        return std::to_string(start) + (count == 1 ? "" : "," + std::to_string(count));
      };
      out += "@@ -" + range(hunk["old_start"], hunk["old_lines"]) + " +" + range(hunk["new_start"], hunk["new_lines"]) +
             " @@";
      std::string heading = hunk["heading"];
      if (!heading.empty()) out += " " + heading;
      out += "\n";
      for (const auto& line : hunk["lines"]) out += line["op"].get<std::string>() + line["text"].get<std::string>() + "\n";
    }
  }
  return out;
}

/// The hunk lines of a unified diff (from the first "@@" of each file on).
std::string hunks_of_text(const std::string& diff) {
  std::string out;
  bool in_hunk = false;
  size_t start = 0;
  for (size_t end; (end = diff.find('\n', start)) != std::string::npos; start = end + 1) {
    std::string line = diff.substr(start, end - start + 1);
    if (line.rfind("diff --git ", 0) == 0) in_hunk = false;
    if (line.rfind("@@ ", 0) == 0) in_hunk = true;
    if (in_hunk && line.rfind("\\ ", 0) != 0) out += line;
  }
  return out;
}

TEST(DiffJson, HoldsTheSameHunksAsTheTextForEveryPair) {
  std::vector<std::string> all = versions();
  for (size_t i = 0; i + 1 < all.size(); ++i) {
    for (const std::string space : {"-w", "--exact"}) {
      ProcessResult text = kongtpl_diff({space, all[i], all[i + 1]});
      ProcessResult json = kongtpl_diff({"--format", "json", space, all[i], all[i + 1]});
      EXPECT_EQ(text.status, json.status) << json.err;
      nlohmann::json doc = nlohmann::json::parse(json.out);
      EXPECT_EQ("kongtpl-diff/1", doc["schema"]);
      EXPECT_EQ(all[i], doc["from"]);
      EXPECT_EQ(all[i + 1], doc["to"]);
      EXPECT_EQ(space == "-w" ? "ignore-all-space" : "exact", doc["whitespace"]);
      EXPECT_EQ(hunks_of_text(text.out), hunks_from_json(doc)) << all[i] << ".." << all[i + 1] << " " << space;
      ProcessResult names = kongtpl_diff({"--name-status", space, all[i], all[i + 1]});
      std::string listed;
      for (const auto& file : doc["files"])
        listed += std::string(1, static_cast<char>(std::toupper(file["status"].get<std::string>()[0]))) + "\t" +
                  file["path"].get<std::string>() + "\n";
      EXPECT_EQ(names.out, listed);
    }
  }
  ProcessResult both = kongtpl_diff({"--format", "json", "--stat", "2.0.0", "2.10.0"});
  EXPECT_EQ(2, both.status);
  EXPECT_EQ(2, kongtpl_diff({"--format", "yaml", "2.0.0", "2.10.0"}).status);
}

TEST(VersionsJson, ListsTheSameVersionsAsTheText) {
  for (const std::string pattern : {"", "2.*", "1"}) {
    std::vector<std::string> args = {"--repo", kRepo, "versions"};
    if (!pattern.empty()) args.push_back(pattern);
    ProcessResult text = run_kongtpl(args);
    args.insert(args.end(), {"--format", "json"});
    ProcessResult json = run_kongtpl(args);
    ASSERT_EQ(0, json.status) << json.err;
    nlohmann::json doc = nlohmann::json::parse(json.out);
    EXPECT_EQ("kongtpl-versions/1", doc["schema"]);
    EXPECT_EQ(pattern, doc["pattern"]);
    std::string listed;
    for (const auto& v : doc["versions"]) {
      std::string name = v["name"];
      listed += name + "\n";
      bool looks_pre = name.find("rc") != std::string::npos || name.find("beta") != std::string::npos ||
                       name.find("alpha") != std::string::npos || name.find("preview") != std::string::npos;
      EXPECT_EQ(looks_pre, v["prerelease"].get<bool>()) << name;
    }
    EXPECT_EQ(text.out, listed);
  }
}

TEST(Version, NamesTheCommitTheBinaryWasBuiltFrom) {
  ProcessResult version = run_kongtpl({"--version"});
  ASSERT_EQ(0, version.status);
  ProcessResult head = run_process({"git", "-C", KONGTPL_SOURCE_DIR, "rev-parse", "--short=12", "HEAD"});
  if (head.status != 0) {
    EXPECT_EQ("kongtpl " KONGTPL_PACKAGE_VERSION "\n", version.out) << "not a git checkout: no commit to name";
    return;
  }
  std::string commit = head.out.substr(0, head.out.size() - 1);
  EXPECT_EQ(0u, version.out.rfind("kongtpl " KONGTPL_PACKAGE_VERSION " (commit " + commit, 0)) << version.out;
  EXPECT_EQ(version.out, run_kongtpl({"-V"}).out);
}

}  // namespace
}  // namespace kongtpl
