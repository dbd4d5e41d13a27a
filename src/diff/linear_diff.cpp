#include "diff/linear_diff.hpp"

#include <algorithm>
#include <limits>

namespace kongtpl {
namespace {

// git's xdiff constants (xdiffi.c, xdiff.h).
constexpr long kSnakeCount = 20;       // XDL_SNAKE_CNT: a common run this long is "good"
constexpr long kHeuristicMinCost = 256;  // XDL_HEUR_MIN_COST
constexpr long kMinMaxCost = 256;      // XDL_MAX_COST_MIN
constexpr long kHeuristicFactor = 4;   // XDL_K_HEUR

/// git's xdl_bogosqrt: a cheap power-of-two bound near sqrt(n).
long bogo_sqrt(long n) {
  long i = 1;
  for (; n > 0; n >>= 2) i <<= 1;
  return i;
}

/// Where a subproblem is cut, and whether each half must be solved minimally.
struct Split {
  long i1 = 0, i2 = 0;
  bool min_lo = false, min_hi = false;
};

/// One diff: the inputs, the two diagonal arrays (indexed by i1 - i2), and
/// the cost bound of the heuristics.
class Engine {
 public:
  Engine(const int32_t* a, long na, const int32_t* b, long nb, std::vector<int32_t>& forward,
         std::vector<int32_t>& backward)
      : a_(a), b_(b) {
    const size_t diagonals = static_cast<size_t>(na + nb + 3);
    if (forward.size() < diagonals) forward.resize(diagonals);
    if (backward.size() < diagonals) backward.resize(diagonals);
    kvdf_ = forward.data() + nb + 1;
    kvdb_ = backward.data() + nb + 1;
    max_cost_ = std::max(bogo_sqrt(na + nb + 3), kMinMaxCost);
  }

  /// Myers' middle snake of a[off1, lim1) and b[off2, lim2), both non-empty
  /// and with different first and last lines (xdl_split).
  Split split(long off1, long lim1, long off2, long lim2, bool minimal) const {
    const long dmin = off1 - lim2, dmax = lim1 - off2;
    const long fmid = off1 - off2, bmid = lim1 - lim2;
    const bool odd = ((fmid - bmid) & 1) != 0;
    long fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
    kvdf_[fmid] = static_cast<int32_t>(off1);
    kvdb_[bmid] = static_cast<int32_t>(lim1);
    for (long cost = 1;; ++cost) {
      bool got_snake = false;
      // Forward: extend every diagonal one edit further.
      if (fmin > dmin) kvdf_[--fmin - 1] = -1; else ++fmin;
      if (fmax < dmax) kvdf_[++fmax + 1] = -1; else --fmax;
      for (long d = fmax; d >= fmin; d -= 2) {
        long i1 = kvdf_[d - 1] >= kvdf_[d + 1] ? kvdf_[d - 1] + 1 : kvdf_[d + 1];
        const long start = i1;
        long i2 = i1 - d;
        while (i1 < lim1 && i2 < lim2 && a_[i1] == b_[i2]) ++i1, ++i2;
        if (i1 - start > kSnakeCount) got_snake = true;
        kvdf_[d] = static_cast<int32_t>(i1);
        if (odd && bmin <= d && d <= bmax && kvdb_[d] <= i1) return Split{i1, i2, true, true};
      }
      // Backward.
      if (bmin > dmin) kvdb_[--bmin - 1] = std::numeric_limits<int32_t>::max(); else ++bmin;
      if (bmax < dmax) kvdb_[++bmax + 1] = std::numeric_limits<int32_t>::max(); else --bmax;
      for (long d = bmax; d >= bmin; d -= 2) {
        long i1 = kvdb_[d - 1] < kvdb_[d + 1] ? kvdb_[d - 1] : kvdb_[d + 1] - 1;
        const long start = i1;
        long i2 = i1 - d;
        while (i1 > off1 && i2 > off2 && a_[i1 - 1] == b_[i2 - 1]) --i1, --i2;
        if (start - i1 > kSnakeCount) got_snake = true;
        kvdb_[d] = static_cast<int32_t>(i1);
        if (!odd && fmin <= d && d <= fmax && i1 <= kvdf_[d]) return Split{i1, i2, true, true};
      }
      if (minimal) continue;

      // Past the minimum cost, settle for a diagonal that went far with a
      // long common run at its end (git's "good snake" heuristic).
      if (got_snake && cost > kHeuristicMinCost) {
        long best = 0;
        Split found;
        for (long d = fmax; d >= fmin; d -= 2) {
          const long dd = d > fmid ? d - fmid : fmid - d;
          const long i1 = kvdf_[d], i2 = i1 - d;
          const long v = (i1 - off1) + (i2 - off2) - dd;
          if (v > kHeuristicFactor * cost && v > best && off1 + kSnakeCount <= i1 && i1 < lim1 &&
              off2 + kSnakeCount <= i2 && i2 < lim2 && common_run_before(i1, i2)) {
            best = v;
            found = Split{i1, i2, true, false};
          }
        }
        if (best > 0) return found;
        best = 0;
        for (long d = bmax; d >= bmin; d -= 2) {
          const long dd = d > bmid ? d - bmid : bmid - d;
          const long i1 = kvdb_[d], i2 = i1 - d;
          const long v = (lim1 - i1) + (lim2 - i2) - dd;
          if (v > kHeuristicFactor * cost && v > best && off1 < i1 && i1 <= lim1 - kSnakeCount && off2 < i2 &&
              i2 <= lim2 - kSnakeCount && common_run_after(i1, i2)) {
            best = v;
            found = Split{i1, i2, false, true};
          }
        }
        if (best > 0) return found;
      }

      // Too expensive: cut at the furthest-reaching point of either search.
      if (cost >= max_cost_) {
        long fbest = -1, fbest1 = -1;
        for (long d = fmax; d >= fmin; d -= 2) {
          long i1 = std::min<long>(kvdf_[d], lim1), i2 = i1 - d;
          if (lim2 < i2) i1 = lim2 + d, i2 = lim2;
          if (fbest < i1 + i2) fbest = i1 + i2, fbest1 = i1;
        }
        long bbest = std::numeric_limits<long>::max(), bbest1 = std::numeric_limits<long>::max();
        for (long d = bmax; d >= bmin; d -= 2) {
          long i1 = std::max<long>(off1, kvdb_[d]), i2 = i1 - d;
          if (i2 < off2) i1 = off2 + d, i2 = off2;
          if (i1 + i2 < bbest) bbest = i1 + i2, bbest1 = i1;
        }
        if ((lim1 + lim2) - bbest < fbest - (off1 + off2)) return Split{fbest1, fbest - fbest1, true, false};
        return Split{bbest1, bbest - bbest1, false, true};
      }
    }
  }

  /// The whole comparison (xdl_recs_cmp), with an explicit stack: an
  /// adversarial input cannot exhaust the call stack.
  void compare(long na, long nb, bool minimal, std::vector<char>& changed_a, std::vector<char>& changed_b) const {
    struct Range {
      long off1, lim1, off2, lim2;
      bool minimal;
    };
    std::vector<Range> pending{{0, na, 0, nb, minimal}};
    while (!pending.empty()) {
      auto [off1, lim1, off2, lim2, need_min] = pending.back();
      pending.pop_back();
      while (off1 < lim1 && off2 < lim2 && a_[off1] == b_[off2]) ++off1, ++off2;
      while (off1 < lim1 && off2 < lim2 && a_[lim1 - 1] == b_[lim2 - 1]) --lim1, --lim2;
      if (off1 == lim1) {
        std::fill(changed_b.begin() + off2, changed_b.begin() + lim2, 1);
      } else if (off2 == lim2) {
        std::fill(changed_a.begin() + off1, changed_a.begin() + lim1, 1);
      } else {
        const Split cut = split(off1, lim1, off2, lim2, need_min);
        pending.push_back({cut.i1, lim1, cut.i2, lim2, cut.min_hi});
        pending.push_back({off1, cut.i1, off2, cut.i2, cut.min_lo});
      }
    }
  }

 private:
  bool common_run_before(long i1, long i2) const {
    for (long k = 1; k <= kSnakeCount; ++k)
      if (a_[i1 - k] != b_[i2 - k]) return false;
    return true;
  }
  bool common_run_after(long i1, long i2) const {
    for (long k = 0; k < kSnakeCount; ++k)
      if (a_[i1 + k] != b_[i2 + k]) return false;
    return true;
  }

  const int32_t* a_;
  const int32_t* b_;
  int32_t* kvdf_;
  int32_t* kvdb_;
  long max_cost_;
};

}  // namespace

void linear_diff(const int32_t* a, size_t a_size, const int32_t* b, size_t b_size, bool minimal,
                 std::vector<char>& changed_a, std::vector<char>& changed_b) {
  changed_a.assign(a_size, 0);
  changed_b.assign(b_size, 0);
  // The diagonal arrays, kept for the thread's next diff.
  thread_local std::vector<int32_t> forward, backward;
  const long na = static_cast<long>(a_size), nb = static_cast<long>(b_size);
  Engine engine(a, na, b, nb, forward, backward);
  engine.compare(na, nb, minimal, changed_a, changed_b);
}

}  // namespace kongtpl
