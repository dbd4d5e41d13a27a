// The JSON reports kongtpl writes, checked against the schemas it publishes
// in templates/ (a small validator for the subset the schemas use: type,
// required, properties, items, enum, const, $ref).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/json_schema_check.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

using nlohmann::json;
using testing::read_file;
using testing::run_kongtpl;
using testing::TempDir;
using schema_check::errors_against;

TEST(ReportSchema, ValidatorCatchesWhatTheSchemaForbids) {
  json bad = {{"version", 3}, {"findings", json::array({{{"file", "x"}}})}};
  auto errors = errors_against(bad, "lint-findings.schema.json");
  EXPECT_GE(errors.size(), 5u);  // version type, and four missing finding fields
}

TEST(ReportSchema, MergeReportWithConflictsMatchesItsSchema) {
  TempDir dir;
  std::string file = std::string(KONGTPL_SOURCE_DIR) + "/fixtures/custom/stream-bare.template";
  std::string report = dir / "report.json";
  auto r = run_kongtpl({"apply", "--repo", KONGTPL_FIXTURE_REPO, "--from", "1.2.0", "--to", "2.10.0", "--check",
                        "--report", report, file});
  ASSERT_EQ(1, r.status) << r.err;
  json value = json::parse(read_file(report));
  ASSERT_FALSE(value["conflicts"].empty()) << "the fixture is meant to conflict";
  auto errors = errors_against(value, "merge-report.schema.json");
  EXPECT_TRUE(errors.empty()) << ::testing::PrintToString(errors);
}

TEST(ReportSchema, CleanMergeReportMatchesItsSchema) {
  TempDir dir;
  std::string file = std::string(KONGTPL_SOURCE_DIR) + "/fixtures/custom/composite-4space.template";
  std::string report = dir / "report.json";
  auto r = run_kongtpl({"apply", "--repo", KONGTPL_FIXTURE_REPO, "--from", "1.2.0", "--to", "2.10.0", "-o",
                        dir / "out", "--report", report, file});
  ASSERT_EQ(0, r.status) << r.err;
  auto errors = errors_against(json::parse(read_file(report)), "merge-report.schema.json");
  EXPECT_TRUE(errors.empty()) << ::testing::PrintToString(errors);
}

TEST(ReportSchema, LintJsonMatchesItsSchema) {
  std::string broken = std::string(KONGTPL_SOURCE_DIR) + "/fixtures/broken/unclosed_if.lua";
  auto r = run_kongtpl({"lint", "--repo", KONGTPL_FIXTURE_REPO, "--format", "json", broken});
  ASSERT_EQ(1, r.status) << r.err;
  json value = json::parse(r.out);
  ASSERT_FALSE(value["findings"].empty());
  auto errors = errors_against(value, "lint-findings.schema.json");
  EXPECT_TRUE(errors.empty()) << ::testing::PrintToString(errors);
}

TEST(ReportSchema, DetectJsonMatchesItsSchema) {
  std::string file = std::string(KONGTPL_SOURCE_DIR) + "/fixtures/custom/composite-2space.template";
  auto r = run_kongtpl({"detect", "--repo", KONGTPL_FIXTURE_REPO, "--format", "json", file});
  ASSERT_EQ(0, r.status) << r.err;
  json value = json::parse(r.out);
  ASSERT_FALSE(value["candidates"].empty());
  auto errors = errors_against(value, "detect.schema.json");
  EXPECT_TRUE(errors.empty()) << ::testing::PrintToString(errors);
  // A missing field is caught.
  value["layout"].erase("certain");
  EXPECT_FALSE(errors_against(value, "detect.schema.json").empty());
}

}  // namespace
}  // namespace kongtpl
