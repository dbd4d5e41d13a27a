// The JSON reports kongtpl writes, checked against the schemas it publishes
// in templates/ (a small validator for the subset the schemas use: type,
// required, properties, items, enum, const, $ref).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace kongtpl {
namespace {

using nlohmann::json;
using testing::read_file;
using testing::run_kongtpl;
using testing::TempDir;

json load_schema(const std::string& name) {
  return json::parse(read_file(std::string(KONGTPL_SOURCE_DIR) + "/templates/" + name));
}

bool has_type(const json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  return false;
}

/// Appends to errors every place where value breaks schema (document is the
/// schema file schema came from, for "#/$defs/..." references).
void validate(const json& value, const json& schema, const json& document, const std::string& where,
              std::vector<std::string>& errors) {
  if (schema.contains("$ref")) {
    std::string ref = schema["$ref"];
    size_t hash = ref.find('#');
    json target_document = hash == 0 ? document : load_schema(ref.substr(0, hash));
    json target = target_document.at(json::json_pointer(ref.substr(hash + 1)));
    validate(value, target, target_document, where, errors);
    return;
  }
  if (schema.contains("type")) {
    bool ok = false;
    if (schema["type"].is_array()) {
      for (const auto& t : schema["type"]) ok = ok || has_type(value, t);
    } else {
      ok = has_type(value, schema["type"]);
    }
    if (!ok) errors.push_back(where + ": expected " + schema["type"].dump() + ", got " + value.dump());
  }
  if (schema.contains("const") && value != schema["const"]) errors.push_back(where + ": not " + schema["const"].dump());
  if (schema.contains("enum")) {
    bool found = false;
    for (const auto& option : schema["enum"]) found = found || option == value;
    if (!found) errors.push_back(where + ": " + value.dump() + " not in " + schema["enum"].dump());
  }
  if (value.is_object()) {
    if (schema.contains("required"))
      for (const auto& name : schema["required"])
        if (!value.contains(name.get<std::string>())) errors.push_back(where + ": missing " + name.get<std::string>());
    if (schema.contains("properties"))
      for (const auto& [name, sub] : schema["properties"].items())
        if (value.contains(name)) validate(value[name], sub, document, where + "." + name, errors);
  }
  if (value.is_array() && schema.contains("items"))
    for (size_t i = 0; i < value.size(); ++i)
      validate(value[i], schema["items"], document, where + "[" + std::to_string(i) + "]", errors);
}

std::vector<std::string> errors_against(const json& value, const std::string& schema_name) {
  std::vector<std::string> errors;
  json schema = load_schema(schema_name);
  validate(value, schema, schema, "$", errors);
  return errors;
}

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
