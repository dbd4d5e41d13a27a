#pragma once
// The customised fixtures (fixtures/custom/) and the fixture history's
// upstream templates, plus `git merge-file` as the oracle for clean merges.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "merge/layout.hpp"
#include "merge/upgrade.hpp"
#include "support/process.hpp"

namespace kongtpl::testing {

/// A file of fixtures/custom/.
inline std::string custom_fixture(const std::string& name) {
  return read_file(std::string(KONGTPL_SOURCE_DIR) + "/fixtures/custom/" + name);
}

/// The fixture history's templates in one snapshot folder ("04-1.2.0"), read as Kong reads them.
inline UpstreamBodies fixture_upstream(const std::string& snapshot) {
  const std::filesystem::path dir =
      std::filesystem::path(KONGTPL_SOURCE_DIR) / "fixtures/history" / snapshot / "kong/templates";
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    files["kong/templates/" + entry.path().filename().string()] = read_file(entry.path());
  Result<UpstreamBodies> bodies = read_upstream_bodies(files);
  EXPECT_TRUE(bodies.ok()) << snapshot << ": " << bodies.error().message;
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
