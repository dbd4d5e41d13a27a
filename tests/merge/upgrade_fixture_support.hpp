#pragma once
// The customised fixtures (fixtures/custom/) and the fixture repository's
// upstream templates, plus `git merge-file` as the oracle for clean merges.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>

#include "merge/layout.hpp"
#include "merge/upgrade.hpp"
#include "support/process.hpp"

namespace kongtpl::testing {

/// A file of fixtures/custom/.
inline std::string custom_fixture(const std::string& name) {
  return read_file(std::string(KONGTPL_SOURCE_DIR) + "/fixtures/custom/" + name);
}

/// A file of the fixture repository at a tag ("1.2.0"), byte for byte.
inline std::string fixture_file(const std::string& tag, const std::string& path) {
  ProcessResult r = run_process({"git", "-C", KONGTPL_FIXTURE_REPO, "show", tag + ":" + path});
  EXPECT_EQ(0, r.status) << tag << ":" << path << ": " << r.err;
  return r.out;
}

/// The fixture repository's templates at a tag, read as Kong reads them.
inline UpstreamBodies fixture_upstream(const std::string& tag) {
  ProcessResult listed =
      run_process({"git", "-C", KONGTPL_FIXTURE_REPO, "ls-tree", "--name-only", tag, "kong/templates/"});
  EXPECT_EQ(0, listed.status) << tag << ": " << listed.err;
  std::map<std::string, std::string> files;
  std::istringstream names(listed.out);
  for (std::string path; std::getline(names, path);) files[path] = fixture_file(tag, path);
  Result<UpstreamBodies> bodies = read_upstream_bodies(files);
  EXPECT_TRUE(bodies.ok()) << tag << ": " << bodies.error().message;
  return bodies.ok() ? *bodies : UpstreamBodies{};
}

/// What `git merge-file -p` makes of the three texts (labels on the markers).
inline std::string git_merge_file(const std::string& ours, const std::string& base, const std::string& theirs,
                                  const std::string& ours_label = "ours", const std::string& base_label = "base",
                                  const std::string& theirs_label = "theirs") {
  TempDir dir;
  write_file(dir / "ours", ours);
  write_file(dir / "base", base);
  write_file(dir / "theirs", theirs);
  ProcessResult r = run_process({"git", "merge-file", "-p", "-L", ours_label, "-L", base_label, "-L", theirs_label,
                                 dir / "ours", dir / "base", dir / "theirs"});
  EXPECT_LT(r.status, 128) << r.err;  // the exit status counts conflicts
  return r.out;
}

}  // namespace kongtpl::testing
