// merge_texts' progress reports: from 0 to 100 percent in order, at most
// once per percent, through the diffs and then the regions; and the same
// result with or without a listener.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "merge/three_way.hpp"

namespace kongtpl {
namespace {

struct Report {
  size_t percent, total;
  std::string phase;
};

// A template of many server blocks; ours and theirs each change some.
std::string servers(size_t count, size_t every, const std::string& change) {
  std::string text;
  for (size_t i = 0; i < count; ++i) {
    text += "server {\n    listen " + std::to_string(8000 + i) + ";\n";
    if (every && i % every == 0) text += "    " + change + " " + std::to_string(i) + ";\n";
    text += "    location / { return 200; }\n}\n";
  }
  return text;
}

TEST(MergeProgress, ReportsClimbFromZeroToOneHundredThroughDiffsThenRegions) {
  const std::string base = servers(3000, 0, "");
  const std::string ours = servers(3000, 7, "access_log off");
  const std::string theirs = servers(3000, 11, "keepalive_timeout 5s");
  std::vector<Report> reports;
  MergeOptions options;
  options.on_progress = [&](size_t percent, size_t total, const std::string& phase) {
    reports.push_back({percent, total, phase});
  };
  MergeResult with = merge_texts(ours, base, theirs, options);
  MergeResult without = merge_texts(ours, base, theirs);
  EXPECT_EQ(without.text, with.text);
  EXPECT_EQ(without.conflicts.size(), with.conflicts.size());

  ASSERT_GE(reports.size(), 30u) << "coarse, but more than a start and an end";
  EXPECT_LE(reports.size(), 102u) << "at most once per percent";
  EXPECT_EQ(0u, reports.front().percent);
  EXPECT_EQ("diffs", reports.front().phase);
  EXPECT_EQ(100u, reports.back().percent);
  bool regions = false;
  for (size_t i = 0; i < reports.size(); ++i) {
    EXPECT_EQ(100u, reports[i].total);
    if (i) {
      EXPECT_LE(reports[i - 1].percent, reports[i].percent) << i;
    }
    if (reports[i].phase == "regions") regions = true;
    if (regions) {
      EXPECT_NE("diffs", reports[i].phase) << "diffs come first";
    }
  }
  EXPECT_TRUE(regions);
}

TEST(MergeProgress, AMergeWithNothingToDoStillEnds) {
  std::vector<size_t> percents;
  MergeOptions options;
  options.on_progress = [&](size_t percent, size_t, const std::string&) { percents.push_back(percent); };
  merge_texts("", "", "", options);
  ASSERT_FALSE(percents.empty());
  EXPECT_EQ(100u, percents.back());
}

}  // namespace
}  // namespace kongtpl
