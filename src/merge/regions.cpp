#include "merge/regions.hpp"

#include <algorithm>

namespace kongtpl {
namespace {

size_t old_end(const Change& c) { return c.old_start + c.old_count; }

}  // namespace

std::vector<MergeRegion> merge_regions(const std::vector<Change>& ours, const std::vector<Change>& theirs,
                                       size_t base_lines) {
  std::vector<MergeRegion> regions;
  // Line-count differences accumulated by each side's changes so far: base
  // line b sits at b + shift in that side's text outside its changes.
  long long ours_shift = 0, theirs_shift = 0;
  size_t base_pos = 0, i = 0, j = 0;

  auto side_range = [](size_t start, size_t end, long long shift_before, long long shift_after) {
    size_t s = static_cast<size_t>(static_cast<long long>(start) + shift_before);
    size_t e = static_cast<size_t>(static_cast<long long>(end) + shift_after);
    return LineRange{s, e - s};
  };
  auto add_unchanged = [&](size_t until) {
    if (until <= base_pos) return;
    MergeRegion r;
    r.base = {base_pos, until - base_pos};
    r.ours = side_range(base_pos, until, ours_shift, ours_shift);
    r.theirs = side_range(base_pos, until, theirs_shift, theirs_shift);
    regions.push_back(r);
    base_pos = until;
  };

  auto shift_of = [](const Change& c) {
    return static_cast<long long>(c.new_count) - static_cast<long long>(c.old_count);
  };
  while (i < ours.size() || j < theirs.size()) {
    MergeRegion r;
    if (j == theirs.size() || (i < ours.size() && old_end(ours[i]) < theirs[j].old_start))
      r.kind = RegionKind::Ours;
    else if (i == ours.size() || old_end(theirs[j]) < ours[i].old_start)
      r.kind = RegionKind::Theirs;
    else
      r.kind = RegionKind::Both;
    size_t start = r.kind == RegionKind::Ours     ? ours[i].old_start
                   : r.kind == RegionKind::Theirs ? theirs[j].old_start
                                                  : std::min(ours[i].old_start, theirs[j].old_start);
    add_unchanged(start);
    long long ours_before = ours_shift, theirs_before = theirs_shift;
    size_t end = start;
    // Absorb changes while they reach the region; for a Both region this
    // chains overlapping and touching changes from either side, as git does.
    bool grew = true;
    while (grew) {
      grew = false;
      if (r.kind != RegionKind::Theirs && i < ours.size() && ours[i].old_start <= end) {
        end = std::max(end, old_end(ours[i]));
        ours_shift += shift_of(ours[i++]);
        grew = r.kind == RegionKind::Both;
      }
      if (r.kind != RegionKind::Ours && j < theirs.size() && theirs[j].old_start <= end) {
        end = std::max(end, old_end(theirs[j]));
        theirs_shift += shift_of(theirs[j++]);
        ++r.theirs_changes;
        grew = grew || r.kind == RegionKind::Both;
      }
    }
    r.base = {start, end - start};
    r.ours = side_range(start, end, ours_before, ours_shift);
    r.theirs = side_range(start, end, theirs_before, theirs_shift);
    regions.push_back(r);
    base_pos = end;
  }
  add_unchanged(base_lines);
  return regions;
}

}  // namespace kongtpl
