#pragma once
// Stage 2 (like git's xdiffi.c): the edit script between two id sequences,
// computed by dtl, as a list of changed regions.
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
/// at least one common line. A minimal edit script (dtl's O(NP) algorithm);
/// the common prefix and suffix are trimmed before dtl runs.
std::vector<Change> diff_ids(const std::vector<int32_t>& before, const std::vector<int32_t>& after);

/// The same, but first setting lines aside exactly as git's xprepare.c does
/// (lines with no counterpart on the other side, and frequent lines amid
/// runs of those) before dtl runs on the rest. Not always minimal, but the
/// same line counts git reports: what `diff --numstat` and history need to
/// agree with `git diff -w --numstat`.
std::vector<Change> diff_ids_like_git(const std::vector<int32_t>& before, const std::vector<int32_t>& after);

}  // namespace kongtpl
