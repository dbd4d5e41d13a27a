#pragma once
// A small JSON Schema validator for the subset kongtpl's published schemas
// (templates/*.schema.json) use: type, required, properties, items, enum,
// const, $ref (within a file or to another file in templates/), anyOf,
// minimum, maximum, uniqueItems.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace kongtpl::schema_check {

using nlohmann::json;

inline json load_schema(const std::string& name) {
  return json::parse(testing::read_file(std::string(KONGTPL_SOURCE_DIR) + "/templates/" + name));
}

inline bool has_type(const json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  return false;
}

/// Appends to errors every place where value breaks schema (document is the
/// schema file schema came from, for "#/$defs/..." references).
inline void validate(const json& value, const json& schema, const json& document, const std::string& where,
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
  if (schema.contains("anyOf")) {
    bool any = false;
    for (const auto& option : schema["anyOf"]) {
      std::vector<std::string> option_errors;
      validate(value, option, document, where, option_errors);
      any = any || option_errors.empty();
    }
    if (!any) errors.push_back(where + ": matches none of " + schema["anyOf"].dump());
  }
  if (value.is_number() && schema.contains("minimum") && value.get<double>() < schema["minimum"].get<double>())
    errors.push_back(where + ": " + value.dump() + " is below the minimum " + schema["minimum"].dump());
  if (value.is_number() && schema.contains("maximum") && value.get<double>() > schema["maximum"].get<double>())
    errors.push_back(where + ": " + value.dump() + " is above the maximum " + schema["maximum"].dump());
  if (value.is_array() && schema.value("uniqueItems", false))
    for (size_t i = 0; i < value.size(); ++i)
      for (size_t j = i + 1; j < value.size(); ++j)
        if (value[i] == value[j]) errors.push_back(where + ": items " + std::to_string(i) + " and " + std::to_string(j) + " are equal");
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

inline std::vector<std::string> errors_against(const json& value, const std::string& schema_name) {
  std::vector<std::string> errors;
  json schema = load_schema(schema_name);
  validate(value, schema, schema, "$", errors);
  return errors;
}

}  // namespace kongtpl::schema_check
