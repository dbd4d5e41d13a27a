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
  Both,       ///< both sides, with overlapping changes
};

/// One region: base lines and the lines each side has in their place.
struct MergeRegion {
  RegionKind kind = RegionKind::Unchanged;
  LineRange base;
  LineRange ours;
  LineRange theirs;
  size_t theirs_changes = 0;  ///< how many base->theirs changes the region holds
};

/// Whether changes that merely touch (one ends where the other starts)
/// compete for the same place.
enum class Touching {
  Overlaps,  ///< as git: touching changes form one Both region
  Apart,     ///< each replaces its own base lines: both land, in base order
};

/// True when two changes of base (one per side) compete for the same place:
/// their base lines intersect, both insert at one place, or one inserts
/// strictly inside the lines the other replaces; with Touching::Overlaps
/// also when one ends where the other starts.
bool changes_overlap(const Change& a, const Change& b, Touching touching = Touching::Apart);

/// Cuts base (base_lines long) into consecutive regions covering all three
/// texts. Competing changes (changes_overlap), chained from either side, form
/// one Both region. With Touching::Apart, changes that only touch stay apart
/// (an insertion comes before the change that starts where it stands).
std::vector<MergeRegion> merge_regions(const std::vector<Change>& ours, const std::vector<Change>& theirs,
                                       size_t base_lines, Touching touching = Touching::Overlaps);

}  // namespace kongtpl
