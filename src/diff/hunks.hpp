#pragma once
// Stage 3 (like git's xemit.c): group the edit script into hunks with
// context, exactly as `git diff` does (xdl_get_hunk / xdl_emit_diff).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "diff/edit_script.hpp"
#include "diff/whitespace.hpp"
#include "util/lines.hpp"

namespace kongtpl {

/// What a printed hunk line is.
enum class HunkLineKind : char {
  Context = ' ',  ///< unchanged; git prints it from the after side
  Removed = '-',  ///< a line of the before side
  Added = '+',    ///< a line of the after side
};

/// One printed line of a hunk: its kind and its 0-based index into the
/// before lines (Removed) or the after lines (Context, Added).
struct HunkLine {
  HunkLineKind kind = HunkLineKind::Context;
  uint32_t index = 0;
  bool operator==(const HunkLine&) const = default;
};

/// One hunk as git prints it.
struct Hunk {
  /// Header numbers exactly as in "@@ -old_start,old_count +new_start,new_count @@"
  /// (1-based starts, git's value for empty ranges).
  size_t old_start = 0, old_count = 0, new_start = 0, new_count = 0;
  /// git's default function-name heading after the "@@" (may be empty).
  std::string heading;
  /// The printed lines, in order.
  std::vector<HunkLine> lines;
};

/// How hunks are formed.
struct HunkOptions {
  int context = 3;                  ///< lines of context (git -U<n>)
  bool ignore_blank_lines = false;  ///< git --ignore-blank-lines
  WhitespaceMode whitespace = WhitespaceMode::Exact;  ///< what counts as a blank line
};

/// Groups changes (from diff_ids over before/after) into hunks the way git
/// does: changes at most 2*context lines apart share a hunk, changes made
/// only of blank lines are dropped under ignore_blank_lines unless close to
/// a kept change.
std::vector<Hunk> build_hunks(const std::vector<Change>& changes, const std::vector<Line>& before,
                              const std::vector<Line>& after, const HunkOptions& options);

/// The hunk's header line without colour, "\n" included:
/// "@@ -3,7 +3,8 @@ heading\n".
std::string hunk_header(const Hunk& hunk);

/// The part of the header before the heading: "@@ -3,7 +3,8 @@".
std::string hunk_range(const Hunk& hunk);

/// git's default funcname for a line (def_ff), or false when the line does
/// not start with a letter, "_" or "$": the line cut to 80 bytes and
/// stripped of trailing whitespace.
bool default_funcname(std::string_view line, std::string& heading);

}  // namespace kongtpl
