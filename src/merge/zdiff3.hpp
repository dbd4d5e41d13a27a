#pragma once
// git's zdiff3 conflict style: a diff3 conflict whose two sides begin or end
// with the same lines keeps those lines outside the markers.
#include "merge/three_way.hpp"

namespace kongtpl {

/// Rewrites a merge result with diff3-style conflicts in place: the lines
/// shared, byte for byte, at the start and end of each conflict's ours and
/// theirs sections move before `<<<<<<<` and after `>>>>>>>` (ours' copies,
/// so the user's line endings stay); the base section stays whole. Each
/// conflict's output, ours and theirs ranges shrink to what stays inside
/// the markers; later conflicts and also_consider lines move up by the
/// lines no longer written twice.
void move_shared_lines_out_of_conflicts(MergeResult& result);

}  // namespace kongtpl
