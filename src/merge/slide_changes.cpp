#include "merge/slide_changes.hpp"

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

// Slides a group of n lines at moving[m, m+n), which sits before still[s],
// within [floor, ceiling) bounds on both sides, to its best position.
void place(Sides sides, size_t& m, size_t& s, size_t n, size_t moving_floor, size_t still_floor,
           size_t moving_ceiling, size_t still_ceiling) {
  const auto& ids = sides.moving.ids;
  // Up as far as it goes.
  while (m > moving_floor && s > still_floor && ids[m - 1] == ids[m + n - 1]) {
    --m;
    --s;
  }
  // Count the positions below, scoring each by the common lines in the
  // window that match byte for byte; keep the best, lowest on a tie.
  size_t top_m = m, top_s = s, best = 0;
  long long score = 0, best_score = 0;
  size_t steps = 0;
  while (top_m + steps + n + 1 <= moving_ceiling && top_s + steps + 1 <= still_ceiling &&
         ids[top_m + steps] == ids[top_m + steps + n])
    ++steps;
  for (size_t i = 0; i < steps; ++i)  // group at the top: still[top_s+i] pairs with moving[top_m+i+n]
    score += same_bytes(sides.still, top_s + i, sides.moving, top_m + i + n);
  best_score = score;
  for (size_t k = 0; k < steps; ++k) {
    // Moving the group below still[top_s+k]: it now pairs with moving[top_m+k].
    score += same_bytes(sides.still, top_s + k, sides.moving, top_m + k) -
             same_bytes(sides.still, top_s + k, sides.moving, top_m + k + n);
    if (score >= best_score) {
      best_score = score;
      best = k + 1;
    }
  }
  m = top_m + best;
  s = top_s + best;
}

}  // namespace

void slide_changes(std::vector<Change>& changes, const PreparedText& before, const PreparedText& after) {
  for (size_t k = 0; k < changes.size(); ++k) {
    Change& c = changes[k];
    if ((c.old_count == 0) == (c.new_count == 0)) continue;  // replacements stay
    // A group may slide up to its neighbours (and then joins them).
    size_t old_floor = k > 0 ? changes[k - 1].old_start + changes[k - 1].old_count : 0;
    size_t new_floor = k > 0 ? changes[k - 1].new_start + changes[k - 1].new_count : 0;
    bool last = k + 1 == changes.size();
    size_t old_ceiling = last ? before.ids.size() : changes[k + 1].old_start;
    size_t new_ceiling = last ? after.ids.size() : changes[k + 1].new_start;
    if (c.old_count == 0)
      place(Sides{after, before}, c.new_start, c.old_start, c.new_count, new_floor, old_floor, new_ceiling,
            old_ceiling);
    else
      place(Sides{before, after}, c.old_start, c.new_start, c.old_count, old_floor, new_floor, old_ceiling,
            new_ceiling);
  }
  // Join changes that now touch, so changes stay separated by common lines.
  std::vector<Change> joined;
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

}  // namespace kongtpl
