// Files the user owns are never damaged: --report and -o may not name an
// input or each other, symlinks are written through, hard-linked and
// read-only files are not replaced behind the user's back, backups keep the
// file's permissions, and inputs that are not regular files or are too large
// are refused before they can hang kongtpl. Standard input and output work
// as "-".
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace kongtpl::testing {
namespace {

namespace fs = std::filesystem;

const std::string kBase = "a\nb\nc\nd\ne\nf\ng\n";
const std::string kOurs = "a\nB-ours\nc\nd\ne\nf\ng\n";
const std::string kTheirs = "a\nb\nc\nd\ne\nf\nG-theirs\n";
const std::string kMerged = "a\nB-ours\nc\nd\ne\nf\nG-theirs\n";
const std::string kConflicting = "a\nB-theirs\nc\nd\ne\nf\ng\n";

struct Files {
  TempDir dir;
  std::string ours = dir / "ours.conf", base = dir / "base.conf", theirs = dir / "theirs.conf";
  explicit Files(const std::string& theirs_text = kTheirs) {
    write_file(ours, kOurs);
    write_file(base, kBase);
    write_file(theirs, theirs_text);
  }
  ProcessResult merge(std::vector<std::string> options) const {
    std::vector<std::string> args = {"merge"};
    args.insert(args.end(), options.begin(), options.end());
    args.insert(args.end(), {ours, base, theirs});
    return run_kongtpl(args);
  }
};

unsigned mode_of(const std::string& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_mode & 07777;
}

size_t lines_in(const std::string& text) {
  size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

// Exit 2, one line on stderr mentioning what, nothing written.
void expect_refused(const ProcessResult& r, const std::string& what) {
  EXPECT_EQ(2, r.status) << r.err;
  EXPECT_EQ(1u, lines_in(r.err)) << r.err;
  EXPECT_NE(std::string::npos, r.err.find(what)) << r.err;
}

TEST(FileSafety, ReportMayNotBeAnInputOrAWrittenFile) {
  Files f;
  expect_refused(f.merge({"--report", f.ours}), "refusing --report");
  expect_refused(f.merge({"--report", f.base}), "refusing --report");
  expect_refused(f.merge({"-o", f.dir / "out", "--report", f.dir / "out"}), "the -o output");
  expect_refused(f.merge({"--write", "--report", f.ours + ".orig"}), "backup");
  expect_refused(f.merge({"--write", "--report", f.ours + ".merged"}), "conflicted result");
  // The same file by another name is the same file.
  fs::create_symlink(f.ours, f.dir / "alias");
  expect_refused(f.merge({"--report", f.dir / "alias"}), "refusing --report");
  EXPECT_EQ(kOurs, read_file(f.ours));
  EXPECT_FALSE(fs::exists(f.dir / "out"));
  EXPECT_FALSE(fs::exists(f.ours + ".orig"));
}

TEST(FileSafety, OutputMayNotBeTheInput) {
  Files f(kConflicting);
  expect_refused(f.merge({"-o", f.ours}), "use --write");
  EXPECT_EQ(kOurs, read_file(f.ours));
  EXPECT_FALSE(fs::exists(f.ours + ".orig"));
}

TEST(FileSafety, WriteGoesThroughASymlinkAndKeepsIt) {
  Files f;
  std::string real = f.dir / "real.conf";
  fs::rename(f.ours, real);
  fs::create_symlink("real.conf", f.ours);
  ProcessResult r = f.merge({"--write"});
  ASSERT_EQ(0, r.status) << r.err;
  EXPECT_TRUE(fs::is_symlink(f.ours));
  EXPECT_EQ(kMerged, read_file(real));
  EXPECT_EQ(kOurs, read_file(f.ours + ".orig"));
}

TEST(FileSafety, HardLinkedFileIsRefused) {
  Files f;
  fs::create_hard_link(f.ours, f.dir / "other-name.conf");
  expect_refused(f.merge({"--write"}), "hard links");
  EXPECT_EQ(kOurs, read_file(f.ours));
  EXPECT_EQ(kOurs, read_file(f.dir / "other-name.conf"));
}

TEST(FileSafety, BackupAndMergedFileKeepThePermissions) {
  Files f;
  ::chmod(f.ours.c_str(), 0600);
  ASSERT_EQ(0, f.merge({"--write"}).status);
  EXPECT_EQ(0600u, mode_of(f.ours));
  EXPECT_EQ(0600u, mode_of(f.ours + ".orig"));

  Files conflicted(kConflicting);
  ::chmod(conflicted.ours.c_str(), 0600);
  write_file(conflicted.ours + ".merged", "stale\n");
  ::chmod((conflicted.ours + ".merged").c_str(), 0644);
  ASSERT_EQ(1, conflicted.merge({"--write"}).status);
  EXPECT_EQ(0600u, mode_of(conflicted.ours + ".merged"));
}

TEST(FileSafety, ReadOnlyFileNeedsForce) {
  Files f;
  ::chmod(f.ours.c_str(), 0444);
  expect_refused(f.merge({"--write"}), "read-only");
  EXPECT_EQ(kOurs, read_file(f.ours));
  EXPECT_FALSE(fs::exists(f.ours + ".orig"));
  ASSERT_EQ(0, f.merge({"--write", "--force"}).status);
  EXPECT_EQ(kMerged, read_file(f.ours));
  EXPECT_EQ(0444u, mode_of(f.ours));
}

TEST(FileSafety, ForceAndNoBackupNeedWrite) {
  Files f;
  expect_refused(f.merge({"--force"}), "--force only makes sense with --write");
  expect_refused(f.merge({"--no-backup"}), "--no-backup only makes sense with --write");
}

TEST(FileSafety, FifosAndDevicesAreRefusedQuickly) {
  Files f;
  std::string fifo = f.dir / "fifo";
  ASSERT_EQ(0, ::mkfifo(fifo.c_str(), 0600));
  for (const std::string& input : {fifo, std::string("/dev/zero"), std::string("/dev/urandom")}) {
    auto start = std::chrono::steady_clock::now();
    ProcessResult r = run_kongtpl({"merge", input, f.base, f.theirs});
    // A read that waited for a writer, or read /dev/zero to the end, would never return.
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30)) << input;
    expect_refused(r, "kongtpl reads regular files");
    for (const std::vector<std::string>& args : {std::vector<std::string>{"lint", input},
                                                 std::vector<std::string>{"--repo", KONGTPL_FIXTURE_REPO, "detect", input}}) {
      ProcessResult other = run_kongtpl(args);
      EXPECT_EQ(2, other.status) << other.err;
      EXPECT_NE(std::string::npos, other.err.find("kongtpl reads regular files")) << other.err;
    }
  }
}

TEST(FileSafety, InputsOverTheSizeLimitAreRefused) {
  Files f;
  write_file(f.ours, std::string(3000, 'x') + "\n");
  ProcessOptions small;
  small.env["KONGTPL_MAX_INPUT_SIZE"] = "2K";
  ProcessResult r = run_kongtpl({"merge", f.ours, f.base, f.theirs}, small);
  expect_refused(r, "larger than the input limit of 2048 bytes");
  ProcessOptions piped = small;
  piped.input = std::string(3000, 'x');
  expect_refused(run_kongtpl({"merge", "-", f.base, f.theirs}, piped), "input limit");
  ProcessOptions wrong;
  wrong.env["KONGTPL_MAX_INPUT_SIZE"] = "lots";
  expect_refused(run_kongtpl({"merge", f.ours, f.base, f.theirs}, wrong), "KONGTPL_MAX_INPUT_SIZE");
}

TEST(FileSafety, DashIsStandardInputAndStandardOutput) {
  Files f;
  ProcessOptions stdin_ours;
  stdin_ours.input = kOurs;
  ProcessResult r = run_kongtpl({"merge", "-", f.base, f.theirs}, stdin_ours);
  ASSERT_EQ(0, r.status) << r.err;
  EXPECT_EQ(kMerged, r.out);
  ProcessResult to_stdout = f.merge({"-o", "-"});
  ASSERT_EQ(0, to_stdout.status) << to_stdout.err;
  EXPECT_EQ(kMerged, to_stdout.out);
  EXPECT_FALSE(fs::exists("-"));
  expect_refused(run_kongtpl({"merge", "-", "-", f.theirs}, stdin_ours), "only one of");
  expect_refused(run_kongtpl({"merge", "--write", "-", f.base, f.theirs}, stdin_ours), "standard input");
  ProcessOptions module;
  module.input = "return [[\nworker_processes 1;\n]]\n";
  module.cwd = f.dir.path().string();  // outside any repository: the compile check only
  EXPECT_EQ(0, run_kongtpl({"lint", "-"}, module).status);
}

}  // namespace
}  // namespace kongtpl::testing
