#pragma once
// Upstream's text at a user's indentation: Kong's templates indent by four
// spaces per nesting level; a user's file may use two spaces or tabs.
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace kongtpl {

/// Kong's own indentation unit.
inline constexpr std::string_view kUpstreamIndent = "    ";

/// Parses an --indent value: a number of spaces (1 to 16) or "tab".
Result<std::string> parse_indent_unit(std::string_view value);

/// text with each leading run of kUpstreamIndent replaced by unit (spaces
/// left over stay spaces); `>` lines and blank lines are left as they are.
std::string reindent(std::string_view text, std::string_view unit);

}  // namespace kongtpl
