// Regions both sides changed (merger.hpp).
#include "merge/merger.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "merge/split_changes.hpp"
#include "merge/slide_changes.hpp"

namespace kongtpl::merge_engine {
namespace {

// Which lines of `before` (before_size long) the edit script keeps.
std::vector<bool> kept_base_lines(const std::vector<long long>& match, size_t before_size) {
  std::vector<bool> kept(before_size, false);
  for (long long b : match)
    if (b >= 0) kept[static_cast<size_t>(b)] = true;
  return kept;
}

// Where one side's lines of a Both region sit relative to the region's base
// lines: below(k) is the first base line not matched before side line k,
// above(k) the first base line matched at or after side line k.
struct BaseAttribution {
  std::vector<size_t> below;  // size n+1
  std::vector<size_t> above;  // size n+1

  BaseAttribution(const std::vector<long long>& match, size_t base_count) {
    size_t n = match.size();
    below.assign(n + 1, 0);
    above.assign(n + 1, base_count);
    for (size_t k = 0; k < n; ++k)
      below[k + 1] = match[k] >= 0 ? static_cast<size_t>(match[k]) + 1 : below[k];
    for (size_t k = n; k-- > 0;)
      above[k] = match[k] >= 0 ? static_cast<size_t>(match[k]) : above[k + 1];
  }
};

// A range of ids of one text.
std::vector<int32_t> slice(const std::vector<int32_t>& ids, size_t from, size_t count) {
  return std::vector<int32_t>(ids.begin() + static_cast<long>(from), ids.begin() + static_cast<long>(from + count));
}

}  // namespace

// True when `small` only deletes base lines (it is base with lines left
// out) that close or pad, `big` keeps none of those, and no line of big is
// an edit of one of them (the same directive name): deleting a line
// someone customised stays a conflict. big_lines/base_lines: where big and base sit in their
// texts (big in theirs when big_is_theirs, else in ours).
bool Merger::deletion_held_by(const std::vector<int32_t>& big, const std::vector<int32_t>& small,
                              const std::vector<int32_t>& base, LineRange big_lines, LineRange base_lines,
                              bool big_is_theirs) const {
  size_t k = 0;
  std::vector<bool> kept(base.size(), false);
  for (int32_t id : small) {
    while (k < base.size() && base[k] != id) ++k;
    if (k == base.size()) return false;  // small holds a line of its own
    kept[k++] = true;
  }
  std::unordered_set<int32_t> big_set(big.begin(), big.end());
  std::unordered_set<std::string_view> dropped_names;
  bool dropped_any = false;
  for (size_t b = 0; b < base.size(); ++b) {
    if (kept[b] || base[b] == blank_id_) continue;
    if (big_set.count(base[b])) return false;
    // Only lines that close or pad (a "> end" moved out, a "}"): a line
    // that says something may have been rewritten as big's lines.
    if (is_informative_line(line_body(b_.lines[base_lines.start + b].bytes))) return false;
    dropped_any = true;
    std::string_view name = directive_name(line_body(b_.lines[base_lines.start + b].bytes));
    if (!name.empty()) dropped_names.insert(name);
  }
  if (!dropped_any) return false;
  const PreparedText& big_text = big_is_theirs ? t_ : o_;
  for (size_t i = big_lines.start; i < big_lines.end(); ++i) {
    std::string_view name = directive_name(line_body(big_text.lines[i].bytes));
    if (!name.empty() && dropped_names.count(name)) return false;
  }
  return true;
}

// In strict mode: true when the user's lines `range` say nothing of
// their own, so that equal lines on both sides need not be one change.
bool Merger::only_structure(LineRange range) const {
  if (!strict_ || range.count == 0) return false;
  for (size_t i = range.start; i < range.end(); ++i)
    if (is_informative_line(line_body(o_.lines[i].bytes))) return false;
  return true;
}

// True when `big` holds all of `small` in order (blank lines aside), and
// what else it holds is none of the base lines `small` dropped; and
// small's own new lines say something (a lone "}" proves nothing).
// `embedding` receives, for each line of big, the line of small it is
// (or -1 for big's own lines).
bool Merger::holds_change(const std::vector<int32_t>& big, const std::vector<int32_t>& small,
                          const std::vector<int32_t>& base, std::vector<long long>* embedding) const {
  base_marks_.clear(interner_.size());
  for (int32_t id : base) base_marks_.insert(id);
  bool informative = false;
  for (size_t k = 0; k < small.size(); ++k)
    if (!base_marks_.contains(small[k]) && small[k] != blank_id_ && informative_id(small[k])) informative = true;
  if (!informative) return false;
  small_marks_.clear(interner_.size());
  for (int32_t id : small) small_marks_.insert(id);
  IdMarks& dropped = base_marks_;  // base's lines small dropped
  dropped.clear(interner_.size());
  for (int32_t id : base)
    if (!small_marks_.contains(id)) dropped.insert(id);
  size_t k = 0;
  if (embedding) embedding->assign(big.size(), -1);
  for (size_t i = 0; i < big.size(); ++i) {
    int32_t id = big[i];
    while (k < small.size() && small[k] == blank_id_ && id != blank_id_) ++k;
    if (k < small.size() && small[k] == id) {
      if (embedding) (*embedding)[i] = static_cast<long long>(k);
      ++k;
      continue;
    }
    if (id != blank_id_ && dropped.contains(id)) return false;
  }
  while (k < small.size() && small[k] == blank_id_) ++k;
  return k == small.size();
}

// Whether a line id is informative (is_informative_line on its text).
bool Merger::informative_id(int32_t id) const {
  return id >= 0 && static_cast<size_t>(id) < informative_ids_.size() && informative_ids_[static_cast<size_t>(id)] > 0;
}

// Records whether a line's id is informative, deciding each id once.
void Merger::note_informative(int32_t id, std::string_view body) {
  if (id < 0) return;
  if (informative_ids_.size() < interner_.size()) informative_ids_.resize(interner_.size(), -1);
  signed char& known = informative_ids_[static_cast<size_t>(id)];
  if (known < 0) known = is_informative_line(body) ? 1 : 0;
}

// A region both sides changed. The two versions are lined up against each
// other on the lines they share (git's XDL_MERGE_ZEALOUS), but only on
// lines that can anchor: a line both kept from base, or one that says
// something of its own; two different blocks inserted at one place do not
// line up on their braces. Each stretch between anchors is then resolved
// on its own.
void Merger::write_both(const MergeRegion& r) {
  current_region_ = &r;
  structure_risk_ = true;
  whole_side_ = WholeSide::Neither;
  for (size_t i = r.ours.start; i < r.ours.end(); ++i) note_informative(o_.ids[i], line_body(o_.lines[i].bytes));
  for (size_t i = r.theirs.start; i < r.theirs.end(); ++i) note_informative(t_.ids[i], line_body(t_.lines[i].bytes));
  std::vector<int32_t> ours_ids = slice(o_.ids, r.ours.start, r.ours.count);
  std::vector<int32_t> theirs_ids = slice(t_.ids, r.theirs.start, r.theirs.count);
  if (ours_ids == theirs_ids && !only_structure(r.ours)) {  // the same change on both sides
    whole_side_ = WholeSide::Ours;
    for (size_t i = 0; i < r.ours.count; ++i) write_shared(r.ours.start + i, std::nullopt, r.theirs.start + i);
    result_.upstream_changes_present += r.theirs_changes;
    return;
  }
  std::vector<int32_t> base_ids = slice(b_.ids, r.base.start, r.base.count);
  // One side's version already holds the other's whole change, plus lines
  // of its own (a file that carries upstream's change and the user's
  // additions next to it, or a user who ported part of upstream's block):
  // that version is the merge.
  if (holds_change(ours_ids, theirs_ids, base_ids)) {
    whole_side_ = WholeSide::Ours;
    for (size_t i = r.ours.start; i < r.ours.end(); ++i) write_ours(i);
    result_.upstream_changes_present += r.theirs_changes;
    return;
  }
  std::vector<long long> embedding;
  if (holds_change(theirs_ids, ours_ids, base_ids, &embedding)) {
    whole_side_ = WholeSide::Theirs;
    // The user's lines keep the user's bytes.
    for (size_t i = 0; i < r.theirs.count; ++i)
      if (embedding[i] >= 0)
        write_shared(r.ours.start + static_cast<size_t>(embedding[i]), std::nullopt, r.theirs.start + i);
      else write_theirs(r.theirs.start + i);
    result_.upstream_changes_applied += r.theirs_changes;
    return;
  }
  const std::vector<long long> ours_match = kept_from(script(base_ids, ours_ids), ours_ids.size());
  const std::vector<long long> theirs_match = kept_from(script(base_ids, theirs_ids), theirs_ids.size());
  BaseAttribution ours_at(ours_match, base_ids.size());
  BaseAttribution theirs_at(theirs_match, base_ids.size());
  const std::vector<bool> ours_keeps = kept_base_lines(ours_match, base_ids.size());
  const std::vector<bool> theirs_keeps = kept_base_lines(theirs_match, base_ids.size());
  auto kept_by_both = [&](size_t o, size_t t) { return ours_match[o] >= 0 && ours_match[o] == theirs_match[t]; };

  // The anchors: shared lines both kept from base, or informative ones.
  std::vector<std::pair<size_t, size_t>> anchors;
  {
    size_t o = 0, t = 0;
    auto take_until = [&](size_t o_end) {
      for (; o < o_end; ++o, ++t)
        if (kept_by_both(o, t) || is_informative_line(line_body(o_.lines[r.ours.start + o].bytes)))
          anchors.emplace_back(o, t);
    };
    for (const Change& c : script(ours_ids, theirs_ids)) {
      take_until(c.old_start);
      o = c.old_start + c.old_count;
      t = c.new_start + c.new_count;
    }
    take_until(ours_ids.size());
  }
  anchors.emplace_back(ours_ids.size(), theirs_ids.size());  // the region's end

  Segments segments{r, ours_ids, theirs_ids, base_ids, ours_keeps, theirs_keeps};
  size_t o = 0, t = 0, base_done = 0;
  bool anchored_before = true;  // the region starts where both sides are in step with base
  for (size_t a = 0; a < anchors.size(); ++a) {
    auto [ao, at] = anchors[a];
    bool region_end = a + 1 == anchors.size();
    bool anchored_after = region_end || kept_by_both(ao, at);
    size_t base_lo = std::max({ours_at.below[o], theirs_at.below[t], base_done});
    size_t base_hi = std::max(std::min(ours_at.above[ao], theirs_at.above[at]), base_lo);
    base_done = base_hi;
    resolve_stretch(segments, LineRange{o, ao - o}, LineRange{base_lo, base_hi - base_lo}, LineRange{t, at - t},
                    anchored_before && anchored_after);
    if (region_end) break;
    write_shared(r.ours.start + ao,
                 ours_match[ao] >= 0 ? std::optional<size_t>(r.base.start + static_cast<size_t>(ours_match[ao]))
                                     : std::nullopt,
                 r.theirs.start + at);
    o = ao + 1;
    t = at + 1;
    anchored_before = kept_by_both(ao, at);
  }
}

// One stretch of a Both region where the two sides share no anchor:
// ours/base/theirs ranges are relative to the region. `anchored` says the
// stretch sits between lines both sides kept from base, so that "same as
// base" means "not changed here"; inside lines both sides inserted it
// does not (each side's lines there are its own insertion).
void Merger::resolve_stretch(const Segments& s, LineRange ours, LineRange base, LineRange theirs, bool anchored) {
  if (ours.count == 0 && theirs.count == 0) return;  // both deleted base's lines, or nothing here
  const MergeRegion& r = s.region;
  std::vector<int32_t> o_ids = slice(s.ours, ours.start, ours.count);
  std::vector<int32_t> t_ids = slice(s.theirs, theirs.start, theirs.count);
  std::vector<int32_t> b_ids = slice(s.base, base.start, base.count);
  auto take_ours = [&] { for (size_t i = ours.start; i < ours.end(); ++i) write_ours(r.ours.start + i); };
  auto take_theirs = [&] {
    for (size_t i = theirs.start; i < theirs.end(); ++i) write_theirs(r.theirs.start + i);
    ++result_.upstream_changes_applied;
  };
  if (o_ids == t_ids && !only_structure(LineRange{r.ours.start + ours.start, ours.count})) {
    for (size_t i = 0; i < ours.count; ++i)
      write_shared(r.ours.start + ours.start + i, std::nullopt, r.theirs.start + theirs.start + i);
    return;
  }
  if (!anchored && base.count == 0) {
    // A side whose lines here are only blank yields.
    if (!o_ids.empty() && only_blank(o_ids)) return take_theirs();
    if (!t_ids.empty() && only_blank(t_ids)) return take_ours();
    return write_conflict(ours, base, theirs);
  }
  // A side that left the stretch as base had it (blank lines aside) takes
  // the other side's change, as a merge does anywhere else.
  std::vector<int32_t> b_plain = without_blanks(b_ids);
  if (without_blanks(o_ids) == b_plain) return t_ids == b_ids ? take_ours() : take_theirs();
  if (without_blanks(t_ids) == b_plain) return take_ours();
  // Where both sides only deleted base lines and one side's deletions are
  // all among the other's, the larger deletion holds both changes.
  std::vector<long long> o_match = kept_from(script(b_ids, o_ids), o_ids.size());
  std::vector<long long> t_match = kept_from(script(b_ids, t_ids), t_ids.size());
  auto only_deletes = [](const std::vector<long long>& match) {
    return std::all_of(match.begin(), match.end(), [](long long m) { return m >= 0; });
  };
  if (only_deletes(o_match) && only_deletes(t_match)) {
    std::vector<bool> o_keeps = kept_base_lines(o_match, b_ids.size());
    std::vector<bool> t_keeps = kept_base_lines(t_match, b_ids.size());
    auto within = [&](const std::vector<bool>& keeps, const std::vector<bool>& other) {
      for (size_t b = 0; b < keeps.size(); ++b)
        if (!keeps[b] && other[b]) return false;
      return true;
    };
    if (within(t_keeps, o_keeps)) return take_ours();
    if (within(o_keeps, t_keeps)) return take_theirs();
  }
  // One side only deleted lines the other side's version also dropped
  // (replacing them with lines of its own that are no edit of them):
  // that version holds both changes.
  const LineRange base_lines{r.base.start + base.start, base.count};
  if (deletion_held_by(o_ids, t_ids, b_ids, LineRange{r.ours.start + ours.start, ours.count}, base_lines))
    return take_ours();
  if (deletion_held_by(t_ids, o_ids, b_ids, LineRange{r.theirs.start + theirs.start, theirs.count}, base_lines, true))
    return take_theirs();
  // Each side's changes to the stretch's base lines: those that do not
  // compete (touching is fine) both land; competing ones conflict.
  auto lines_of = [](const PreparedText& text, size_t from, size_t count) {
    return std::vector<Line>(text.lines.begin() + static_cast<long>(from),
                             text.lines.begin() + static_cast<long>(from + count));
  };
  const std::vector<Line> b_lines = lines_of(b_, r.base.start + base.start, base.count);
  std::vector<Change> o_changes =
      split_changes(script(b_ids, o_ids), b_lines, lines_of(o_, r.ours.start + ours.start, ours.count));
  std::vector<Change> t_changes =
      split_changes(script(b_ids, t_ids), b_lines, lines_of(t_, r.theirs.start + theirs.start, theirs.count));
  // A piece of a deletion stands alone when it closes everything it opens
  // and never closes what it did not open.
  const size_t base_offset = r.base.start + base.start;
  auto stands_alone = [&](size_t from, size_t to) {
    const LineNesting& first = b_nest_[base_offset + from];
    for (size_t k = from; k < to; ++k) {
      const LineNesting& n = b_nest_[base_offset + k];
      if (n.blocks < first.blocks || n.control < first.control) return false;
    }
    return b_structure_.between(base_offset + from, base_offset + to) == StructureDelta{};
  };
  std::vector<Change> o_cut = cut_deletions(o_changes, t_changes, stands_alone);
  std::vector<size_t> t_origin;  // which of t_changes each piece comes from
  std::vector<Change> t_cut = cut_deletions(t_changes, o_changes, stands_alone, &t_origin);
  std::vector<MergeRegion> subs = merge_regions(o_cut, t_cut, b_ids.size(), Touching::Apart);
  // Touching changes that write a line in common (each side inserting
  // the same "}" next to the other's change) would write it twice: the
  // stretch is one conflict then.
  // One side inserting right before and right after lines the other side
  // deletes (wrapping them in a "> if", a block) is about those lines:
  // the stretch is one conflict then, not an empty wrapper.
  for (size_t k = 0; k + 2 < subs.size(); ++k) {
    const MergeRegion &x = subs[k], &y = subs[k + 1], &z = subs[k + 2];
    bool wraps = x.kind == z.kind && x.kind != RegionKind::Unchanged && x.kind != RegionKind::Both &&
                 y.kind != RegionKind::Unchanged && y.kind != RegionKind::Both && y.kind != x.kind &&
                 x.base.count == 0 && z.base.count == 0 && y.base.count > 0;
    if (wraps) return write_conflict(ours, base, theirs);
  }
  // One side opening or closing a block right next to lines the other side
  // deletes (the user's `}` `server {` written just before a directive
  // upstream drops): in that side's version those lines sit in another
  // block, so they are not the lines the other side deleted.
  auto opens_or_closes = [&](const MergeRegion& sub) {
    if (sub.base.count != 0) return false;
    const bool mine = sub.kind == RegionKind::Ours;
    const size_t from = mine ? r.ours.start + ours.start + sub.ours.start : r.theirs.start + theirs.start + sub.theirs.start;
    const size_t to = from + (mine ? sub.ours.count : sub.theirs.count);
    const StructurePrefix& structure = mine ? o_structure_ : t_structure_;
    const std::vector<LineNesting>& nesting = mine ? o_nest_ : t_nest_;
    StructureDelta d = structure.between(from, to);
    if (d.blocks != 0 || d.control != 0) return true;
    // `}` then `server {`: nothing opened in the end, but what follows is
    // in another block.
    const int blocks = from > 0 ? nesting[from - 1].blocks_after : 0;
    const int control = from > 0 ? nesting[from - 1].control_after : 0;
    for (size_t k = from; k < to; ++k)
      if (nesting[k].blocks < blocks || nesting[k].control < control) return true;
    return false;
  };
  auto deletes = [](const MergeRegion& sub) {
    return sub.base.count != 0 && (sub.kind == RegionKind::Ours ? sub.ours.count : sub.theirs.count) == 0;
  };
  for (size_t k = 0; k + 1 < subs.size(); ++k) {
    const MergeRegion &x = subs[k], &y = subs[k + 1];
    bool sides = (x.kind == RegionKind::Ours && y.kind == RegionKind::Theirs) ||
                 (x.kind == RegionKind::Theirs && y.kind == RegionKind::Ours);
    if (sides && ((opens_or_closes(x) && deletes(y)) || (deletes(x) && opens_or_closes(y))))
      return write_conflict(ours, base, theirs);
  }
  for (size_t k = 0; k + 1 < subs.size(); ++k) {
    const MergeRegion& a = subs[k];
    const MergeRegion& b = subs[k + 1];
    if (a.kind == RegionKind::Unchanged || b.kind == RegionKind::Unchanged || a.kind == b.kind) continue;
    auto new_ids = [&](const MergeRegion& sub) {
      return sub.kind == RegionKind::Ours ? slice(o_ids, sub.ours.start, sub.ours.count)
                                          : slice(t_ids, sub.theirs.start, sub.theirs.count);
    };
    std::vector<int32_t> x = without_blanks(new_ids(a)), y = without_blanks(new_ids(b));
    std::unordered_set<int32_t> seen(x.begin(), x.end());
    if (std::any_of(y.begin(), y.end(), [&](int32_t id) { return seen.count(id) != 0; }))
      return write_conflict(ours, base, theirs);
  }
  // Upstream's changes written, each counted once however many of its
  // pieces land (subs take t_cut's pieces in order, sub.theirs_changes each).
  size_t piece = 0;
  std::unordered_set<size_t> counted;
  auto count_applied = [&](const MergeRegion& sub) {
    for (size_t k = piece; k < piece + sub.theirs_changes; ++k)
      if (counted.insert(t_origin[k]).second) ++result_.upstream_changes_applied;
  };
  auto in_conflict = [&](const MergeRegion& sub) {
    return sub.kind == RegionKind::Both &&
           slice(o_ids, sub.ours.start, sub.ours.count) != slice(t_ids, sub.theirs.start, sub.theirs.count);
  };
  auto writes_nothing = [](const MergeRegion& sub) {
    return (sub.kind == RegionKind::Ours && sub.ours.count == 0) ||
           (sub.kind == RegionKind::Theirs && sub.theirs.count == 0);
  };
  for (size_t k = 0; k < subs.size(); ++k) {
    const MergeRegion& sub = subs[k];
    // Conflicts with only deletions between them (pieces of a deletion cut
    // around them) would stand back to back: one disagreement, one block.
    if (in_conflict(sub)) {
      size_t last = k;
      for (size_t j = k + 1; j < subs.size() && (writes_nothing(subs[j]) || in_conflict(subs[j])); ++j)
        if (in_conflict(subs[j])) last = j;
      if (last > k) {
        const MergeRegion& end = subs[last];
        write_conflict(LineRange{ours.start + sub.ours.start, end.ours.end() - sub.ours.start},
                       LineRange{base.start + sub.base.start, end.base.end() - sub.base.start},
                       LineRange{theirs.start + sub.theirs.start, end.theirs.end() - sub.theirs.start});
        for (size_t j = k; j <= last; ++j) piece += subs[j].theirs_changes;
        k = last;
        continue;
      }
    }
    LineRange so{ours.start + sub.ours.start, sub.ours.count};
    LineRange st{theirs.start + sub.theirs.start, sub.theirs.count};
    switch (sub.kind) {
      case RegionKind::Unchanged:
        for (size_t i = 0; i < sub.base.count; ++i)
          write_shared(r.ours.start + so.start + i, r.base.start + base.start + sub.base.start + i,
                       r.theirs.start + st.start + i);
        break;
      case RegionKind::Ours:
        if (so.count == 0) note_gap_deletion(r.ours.start + so.start, 0, r.theirs.start + st.start, st.count);
        for (size_t i = so.start; i < so.end(); ++i) write_ours(r.ours.start + i);
        break;
      case RegionKind::Theirs:
        if (st.count == 0) note_gap_deletion(r.ours.start + so.start, so.count, r.theirs.start + st.start, 0);
        for (size_t i = st.start; i < st.end(); ++i) write_theirs(r.theirs.start + i);
        count_applied(sub);
        break;
      case RegionKind::Both:
        if (slice(o_ids, sub.ours.start, sub.ours.count) == slice(t_ids, sub.theirs.start, sub.theirs.count)) {
          for (size_t i = 0; i < so.count; ++i)
            write_shared(r.ours.start + so.start + i, std::nullopt, r.theirs.start + st.start + i);
          break;
        }
        write_conflict(so, LineRange{base.start + sub.base.start, sub.base.count}, st);
        break;
    }
    piece += sub.theirs_changes;
  }
}

}  // namespace kongtpl::merge_engine
