#pragma once
// Levenshtein distance, for "did you mean" suggestions.
#include <cstddef>
#include <string_view>

namespace kongtpl {

/// Insertions, deletions and substitutions that turn a into b.
size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace kongtpl
