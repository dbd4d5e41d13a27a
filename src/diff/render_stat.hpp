#pragma once
// git's --stat: one " path | N +++--" line per changed file, the graph
// scaled to the width, and the " N files changed, ..." summary.
#include <string>
#include <vector>

#include "diff/file_diff.hpp"

namespace kongtpl {

/// How the stat is laid out.
struct StatStyle {
  int width = 80;      ///< total columns (git uses 80 when not on a terminal)
  bool color = false;  ///< green "+" and red "-" as git --color
};

/// The diffstat of every file git would list, in the given order; "" when
/// none is listed.
std::string render_stat(const std::vector<FileDiff>& files, const StatStyle& style = {});

/// git's summary line, "\n" included: " 2 files changed, 3 insertions(+), 1 deletion(-)".
std::string stat_summary(size_t files, size_t insertions, size_t deletions);

}  // namespace kongtpl
