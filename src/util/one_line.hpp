#pragma once
// User input echoed in a message stays one readable line: control characters
// are escaped and very long text is shortened in the middle.
#include <cstddef>
#include <string>
#include <string_view>

namespace kongtpl {

/// text with newlines, tabs and other control bytes escaped (\n, \t, \x1b),
/// at most max_length bytes (the middle replaced by "...").
std::string one_line(std::string_view text, size_t max_length = 300);

}  // namespace kongtpl
