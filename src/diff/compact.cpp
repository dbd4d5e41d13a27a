#include "diff/compact.hpp"

#include "diff/whitespace.hpp"

namespace kongtpl {

namespace {

constexpr int kMaxIndent = 200;
constexpr int kMaxBlanks = 20;
constexpr int kStartOfFilePenalty = 1;
constexpr int kEndOfFilePenalty = 21;
constexpr int kTotalBlankWeight = -30;
constexpr int kPostBlankWeight = 6;
constexpr int kRelativeIndentPenalty = -4;
constexpr int kRelativeIndentWithBlankPenalty = 10;
constexpr int kRelativeOutdentPenalty = 24;
constexpr int kRelativeOutdentWithBlankPenalty = 17;
constexpr int kRelativeDedentPenalty = 23;
constexpr int kRelativeDedentWithBlankPenalty = 17;
constexpr int kIndentWeight = 60;
constexpr long kMaxSliding = 100;

// One file's view for compaction: which lines are changed, with sentinels
// (unchanged) before the first and after the last line.
struct File {
  const std::vector<int32_t>& ids;
  const std::vector<Line>& lines;
  std::vector<char> flags;
  long nrec;
  File(const std::vector<int32_t>& i, const std::vector<Line>& l)
      : ids(i), lines(l), flags(i.size() + 2, 0), nrec(static_cast<long>(i.size())) {}
  bool changed(long i) const { return flags[static_cast<size_t>(i + 1)] != 0; }
  void set(long i, bool v) { flags[static_cast<size_t>(i + 1)] = v; }
};

struct Group {
  long start = 0, end = 0;
};

// Indentation in columns (tab = 8), -1 for a whitespace-only line.
int get_indent(const Line& line) {
  int ret = 0;
  for (char c : line.bytes) {
    if (!is_space(c)) return ret;
    if (c == ' ') ret += 1;
    else if (c == '\t') ret += 8 - ret % 8;
    if (ret >= kMaxIndent) return kMaxIndent;
  }
  return -1;
}

struct Measurement {
  bool end_of_file = false;
  int indent = -1, pre_blank = 0, pre_indent = -1, post_blank = 0, post_indent = -1;
};

struct Score {
  int effective_indent = 0, penalty = 0;
};

Measurement measure_split(const File& f, long split) {
  Measurement m;
  if (split >= f.nrec) {
    m.end_of_file = true;
    m.indent = -1;
  } else {
    m.indent = get_indent(f.lines[split]);
  }
  for (long i = split - 1; i >= 0; --i) {
    m.pre_indent = get_indent(f.lines[i]);
    if (m.pre_indent != -1) break;
    if (++m.pre_blank == kMaxBlanks) {
      m.pre_indent = 0;
      break;
    }
  }
  for (long i = split + 1; i < f.nrec; ++i) {
    m.post_indent = get_indent(f.lines[i]);
    if (m.post_indent != -1) break;
    if (++m.post_blank == kMaxBlanks) {
      m.post_indent = 0;
      break;
    }
  }
  return m;
}

void score_add_split(const Measurement& m, Score& s) {
  if (m.pre_indent == -1 && m.pre_blank == 0) s.penalty += kStartOfFilePenalty;
  if (m.end_of_file) s.penalty += kEndOfFilePenalty;
  const int post_blank = m.indent == -1 ? 1 + m.post_blank : 0;
  const int total_blank = m.pre_blank + post_blank;
  s.penalty += kTotalBlankWeight * total_blank;
  s.penalty += kPostBlankWeight * post_blank;
  const int indent = m.indent != -1 ? m.indent : m.post_indent;
  const bool any_blanks = total_blank != 0;
  s.effective_indent += indent;
  if (indent == -1 || m.pre_indent == -1) {
  } else if (indent > m.pre_indent) {
    s.penalty += any_blanks ? kRelativeIndentWithBlankPenalty : kRelativeIndentPenalty;
  } else if (indent == m.pre_indent) {
  } else if (m.post_indent != -1 && m.post_indent > indent) {
    s.penalty += any_blanks ? kRelativeOutdentWithBlankPenalty : kRelativeOutdentPenalty;
  } else {
    s.penalty += any_blanks ? kRelativeDedentWithBlankPenalty : kRelativeDedentPenalty;
  }
}

int score_cmp(const Score& a, const Score& b) {
  const int cmp_indents = (a.effective_indent > b.effective_indent) - (a.effective_indent < b.effective_indent);
  return kIndentWeight * cmp_indents + (a.penalty - b.penalty);
}

void group_init(const File& f, Group& g) {
  g.start = g.end = 0;
  while (f.changed(g.end)) ++g.end;
}

bool group_next(const File& f, Group& g) {
  if (g.end == f.nrec) return false;
  g.start = g.end + 1;
  for (g.end = g.start; f.changed(g.end); ++g.end) {
  }
  return true;
}

bool group_previous(const File& f, Group& g) {
  if (g.start == 0) return false;
  g.end = g.start - 1;
  for (g.start = g.end; f.changed(g.start - 1); --g.start) {
  }
  return true;
}

bool group_slide_down(File& f, Group& g) {
  if (g.end < f.nrec && f.ids[g.start] == f.ids[g.end]) {
    f.set(g.start++, false);
    f.set(g.end++, true);
    while (f.changed(g.end)) ++g.end;
    return true;
  }
  return false;
}

bool group_slide_up(File& f, Group& g) {
  if (g.start > 0 && f.ids[g.start - 1] == f.ids[g.end - 1]) {
    f.set(--g.start, true);
    f.set(--g.end, false);
    while (f.changed(g.start - 1)) --g.start;
    return true;
  }
  return false;
}

// xdl_change_compact for one side (f) against the other (o), with the
// indent heuristic git enables by default.
void change_compact(File& f, File& o) {
  Group g, go;
  group_init(f, g);
  group_init(o, go);
  while (true) {
    if (g.end != g.start) {
      long groupsize, earliest_end, end_matching_other;
      do {
        groupsize = g.end - g.start;
        end_matching_other = -1;
        while (group_slide_up(f, g)) group_previous(o, go);
        earliest_end = g.end;
        if (go.end > go.start) end_matching_other = g.end;
        while (group_slide_down(f, g)) {
          group_next(o, go);
          if (go.end > go.start) end_matching_other = g.end;
        }
      } while (groupsize != g.end - g.start);

      if (g.end == earliest_end) {
        // no shifting was possible
      } else if (end_matching_other != -1) {
        while (go.end == go.start) {
          group_slide_up(f, g);
          group_previous(o, go);
        }
      } else {
        long shift = earliest_end;
        if (g.end - groupsize - 1 > shift) shift = g.end - groupsize - 1;
        if (g.end - kMaxSliding > shift) shift = g.end - kMaxSliding;
        long best_shift = -1;
        Score best;
        for (; shift <= g.end; ++shift) {
          Score score;
          score_add_split(measure_split(f, shift), score);
          score_add_split(measure_split(f, shift - groupsize), score);
          if (best_shift == -1 || score_cmp(score, best) <= 0) {
            best = score;
            best_shift = shift;
          }
        }
        while (g.end > best_shift) {
          group_slide_up(f, g);
          group_previous(o, go);
        }
      }
    }
    if (!group_next(f, g)) break;
    group_next(o, go);
  }
}

}  // namespace

std::vector<Change> compact_changes(const std::vector<Change>& changes, const std::vector<int32_t>& before_ids,
                                    const std::vector<int32_t>& after_ids, const std::vector<Line>& before,
                                    const std::vector<Line>& after) {
  if (changes.empty()) return changes;
  File f1(before_ids, before), f2(after_ids, after);
  for (const Change& c : changes) {
    for (size_t i = 0; i < c.old_count; ++i) f1.set(static_cast<long>(c.old_start + i), true);
    for (size_t i = 0; i < c.new_count; ++i) f2.set(static_cast<long>(c.new_start + i), true);
  }
  change_compact(f1, f2);
  change_compact(f2, f1);

  // xdl_build_script: walk both files together, one Change per run of
  // changed lines on either side.
  std::vector<Change> out;
  long i1 = 0, i2 = 0;
  while (i1 < f1.nrec || i2 < f2.nrec) {
    if (f1.changed(i1) || f2.changed(i2)) {
      Change c{static_cast<size_t>(i1), 0, static_cast<size_t>(i2), 0};
      while (f1.changed(i1)) {
        ++c.old_count;
        ++i1;
      }
      while (f2.changed(i2)) {
        ++c.new_count;
        ++i2;
      }
      out.push_back(c);
      continue;
    }
    ++i1;
    ++i2;
  }
  return out;
}

}  // namespace kongtpl
