#pragma once
// git's zdiff3 conflict style: a diff3 conflict whose two sides begin or end
// with the same lines keeps those lines outside the markers.
#include <string>
#include <vector>

#include "merge/conflict.hpp"

namespace kongtpl {

/// Rewrites text (a merge result with diff3-style conflicts) in place: the
/// lines shared, byte for byte, at the start and end of each conflict's
/// ours and theirs sections move before `<<<<<<<` and after `>>>>>>>`
/// (ours' copies, so the user's line endings stay). The base section stays
/// whole. The line count does not change; each conflict's output, ours and
/// theirs ranges shrink to what stays inside the markers.
void move_shared_lines_out_of_conflicts(std::string& text, std::vector<Conflict>& conflicts);

}  // namespace kongtpl
