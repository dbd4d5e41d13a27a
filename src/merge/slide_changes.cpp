#include "merge/slide_changes.hpp"

#include <algorithm>
#include <utility>

#include "merge/line_ending.hpp"

namespace kongtpl {
namespace {

// The lines of one group's side (`moving`, where lines are added or removed)
// and the other side (`still`), so insertions and deletions share one walk.
struct Sides {
  const PreparedText& moving;
  const PreparedText& still;
};

bool same_bytes(const PreparedText& a, size_t i, const PreparedText& b, size_t j) {
  return line_body(a.lines[i].bytes) == line_body(b.lines[j].bytes);
}

// The other side of a merge, which a group prefers to meet identically or
// not at all.
struct OtherSide {
  const std::vector<Change>& changes;  // base -> other, in base order
  const PreparedText& text;            // the other side's text
};

size_t old_end(const Change& c) { return c.old_start + c.old_count; }

// A change as ranges of base ("old") and of its side's text ("new").
struct Span {
  size_t old_lo, old_hi, new_lo, new_hi;
};

// How well a change spanning `own` (new lines in own_ids) sits against the
// other side: 2 when the other side's changes it touches make the identical
// change (the same lines replaced by the same lines), 1 when it touches none,
// 0 otherwise. Changes touch when one starts where the other ends, as merge
// regions join them.
int fit(const OtherSide& other, Span own, const std::vector<int32_t>& own_ids) {
  auto first = std::lower_bound(other.changes.begin(), other.changes.end(), own.old_lo,
                                [](const Change& c, size_t pos) { return old_end(c) < pos; });
  if (first == other.changes.end() || first->old_start > own.old_hi) return 1;
  auto last = first;
  while (last + 1 != other.changes.end() && (last + 1)->old_start <= own.old_hi) ++last;
  size_t new_lo = first->new_start, new_hi = last->new_start + last->new_count;
  if (first->old_start == own.old_lo && old_end(*last) == own.old_hi &&
      new_hi - new_lo == own.new_hi - own.new_lo &&
      std::equal(own_ids.begin() + static_cast<long>(own.new_lo), own_ids.begin() + static_cast<long>(own.new_hi),
                 other.text.ids.begin() + static_cast<long>(new_lo)))
    return 2;
  return 0;
}

// Slides a group of n lines at moving[m, m+n), which sits before still[s],
// within [floor, ceiling) bounds on both sides, to its best position. With
// `other`, `insertion` tells which of moving/still is the base, and prev /
// next are the group's neighbours on its own side (which it joins when it
// slides up to them).
void place(Sides sides, size_t& m, size_t& s, size_t n, size_t moving_floor, size_t still_floor,
           size_t moving_ceiling, size_t still_ceiling, const OtherSide* other, bool insertion,
           const Change* prev, const Change* next) {
  const auto& ids = sides.moving.ids;
  // Up as far as it goes.
  while (m > moving_floor && s > still_floor && ids[m - 1] == ids[m + n - 1]) {
    --m;
    --s;
  }
  // Count the positions below, scoring each by the common lines in the
  // window that match byte for byte; keep the best, lowest on a tie.
  size_t top_m = m, top_s = s, best = 0;
  size_t steps = 0;
  while (top_m + steps + n + 1 <= moving_ceiling && top_s + steps + 1 <= still_ceiling &&
         ids[top_m + steps] == ids[top_m + steps + n])
    ++steps;
  if (steps == 0) return;
  auto fit_at = [&](size_t k) {
    if (!other) return 0;
    // The group's own span at position k, joined with a neighbour it meets.
    size_t gm = top_m + k, gs = top_s + k;
    Span own = insertion ? Span{gs, gs, gm, gm + n} : Span{gm, gm + n, gs, gs};
    if (prev && old_end(*prev) == own.old_lo && prev->new_start + prev->new_count == own.new_lo) {
      own.old_lo = prev->old_start;
      own.new_lo = prev->new_start;
    }
    if (next && next->old_start == own.old_hi && next->new_start == own.new_hi) {
      own.old_hi = old_end(*next);
      own.new_hi = next->new_start + next->new_count;
    }
    return fit(*other, own, insertion ? sides.moving.ids : sides.still.ids);
  };
  long long score = 0;
  for (size_t i = 0; i < steps; ++i)  // group at the top: still[top_s+i] pairs with moving[top_m+i+n]
    score += same_bytes(sides.still, top_s + i, sides.moving, top_m + i + n);
  long long best_score = score;
  int best_fit = fit_at(0);
  for (size_t k = 0; k < steps; ++k) {
    // Moving the group below still[top_s+k]: it now pairs with moving[top_m+k].
    score += same_bytes(sides.still, top_s + k, sides.moving, top_m + k) -
             same_bytes(sides.still, top_s + k, sides.moving, top_m + k + n);
    int f = fit_at(k + 1);
    if (f > best_fit || (f == best_fit && score >= best_score)) {
      best_fit = f;
      best_score = score;
      best = k + 1;
    }
  }
  m = top_m + best;
  s = top_s + best;
}

void slide_against(std::vector<Change>& changes, const PreparedText& before, const PreparedText& after,
                   const OtherSide* other) {
  for (size_t k = 0; k < changes.size(); ++k) {
    Change& c = changes[k];
    if ((c.old_count == 0) == (c.new_count == 0)) continue;  // replacements stay
    // A group may slide up to its neighbours (and then joins them).
    size_t old_floor = k > 0 ? changes[k - 1].old_start + changes[k - 1].old_count : 0;
    size_t new_floor = k > 0 ? changes[k - 1].new_start + changes[k - 1].new_count : 0;
    bool last = k + 1 == changes.size();
    const Change* prev = k > 0 ? &changes[k - 1] : nullptr;
    const Change* next = last ? nullptr : &changes[k + 1];
    size_t old_ceiling = last ? before.ids.size() : changes[k + 1].old_start;
    size_t new_ceiling = last ? after.ids.size() : changes[k + 1].new_start;
    if (c.old_count == 0)
      place(Sides{after, before}, c.new_start, c.old_start, c.new_count, new_floor, old_floor, new_ceiling,
            old_ceiling, other, true, prev, next);
    else
      place(Sides{before, after}, c.old_start, c.new_start, c.old_count, old_floor, new_floor, old_ceiling,
            new_ceiling, other, false, prev, next);
  }
  // Join changes that now touch, so changes stay separated by common lines.
  std::vector<Change> joined;
  joined.reserve(changes.size());
  for (const Change& c : changes) {
    if (!joined.empty() && joined.back().old_start + joined.back().old_count == c.old_start &&
        joined.back().new_start + joined.back().new_count == c.new_start) {
      joined.back().old_count += c.old_count;
      joined.back().new_count += c.new_count;
    } else {
      joined.push_back(c);
    }
  }
  changes = std::move(joined);
}

}  // namespace

void slide_changes(std::vector<Change>& changes, const PreparedText& before, const PreparedText& after) {
  slide_against(changes, before, after, nullptr);
}

void align_changes(std::vector<Change>& ours_changes, std::vector<Change>& theirs_changes, const PreparedText& base,
                   const PreparedText& ours, const PreparedText& theirs) {
  if (ours_changes.empty() || theirs_changes.empty()) return;
  // Upstream's groups first (they are what the merge moves around), then the
  // user's against where upstream's ended up.
  OtherSide user{ours_changes, ours};
  slide_against(theirs_changes, base, theirs, &user);
  OtherSide upstream{theirs_changes, theirs};
  slide_against(ours_changes, base, ours, &upstream);
}

}  // namespace kongtpl
