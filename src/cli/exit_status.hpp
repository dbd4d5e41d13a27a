#pragma once
// Exit statuses, as diff(1) and git merge-file use them.

namespace kongtpl {

/// No differences, a clean merge, nothing pending.
inline constexpr int kExitClean = 0;
/// Differences found, conflicts, or (with --check) changes pending.
inline constexpr int kExitFindings = 1;
/// Trouble: bad input, unreadable repository, failed write.
inline constexpr int kExitTrouble = 2;

}  // namespace kongtpl
