#pragma once
// git's --numstat: one "added<TAB>removed<TAB>path" line per changed file.
#include <string>
#include <vector>

#include "diff/file_diff.hpp"

namespace kongtpl {

/// The numstat of every file git would list, in the given order; binary
/// files show "-\t-\t".
std::string render_numstat(const std::vector<FileDiff>& files);

}  // namespace kongtpl
