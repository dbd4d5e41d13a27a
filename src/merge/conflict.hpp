#pragma once
// What a three-way merge could not decide: the disagreeing lines of the
// user's file and of upstream, and how they are shown (git's markers).
#include <cstddef>
#include <string>
#include <string_view>

#include "merge/line_range.hpp"

namespace kongtpl {

/// How a conflict is written into the merged file.
enum class ConflictStyle {
  Merge,  ///< git's default: ours, "=======", theirs
  Diff3,  ///< adds a "|||||||" section with the upstream base version
  ZDiff3, ///< diff3, with lines both sides begin or end with moved out of the conflict (git's zdiff3)
};

/// The names printed after the conflict markers.
struct MergeLabels {
  std::string ours;    ///< the user's file, e.g. "custom_nginx.template"
  std::string base;    ///< the upstream version the user started from, e.g. "2.0.0"
  std::string theirs;  ///< the upstream version being applied, e.g. "2.7.0"
};

/// One conflict left in the merged text for the user to resolve.
struct Conflict {
  LineRange output;  ///< the whole marker block in the merged text, markers included
  LineRange ours;    ///< the user's lines in the conflict
  LineRange base;    ///< the upstream FROM lines both sides started from
  LineRange theirs;  ///< the upstream TO lines in the conflict
  std::string reason;  ///< why, in a few words ("both sides changed these lines")
};

/// A short human reason for a conflict, from how many lines each side holds.
std::string conflict_reason(size_t ours_lines, size_t base_lines, size_t theirs_lines);

/// The marker line ("<<<<<<< label", "|||||||", "=======", ">>>>>>> label")
/// without a line ending; `marker` is one of '<', '|', '=', '>'.
std::string conflict_marker(char marker, std::string_view label);

}  // namespace kongtpl
