#include "diff/edit_script.hpp"

#include <algorithm>
#include <utility>

#include <dtl/dtl.hpp>

#include "diff/linear_diff.hpp"

namespace kongtpl {
namespace {

/// Lines equal at both ends; the diff's cost grows with what it has to walk,
/// and templates change in a few places.
struct Trim {
  size_t prefix = 0;
  size_t suffix = 0;
};

Trim trim_common_ends(const std::vector<int32_t>& before, const std::vector<int32_t>& after) {
  Trim t;
  while (t.prefix < before.size() && t.prefix < after.size() && before[t.prefix] == after[t.prefix]) ++t.prefix;
  while (t.suffix < before.size() - t.prefix && t.suffix < after.size() - t.prefix &&
         before[before.size() - 1 - t.suffix] == after[after.size() - 1 - t.suffix])
    ++t.suffix;
  return t;
}

/// A matched line: its index before and after. 32-bit: half the memory of
/// size_t pairs on large files, and no text has 4 billion lines.
using LinePair = std::pair<uint32_t, uint32_t>;

/// Walks dtl's edit script as dtl's printSES writes it ("-", " " or "+",
/// the element, then endl per entry) and records the common pairs. Unlike
/// getSes().getSequence(), which copies the whole script twice (32 bytes a
/// line), printSES copies it once: on a 200,000-line file that is a
/// noticeable share of `kongtpl merge`'s time.
class CommonPairCollector {
 public:
  explicit CommonPairCollector(std::vector<LinePair>& pairs) : pairs_(pairs) {}
  CommonPairCollector& operator<<(const char* mark) {
    mark_ = mark[0];
    return *this;
  }
  CommonPairCollector& operator<<(int32_t) { return *this; }
  CommonPairCollector& operator<<(std::ostream& (*)(std::ostream&)) {  // endl: one entry done
    if (mark_ == SES_MARK_COMMON[0]) pairs_.emplace_back(ia_++, ib_++);
    else if (mark_ == SES_MARK_DELETE[0]) ++ia_;
    else ++ib_;
    return *this;
  }

 private:
  std::vector<LinePair>& pairs_;
  char mark_ = 0;
  uint32_t ia_ = 0, ib_ = 0;
};

/// dtl's longest common subsequence of a and b, as index pairs (ia, ib):
/// minimal, with the tie-breaking the merge engine's outcomes were tuned on.
std::vector<LinePair> common_pairs(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
  std::vector<LinePair> pairs;
  if (a.empty() || b.empty()) return pairs;
  pairs.reserve(std::min(a.size(), b.size()));  // the most there can be
  dtl::Diff<int32_t, std::vector<int32_t>> engine(a, b);
  // Not enableHuge(): all it does is reserve dtl's full path budget (48 MB)
  // up front; the budget bounds the search either way.
  engine.compose();
  CommonPairCollector collector(pairs);
  engine.printSES(collector);
  return pairs;
}

/// Turns matched line pairs (absolute, increasing) into the Change regions
/// between them, within [start, end_before) / [start, end_after).
std::vector<Change> changes_between(const std::vector<LinePair>& matches, size_t start,
                                    size_t end_before, size_t end_after) {
  std::vector<Change> changes;
  size_t old_pos = start, new_pos = start;
  auto close_gap = [&](size_t old_next, size_t new_next) {
    if (old_next > old_pos || new_next > new_pos)
      changes.push_back(Change{old_pos, old_next - old_pos, new_pos, new_next - new_pos});
  };
  for (const auto& [i, j] : matches) {
    close_gap(i, j);
    old_pos = i + 1;
    new_pos = j + 1;
  }
  close_gap(end_before, end_after);
  return changes;
}

/// diff_ids uses dtl up to this many lines (both sides, ends trimmed).
constexpr size_t kDtlUpTo = 20'000;

// git's xprepare.c constants for setting aside lines before the diff.
constexpr size_t kMaxEqualLimit = 1024;  // XDL_MAX_EQLIMIT
constexpr long kSimilarScanWindow = 100;  // XDL_SIMSCAN_WINDOW
constexpr long kKeepDiscardRun = 4;      // XDL_KPDIS_RUN

/// git's xdl_bogosqrt: a cheap power-of-two bound near sqrt(n).
size_t bogo_sqrt(size_t n) {
  size_t i = 1;
  for (; n > 0; n >>= 2) i <<= 1;
  return i;
}

/// git's xdl_clean_mmatch: true when a line that matches many lines sits in
/// a run made mostly of lines that match nothing, so it is set aside too.
bool set_aside_multimatch(const std::vector<char>& dis, long i, long s, long e) {
  if (i - s > kSimilarScanWindow) s = i - kSimilarScanWindow;
  if (e - i > kSimilarScanWindow) e = i + kSimilarScanWindow;
  long r, no_match_before = 0, multi_before = 1;
  for (r = 1; i - r >= s; ++r) {
    if (!dis[i - r])
      ++no_match_before;
    else if (dis[i - r] == 2)
      ++multi_before;
    else
      break;
  }
  if (no_match_before == 0) return false;
  long no_match_after = 0, multi_after = 1;
  for (r = 1; i + r <= e; ++r) {
    if (!dis[i + r])
      ++no_match_after;
    else if (dis[i + r] == 2)
      ++multi_after;
    else
      break;
  }
  if (no_match_after == 0) return false;
  long no_match = no_match_before + no_match_after;
  long multi = multi_before + multi_after;
  return multi * kKeepDiscardRun < multi + no_match;
}

/// The lines of side [start, end) that take part in the diff, as git's
/// xdl_cleanup_records keeps them: lines with a counterpart on the other
/// side, except frequent lines amid runs of unmatched ones. 32-bit and
/// sized for all of [start, end) at once: on a 1,000,000-line merge both
/// sides' lists are alive together, and doubled 64-bit ones held 32 MB.
std::vector<uint32_t> lines_kept(const std::vector<int32_t>& ids, size_t start, size_t end,
                               const std::vector<uint32_t>& other_counts) {
  size_t limit = std::min(bogo_sqrt(ids.size()), kMaxEqualLimit);
  std::vector<char> dis(ids.size(), 0);
  for (size_t i = start; i < end; ++i) {
    uint32_t matches = static_cast<size_t>(ids[i]) < other_counts.size() ? other_counts[ids[i]] : 0;
    dis[i] = matches == 0 ? 0 : matches >= limit ? 2 : 1;
  }
  std::vector<uint32_t> kept;
  kept.reserve(end - start);
  for (size_t i = start; i < end; ++i) {
    if (dis[i] == 1 ||
        (dis[i] == 2 && !set_aside_multimatch(dis, static_cast<long>(i), static_cast<long>(start),
                                              static_cast<long>(end) - 1)))
      kept.push_back(static_cast<uint32_t>(i));
  }
  return kept;
}

std::vector<uint32_t> occurrences(const std::vector<int32_t>& ids, size_t id_bound) {
  std::vector<uint32_t> counts(id_bound, 0);
  for (int32_t id : ids) ++counts[id];
  return counts;
}

}  // namespace

std::vector<Change> diff_ids(const std::vector<int32_t>& before, const std::vector<int32_t>& after) {
  const Trim t = trim_common_ends(before, after);
  const size_t end_before = before.size() - t.suffix, end_after = after.size() - t.suffix;
  const size_t a_size = end_before - t.prefix, b_size = end_after - t.prefix;
  // Larger than a template: git's whole pipeline, as git merge-file runs it
  // (lines without a counterpart set aside, then its engine in linear
  // space with its cost bound), where dtl would double its 24-byte path
  // points up to 48 MB and then restart each time its budget ran out, and
  // two sides sharing no line would still be searched.
  if (a_size + b_size > kDtlUpTo) return diff_ids_like_git(before, after);
  // Template-sized: dtl's minimal script, which the merge's outcomes rely on.
  std::vector<int32_t> a(before.begin() + t.prefix, before.begin() + end_before);
  std::vector<int32_t> b(after.begin() + t.prefix, after.begin() + end_after);
  std::vector<LinePair> pairs = common_pairs(a, b);
  for (auto& [i, j] : pairs) i += static_cast<uint32_t>(t.prefix), j += static_cast<uint32_t>(t.prefix);
  return changes_between(pairs, t.prefix, end_before, end_after);
}

std::vector<Change> diff_ids_like_git(const std::vector<int32_t>& before, const std::vector<int32_t>& after) {
  const Trim t = trim_common_ends(before, after);
  const size_t end_before = before.size() - t.suffix, end_after = after.size() - t.suffix;
  if (end_before == t.prefix || end_after == t.prefix) return changes_between({}, t.prefix, end_before, end_after);

  int32_t max_id = 0;
  for (int32_t id : before) max_id = std::max(max_id, id);
  for (int32_t id : after) max_id = std::max(max_id, id);
  const auto before_counts = occurrences(before, static_cast<size_t>(max_id) + 1);
  const auto after_counts = occurrences(after, static_cast<size_t>(max_id) + 1);
  const std::vector<uint32_t> kept_a = lines_kept(before, t.prefix, end_before, after_counts);
  const std::vector<uint32_t> kept_b = lines_kept(after, t.prefix, end_after, before_counts);

  std::vector<int32_t> a, b;
  a.reserve(kept_a.size());
  b.reserve(kept_b.size());
  for (uint32_t i : kept_a) a.push_back(before[i]);
  for (uint32_t j : kept_b) b.push_back(after[j]);
  // git's own engine on the kept lines, as git diff runs it.
  std::vector<char> changed_a, changed_b;
  linear_diff(a.data(), a.size(), b.data(), b.size(), false, changed_a, changed_b);
  std::vector<LinePair> pairs;
  pairs.reserve(std::min(a.size(), b.size()));
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (changed_a[i]) ++i;
    else if (changed_b[j]) ++j;
    else pairs.emplace_back(kept_a[i++], kept_b[j++]);
  }
  return changes_between(pairs, t.prefix, end_before, end_after);
}

std::vector<long long> kept_from(const std::vector<Change>& changes, size_t after_size) {
  std::vector<long long> from(after_size, -1);
  size_t old_pos = 0, new_pos = 0;
  auto keep_until = [&](size_t new_end) {
    while (new_pos < new_end && new_pos < after_size) from[new_pos++] = static_cast<long long>(old_pos++);
  };
  for (const Change& c : changes) {
    keep_until(c.new_start);
    old_pos = c.old_start + c.old_count;
    new_pos = c.new_start + c.new_count;
  }
  keep_until(after_size);
  return from;
}

std::vector<long long> kept_as(const std::vector<Change>& changes, size_t before_size) {
  std::vector<long long> as(before_size, -1);
  size_t old_pos = 0, new_pos = 0;
  auto keep_until = [&](size_t old_end) {
    while (old_pos < old_end && old_pos < before_size) as[old_pos++] = static_cast<long long>(new_pos++);
  };
  for (const Change& c : changes) {
    keep_until(c.old_start);
    old_pos = c.old_start + c.old_count;
    new_pos = c.new_start + c.new_count;
  }
  keep_until(before_size);
  return as;
}

}  // namespace kongtpl
