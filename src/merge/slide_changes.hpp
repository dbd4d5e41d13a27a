#pragma once
// Where an insertion or deletion sits among equal lines is a free choice
// ("}" added before or after another "}"), and ignoring whitespace makes it
// a frequent one: "}" and "        }" are equal. Each such group is placed
// where the most lines it passes over match byte for byte (so "}" pairs with
// "}", not with a nested "        }"); on a tie, as low as it goes, as git does.
#include <vector>

#include "diff/edit_script.hpp"
#include "diff/prepare.hpp"

namespace kongtpl {

/// Re-places each pure insertion or deletion of `changes` (before -> after)
/// among the positions equal under the diff's whitespace mode; a group that
/// reaches a neighbouring change joins it. The edit script stays valid and
/// as short.
void slide_changes(std::vector<Change>& changes, const PreparedText& before, const PreparedText& after);

}  // namespace kongtpl
