// Real Kong templates as the oracle: for pairs of Kong releases, our review
// diff must equal `git diff -w` (and plain `git diff`) of kong/templates/.
// Needs the shared bundle; skipped with a message when it is absent.
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "diff/file_diff.hpp"
#include "diff/render_numstat.hpp"
#include "diff/render_unified.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::ProcessOptions;
using testing::ProcessResult;
using testing::run_process;

ProcessResult git(const std::string& repo, std::vector<std::string> args, const std::string& input = "") {
  args.insert(args.begin(), {"git", "--git-dir", repo, "-c", "core.abbrev=7", "-c", "color.ui=never", "-c",
                             "diff.renames=false", "-c", "diff.noprefix=false"});
  ProcessOptions options;
  options.env = {{"GIT_CONFIG_NOSYSTEM", "1"}, {"HOME", "/nonexistent"}};
  options.input = input;
  return run_process(args, options);
}

// Every file under kong/templates/ at a tag: path -> (bytes, blob id, mode).
std::map<std::string, FileSide> templates_at(const std::string& repo, const std::string& tag) {
  std::map<std::string, FileSide> files;
  std::istringstream tree(git(repo, {"ls-tree", "-r", tag, "--", "kong/templates/"}).out);
  std::string line, request;
  std::vector<std::string> order;
  while (std::getline(tree, line)) {
    // "<mode> blob <id>\t<path>"
    const size_t tab = line.find('\t');
    FileSide side;
    side.mode = static_cast<uint32_t>(std::stoul(line.substr(0, 6), nullptr, 8));
    side.blob_id = line.substr(12, 40);
    side.path = line.substr(tab + 1);
    request += side.blob_id + "\n";
    order.push_back(side.path);
    files[side.path] = side;
  }
  const std::string batch = git(repo, {"cat-file", "--batch"}, request).out;
  size_t pos = 0;
  for (const std::string& path : order) {
    const size_t eol = batch.find('\n', pos);
    const size_t size = std::stoul(batch.substr(batch.rfind(' ', eol) + 1, eol));
    files[path].bytes = batch.substr(eol + 1, size);
    pos = eol + 1 + size + 1;
  }
  return files;
}

std::vector<FileDiff> ours(const std::map<std::string, FileSide>& a, const std::map<std::string, FileSide>& b,
                           const DiffOptions& options) {
  std::map<std::string, std::pair<const FileSide*, const FileSide*>> paths;
  for (const auto& [p, s] : a) paths[p].first = &s;
  for (const auto& [p, s] : b) paths[p].second = &s;
  std::vector<FileDiff> out;
  for (const auto& [p, sides] : paths) out.push_back(compare_files(sides.first, sides.second, options));
  sort_by_path(out);
  return out;
}

// The file header lines of a diff ("diff --git", modes, "index", "---", "+++").
std::string headers(const std::string& diff) {
  std::istringstream in(diff);
  std::string out;
  bool in_header = false;  // between "diff --git" and the first "@@"
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("diff --git ", 0) == 0) in_header = true;
    if (line.rfind("@@ ", 0) == 0) in_header = false;
    if (in_header) out += line + "\n";
  }
  return out;
}

TEST(KongOracle, ReviewDiffMatchesGitAcrossReleases) {
  const std::string repo = testing::shared_bare_clone();
  if (repo.empty()) GTEST_SKIP() << "no shared bundle at " << KONGTPL_SHARED_DIR << "/kong-templates.bundle";
  std::istringstream tags(git(repo, {"tag", "--sort=version:refname"}).out);
  std::vector<std::string> releases;
  for (std::string tag; std::getline(tags, tag);) releases.push_back(tag);
  ASSERT_GT(releases.size(), 10u);

  std::map<std::string, std::map<std::string, FileSide>> cache;
  auto files_at = [&](const std::string& tag) -> const std::map<std::string, FileSide>& {
    auto it = cache.find(tag);
    if (it == cache.end()) it = cache.emplace(tag, templates_at(repo, tag)).first;
    return it->second;
  };
  int compared = 0, mismatched = 0;
  std::string first_mismatch;
  for (size_t i = 1; i < releases.size(); ++i) {
    const std::string &from = releases[i - 1], &to = releases[i];
    for (const auto& [flag, mode] : {std::pair{"-w", WhitespaceMode::IgnoreAllSpace},
                                     std::pair{"--no-ext-diff", WhitespaceMode::Exact}}) {
      const std::string expected = git(repo, {"diff", flag, from, to, "--", "kong/templates/"}).out;
      const std::string actual = render_unified(ours(files_at(from), files_at(to), DiffOptions{mode, false, 3}));
      ++compared;
      if (expected != actual) {
        ++mismatched;
        if (first_mismatch.empty()) first_mismatch = std::string(flag) + " " + from + ".." + to;
        // Even where the alignment differs, the same files must be listed
        // with the same headers.
        EXPECT_EQ(headers(expected), headers(actual)) << flag << " " << from << ".." << to;
      }
    }
    cache.erase(from);
  }
  // dtl's O(NP) and git's Myers pick different (equally short) alignments
  // for a few edits (e.g. which of two blank lines is kept); until git's
  // xdl_do_diff is ported this many of the 354 comparisons differ in hunk
  // bodies only. The bound is a ratchet: lower it when it improves.
  constexpr int kKnownAlignmentDifferences = 25;
  EXPECT_LE(mismatched, kKnownAlignmentDifferences)
      << mismatched << " of " << compared << " comparisons differ, first: " << first_mismatch;
  EXPECT_GT(compared, 300);
}

}  // namespace
}  // namespace kongtpl
