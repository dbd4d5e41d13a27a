#pragma once
// lint: everything kongtpl can say about one template file without Kong:
// does it load (the module returns a string), does pl.template's chunk
// compile, and does it only use names Kong gives templates at a version.
#include <string_view>
#include <vector>

#include "lua/finding.hpp"
#include "lua/name_check.hpp"

namespace kongtpl {

/// True for Kong's template modules that hold data rather than an nginx
/// template (kong_defaults.lua, kong_yml.lua): lint only checks they load.
bool is_data_module(std::string_view display_name);

/// Reads the body, compile-checks it and (when known is given) name-checks it.
/// Findings are at file lines, ordered by line; a file that does not load
/// gives one error and nothing else.
std::vector<Finding> lint_template(std::string_view file_bytes, std::string_view display_name, const KnownNames* known);

}  // namespace kongtpl
