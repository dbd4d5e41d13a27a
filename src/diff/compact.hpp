#pragma once
// Stage 2b (like git's xdl_change_compact): slide ambiguous changes to the
// place git shows them. An inserted block that could sit at several
// positions (a repeated blank line, a repeated "}") is moved exactly as git
// moves it, indent heuristic included, so hunks match `git diff`.
#include <cstdint>
#include <vector>

#include "diff/edit_script.hpp"
#include "util/lines.hpp"

namespace kongtpl {

/// The same edit as changes (from diff_ids over before_ids/after_ids),
/// with each group slid to git's position. The lines are the files' own
/// bytes (for the indent heuristic); ids decide which lines are equal.
std::vector<Change> compact_changes(const std::vector<Change>& changes, const std::vector<int32_t>& before_ids,
                                    const std::vector<int32_t>& after_ids, const std::vector<Line>& before,
                                    const std::vector<Line>& after);

}  // namespace kongtpl
