#include "diff/anchored_diff.hpp"

#include <algorithm>
#include <unordered_map>

namespace kongtpl {
namespace {

/// A pair of equal lines, by index before and after.
struct Anchor {
  size_t before = 0;
  size_t after = 0;
};

class AnchoredDiff {
 public:
  AnchoredDiff(const std::vector<int32_t>& before, const std::vector<int32_t>& after,
               const std::vector<bool>& anchorable)
      : a_(before), b_(after), anchorable_(anchorable) {}

  std::vector<Change> run() {
    // The minimal script is kept wherever it already pairs every anchor:
    // the merge's outcomes were tuned on its tie-breaking. Only anchors it
    // pairs otherwise are forced, and the stretches between them diffed
    // minimally again.
    std::vector<Change> minimal = diff_ids(a_, b_);
    std::vector<long long> partner = kept_as(minimal, a_.size());
    std::vector<Anchor> forced;
    for (const Anchor& anchor : unique_anchors(0, a_.size(), 0, b_.size()))
      if (partner[anchor.before] != static_cast<long long>(anchor.after)) forced.push_back(anchor);
    if (forced.empty()) return minimal;
    size_t a = 0, b = 0;
    for (const Anchor& anchor : forced) {
      if (anchor.before < a || anchor.after < b) continue;
      fill_minimally(a, anchor.before, b, anchor.after);
      a = anchor.before + 1;
      b = anchor.after + 1;
    }
    fill_minimally(a, a_.size(), b, b_.size());
    // Pairing anchors costs a few lines at most; a script much longer
    // than the minimal one means the anchors moved as a block past other
    // lines (patience's known failure), and the minimal script says more.
    if (cost(changes_) > cost(minimal) + cost(minimal) / 8 + 8) return minimal;
    return std::move(changes_);
  }

 private:
  static size_t cost(const std::vector<Change>& changes) {
    size_t lines = 0;
    for (const Change& c : changes) lines += c.old_count + c.new_count;
    return lines;
  }

  bool may_anchor(int32_t id) const {
    return id >= 0 && static_cast<size_t>(id) < anchorable_.size() && anchorable_[id];
  }

  /// Adds a change, joining it to the previous one when they touch.
  void add(Change c) {
    if (c.old_count == 0 && c.new_count == 0) return;
    if (!changes_.empty()) {
      Change& last = changes_.back();
      if (last.old_start + last.old_count == c.old_start && last.new_start + last.new_count == c.new_start) {
        last.old_count += c.old_count;
        last.new_count += c.new_count;
        return;
      }
    }
    changes_.push_back(c);
  }

  /// The lines unique within [alo, ahi) and within [blo, bhi), paired, in
  /// the longest order both sides keep (patience sorting).
  std::vector<Anchor> unique_anchors(size_t alo, size_t ahi, size_t blo, size_t bhi) const {
    struct Seen {
      size_t count_a = 0, count_b = 0;
      size_t at_a = 0, at_b = 0;
    };
    std::unordered_map<int32_t, Seen> seen;
    seen.reserve((ahi - alo) + (bhi - blo));
    for (size_t i = alo; i < ahi; ++i) {
      if (!may_anchor(a_[i])) continue;
      Seen& s = seen[a_[i]];
      ++s.count_a;
      s.at_a = i;
    }
    for (size_t j = blo; j < bhi; ++j) {
      auto it = seen.find(b_[j]);
      if (it == seen.end()) continue;
      ++it->second.count_b;
      it->second.at_b = j;
    }
    std::vector<Anchor> pairs;
    for (size_t i = alo; i < ahi; ++i) {
      auto it = seen.find(a_[i]);
      if (it != seen.end() && it->second.count_a == 1 && it->second.count_b == 1)
        pairs.push_back(Anchor{i, it->second.at_b});
    }
    // Longest increasing subsequence of the `after` positions.
    std::vector<size_t> tails;              // index into pairs of the smallest tail of each length
    std::vector<long> previous(pairs.size(), -1);
    for (size_t k = 0; k < pairs.size(); ++k) {
      auto pos = std::lower_bound(tails.begin(), tails.end(), pairs[k].after,
                                  [&](size_t t, size_t after) { return pairs[t].after < after; });
      if (pos != tails.begin()) previous[k] = static_cast<long>(*(pos - 1));
      if (pos == tails.end()) tails.push_back(k);
      else *pos = k;
    }
    std::vector<Anchor> chain;
    for (long k = tails.empty() ? -1 : static_cast<long>(tails.back()); k >= 0; k = previous[k])
      chain.push_back(pairs[k]);
    std::reverse(chain.begin(), chain.end());
    return chain;
  }

  void fill_minimally(size_t alo, size_t ahi, size_t blo, size_t bhi) {
    if (alo == ahi || blo == bhi) {
      add(Change{alo, ahi - alo, blo, bhi - blo});
      return;
    }
    std::vector<int32_t> a(a_.begin() + static_cast<long>(alo), a_.begin() + static_cast<long>(ahi));
    std::vector<int32_t> b(b_.begin() + static_cast<long>(blo), b_.begin() + static_cast<long>(bhi));
    for (Change c : diff_ids(a, b)) {
      c.old_start += alo;
      c.new_start += blo;
      add(c);
    }
  }

  const std::vector<int32_t>& a_;
  const std::vector<int32_t>& b_;
  const std::vector<bool>& anchorable_;
  std::vector<Change> changes_;
};

}  // namespace

std::vector<Change> diff_ids_anchored(const std::vector<int32_t>& before, const std::vector<int32_t>& after,
                                      const std::vector<bool>& anchorable) {
  return AnchoredDiff(before, after, anchorable).run();
}

}  // namespace kongtpl
