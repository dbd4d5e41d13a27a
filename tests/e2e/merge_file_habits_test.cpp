// `kongtpl merge` with git merge-file's habits, git merge-file as the
// oracle: -L LABEL (up to three times), --diff3, --zdiff3 (and
// --conflict=zdiff3), -p/--stdout. kongtpl narrows a diff3 conflict itself
// (lines both sides share stay outside, the base section holds only what
// both replaced), so git's diff3 and zdiff3 blocks are compared where the
// two engines agree on the conflict: a line changed both ways. The zdiff3
// rewrite itself is checked against git's output in tests/merge/zdiff3_test.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::ProcessResult;
using testing::run_kongtpl;
using testing::run_process;
using testing::TempDir;
using testing::write_file;

struct Case {
  std::string ours, base, theirs;
};

const std::vector<Case> kCases = {
    {"a\nB1\nc\n", "a\nb\nc\n", "a\nB2\nc\n"},                     // one line, changed both ways
    {"1\nX\nA\nY\n3\n", "1\n2\n3\n", "1\nX\nB\nY\n3\n"},           // shared lines at both ends
    {"h\nX\nA\nY\nt\n", "h\nm\nt\n", "h\nX\nB\nZ\nt\n"},           // a shared head only
};

TEST(MergeFileHabits, LabelsAndConflictStylesMatchGitMergeFile) {
  int compared = 0;
  for (const Case& c : kCases) {
    TempDir dir;
    write_file(dir / "ours", c.ours);
    write_file(dir / "base", c.base);
    write_file(dir / "theirs", c.theirs);
    const std::vector<std::string> files = {dir / "ours", dir / "base", dir / "theirs"};
    std::vector<std::vector<std::string>> styles = {{}};
    if (&c == &kCases[0]) styles.insert(styles.end(), {{"--diff3"}, {"--zdiff3"}});
    const std::vector<std::vector<std::string>> labels = {
        {"-L", "mine", "-L", "common", "-L", "upstream"}, {"-L", "mine"}, {}};
    for (const auto& style : styles) {
      for (const auto& label : labels) {
        std::vector<std::string> git_args = {"git", "merge-file", "-p"};
        std::vector<std::string> ours_args = {"merge", "-p"};
        for (const auto& v : {style, label}) {
          git_args.insert(git_args.end(), v.begin(), v.end());
          ours_args.insert(ours_args.end(), v.begin(), v.end());
        }
        // git names unlabelled sides by the file names as given.
        git_args.insert(git_args.end(), files.begin(), files.end());
        ours_args.insert(ours_args.end(), files.begin(), files.end());
        ProcessResult expected = run_process(git_args);
        ASSERT_EQ(1, expected.status) << expected.err;  // one conflict
        ProcessResult ours = run_kongtpl(ours_args);
        EXPECT_EQ(1, ours.status) << ours.err;
        EXPECT_EQ(expected.out, ours.out) << testing::read_file(dir / "ours") << " " << ours_args[2];
        ++compared;
      }
    }
  }
  EXPECT_EQ(15, compared);
}

TEST(MergeFileHabits, ConflictZdiff3IsTheSameAsTheFlagAndBadUsesAreErrors) {
  TempDir dir;
  write_file(dir / "ours", kCases[1].ours);
  write_file(dir / "base", kCases[1].base);
  write_file(dir / "theirs", kCases[1].theirs);
  std::vector<std::string> files = {dir / "ours", dir / "base", dir / "theirs"};
  auto merge = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "merge");
    args.insert(args.end(), files.begin(), files.end());
    return run_kongtpl(args);
  };
  EXPECT_EQ(merge({"--zdiff3"}).out, merge({"--conflict=zdiff3"}).out);
  EXPECT_EQ(merge({"--diff3"}).out, merge({"--conflict", "diff3"}).out);
  EXPECT_EQ(merge({}).out, merge({"--stdout"}).out);
  for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{
           {"-L", "a", "-L", "b", "-L", "c", "-L", "d"}, {"--diff3", "--zdiff3"}, {"--zdiff3", "--conflict=merge"},
           {"-p", "--write"}, {"-p", "-o", dir / "out"}}) {
    ProcessResult r = merge(bad);
    EXPECT_EQ(2, r.status) << bad[0] << " " << bad[1];
    EXPECT_EQ("", r.out);
  }
  EXPECT_EQ(kCases[1].ours, testing::read_file(dir / "ours"));
}

}  // namespace
}  // namespace kongtpl
