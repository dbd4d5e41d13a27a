#include "merge/three_way.hpp"

#include <algorithm>
#include <future>
#include <optional>
#include <unordered_set>
#include <utility>

#include "diff/edit_script.hpp"
#include "diff/prepare.hpp"
#include "merge/indent.hpp"
#include "merge/line_ending.hpp"
#include "merge/regions.hpp"
#include "merge/slide_changes.hpp"

namespace kongtpl {
namespace {

// Below this many lines a second thread costs more than it saves.
constexpr size_t kParallelDiffLines = 20000;

bool is_blank(std::string_view body) {
  return body.find_first_not_of(" \t\r\n\v\f") == std::string_view::npos;
}

// A line that tells how the user indents here: not blank, and not one of
// Kong's "> lua" lines, which sit at column 0 whatever the nesting.
bool shows_indentation(std::string_view body) { return !is_blank(body) && body.front() != '>'; }

// For each line of `after`, the line of `before` it is matched with by the
// edit script, or -1 when it is new.
std::vector<long long> matched_lines(const std::vector<Change>& changes, size_t after_size) {
  std::vector<long long> match(after_size, -1);
  size_t old_pos = 0, new_pos = 0;
  auto copy_until = [&](size_t new_end) {
    while (new_pos < new_end) match[new_pos++] = static_cast<long long>(old_pos++);
  };
  for (const Change& c : changes) {
    copy_until(c.new_start);
    old_pos = c.old_start + c.old_count;
    new_pos = c.new_start + c.new_count;
  }
  copy_until(after_size);
  return match;
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

// A matched line near an upstream change: how upstream and the merged file
// indent it tells how to indent upstream's new lines.
struct Anchor {
  std::string_view theirs_indent;  // the anchor line's indentation upstream
  std::string_view output_indent;  // its indentation in the merged file
};

class Merger {
 public:
  Merger(std::string_view ours, std::string_view base, std::string_view theirs, const MergeOptions& options)
      : options_(options) {
    o_ = prepare_text(ours, WhitespaceMode::IgnoreAllSpace, interner_);
    b_ = prepare_text(base, WhitespaceMode::IgnoreAllSpace, interner_);
    t_ = prepare_text(theirs, WhitespaceMode::IgnoreAllSpace, interner_);
    // An empty user file has no conventions; follow upstream's then.
    eol_ = detect_line_ending(!o_.lines.empty() ? o_.lines : !t_.lines.empty() ? t_.lines : b_.lines);
    // The user's re-styling is what turned base into ours; upstream keeps
    // its own style from version to version, so base stands for it.
    ours_indent_ = detect_indent_style(o_.lines);
    upstream_indent_ = detect_indent_style(b_.lines);
  }

  MergeResult run(std::string_view ours) {
    // The two diffs are independent: on a large file run upstream's on a
    // second thread (both only read the prepared ids).
    std::vector<Change> upstream_changes;
    std::future<void> upstream;
    bool large = b_.ids.size() + t_.ids.size() > kParallelDiffLines;
    auto diff_upstream = [&] {
      upstream_changes = diff_ids(b_.ids, t_.ids);
      slide_changes(upstream_changes, b_, t_);
    };
    if (large) upstream = std::async(std::launch::async, diff_upstream);
    std::vector<Change> user_changes = diff_ids(b_.ids, o_.ids);
    slide_changes(user_changes, b_, o_);
    if (large) upstream.get();
    else diff_upstream();
    align_changes(user_changes, upstream_changes, b_, o_, t_);
    std::vector<MergeRegion> regions = merge_regions(user_changes, upstream_changes, b_.lines.size());
    result_.text.reserve(ours.size() + ours.size() / 8);
    for (size_t k = 0; k < regions.size(); ++k) {
      const MergeRegion& r = regions[k];
      switch (r.kind) {
        case RegionKind::Unchanged:
          write_unchanged(r);
          break;
        case RegionKind::Ours:
          for (size_t i = r.ours.start; i < r.ours.end(); ++i) write_ours(i);
          break;
        case RegionKind::Theirs: {
          if (already_inserted(r)) {
            result_.upstream_changes_present += r.theirs_changes;
            break;
          }
          IndentMapper mapper = mapper_for(regions, k);
          for (size_t i = r.theirs.start; i < r.theirs.end(); ++i) write_theirs(i, mapper);
          result_.upstream_changes_applied += r.theirs_changes;
          break;
        }
        case RegionKind::Both:
          write_both(r, mapper_for(regions, k));
          break;
      }
    }
    // Keep the user's final-newline state (conflict markers always end
    // their line, as in git).
    if (!eol_.final_newline && last_is_content_) result_.text.resize(result_.text.size() - last_terminator_);
    result_.changed = result_.text != ours;
    return std::move(result_);
  }

 private:
  // True when upstream's pure insertion r is already in the user's file
  // nearby: the user applied it before (the diff from base may have placed
  // it a few lines off, or split it around lines of base). That takes the
  // inserted lines as one run in the user's lines near r, holding a line
  // base has nowhere near, so a "}" that is merely nearby is not taken for one.
  bool already_inserted(const MergeRegion& r) const {
    constexpr size_t kMaxLines = 2000;  // bounds the quadratic search
    size_t n = r.theirs.count;
    if (r.base.count != 0 || n == 0 || n > kMaxLines) return false;
    size_t reach = 2 * n + 4;
    auto window = [&](const PreparedText& text, size_t at) {
      size_t lo = at > reach ? at - reach : 0;
      return std::pair{lo, std::min(text.ids.size(), at + reach)};
    };
    auto [o_lo, o_hi] = window(o_, r.ours.start);
    auto [b_lo, b_hi] = window(b_, r.base.start);
    auto group = t_.ids.begin() + static_cast<long>(r.theirs.start);
    auto run = std::search(o_.ids.begin() + static_cast<long>(o_lo), o_.ids.begin() + static_cast<long>(o_hi),
                           group, group + static_cast<long>(n));
    if (run == o_.ids.begin() + static_cast<long>(o_hi)) return false;
    // Some inserted line must be new to this part of base: that line the
    // user can only have from upstream's change (or by making it too).
    std::unordered_set<int32_t> nearby(b_.ids.begin() + static_cast<long>(b_lo),
                                       b_.ids.begin() + static_cast<long>(b_hi));
    return std::any_of(group, group + static_cast<long>(n), [&](int32_t id) { return !nearby.count(id); });
  }

  // Upstream replaces a matched line only when the user left it exactly as
  // base had it: then upstream's whitespace change is no loss to the user.
  bool take_theirs_line(size_t o, size_t b, size_t t) const {
    std::string_view ours_body = line_body(o_.lines[o].bytes);
    return ours_body == line_body(b_.lines[b].bytes) && ours_body != line_body(t_.lines[t].bytes);
  }

  void write_unchanged(const MergeRegion& r) {
    for (size_t k = 0; k < r.base.count; ++k) {
      size_t o = r.ours.start + k, b = r.base.start + k, t = r.theirs.start + k;
      bool theirs_wins = take_theirs_line(o, b, t);
      std::string_view body = line_body(theirs_wins ? t_.lines[t].bytes : o_.lines[o].bytes);
      if (theirs_wins) {
        std::string_view own = line_terminator(o_.lines[o].bytes);
        write_line(body, own.empty() ? eol_.eol : own, true);
      } else {
        write_ours(o);
      }
      if (shows_indentation(body))
        anchor_ = Anchor{leading_whitespace(line_body(t_.lines[t].bytes)), leading_whitespace(body)};
    }
  }

  // The indentation mapping for upstream lines in regions[k]: from the
  // nearest non-blank matched line above, else the first one below.
  IndentMapper mapper_for(const std::vector<MergeRegion>& regions, size_t k) const {
    std::optional<Anchor> anchor = anchor_;
    if (!anchor && k + 1 < regions.size() && regions[k + 1].kind == RegionKind::Unchanged) {
      const MergeRegion& next = regions[k + 1];
      for (size_t i = 0; i < next.base.count && !anchor; ++i) {
        size_t o = next.ours.start + i, b = next.base.start + i, t = next.theirs.start + i;
        bool theirs_wins = take_theirs_line(o, b, t);
        std::string_view body = line_body(theirs_wins ? t_.lines[t].bytes : o_.lines[o].bytes);
        if (shows_indentation(body))
          anchor = Anchor{leading_whitespace(line_body(t_.lines[t].bytes)), leading_whitespace(body)};
      }
    }
    if (!anchor) return IndentMapper();
    return IndentMapper(anchor->theirs_indent, anchor->output_indent, upstream_indent_, ours_indent_);
  }

  void write_both(const MergeRegion& r, const IndentMapper& mapper) {
    auto o_begin = o_.ids.begin() + static_cast<long>(r.ours.start);
    auto t_begin = t_.ids.begin() + static_cast<long>(r.theirs.start);
    std::vector<int32_t> ours_ids(o_begin, o_begin + static_cast<long>(r.ours.count));
    std::vector<int32_t> theirs_ids(t_begin, t_begin + static_cast<long>(r.theirs.count));
    if (ours_ids == theirs_ids) {  // the same change on both sides
      for (size_t i = r.ours.start; i < r.ours.end(); ++i) write_ours(i);
      result_.upstream_changes_present += r.theirs_changes;
      return;
    }
    // Narrow the conflict (git's XDL_MERGE_ZEALOUS): diff the two versions
    // and write the lines they share outside any conflict.
    auto b_begin = b_.ids.begin() + static_cast<long>(r.base.start);
    std::vector<int32_t> base_ids(b_begin, b_begin + static_cast<long>(r.base.count));
    BaseAttribution ours_at(matched_lines(diff_ids(base_ids, ours_ids), ours_ids.size()), base_ids.size());
    BaseAttribution theirs_at(matched_lines(diff_ids(base_ids, theirs_ids), theirs_ids.size()), base_ids.size());

    size_t o = 0, t = 0, base_done = 0;
    for (const Change& c : diff_ids(ours_ids, theirs_ids)) {
      for (; o < c.old_start; ++o, ++t) write_ours(r.ours.start + o);
      size_t o_end = c.old_start + c.old_count, t_end = c.new_start + c.new_count;
      size_t base_lo = std::max({ours_at.below[o], theirs_at.below[t], base_done});
      size_t base_hi = std::max(std::min(ours_at.above[o_end], theirs_at.above[t_end]), base_lo);
      base_done = base_hi;
      // Within the region a stretch one side left as base had it is the
      // other side's change alone: take it, as a merge does anywhere else.
      auto same_as_base = [&](const std::vector<int32_t>& side, size_t from, size_t count) {
        return count == base_hi - base_lo &&
               std::equal(side.begin() + static_cast<long>(from), side.begin() + static_cast<long>(from + count),
                          base_ids.begin() + static_cast<long>(base_lo));
      };
      if (same_as_base(theirs_ids, t, c.new_count)) {
        for (; o < o_end; ++o) write_ours(r.ours.start + o);
        t = t_end;
        continue;
      }
      if (same_as_base(ours_ids, o, c.old_count)) {
        for (; t < t_end; ++t) write_theirs(r.theirs.start + t, mapper);
        o = o_end;
        continue;
      }
      write_conflict(LineRange{r.ours.start + o, c.old_count},
                     LineRange{r.base.start + base_lo, base_hi - base_lo},
                     LineRange{r.theirs.start + t, c.new_count}, mapper);
      o = o_end;
      t = t_end;
    }
    for (; o < ours_ids.size(); ++o) write_ours(r.ours.start + o);
  }

  void write_conflict(LineRange ours, LineRange base, LineRange theirs, const IndentMapper& mapper) {
    const MergeLabels& labels = options_.labels;
    Conflict conflict{LineRange{output_lines_, 0}, ours, base, theirs,
                      conflict_reason(ours.count, base.count, theirs.count)};
    write_marker('<', labels.ours);
    for (size_t i = ours.start; i < ours.end(); ++i) write_ours(i);
    if (options_.style == ConflictStyle::Diff3) {
      write_marker('|', labels.base);
      for (size_t i = base.start; i < base.end(); ++i) write_line(line_body(b_.lines[i].bytes), eol_.eol, true);
    }
    write_marker('=', {});
    for (size_t i = theirs.start; i < theirs.end(); ++i) write_theirs(i, mapper);
    write_marker('>', labels.theirs);
    conflict.output.count = output_lines_ - conflict.output.start;
    result_.conflicts.push_back(std::move(conflict));
  }

  void write_ours(size_t i) {
    const std::string_view bytes = o_.lines[i].bytes;
    std::string_view end = line_terminator(bytes);
    write_line(line_body(bytes), end.empty() ? eol_.eol : end, true);
  }

  void write_theirs(size_t i, const IndentMapper& mapper) {
    std::string_view body = line_body(t_.lines[i].bytes);
    if (mapper.is_identity()) write_line(body, eol_.eol, true);
    else write_line(mapper.apply(body), eol_.eol, true);
  }

  void write_marker(char marker, std::string_view label) {
    write_line(conflict_marker(marker, label), eol_.eol, false);
  }

  void write_line(std::string_view body, std::string_view terminator, bool content) {
    result_.text.append(body);
    result_.text.append(terminator);
    last_terminator_ = terminator.size();
    last_is_content_ = content;
    ++output_lines_;
  }

  const MergeOptions& options_;
  LineInterner interner_;
  PreparedText o_, b_, t_;
  LineEndingStyle eol_;
  IndentStyle ours_indent_, upstream_indent_;
  std::optional<Anchor> anchor_;
  MergeResult result_;
  size_t output_lines_ = 0;
  size_t last_terminator_ = 0;
  bool last_is_content_ = false;
};

}  // namespace

MergeResult merge_texts(std::string_view ours, std::string_view base, std::string_view theirs,
                        const MergeOptions& options) {
  return Merger(ours, base, theirs, options).run(ours);
}

}  // namespace kongtpl
