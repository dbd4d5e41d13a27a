#pragma once
// Helpers for the apply/merge end-to-end tests: the fixture repository and
// its customised templates (fixtures/custom/), upstream text read with git
// itself, git merge-file as the oracle, and conflict-marker bookkeeping.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace kongtpl::e2e {

using testing::ProcessOptions;
using testing::ProcessResult;
using testing::run_kongtpl;
using testing::run_process;
using testing::TempDir;

inline const std::string kRepo = KONGTPL_FIXTURE_REPO;
inline const std::string kCustom = std::string(KONGTPL_SOURCE_DIR) + "/fixtures/custom/";

/// `kongtpl --repo <fixture> apply --from FROM --to TO args...`.
inline ProcessResult apply(const std::string& from, const std::string& to, std::vector<std::string> args,
                           const std::string& repo = kRepo) {
  args.insert(args.begin(), {"--repo", repo, "apply", "--from", from, "--to", to});
  return run_kongtpl(args);
}

/// git with no user or system configuration.
inline ProcessResult git(std::vector<std::string> args) {
  static TempDir home;
  args.insert(args.begin(), "git");
  ProcessOptions options;
  options.env = {{"HOME", home.path().string()}, {"GIT_CONFIG_NOSYSTEM", "1"}};
  return run_process(args, options);
}

/// A file of a repository at a version, read by git (the .lua module bytes).
inline std::string git_show(const std::string& repo, const std::string& version, const std::string& path) {
  ProcessResult r = git({"-C", repo, "show", version + ":" + path});
  if (r.status != 0) ADD_FAILURE() << "git show " << version << ":" << path << ": " << r.err;
  return r.out;
}

/// A template's body (the string the module returns) as `kongtpl show --body` prints it.
inline std::string show_body(const std::string& repo, const std::string& version, const std::string& name) {
  ProcessResult r = run_kongtpl({"--repo", repo, "show", version, name, "--body"});
  if (r.status != 0) ADD_FAILURE() << "kongtpl show " << version << " " << name << ": " << r.err;
  return r.out;
}

/// `git merge-file -p` on three texts, labelled like kongtpl labels its markers.
inline ProcessResult git_merge_file(const std::string& ours, const std::string& base, const std::string& theirs,
                                    const std::vector<std::string>& labels, bool diff3 = false) {
  TempDir dir;
  testing::write_file(dir / "ours", ours);
  testing::write_file(dir / "base", base);
  testing::write_file(dir / "theirs", theirs);
  std::vector<std::string> args = {"merge-file", "-p"};
  if (diff3) args.push_back("--diff3");
  for (const std::string& label : labels) args.insert(args.end(), {"-L", label});
  args.insert(args.end(), {dir / "ours", dir / "base", dir / "theirs"});
  return git(args);
}

/// The lines of a text, line endings removed ("a\nb" and "a\nb\n" both give {a, b}).
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

/// A line with every space and tab removed (how diff -w compares lines).
inline std::string squeeze(const std::string& line) {
  std::string out;
  for (char c : line)
    if (c != ' ' && c != '\t') out += c;
  return out;
}

/// True when text holds a line equal to `line` ignoring whitespace.
inline bool has_line(const std::string& text, const std::string& line) {
  for (const std::string& l : lines_of(text))
    if (squeeze(l) == squeeze(line)) return true;
  return false;
}

/// How many lines start with a conflict marker of this kind.
inline int count_markers(const std::string& text, const std::string& marker) {
  int n = 0;
  for (const std::string& l : lines_of(text))
    if (l.rfind(marker, 0) == 0 && (l.size() == marker.size() || l[marker.size()] == ' ')) ++n;
  return n;
}

/// The lines of stderr.
inline std::vector<std::string> stderr_lines(const ProcessResult& r) { return lines_of(r.err); }

/// A file's permission bits.
inline unsigned mode_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return st.st_mode & 07777;
}

/// The names in a folder, sorted.
inline std::vector<std::string> names_in(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace kongtpl::e2e
