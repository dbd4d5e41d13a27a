// Oracle tests: real git decides what the output must be. A repository is
// built with two commits (A, B) of the same files; our renderers must print
// what `git diff A B` prints, and our exact patch must turn A into B under
// `git apply` and `patch -p1`.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "diff/file_diff.hpp"
#include "diff/render_git_patch.hpp"
#include "diff/render_numstat.hpp"
#include "diff/render_stat.hpp"
#include "diff/render_unified.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::ProcessOptions;
using testing::ProcessResult;
using testing::read_file;
using testing::run_process;
using testing::TempDir;
using testing::write_file;

struct Version {
  std::map<std::string, std::string> files;       ///< path -> bytes
  std::map<std::string, uint32_t> modes;          ///< path -> mode when not 0100644
};

// A repository with commits A and B, isolated from the user's git config.
class OracleRepo {
 public:
  OracleRepo(const Version& a, const Version& b) : a_(a), b_(b) {
    git({"init", "-q", "."});
    commit(a, "A");
    commit(b, "B");
  }

  ProcessResult git(std::vector<std::string> args, const std::string& cwd = "") {
    args.insert(args.begin(), {"git", "-c", "core.abbrev=7", "-c", "diff.noprefix=false", "-c", "color.ui=never",
                               "-c", "core.autocrlf=false", "-c", "user.name=t", "-c", "user.email=t@t",
                               "-c", "diff.renames=false", "-c", "core.fileMode=true"});
    ProcessOptions options;
    options.cwd = cwd.empty() ? dir_.path().string() : cwd;
    options.env = {{"HOME", home_.path().string()}, {"GIT_CONFIG_NOSYSTEM", "1"}, {"COLUMNS", "80"},
                   {"LC_ALL", "C"}};
    options.unset_env = {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"};
    ProcessResult r = run_process(args, options);
    EXPECT_EQ(0, r.status) << "git " << args[args.size() - 1] << ": " << r.err;
    return r;
  }

  // The diff of A..B under options, through our library.
  std::vector<FileDiff> ours(const DiffOptions& options) const {
    std::map<std::string, std::pair<const std::string*, const std::string*>> paths;
    for (const auto& [p, bytes] : a_.files) paths[p].first = &bytes;
    for (const auto& [p, bytes] : b_.files) paths[p].second = &bytes;
    std::vector<FileDiff> out;
    for (const auto& [p, sides] : paths) {
      FileSide before{p, sides.first ? *sides.first : "", "", mode_of(a_, p)};
      FileSide after{p, sides.second ? *sides.second : "", "", mode_of(b_, p)};
      out.push_back(compare_files(sides.first ? &before : nullptr, sides.second ? &after : nullptr, options));
    }
    sort_by_path(out);
    return out;
  }

  const std::filesystem::path& path() const { return dir_.path(); }

 private:
  static uint32_t mode_of(const Version& v, const std::string& p) {
    auto it = v.modes.find(p);
    return it == v.modes.end() ? 0100644 : it->second;
  }

  void commit(const Version& v, const std::string& message) {
    git({"rm", "-q", "-r", "--cached", "--ignore-unmatch", "."});
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path()))
      if (entry.path().filename() != ".git") std::filesystem::remove_all(entry.path());
    for (const auto& [p, bytes] : v.files) {
      write_file(dir_.path() / p, bytes);
      std::filesystem::permissions(dir_.path() / p,
                                   mode_of(v, p) == 0100755 ? std::filesystem::perms::owner_all
                                                            : std::filesystem::perms::owner_read |
                                                                  std::filesystem::perms::owner_write);
    }
    git({"add", "-A", "."});
    git({"commit", "-q", "--allow-empty", "-m", message});
    git({"tag", message});
  }

  TempDir dir_, home_;
  Version a_, b_;
};

std::string numbered(int from, int to, const std::string& stem) {
  std::string out;
  for (int i = from; i <= to; ++i) out += stem + std::to_string(i) + "\n";
  return out;
}

// Two versions covering the cases git treats specially.
std::pair<Version, Version> sample_versions() {
  Version a, b;
  // CRLF lines, one of them losing its CR.
  a.files["crlf.conf"] = "keepalive 60;\r\nworkers 4;\r\nend\r\n";
  b.files["crlf.conf"] = "keepalive 60;\nworkers 4;\r\nend\r\n";
  // Final newline removed, and another file gaining one.
  a.files["eof_lost.conf"] = "listen 80;\nserver_name x;\n";
  b.files["eof_lost.conf"] = "listen 80;\nserver_name y;";
  a.files["eof_gain.conf"] = "alpha\nbeta";
  b.files["eof_gain.conf"] = "alpha\nbeta\ngamma\n";
  // Empty files: one stays, one appears, one disappears.
  a.files["empty_same"] = "";
  b.files["empty_same"] = "";
  b.files["empty_new"] = "";
  a.files["empty_gone"] = "";
  // Added and deleted files, one without its final newline.
  b.files["added.lua"] = "return [[\nhttp {\n}\n]]\n";
  a.files["deleted.lua"] = "one\ntwo";
  // Whitespace only: indentation and trailing blanks.
  a.files["ws_only.conf"] = "http {\n    server {\n    }\n}\n";
  b.files["ws_only.conf"] = "http {\n\tserver  {  \n    }\n}\n";
  // Whitespace-only change next to a real one.
  a.files["ws_mixed.conf"] = "events {\n  worker_connections 1024;\n  multi_accept on;\n}\n";
  b.files["ws_mixed.conf"] = "events {\n    worker_connections 1024;\n  multi_accept off;\n}\n";
  // Nearby changes (merged into one hunk) and distant ones (two hunks),
  // under function-name headings.
  std::string body = "http {\n" + numbered(1, 12, "  directive_") + "}\nstream {\n" + numbered(13, 30, "  directive_") + "}\n";
  a.files["nginx.conf"] = body;
  std::string changed = body;
  auto replace = [&changed](const std::string& from, const std::string& to) {
    changed.replace(changed.find(from), from.size(), to);
  };
  replace("  directive_3\n", "  directive_3 changed\n");
  replace("  directive_9\n", "  directive_9 changed\n");
  replace("  directive_20\n", "  inserted_a\n  directive_20\n");
  replace("  directive_28\n", "");
  b.files["nginx.conf"] = changed;
  // Changes exactly 2*3 and 2*3+1 lines apart.
  std::string gap = numbered(1, 20, "line ");
  a.files["gap.txt"] = gap;
  std::string gap_b = gap;
  gap_b.replace(gap_b.find("line 2\n"), 7, "LINE 2\n");
  gap_b.replace(gap_b.find("line 9\n"), 7, "LINE 9\n");   // 6 common lines between
  gap_b.replace(gap_b.find("line 17\n"), 8, "LINE 17\n"); // 7 common lines between
  b.files["gap.txt"] = gap_b;
  // Blank lines only, near and far from a real change (--ignore-blank-lines).
  std::string blanks = numbered(1, 16, "b");
  a.files["blanks.txt"] = blanks;
  std::string blanks_b = blanks;
  blanks_b.replace(blanks_b.find("b2\n"), 3, "b2\n\n");
  blanks_b.replace(blanks_b.find("b5\n"), 3, "B5\n");
  blanks_b.replace(blanks_b.find("b13\n"), 4, "b13\n   \n");
  b.files["blanks.txt"] = blanks_b;
  std::string only_blank = numbered(1, 5, "o");
  a.files["blank_only.txt"] = only_blank;
  b.files["blank_only.txt"] = "o1\n\no2\no3\no4\no5\n";
  // Mode change alone, and with a whitespace-only edit.
  a.files["run.sh"] = "echo hi\n";
  b.files["run.sh"] = "echo hi\n";
  b.modes["run.sh"] = 0100755;
  a.files["run2.sh"] = "echo  hi\n";
  b.files["run2.sh"] = "echo hi\n";
  b.modes["run2.sh"] = 0100755;
  // A long heading line (git cuts it at 80 bytes) and an indented one it skips.
  std::string heading = "upstream_with_a_really_long_name_that_keeps_going_and_going_past_eighty_bytes_total { \n";
  a.files["heading.conf"] = heading + "  x\n" + numbered(1, 8, "  y") + "  z\n";
  b.files["heading.conf"] = heading + "  x\n" + numbered(1, 8, "  y") + "  Z\n";
  // Whitespace errors git paints in colour: space before tab, trailing
  // blanks, blank lines added at the end.
  a.files["tail.conf"] = "x\n";
  b.files["tail.conf"] = "x\n \ty\t\n\tz \r\n\n  \n";
  // Enough changed lines for the --stat graph to be scaled, and a name long
  // enough to be cut with "...".
  a.files["big.txt"] = numbered(1, 150, "old ");
  b.files["big.txt"] = numbered(1, 120, "new ");
  const std::string deep = "kong/templates/a_very_long_directory_name_for_stat/nginx_kong_stream_extra.lua";
  a.files[deep] = "one\n";
  b.files[deep] = "two\n";
  // Paths git orders byte by byte across directories.
  a.files["a-b"] = "1\n";
  b.files["a-b"] = "2\n";
  a.files["a/x"] = "1\n";
  b.files["a/x"] = "2\n";
  a.files["a0"] = "1\n";
  b.files["a0"] = "2\n";
  return {a, b};
}

class GitOracle : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto [a, b] = sample_versions();
    repo_ = new OracleRepo(a, b);
  }
  static void TearDownTestSuite() {
    delete repo_;
    repo_ = nullptr;
  }
  static OracleRepo* repo_;
};
OracleRepo* GitOracle::repo_ = nullptr;

struct Mode {
  const char* flag;
  WhitespaceMode whitespace;
};
const Mode kModes[] = {{"-w", WhitespaceMode::IgnoreAllSpace},
                       {"-b", WhitespaceMode::IgnoreSpaceChange},
                       {"--no-ext-diff", WhitespaceMode::Exact}};

TEST_F(GitOracle, UnifiedMatchesGitDiffInEveryWhitespaceMode) {
  for (const Mode& mode : kModes) {
    for (bool blank : {false, true}) {
      std::vector<std::string> args = {"diff", mode.flag};
      if (blank) args.push_back("--ignore-blank-lines");
      args.insert(args.end(), {"A", "B"});
      const std::string expected = repo_->git(args).out;
      ASSERT_NE("", expected);
      const std::string actual = render_unified(repo_->ours(DiffOptions{mode.whitespace, blank, 3}));
      EXPECT_EQ(expected, actual) << "git diff " << mode.flag << (blank ? " --ignore-blank-lines" : "");
    }
  }
}

TEST_F(GitOracle, ContextWidthsMatchGit) {
  for (int context : {0, 1, 5}) {
    const std::string expected = repo_->git({"diff", "-U" + std::to_string(context), "A", "B"}).out;
    EXPECT_EQ(expected, render_unified(repo_->ours(DiffOptions{WhitespaceMode::Exact, false, context})))
        << "-U" << context;
  }
}

TEST_F(GitOracle, ColouredOutputMatchesGit) {
  for (const Mode& mode : kModes) {
    const std::string expected = repo_->git({"diff", "--color=always", mode.flag, "A", "B"}).out;
    EXPECT_EQ(expected, render_unified(repo_->ours(DiffOptions{mode.whitespace, false, 3}), UnifiedStyle{true}))
        << mode.flag;
  }
}

TEST_F(GitOracle, NumstatAndStatMatchGit) {
  for (const Mode& mode : kModes) {
    for (bool blank : {false, true}) {
      std::vector<std::string> flags = {mode.flag};
      if (blank) flags.push_back("--ignore-blank-lines");
      auto run = [&](const std::string& format) {
        std::vector<std::string> args = {"diff", format};
        args.insert(args.end(), flags.begin(), flags.end());
        args.insert(args.end(), {"A", "B"});
        return repo_->git(args).out;
      };
      const auto files = repo_->ours(DiffOptions{mode.whitespace, blank, 3});
      EXPECT_EQ(run("--numstat"), render_numstat(files)) << mode.flag << " blank=" << blank;
      EXPECT_EQ(run("--stat"), render_stat(files)) << mode.flag << " blank=" << blank;
    }
  }
}

// Applies our exact patch (built from a -w comparison) to a checkout of A
// and expects B's bytes and modes exactly.
TEST_F(GitOracle, ExactPatchAppliesWithGitApplyAndPatch) {
  const std::string patch = render_git_patch(repo_->ours(DiffOptions{}));
  EXPECT_EQ(repo_->git({"diff", "A", "B"}).out, patch);
  auto [a, b] = sample_versions();

  for (const std::string tool : {"git", "patch"}) {
    TempDir work;
    // A fresh worktree of A, made by git itself.
    repo_->git({"worktree", "add", "-q", "--detach", (work.path() / "wt").string(), "A"});
    const std::string wt = (work.path() / "wt").string();
    write_file(work.path() / "p.diff", patch);
    if (tool == "git") {
      repo_->git({"apply", "--whitespace=nowarn", (work.path() / "p.diff").string()}, wt);
    } else {
      ProcessOptions options;
      options.cwd = wt;
      ProcessResult r = run_process({"patch", "-p1", "-s", "-i", (work.path() / "p.diff").string()}, options);
      EXPECT_EQ(0, r.status) << r.out << r.err;
    }
    for (const auto& [p, bytes] : b.files) EXPECT_EQ(bytes, read_file(std::filesystem::path(wt) / p)) << tool << " " << p;
    for (const auto& [p, bytes] : a.files)
      if (!b.files.count(p) && !bytes.empty()) {
        EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(wt) / p)) << tool << " " << p;
      }
    if (tool == "git") {
      // git apply also carries the mode change.
      auto perms = std::filesystem::status(std::filesystem::path(wt) / "run.sh").permissions();
      EXPECT_NE(perms & std::filesystem::perms::owner_exec, std::filesystem::perms::none);
      repo_->git({"add", "-A", "."}, wt);
      EXPECT_EQ("", repo_->git({"diff", "--cached", "--raw", "B"}, wt).out);
    }
    repo_->git({"worktree", "remove", "--force", wt});
  }
}

}  // namespace
}  // namespace kongtpl
