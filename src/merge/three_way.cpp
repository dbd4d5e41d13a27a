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

// prepare_text for a text that is mostly `reference` (ours and theirs are
// mostly base): a line byte-equal to the reference line where the two texts
// are in step takes that line's id without being normalised and interned.
// Ids are the same as prepare_text's; only the work differs.
PreparedText prepare_like(std::string_view text, const PreparedText& reference, LineInterner& interner) {
  constexpr size_t kResyncWindow = 16;  // how far ahead a changed stretch is looked past
  PreparedText prepared;
  prepared.lines = split_lines(text);
  prepared.ids.reserve(prepared.lines.size());
  const size_t n = reference.lines.size();
  size_t j = 0;  // the reference line expected next
  std::string key;
  for (const Line& line : prepared.lines) {
    if (j < n && line.bytes == reference.lines[j].bytes) {
      prepared.ids.push_back(reference.ids[j++]);
      continue;
    }
    if (j + 1 < n && line.bytes == reference.lines[j + 1].bytes) {  // after a replaced line
      prepared.ids.push_back(reference.ids[j + 1]);
      j += 2;
      continue;
    }
    normalize_line_into(key, line.bytes, WhitespaceMode::IgnoreAllSpace);
    int32_t id = interner.intern(key);
    prepared.ids.push_back(id);
    // Back in step after lines the reference has and this text lacks.
    for (size_t d = 0; d < kResyncWindow && j + d < n; ++d)
      if (reference.ids[j + d] == id) {
        j += d + 1;
        break;
      }
  }
  return prepared;
}

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

// A matched line near an upstream change: how upstream and the merged file
// indent it tells how to indent upstream's new lines.
struct Anchor {
  std::string_view theirs_indent;  // the anchor line's indentation upstream
  std::string_view output_indent;  // its indentation in the merged file
};

class Merger {
 public:
  Merger(std::string_view ours, std::string_view base, std::string_view theirs, const MergeOptions& options)
      : options_(options), theirs_text_(theirs) {
    b_ = prepare_text(base, WhitespaceMode::IgnoreAllSpace, interner_);
    o_ = prepare_like(ours, b_, interner_);
  }

  MergeResult run(std::string_view ours) {
    // The user's diff only reads ours' and base's ids: on a large file it
    // runs on a second thread while upstream's text is prepared (which
    // only adds ids) and diffed here.
    // The user's re-styling is what turned base into ours; upstream keeps
    // its own style from version to version, so base stands for it. Each
    // thread reads one side's style along with its diff.
    std::vector<Change> user_changes;
    auto diff_user = [&] {
      user_changes = diff_ids(b_.ids, o_.ids);
      slide_changes(user_changes, b_, o_);
      ours_indent_ = detect_indent_style(o_.lines);
    };
    std::future<void> user;
    bool large = b_.ids.size() + o_.ids.size() > kParallelDiffLines;
    if (large) user = std::async(std::launch::async, diff_user);
    t_ = prepare_like(theirs_text_, b_, interner_);
    // An empty user file has no conventions; follow upstream's then.
    eol_ = detect_line_ending(!o_.lines.empty() ? o_.lines : !t_.lines.empty() ? t_.lines : b_.lines);
    std::vector<Change> upstream_changes = diff_ids(b_.ids, t_.ids);
    slide_changes(upstream_changes, b_, t_);
    upstream_indent_ = detect_indent_style(b_.lines);
    if (large) user.get();
    else diff_user();
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
    const std::vector<long long> ours_match = matched_lines(diff_ids(base_ids, ours_ids), ours_ids.size());
    const std::vector<long long> theirs_match = matched_lines(diff_ids(base_ids, theirs_ids), theirs_ids.size());
    BaseAttribution ours_at(ours_match, base_ids.size());
    BaseAttribution theirs_at(theirs_match, base_ids.size());
    const std::vector<bool> ours_keeps = kept_base_lines(ours_match, base_ids.size());
    const std::vector<bool> theirs_keeps = kept_base_lines(theirs_match, base_ids.size());

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
      // Where both sides only deleted base lines and one side's deletions
      // are all among the other's, the larger deletion holds both changes.
      auto only_deletes = [&](const std::vector<long long>& match, size_t from, size_t count) {
        for (size_t k = from; k < from + count; ++k)
          if (match[k] < 0 || static_cast<size_t>(match[k]) < base_lo || static_cast<size_t>(match[k]) >= base_hi)
            return false;
        return true;
      };
      auto deletes_within = [&](const std::vector<bool>& keeps, const std::vector<bool>& other_keeps) {
        for (size_t b = base_lo; b < base_hi; ++b)
          if (!keeps[b] && other_keeps[b]) return false;
        return true;
      };
      const bool both_delete = only_deletes(ours_match, o, c.old_count) && only_deletes(theirs_match, t, c.new_count);
      if (same_as_base(theirs_ids, t, c.new_count) ||
          (both_delete && deletes_within(theirs_keeps, ours_keeps))) {
        for (; o < o_end; ++o) write_ours(r.ours.start + o);
        t = t_end;
        continue;
      }
      if (same_as_base(ours_ids, o, c.old_count) ||
          (both_delete && deletes_within(ours_keeps, theirs_keeps))) {
        for (; t < t_end; ++t) write_theirs(r.theirs.start + t, mapper);
        o = o_end;
        continue;
      }
      // Changes that merely touch inside the stretch: one side kept the
      // start of base's lines and changed the rest, the other changed the
      // start and kept the rest. Each change replaces its own base lines,
      // so both land, in base's order (git conflicts on touching changes;
      // only two insertions at one place are ambiguous, and those are not
      // taken here: each part replaces at least one base line).
      auto split_at = [&](const std::vector<int32_t>& keeps_start, size_t ks_from, size_t ks_count,
                          const std::vector<int32_t>& keeps_end, size_t ke_from, size_t ke_count) -> size_t {
        size_t span = base_hi - base_lo, prefix = 0, suffix = 0;
        while (prefix < span && prefix < ks_count &&
               keeps_start[ks_from + prefix] == base_ids[base_lo + prefix])
          ++prefix;
        while (suffix < span && suffix < ke_count &&
               keeps_end[ke_from + ke_count - 1 - suffix] == base_ids[base_hi - 1 - suffix])
          ++suffix;
        if (prefix == 0 || prefix >= span || prefix + suffix < span) return 0;
        return prefix;  // base lines the first side kept at the start
      };
      if (size_t kept = split_at(theirs_ids, t, c.new_count, ours_ids, o, c.old_count)) {
        size_t ours_part = c.old_count - (base_hi - base_lo - kept);
        for (size_t k = 0; k < ours_part; ++k) write_ours(r.ours.start + o + k);
        for (size_t k = t + kept; k < t_end; ++k) write_theirs(r.theirs.start + k, mapper);
        o = o_end;
        t = t_end;
        continue;
      }
      if (size_t kept = split_at(ours_ids, o, c.old_count, theirs_ids, t, c.new_count)) {
        size_t theirs_part = c.new_count - (base_hi - base_lo - kept);
        for (size_t k = 0; k < theirs_part; ++k) write_theirs(r.theirs.start + t + k, mapper);
        for (size_t k = o + kept; k < o_end; ++k) write_ours(r.ours.start + k);
        o = o_end;
        t = t_end;
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
  std::string_view theirs_text_;
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
