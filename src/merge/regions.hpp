#pragma once
// Stage 1 of the merge (like the first pass of git's xmerge.c): lay the two
// edit scripts base->ours and base->theirs side by side and cut the base into
// regions that nobody, one side, or both sides changed.
#include <cstddef>
#include <vector>

#include "diff/edit_script.hpp"
#include "merge/line_range.hpp"

namespace kongtpl {

/// Who changed a region of the base.
enum class RegionKind {
  Unchanged,  ///< neither side: the lines are the same (ignoring whitespace) in all three
  Ours,       ///< only the user
  Theirs,     ///< only upstream
  Both,       ///< both sides, with overlapping or touching changes
};

/// One region: base lines and the lines each side has in their place.
struct MergeRegion {
  RegionKind kind = RegionKind::Unchanged;
  LineRange base;
  LineRange ours;
  LineRange theirs;
  size_t theirs_changes = 0;  ///< how many base->theirs changes the region holds
};

/// Cuts base (base_lines long) into consecutive regions covering all three
/// texts. As in git, changes that overlap or merely touch (one ends where
/// the other starts, e.g. two insertions at one place) form one Both region.
std::vector<MergeRegion> merge_regions(const std::vector<Change>& ours, const std::vector<Change>& theirs,
                                       size_t base_lines);

}  // namespace kongtpl
