#pragma once
// Whether the user's file already carries every upstream change: a file
// written by an earlier apply, or ported by hand. Merging it again must
// change nothing (`--check` after `--write` is 0), but a second three-way
// pass sees the user's edits and upstream's changes side by side in the
// same places and can cut them differently than the first pass did. This
// asks the question directly, from three edit scripts.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "diff/edit_script.hpp"

namespace kongtpl {

/// The three texts' line ids and the scripts base->ours (the user's
/// changes), base->theirs (upstream's) and theirs->ours (where the file
/// differs from upstream's version).
struct CarriedInputs {
  const std::vector<int32_t>* base = nullptr;
  const std::vector<int32_t>* ours = nullptr;
  const std::vector<int32_t>* theirs = nullptr;
  const std::vector<Change>* user = nullptr;
  const std::vector<Change>* upstream = nullptr;
  const std::vector<Change>* theirs_to_ours = nullptr;
  /// Whether upstream changed the bytes of a line (whitespace: the scripts
  /// ignore it) where the file still has base's bytes: (ours line, base
  /// line, theirs line).
  std::function<bool(size_t, size_t, size_t)> upstream_restyled;
  /// Whether a line the user wrote looks like an edit of a base line (the
  /// same directive): (base line, ours line).
  std::function<bool(size_t, size_t)> edit_of;
  /// Whether a line id says something of its own (not a blank line, a lone
  /// brace or `> end`). Which `}` a script pairs with which is arbitrary, so
  /// such lines in a difference that also holds lines which say something
  /// go with those; ours must balance then (`ours_balanced`).
  std::function<bool(int32_t)> informative;
  /// Whether ours closes every block and `> if` it opens.
  bool ours_balanced = true;
};

/// True when every difference between ours and theirs is the user's own:
///  - a line of theirs missing from ours is a base line upstream kept (or
///    moved: removed here, the same line written there) and the user
///    deleted or changed;
///  - a line of ours missing from theirs is one the user wrote (no base
///    line);
///  (both counted per line id, so that two scripts placing the same change
///  of equal lines, a `> end` or a `}`, at different slides agree);
///  - no base line upstream deleted or changed stands in ours as an edit
///    the user made of it (that is a modify/delete disagreement, and a
///    conflict, not a change already made); lines of the user's own next to
///    it are fine.
/// Upstream's own lines (new or rewritten) must all be in ours, at the
/// place upstream has them; a line ours and theirs share must be the same
/// base line on both sides, and not one upstream re-spaced where the user
/// left base's spacing.
bool ours_carries_upstream(const CarriedInputs& in);

}  // namespace kongtpl
