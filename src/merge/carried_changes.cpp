#include "merge/carried_changes.hpp"

#include <unordered_map>

namespace kongtpl {
namespace {

// For each line of the new side of a script, the old line it keeps, or -1;
// and which old lines are kept.
struct Pairing {
  std::vector<long> new_to_old;
  std::vector<bool> old_kept;
};

Pairing pair_lines(const std::vector<Change>& changes, size_t old_size, size_t new_size) {
  Pairing p{std::vector<long>(new_size, -1), std::vector<bool>(old_size, false)};
  size_t i = 0, j = 0;
  auto keep_until = [&](size_t j_end) {
    for (; j < j_end && i < old_size; ++i, ++j) {
      p.new_to_old[j] = static_cast<long>(i);
      p.old_kept[i] = true;
    }
  };
  for (const Change& c : changes) {
    keep_until(c.new_start);
    i = c.old_start + c.old_count;
    j = c.new_start + c.new_count;
  }
  keep_until(new_size);
  return p;
}

}  // namespace

bool ours_carries_upstream(const CarriedInputs& in) {
  const size_t base_lines = in.base->size(), ours_lines = in.ours->size(), theirs_lines = in.theirs->size();
  const Pairing user = pair_lines(*in.user, base_lines, ours_lines);
  const Pairing upstream = pair_lines(*in.upstream, base_lines, theirs_lines);
  const Pairing file = pair_lines(*in.theirs_to_ours, theirs_lines, ours_lines);
  // Per id: base lines upstream kept and the user took out, and lines the
  // user wrote; each difference between ours and theirs uses one up.
  std::unordered_map<int32_t, long> user_removed, user_wrote;
  for (size_t b = 0; b < base_lines; ++b)
    if (!user.old_kept[b] && upstream.old_kept[b]) ++user_removed[(*in.base)[b]];
  for (size_t o = 0; o < ours_lines; ++o)
    if (user.new_to_old[o] < 0) ++user_wrote[(*in.ours)[o]];
  // A line of theirs the file lacks: a base line upstream kept and the user
  // took out.
  for (size_t t = 0; t < theirs_lines; ++t) {
    if (file.old_kept[t]) continue;
    if (upstream.new_to_old[t] < 0) return false;
    if (--user_removed[(*in.theirs)[t]] < 0) return false;
  }
  // A line of the file theirs lacks: the user's own. A line both have: the
  // same base line on both sides (or none), with upstream's spacing unless
  // the user re-spaced it.
  for (size_t o = 0; o < ours_lines; ++o) {
    long t = file.new_to_old[o], b = user.new_to_old[o];
    if (t < 0) {
      if (--user_wrote[(*in.ours)[o]] < 0) return false;
      continue;
    }
    long upstream_b = upstream.new_to_old[static_cast<size_t>(t)];
    if (b >= 0 && upstream_b >= 0 && b != upstream_b) return false;
    if (b >= 0 && b == upstream_b && in.upstream_restyled &&
        in.upstream_restyled(o, static_cast<size_t>(b), static_cast<size_t>(t)))
      return false;
  }
  // A base line upstream took out, where the user wrote an edit of it (not
  // upstream's line): the user edited what upstream removed.
  for (const Change& c : *in.user)
    for (size_t b = c.old_start; b < c.old_start + c.old_count; ++b) {
      if (upstream.old_kept[b]) continue;
      for (size_t o = c.new_start; o < c.new_start + c.new_count; ++o)
        if (file.new_to_old[o] < 0 && (!in.edit_of || in.edit_of(b, o))) return false;
    }
  return true;
}

}  // namespace kongtpl
