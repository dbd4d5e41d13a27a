#pragma once
// The three-way merge engine behind `kongtpl apply`: ports the upstream
// change base -> theirs into the user's customised file (ours). A pure
// function on three texts; reading and writing files is the caller's job.
//
// Pipeline (like git's xmerge.c): prepare all three texts ignoring
// whitespace (one interner), diff base->ours and base->theirs, cut the base
// into regions (merge/regions.hpp), then write each region: the user's lines
// where only the user changed, upstream's lines re-indented like the user's
// file (merge/indent.hpp) where only upstream changed, and for regions both
// changed the lines both agree on plus narrowed conflicts (merge/conflict.hpp).
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "merge/conflict.hpp"

namespace kongtpl {

/// Coarse progress of one merge: percent done (0-100) and the phase
/// ("diffs", "regions"); called at most once per percent.
using MergeProgress = std::function<void(size_t percent, size_t total, const std::string& phase)>;

/// How merge_texts writes its result.
struct MergeOptions {
  ConflictStyle style = ConflictStyle::Merge;  ///< conflict markers as git merge / diff3
  MergeLabels labels;                          ///< names printed on the markers
  MergeProgress on_progress;                   ///< empty: no reports, no cost
};

/// A line of the user's own (not from base) that is a copy of a base line
/// upstream rewrote: upstream's change is not applied to it, but the user
/// should look ("also consider").
struct AlsoConsider {
  size_t output_line = 0;  ///< 0-based line in the merged text
  size_t ours_line = 0;    ///< 0-based line in ours
  size_t base_line = 0;    ///< the base line it copies
  LineRange theirs;        ///< what upstream wrote instead (its change's lines in theirs)
};

/// The merged file and what happened on the way.
struct MergeResult {
  std::string text;                  ///< the merged file, conflict markers included
  std::vector<Conflict> conflicts;   ///< in the order they appear in text
  std::vector<AlsoConsider> also_consider;  ///< the user's copies of lines upstream rewrote, in text order
  size_t upstream_changes_applied = 0;  ///< upstream changes (diff hunks) written into text
  size_t upstream_changes_present = 0;  ///< upstream changes the user's file already had
  bool changed = false;              ///< text differs from ours
  /// True when there is nothing left for the user to resolve.
  bool clean() const { return conflicts.empty(); }
};

/// Merges upstream's change from base to theirs into ours.
/// - Lines match ignoring all whitespace (diff -w): re-indented or realigned
///   lines still match and never conflict.
/// - A matched line keeps the user's bytes, except that when the user's line
///   equals base exactly, upstream's whitespace-only change to it is taken.
/// - Lines upstream adds or changes are re-indented the way the user's file
///   indents the nearest matched line (Kong's "> lua" lines stay at column 0).
/// - Both sides making the same change is no conflict (the user's bytes win);
///   where they differ, lines both agree on are taken out of the conflict.
///   Changes that only touch (each replacing its own neighbouring base
///   lines) both land, and a deletion inside the other side's larger
///   deletion is no conflict; two insertions at one place still conflict.
/// - The user's line ending (LF or CRLF) and final-newline state are kept.
MergeResult merge_texts(std::string_view ours, std::string_view base, std::string_view theirs,
                        const MergeOptions& options = {});

}  // namespace kongtpl
