#include "merge/upgrade_report.hpp"

#include <gtest/gtest.h>

namespace kongtpl {
namespace {

const std::string kNginx = "kong/templates/nginx.lua";
const std::string kKong = "kong/templates/nginx_kong.lua";

// nginx.lua lines 8-9, then nginx_kong.lua lines 2-4, then nginx.lua line 11.
const std::vector<Origin> kOrigins = {{kNginx, 8}, {kNginx, 9}, {kKong, 2}, {kKong, 3}, {kKong, 4}, {kNginx, 11}};

TEST(UpgradeReport, RangesSplitWhereTheTemplateChanges) {
  EXPECT_EQ(upstream_ranges(kOrigins, LineRange{1, 4}, kNginx),
            (std::vector<UpstreamRange>{{kNginx, 9, 1}, {kKong, 2, 3}}));
  EXPECT_EQ(upstream_ranges(kOrigins, LineRange{3, 3}, kNginx),
            (std::vector<UpstreamRange>{{kKong, 3, 2}, {kNginx, 11, 1}}));
}

TEST(UpgradeReport, AnEmptyRangeNamesTheLineItFollows) {
  EXPECT_EQ(upstream_ranges(kOrigins, LineRange{3, 0}, kNginx), (std::vector<UpstreamRange>{{kKong, 2, 0}}));
  EXPECT_EQ(upstream_ranges(kOrigins, LineRange{0, 0}, kNginx), (std::vector<UpstreamRange>{{kNginx, 0, 0}}));
  EXPECT_EQ((UpstreamRange{kKong, 2, 0}).describe(), "after line 2");
  EXPECT_EQ((UpstreamRange{kKong, 0, 0}).describe(), "at the top");
}

TEST(UpgradeReport, SummaryNamesOneTemplateOnce) {
  ReportedConflict conflict;
  conflict.first_line = 12;
  conflict.line_count = 5;
  conflict.reason = "both sides changed these lines";
  conflict.at_from = {{kKong, 40, 6}};
  conflict.at_to = {{kKong, 41, 7}};
  EXPECT_EQ(conflict.summary("2.0.0", "2.7.0"),
            "lines 12-16: both sides changed these lines (from kong/templates/nginx_kong.lua lines 40-45 at 2.0.0 "
            "and lines 41-47 at 2.7.0)");
  conflict.at_to = {{kNginx, 9, 1}, {kKong, 41, 7}};
  EXPECT_EQ(conflict.summary("2.0.0", "2.7.0"),
            "lines 12-16: both sides changed these lines (from kong/templates/nginx_kong.lua lines 40-45 at 2.0.0 "
            "and kong/templates/nginx.lua line 9, kong/templates/nginx_kong.lua lines 41-47 at 2.7.0)");
}

}  // namespace
}  // namespace kongtpl
