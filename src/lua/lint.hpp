#pragma once
// lint: everything kongtpl can say about one template file without Kong's
// sources: does it load (the module returns a string), does pl.template's
// chunk compile, is every `>` line in column 0, and does it only use names
// Kong gives templates at a version.
#include <cstdint>
#include <string_view>
#include <vector>

#include "lua/finding.hpp"
#include "lua/name_check.hpp"
#include "lua/template_body.hpp"

namespace kongtpl {

/// True for Kong's template modules that hold data rather than an nginx
/// template (kong_defaults.lua, kong_yml.lua): lint only checks they load.
bool is_data_module(std::string_view display_name);

/// True for a git conflict marker line ("<<<<<<< x", "|||||||", "=======", ">>>>>>> x").
bool is_conflict_marker(std::string_view line);

/// The 1-based line of the first conflict marker in text, or 0.
uint32_t first_conflict_marker_line(std::string_view text);

/// The KT100 finding for a file that does not load as a template.
Finding load_failure_finding(const Error& error, std::string_view display_name);

/// Lints a body already read: markers (alone, when any), then the compile
/// check, indented `>` lines and (when known is given) the name check.
/// Findings are at file lines, ordered by line.
std::vector<Finding> lint_body(const TemplateBody& body, std::string_view display_name, const KnownNames* known);

/// Reads the body, then lint_body; a file that does not load gives one
/// error and nothing else.
std::vector<Finding> lint_template(std::string_view file_bytes, std::string_view display_name, const KnownNames* known);

}  // namespace kongtpl
