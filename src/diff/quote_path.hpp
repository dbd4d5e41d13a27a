#pragma once
// Paths in patch headers, quoted the way git quotes them (quote_c_style
// with core.quotePath on), so odd file names survive `git apply`.
#include <string>
#include <string_view>

namespace kongtpl {

/// prefix+path as git prints it in "diff --git", "---"/"+++" and --numstat:
/// unchanged when plain, else in double quotes with C escapes ("\t", "\"",
/// "\\", octal for control and non-ASCII bytes).
std::string quote_path(std::string_view prefix, std::string_view path);

}  // namespace kongtpl
