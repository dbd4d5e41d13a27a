#pragma once
// The Lua type Kong gives each configuration property at a version, read
// from the conf_loader's type table (`name = { typ = "array" }` entries in
// kong/conf_loader.lua or kong/conf_loader/*.lua), and the default values
// of kong_defaults.lua.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kongtpl {

/// property → its declared `typ` ("array", "boolean", "number", ...).
std::map<std::string, std::string> parse_conf_types(const std::vector<std::string>& conf_loader_sources);

/// property → default value text, from kong_defaults.lua's body ("name = value" lines, lowercase names).
std::map<std::string, std::string> parse_default_values(std::string_view kong_defaults_body);

/// True for the kong.conf spellings Kong's boolean parser reads as true.
bool is_true_value(std::string_view value);

}  // namespace kongtpl
