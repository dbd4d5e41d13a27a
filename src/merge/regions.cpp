#include "merge/regions.hpp"

#include <algorithm>

namespace kongtpl {
namespace {

size_t old_end(const Change& c) { return c.old_start + c.old_count; }

}  // namespace

bool changes_overlap(const Change& a, const Change& b, Touching touching) {
  if (touching == Touching::Overlaps) return a.old_start <= old_end(b) && b.old_start <= old_end(a);
  if (a.old_count != 0 && b.old_count != 0) return a.old_start < old_end(b) && b.old_start < old_end(a);
  if (a.old_count == 0 && b.old_count == 0) return a.old_start == b.old_start;
  const Change& insertion = a.old_count == 0 ? a : b;
  const Change& range = a.old_count == 0 ? b : a;
  return range.old_start < insertion.old_start && insertion.old_start < old_end(range);
}

std::vector<MergeRegion> merge_regions(const std::vector<Change>& ours, const std::vector<Change>& theirs,
                                       size_t base_lines, Touching touching) {
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
  // Which of two changes that do not overlap comes first in base: the one
  // starting earlier; at one start, the insertion.
  auto ours_first = [](const Change& o, const Change& t) {
    return o.old_start != t.old_start ? o.old_start < t.old_start : o.old_count == 0;
  };
  while (i < ours.size() || j < theirs.size()) {
    MergeRegion r;
    if (j == theirs.size() || (i < ours.size() && !changes_overlap(ours[i], theirs[j], touching) && ours_first(ours[i], theirs[j])))
      r.kind = RegionKind::Ours;
    else if (i == ours.size() || !changes_overlap(ours[i], theirs[j], touching))
      r.kind = RegionKind::Theirs;
    else
      r.kind = RegionKind::Both;
    size_t start = r.kind == RegionKind::Ours     ? ours[i].old_start
                   : r.kind == RegionKind::Theirs ? theirs[j].old_start
                                                  : std::min(ours[i].old_start, theirs[j].old_start);
    add_unchanged(start);
    long long ours_before = ours_shift, theirs_before = theirs_shift;
    Change extent{start, 0, 0, 0};  // the base lines the region covers so far
    auto absorb = [&](const Change& c) {
      size_t end = std::max(old_end(extent), old_end(c));
      extent.old_start = std::min(extent.old_start, c.old_start);
      extent.old_count = end - extent.old_start;
    };
    if (r.kind == RegionKind::Ours) {
      absorb(ours[i]);
      ours_shift += shift_of(ours[i++]);
    } else if (r.kind == RegionKind::Theirs) {
      absorb(theirs[j]);
      theirs_shift += shift_of(theirs[j++]);
      ++r.theirs_changes;
    } else {
      // Chain every change of either side that overlaps the region so far.
      absorb(ours[i]);
      absorb(theirs[j]);
      ours_shift += shift_of(ours[i++]);
      theirs_shift += shift_of(theirs[j++]);
      ++r.theirs_changes;
      bool grew = true;
      while (grew) {
        grew = false;
        if (i < ours.size() && changes_overlap(ours[i], extent, touching)) {
          absorb(ours[i]);
          ours_shift += shift_of(ours[i++]);
          grew = true;
        }
        if (j < theirs.size() && changes_overlap(theirs[j], extent, touching)) {
          absorb(theirs[j]);
          theirs_shift += shift_of(theirs[j++]);
          ++r.theirs_changes;
          grew = true;
        }
      }
    }
    size_t end = old_end(extent);
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
