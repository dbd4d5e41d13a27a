// KT170 before a merge: `apply` refuses a FILE that still holds conflict
// markers from an earlier merge (exit 2, the first marker's line, nothing
// written) instead of nesting new markers around old ones.
#include <gtest/gtest.h>

#include "support/process.hpp"

namespace kongtpl {
namespace {

TEST(ApplyConflictMarkers, FileWithMarkersIsRefusedAtTheFirstMarker) {
  testing::TempDir dir;
  const std::string repo = KONGTPL_FIXTURE_REPO;
  std::string file = dir / "nginx_kong.lua";
  std::string custom = testing::read_file(std::string(KONGTPL_SOURCE_DIR) + "/fixtures/custom/nginx_kong.lua");
  size_t second_line = custom.find('\n') + 1;
  std::string with_markers = custom.substr(0, second_line) + "<<<<<<< mine\nx\n=======\ny\n>>>>>>> 2.0.0\n" +
                             custom.substr(second_line);
  testing::write_file(file, with_markers);

  auto r = testing::run_kongtpl({"apply", "--repo", repo, "--from", "1.2.0", "--to", "2.10.0", "--write", file});
  EXPECT_EQ(2, r.status);
  EXPECT_EQ("", r.out);
  EXPECT_NE(std::string::npos, r.err.find(file + ":2: ")) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("conflict marker")) << r.err;
  EXPECT_EQ(with_markers, testing::read_file(file));
  EXPECT_FALSE(std::filesystem::exists(file + ".merged"));

  // The same file resolved applies cleanly.
  testing::write_file(file, custom);
  auto clean = testing::run_kongtpl({"apply", "--repo", repo, "--from", "1.2.0", "--to", "2.10.0", "-o", dir / "out.lua", file});
  EXPECT_EQ(0, clean.status) << clean.err;
}

}  // namespace
}  // namespace kongtpl
