#include "merge/split_changes.hpp"

#include <algorithm>
#include <cctype>

#include "merge/line_ending.hpp"

namespace kongtpl {
namespace {

// Beyond this many lines on either side a replacement is left whole: the
// pairing is quadratic, and such rewrites are not line edits.
constexpr size_t kMaxSplitLines = 256;

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

std::string_view directive_name(std::string_view body) {
  size_t i = 0;
  while (i < body.size() && (body[i] == ' ' || body[i] == '\t')) ++i;
  size_t start = i;
  while (i < body.size() && is_name_char(body[i])) ++i;
  if (i == start || !std::isalpha(static_cast<unsigned char>(body[start]))) return {};
  return body.substr(start, i - start);
}

std::vector<Change> split_changes(const std::vector<Change>& changes, const std::vector<Line>& before,
                                  const std::vector<Line>& after) {
  std::vector<Change> out;
  out.reserve(changes.size());
  for (const Change& c : changes) {
    if (c.old_count == 0 || c.new_count == 0 || c.old_count > kMaxSplitLines || c.new_count > kMaxSplitLines) {
      out.push_back(c);
      continue;
    }
    // The longest in-order pairing of old and new lines by directive name.
    const size_t n = c.old_count, m = c.new_count;
    std::vector<std::string_view> old_names(n), new_names(m);
    for (size_t i = 0; i < n; ++i) old_names[i] = directive_name(line_body(before[c.old_start + i].bytes));
    for (size_t j = 0; j < m; ++j) new_names[j] = directive_name(line_body(after[c.new_start + j].bytes));
    std::vector<std::vector<unsigned short>> best(n + 1, std::vector<unsigned short>(m + 1, 0));
    for (size_t i = n; i-- > 0;)
      for (size_t j = m; j-- > 0;) {
        bool pair = !old_names[i].empty() && old_names[i] == new_names[j];
        best[i][j] = pair ? static_cast<unsigned short>(best[i + 1][j + 1] + 1)
                          : std::max(best[i + 1][j], best[i][j + 1]);
      }
    if (best[0][0] == 0) {
      out.push_back(c);
      continue;
    }
    size_t i = 0, j = 0, gap_i = 0, gap_j = 0;
    auto flush_gap = [&] {
      if (i > gap_i || j > gap_j) out.push_back(Change{c.old_start + gap_i, i - gap_i, c.new_start + gap_j, j - gap_j});
    };
    while (i < n && j < m) {
      bool pair = !old_names[i].empty() && old_names[i] == new_names[j] && best[i][j] == best[i + 1][j + 1] + 1;
      if (pair) {
        flush_gap();
        out.push_back(Change{c.old_start + i, 1, c.new_start + j, 1});
        ++i;
        ++j;
        gap_i = i;
        gap_j = j;
      } else if (best[i + 1][j] >= best[i][j + 1]) {
        ++i;
      } else {
        ++j;
      }
    }
    i = n;
    j = m;
    flush_gap();
  }
  return out;
}

}  // namespace kongtpl

namespace kongtpl {

std::vector<Change> cut_deletions(const std::vector<Change>& changes, const std::vector<Change>& other,
                                  const std::function<bool(size_t from, size_t to)>& stands_alone,
                                  std::vector<size_t>* origin) {
  std::vector<Change> out;
  out.reserve(changes.size());
  for (size_t index = 0; index < changes.size(); ++index) {
    const Change& c = changes[index];
    if (c.new_count != 0 || c.old_count < 2) {
      out.push_back(c);
      if (origin) origin->push_back(index);
      continue;
    }
    const size_t end = c.old_start + c.old_count;
    std::vector<size_t> cuts, insertions;
    for (const Change& o : other) {
      if (o.old_count == 0) insertions.push_back(o.old_start);
      else
        for (size_t at : {o.old_start, o.old_start + o.old_count})
          if (at > c.old_start && at < end) cuts.push_back(at);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    // The pieces, then: a piece that meets one of other's changes (it will
    // be in conflict, the user may keep it) must stand alone, or it is
    // joined with its neighbour until it does.
    std::vector<std::pair<size_t, size_t>> pieces;  // [from, to)
    size_t from = c.old_start;
    for (size_t at : cuts) {
      if (std::find(insertions.begin(), insertions.end(), at) != insertions.end()) continue;
      pieces.emplace_back(from, at);
      from = at;
    }
    pieces.emplace_back(from, end);
    auto meets_other = [&](const std::pair<size_t, size_t>& piece) {
      return std::any_of(other.begin(), other.end(), [&](const Change& o) {
        return o.old_start < piece.second && piece.first < o.old_start + std::max<size_t>(o.old_count, 1);
      });
    };
    for (size_t k = 0; k < pieces.size();) {
      // Whole: at the deletion's own depth (what comes before it in the
      // deletion is whole too) and whole itself.
      auto whole = [&](const std::pair<size_t, size_t>& piece) {
        return (piece.first == c.old_start || stands_alone(c.old_start, piece.first)) &&
               stands_alone(piece.first, piece.second);
      };
      if (pieces.size() == 1 || !meets_other(pieces[k]) || whole(pieces[k])) {
        ++k;
        continue;
      }
      size_t with = k + 1 < pieces.size() ? k + 1 : k - 1;
      size_t lo = std::min(k, with);
      pieces[lo] = {pieces[lo].first, pieces[lo + 1].second};
      pieces.erase(pieces.begin() + static_cast<long>(lo) + 1);
      k = lo;
    }
    for (const auto& [piece_from, piece_to] : pieces) {
      out.push_back(Change{piece_from, piece_to - piece_from, c.new_start, 0});
      if (origin) origin->push_back(index);
    }
  }
  return out;
}

}  // namespace kongtpl
