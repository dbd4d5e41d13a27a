#pragma once
// Stage 2 (like git's xdiffi.c): the edit script between two id sequences,
// as a list of changed regions: dtl's minimal script for template-sized
// merges, linear_diff (git's engine, linear space) for the rest.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace kongtpl {

/// One changed region: old lines [old_start, old_start+old_count) are
/// replaced by new lines [new_start, new_start+new_count). 0-based. A pure
/// insertion has old_count 0, a pure deletion new_count 0.
struct Change {
  size_t old_start = 0;
  size_t old_count = 0;
  size_t new_start = 0;
  size_t new_count = 0;
  bool operator==(const Change&) const = default;
};

/// The changed regions turning `before` into `after`, in order, separated by
/// at least one common line. dtl's shortest edit script (O(NP)) when the
/// two sides (common prefix and suffix trimmed) total at most 20,000 lines;
/// beyond that diff_ids_like_git: linear memory, no restarts, no search
/// over lines without a counterpart, the same script git merge-file uses.
std::vector<Change> diff_ids(const std::vector<int32_t>& before, const std::vector<int32_t>& after);

/// The same, but first setting lines aside exactly as git's xprepare.c does
/// (lines with no counterpart on the other side, and frequent lines amid
/// runs of those) before the diff runs on the rest: git's whole pipeline, so
/// the same line counts git reports (what `diff --numstat` and history need
/// to agree with `git diff -w --numstat`), and fast when the sides share
/// few lines (two 50,000-line sides with no common line cost no search).
std::vector<Change> diff_ids_like_git(const std::vector<int32_t>& before, const std::vector<int32_t>& after);

/// The pairing a script describes, line by line: for each line of `after`
/// (after_size long), the line of `before` it keeps, or -1 for a new line.
std::vector<long long> kept_from(const std::vector<Change>& changes, size_t after_size);

/// For each line of `before` (before_size long), the line of `after` it is
/// kept as, or -1 for a line the script removes.
std::vector<long long> kept_as(const std::vector<Change>& changes, size_t before_size);

}  // namespace kongtpl
