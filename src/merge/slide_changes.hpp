#pragma once
// Where an insertion or deletion sits among equal lines is a free choice
// ("}" added before or after another "}"), and ignoring whitespace makes it
// a frequent one: "}" and "        }" are equal. Each such group is placed
// where the most lines it passes over match byte for byte (so "}" pairs with
// "}", not with a nested "        }"); on a tie, as low as it goes, as git does.
//
// In a merge the other side's changes matter more than bytes: a group is
// first placed on an identical change of the other side (the same change
// made on both sides, e.g. an upgrade applied twice), else where it touches
// none of the other side's changes (no needless conflict).
#include <vector>

#include "diff/edit_script.hpp"
#include "diff/prepare.hpp"

namespace kongtpl {

/// Re-places each pure insertion or deletion of `changes` (before -> after)
/// among the positions equal under the diff's whitespace mode; a group that
/// reaches a neighbouring change joins it. The edit script stays valid and
/// as short.
void slide_changes(std::vector<Change>& changes, const PreparedText& before, const PreparedText& after);

/// Re-places the pure groups of both edit scripts of a merge (base -> ours,
/// base -> theirs, each already slid) relative to each other: onto an
/// identical change of the other side where one is within reach, else off
/// the other side's changes, else as slide_changes would.
void align_changes(std::vector<Change>& ours_changes, std::vector<Change>& theirs_changes, const PreparedText& base,
                   const PreparedText& ours, const PreparedText& theirs);

}  // namespace kongtpl
