#pragma once
// Stage 2, the engine git uses (xdiffi.c): Myers' divide-and-conquer diff in
// linear space, with git's cost heuristics. Memory is two arrays of
// (a.size() + b.size() + 3) diagonals, reused from call to call on a thread;
// nothing is restarted and nothing grows with the edit distance.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace kongtpl {

/// Marks the lines of a and b that are not in the common subsequence found:
/// changed_a[i] = 1 for a deleted a[i], changed_b[j] = 1 for an inserted b[j]
/// (both resized to the inputs and cleared first).
///
/// minimal: the shortest edit script, as `git diff --minimal` (time grows
/// with the edit distance squared). Otherwise git's default: past a cost of
/// max(256, ~sqrt(a.size() + b.size())) the search settles on a long common
/// run or the furthest-reaching split, as `git diff` does, so the result
/// (and --numstat) equal git's on the same lines.
void linear_diff(const int32_t* a, size_t a_size, const int32_t* b, size_t b_size, bool minimal,
                 std::vector<char>& changed_a, std::vector<char>& changed_b);

}  // namespace kongtpl
