#include "merge/carried_changes.hpp"

#include <algorithm>
#include <unordered_map>

namespace kongtpl {
namespace {

// A script's pairing both ways: for each new line the old line it keeps
// (or -1), and which old lines are kept.
struct Pairing {
  std::vector<long long> new_to_old;
  std::vector<bool> old_kept;
};

Pairing pair_lines(const std::vector<Change>& changes, size_t old_size, size_t new_size) {
  Pairing p{kept_from(changes, new_size), std::vector<bool>(old_size, false)};
  for (long long old : p.new_to_old)
    if (old >= 0) p.old_kept[static_cast<size_t>(old)] = true;
  return p;
}

}  // namespace

bool ours_carries_upstream(const CarriedInputs& in) {
  const std::vector<int32_t>& base_ids = *in.base;
  const std::vector<int32_t>& ours_ids = *in.ours;
  const std::vector<int32_t>& theirs_ids = *in.theirs;
  const size_t base_lines = base_ids.size(), ours_lines = ours_ids.size(), theirs_lines = theirs_ids.size();
  const Pairing user = pair_lines(*in.user, base_lines, ours_lines);
  const Pairing upstream = pair_lines(*in.upstream, base_lines, theirs_lines);
  const Pairing file = pair_lines(*in.theirs_to_ours, theirs_lines, ours_lines);
  if (!in.ours_balanced) return false;
  auto says_something = [&](int32_t id) { return !in.informative || in.informative(id); };
  // A brace, blank or `> end` where ours and theirs differ is judged with
  // the lines around it: in a difference that also holds lines which say
  // something (a block the user added or removed) it goes with them;
  // alone (a guard's `> end` moved) it is counted like any line.
  std::vector<bool> theirs_exempt(theirs_lines, false), ours_exempt(ours_lines, false);
  for (const Change& c : *in.theirs_to_ours) {
    bool says = false;
    for (size_t t = c.old_start; t < c.old_start + c.old_count; ++t) says = says || says_something(theirs_ids[t]);
    for (size_t o = c.new_start; o < c.new_start + c.new_count; ++o) says = says || says_something(ours_ids[o]);
    if (!says) continue;
    for (size_t t = c.old_start; t < c.old_start + c.old_count; ++t) theirs_exempt[t] = !says_something(theirs_ids[t]);
    for (size_t o = c.new_start; o < c.new_start + c.new_count; ++o) ours_exempt[o] = !says_something(ours_ids[o]);
  }
  // Per id, counted so that scripts which place a change of equal lines at
  // different slides agree. Upstream moved a line when it removed a base
  // line and wrote one with the same id (Kong's releases reorder
  // directives): up to min(removed, written) per id.
  std::unordered_map<int32_t, long> upstream_removed, upstream_wrote;
  for (size_t b = 0; b < base_lines; ++b)
    if (!upstream.old_kept[b]) ++upstream_removed[base_ids[b]];
  for (size_t t = 0; t < theirs_lines; ++t)
    if (upstream.new_to_old[t] < 0) ++upstream_wrote[theirs_ids[t]];
  std::unordered_map<int32_t, long> moved;
  for (const auto& [id, removed] : upstream_removed) {
    auto wrote = upstream_wrote.find(id);
    if (wrote != upstream_wrote.end()) moved[id] = std::min(removed, wrote->second);
  }
  // Base lines the user took out that upstream kept (or moved), and lines
  // the user wrote; each difference between ours and theirs uses one up.
  std::unordered_map<int32_t, long> user_removed, user_wrote, moved_left = moved;
  for (size_t b = 0; b < base_lines; ++b) {
    if (user.old_kept[b]) continue;
    if (upstream.old_kept[b]) ++user_removed[base_ids[b]];
    else if (moved_left[base_ids[b]] > 0) --moved_left[base_ids[b]], ++user_removed[base_ids[b]];
  }
  for (size_t o = 0; o < ours_lines; ++o)
    if (user.new_to_old[o] < 0) ++user_wrote[ours_ids[o]];
  // Lines of ours that theirs does not have: the user's own for certain.
  std::unordered_map<int32_t, long> only_ours;
  for (size_t o = 0; o < ours_lines; ++o)
    if (file.new_to_old[o] < 0) ++only_ours[ours_ids[o]];
  // A line of theirs the file lacks: a base line upstream kept (or moved
  // here) and the user took out or edited.
  std::unordered_map<int32_t, long> moved_here = moved;
  for (size_t t = 0; t < theirs_lines; ++t) {
    if (file.old_kept[t] || theirs_exempt[t]) continue;
    int32_t id = theirs_ids[t];
    if (upstream.new_to_old[t] < 0 && --moved_here[id] < 0) return false;  // upstream's own line is missing
    if (--user_removed[id] < 0) return false;
  }
  // A line of the file theirs lacks: the user's own. A line both have: the
  // same base line on both sides (or none), with upstream's spacing unless
  // the user re-spaced it.
  for (size_t o = 0; o < ours_lines; ++o) {
    long long t = file.new_to_old[o], b = user.new_to_old[o];
    if (t < 0) {
      if (!ours_exempt[o] && --user_wrote[ours_ids[o]] < 0) return false;
      continue;
    }
    long long upstream_b = upstream.new_to_old[static_cast<size_t>(t)];
    if (b >= 0 && upstream_b >= 0 && b != upstream_b) return false;
    if (b >= 0 && b == upstream_b && in.upstream_restyled &&
        in.upstream_restyled(o, static_cast<size_t>(b), static_cast<size_t>(t)))
      return false;
  }
  // A base line upstream took out (not moved) that the user wrote again
  // elsewhere: the user moved what upstream removed, a disagreement.
  {
    std::unordered_map<int32_t, long> moves_left = moved;
    for (size_t b = 0; b < base_lines; ++b) {
      if (upstream.old_kept[b] || !says_something(base_ids[b])) continue;
      if (moves_left[base_ids[b]] > 0) {
        --moves_left[base_ids[b]];
        continue;
      }
      auto wrote = only_ours.find(base_ids[b]);
      if (wrote != only_ours.end() && wrote->second > 0) return false;
    }
  }
  // A base line upstream took out (not moved), where the user wrote an edit
  // of it (not upstream's line): the user edited what upstream removed.
  std::unordered_map<int32_t, long> moves = moved;
  for (const Change& c : *in.user)
    for (size_t b = c.old_start; b < c.old_start + c.old_count; ++b) {
      if (upstream.old_kept[b]) continue;
      if (moves[base_ids[b]] > 0) {
        --moves[base_ids[b]];
        continue;
      }
      for (size_t o = c.new_start; o < c.new_start + c.new_count; ++o)
        if (file.new_to_old[o] < 0 && (!in.edit_of || in.edit_of(b, o))) return false;
    }
  return true;
}

}  // namespace kongtpl
