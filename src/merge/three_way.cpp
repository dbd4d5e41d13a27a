#include "merge/three_way.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <deque>
#include <future>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "diff/edit_script.hpp"
#include "diff/prepare.hpp"
#include "merge/indent.hpp"
#include "merge/nesting.hpp"
#include "merge/line_ending.hpp"
#include "merge/regions.hpp"
#include "merge/slide_changes.hpp"
#include "merge/split_changes.hpp"
#include "merge/zdiff3.hpp"

namespace kongtpl {
namespace {

// Below this many lines a second thread costs more than it saves.
constexpr size_t kParallelDiffLines = 20000;


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

// Where the last conflict stands in the text, so that the next one can be
// joined to it when only a few shared lines separate them.
struct OpenConflict {
  size_t text_offset = 0;                 // where its "<<<<<<<" line starts
  std::optional<IndentAnchor> anchor;     // the indentation its upstream lines took
  // The lines written since it, when all are lines both sides hold, in step.
  size_t gap_lines = 0;
  bool gap_shared = true;
  bool gap_has_alnum = false;
  size_t next_ours = 0, next_theirs = 0;  // the ours/theirs lines that continue the gap
};

// A place in the merge where all three texts are in step (a region's
// start): the output can be rewound to it, to widen a conflict.
struct SyncPoint {
  size_t o = 0, b = 0, t = 0;  // the next line of each text
  size_t text_offset = 0, output_lines = 0, conflicts = 0, applied = 0, present = 0;
  size_t last_terminator = 0;
  bool last_is_content = false;
  std::optional<IndentAnchor> anchor;
  std::optional<OpenConflict> open;
};

// Which side's version a region was resolved to as a whole, if any.
enum class WholeSide { Neither, Ours, Theirs };

// How far a conflict is widened to take in the other half of a block or
// template region it cuts: beyond this the conflict stays as it is.
constexpr size_t kMaxWidenLines = 400;
constexpr size_t kSyncWindow = 64;

bool has_alnum(std::string_view body) {
  return std::any_of(body.begin(), body.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

// A range of ids of one text.
std::vector<int32_t> slice(const std::vector<int32_t>& ids, size_t from, size_t count) {
  return std::vector<int32_t>(ids.begin() + static_cast<long>(from), ids.begin() + static_cast<long>(from + count));
}

class Merger {
 public:
  // strict: identical changes made only of lines that say nothing ("> end",
  // "}") are not taken for one change (see merge_texts).
  Merger(std::string_view ours, std::string_view base, std::string_view theirs, const MergeOptions& options,
         bool strict)
      : options_(options), theirs_text_(theirs), strict_(strict) {
    b_ = prepare_text(base, WhitespaceMode::IgnoreAllSpace, interner_);
    o_ = prepare_like(ours, b_, interner_);
    blank_id_ = interner_.intern("");
    b_nest_ = line_nesting(b_.lines);
    o_nest_ = line_nesting(o_.lines);
    b_structure_ = StructurePrefix(b_nest_);
    o_structure_ = StructurePrefix(o_nest_);
    // Depth-tagged closers only help while depths mean the same thing in
    // both files: one brace too many early in a file would shift every
    // later depth and unmatch every later "}".
    tag_closers_ = b_structure_.balanced() && o_structure_.balanced();
    tag_closing_lines(b_, b_nest_);
    tag_closing_lines(o_, o_nest_);
  }

  /// The whole disagreement as one conflict: the lines ours and theirs
  /// share at the start and at the end (ignoring whitespace) stay outside.
  MergeResult run_as_one_conflict(std::string_view ours) {
    t_ = prepare_like(theirs_text_, b_, interner_);
    t_nest_ = line_nesting(t_.lines);
    tag_closing_lines(t_, t_nest_);
    t_structure_ = StructurePrefix(t_nest_);
    eol_ = detect_line_ending(!o_.lines.empty() ? o_.lines : !t_.lines.empty() ? t_.lines : b_.lines);
    size_t n_o = o_.ids.size(), n_t = t_.ids.size(), n_b = b_.ids.size();
    size_t head = 0;
    while (head < n_o && head < n_t && o_.ids[head] == t_.ids[head]) ++head;
    size_t tail = 0;
    while (tail < n_o - head && tail < n_t - head && o_.ids[n_o - 1 - tail] == t_.ids[n_t - 1 - tail]) ++tail;
    size_t b_head = 0, b_tail = 0;
    while (b_head < head && b_head < n_b && b_.ids[b_head] == o_.ids[b_head]) ++b_head;
    while (b_tail < tail && b_tail < n_b - b_head && b_.ids[n_b - 1 - b_tail] == o_.ids[n_o - 1 - b_tail]) ++b_tail;
    for (size_t i = 0; i < head; ++i) write_ours(i);
    if (head + tail < std::max(n_o, n_t))
      emit_conflict(LineRange{head, n_o - head - tail}, LineRange{b_head, n_b - b_head - b_tail},
                    LineRange{head, n_t - head - tail}, std::nullopt);
    for (size_t i = n_o - tail; i < n_o; ++i) write_ours(i);
    if (!eol_.final_newline && last_is_content_) result_.text.resize(result_.text.size() - last_terminator_);
    result_.changed = result_.text != ours;
    return std::move(result_);
  }

  MergeResult run(std::string_view ours) {
    // The user's diff only reads ours' and base's ids: on a large file it
    // runs on a second thread while upstream's text is prepared (which
    // only adds ids) and diffed here.
    // The user's re-styling is what turned base into ours; upstream keeps
    // its own style from version to version, so base stands for it. Each
    // thread reads one side's style along with its diff.
    std::vector<Change> user_changes;
    DepthProfile user_profile;
    auto diff_user = [&] {
      user_changes = diff_ids(b_.ids, o_.ids);
      slide_changes(user_changes, b_, o_);
      ours_indent_ = detect_indent_style(o_.lines);
      // How the user indents each depth matters only in a re-indented file.
      reindented_ = user_reindented(user_changes);
      if (reindented_) user_profile = DepthProfile(o_.lines, o_nest_);
    };
    std::future<void> user;
    bool large = b_.ids.size() + o_.ids.size() > kParallelDiffLines;
    if (large) user = std::async(std::launch::async, diff_user);
    t_ = prepare_like(theirs_text_, b_, interner_);
    t_nest_ = line_nesting(t_.lines);
    tag_closing_lines(t_, t_nest_);
    t_structure_ = StructurePrefix(t_nest_);
    // An empty user file has no conventions; follow upstream's then.
    eol_ = detect_line_ending(!o_.lines.empty() ? o_.lines : !t_.lines.empty() ? t_.lines : b_.lines);
    std::vector<Change> upstream_changes = diff_ids(b_.ids, t_.ids);
    slide_changes(upstream_changes, b_, t_);
    upstream_indent_ = detect_indent_style(b_.lines);
    if (large) user.get();
    else diff_user();
    indenter_ = NestingIndenter(std::move(user_profile), &t_.lines, &t_nest_, ours_indent_, upstream_indent_);
    align_changes(user_changes, upstream_changes, b_, o_, t_);
    moved_lines_the_user_deleted(user_changes, upstream_changes);
    copies_of_rewritten_lines(user_changes, upstream_changes);
    std::vector<MergeRegion> regions = merge_regions(user_changes, upstream_changes, b_.lines.size());
    result_.text.reserve(ours.size() + ours.size() / 8);
    for (size_t k = 0; k < regions.size(); ++k) {
      const MergeRegion& r = regions[k];
      at_sync_point(r.ours.start, r.base.start, r.theirs.start);
      switch (r.kind) {
        case RegionKind::Unchanged:
          for (size_t i = 0; i < r.base.count; ++i) write_shared(r.ours.start + i, r.base.start + i, r.theirs.start + i);
          break;
        case RegionKind::Ours:
          for (size_t i = r.ours.start; i < r.ours.end(); ++i) write_ours(i);
          break;
        case RegionKind::Theirs: {
          whole_side_ = WholeSide::Neither;
          if (already_inserted(r)) {
            structure_risk_ = true;
            whole_side_ = WholeSide::Ours;
            result_.upstream_changes_present += r.theirs_changes;
            break;
          }
          look_ahead_for_anchor(regions, k);
          for (size_t i = r.theirs.start; i < r.theirs.end(); ++i) write_theirs(i);
          result_.upstream_changes_applied += r.theirs_changes;
          break;
        }
        case RegionKind::Both:
          look_ahead_for_anchor(regions, k);
          write_both(r);
          break;
      }
      if (r.kind != RegionKind::Unchanged && r.kind != RegionKind::Ours && !merged_structure_holds(syncs_.back(), r)) {
        SyncPoint start = syncs_.back();
        rewind_to(start);
        current_region_ = &r;
        write_conflict(LineRange{0, r.ours.count}, LineRange{0, r.base.count}, LineRange{0, r.theirs.count});
      }
    }
    at_sync_point(o_.lines.size(), b_.lines.size(), t_.lines.size());
    // Keep the user's final-newline state (conflict markers always end
    // their line, as in git).
    if (!eol_.final_newline && last_is_content_) result_.text.resize(result_.text.size() - last_terminator_);
    result_.changed = result_.text != ours;
    // Only a region both sides changed, or a line left out on purpose, can
    // break what the two sides' structure guarantees.
    balanced_ = !structure_risk_ || resolutions_balanced();
    return std::move(result_);
  }

 private:
  // Gives every closing line (`}`, `> end`) an id that includes its nginx
  // block depth, so a `}` only matches a `}` at the same nesting depth.
  void tag_closing_lines(PreparedText& text, const std::vector<LineNesting>& nesting) {
    if (!tag_closers_) return;
    std::string key;
    for (size_t i = 0; i < text.lines.size(); ++i) {
      std::string_view body = line_body(text.lines[i].bytes);
      if (!is_closing_line(body)) continue;
      // Both by nginx block depth: wrapping lines in a "> if" region (as
      // Kong's releases often do) does not move them to another block.
      key = body.find('>') != std::string_view::npos ? ">end\x1f" : "}\x1f";
      key += std::to_string(nesting[i].blocks);
      text.ids[i] = interner_.intern(key);
    }
  }

  // Upstream moved a line (deleted it in one place, inserted it in another)
  // that the user deleted: the user's deletion follows it, so upstream's
  // new copy is not written. Lines that say nothing of their own ("}") are
  // not taken for moves; a line the user edited rather than deleted (split
  // on its directive name) keeps upstream's copy.
  void moved_lines_the_user_deleted(const std::vector<Change>& user_changes,
                                    const std::vector<Change>& upstream_changes) {
    skip_theirs_.assign(t_.lines.size(), false);
    std::unordered_map<int32_t, std::vector<size_t>> deleted_upstream;  // id -> base lines upstream dropped
    std::vector<std::pair<size_t, size_t>> inserted_upstream;          // runs of theirs lines upstream added
    for (const Change& c : split_changes(upstream_changes, b_.lines, t_.lines)) {
      if (c.new_count == 0 || c.old_count == 0 || c.old_count != c.new_count) {
        for (size_t b = c.old_start; b < c.old_start + c.old_count; ++b) deleted_upstream[b_.ids[b]].push_back(b);
        if (c.new_count) inserted_upstream.emplace_back(c.new_start, c.new_count);
      }
    }
    if (deleted_upstream.empty() || inserted_upstream.empty()) return;
    std::vector<bool> user_deleted(b_.lines.size(), false);
    for (const Change& c : split_changes(user_changes, b_.lines, o_.lines))
      if (c.new_count == 0)
        for (size_t b = c.old_start; b < c.old_start + c.old_count; ++b) user_deleted[b] = true;
    auto take_moved_from = [&](size_t t) -> std::optional<size_t> {
      auto found = deleted_upstream.find(t_.ids[t]);
      if (found == deleted_upstream.end() || found->second.empty()) return std::nullopt;
      size_t b = found->second.front();
      found->second.erase(found->second.begin());
      return b;
    };
    for (auto [start, count] : inserted_upstream) {
      // The informative lines decide; the braces, "> end" and blank lines
      // of a moved run go with them when all of them stay deleted.
      size_t skipped = 0, written = 0;
      for (size_t t = start; t < start + count; ++t) {
        if (!is_informative_line(line_body(t_.lines[t].bytes))) continue;
        std::optional<size_t> b = take_moved_from(t);
        if (b && user_deleted[*b]) {
          skip_theirs_[t] = true;
          ++skipped;
        } else {
          ++written;
        }
      }
      if (skipped == 0 || written != 0) continue;
      for (size_t t = start; t < start + count; ++t) {
        if (skip_theirs_[t]) continue;
        std::optional<size_t> b = take_moved_from(t);
        if (b && user_deleted[*b]) skip_theirs_[t] = true;
      }
    }
  }

  // The user's own lines that copy a base line upstream rewrote (a server
  // of the user's holding `ssl_certificate ${{SSL_CERT}};` when upstream
  // turned that line into a loop): reported, not changed.
  void copies_of_rewritten_lines(const std::vector<Change>& user_changes,
                                 const std::vector<Change>& upstream_changes) {
    copy_of_.assign(o_.lines.size(), -1);
    std::unordered_map<int32_t, std::pair<size_t, LineRange>> rewritten;  // id -> base line, upstream's lines
    for (const Change& c : upstream_changes) {
      if (c.new_count == 0) continue;  // deleted outright: nothing to consider instead
      for (size_t b = c.old_start; b < c.old_start + c.old_count; ++b)
        if (is_informative_line(line_body(b_.lines[b].bytes)))
          rewritten.emplace(b_.ids[b], std::pair{b, LineRange{c.new_start, c.new_count}});
    }
    if (rewritten.empty()) return;
    for (const Change& c : user_changes)
      for (size_t o = c.new_start; o < c.new_start + c.new_count; ++o) {
        auto found = rewritten.find(o_.ids[o]);
        if (found == rewritten.end()) continue;
        copy_of_[o] = static_cast<long long>(rewrites_.size());
        rewrites_.push_back(found->second);
      }
  }

  void note_copy_written(size_t o) {
    if (in_conflict_ || copy_of_.empty() || copy_of_[o] < 0) return;
    const auto& [b, theirs] = rewrites_[static_cast<size_t>(copy_of_[o])];
    result_.also_consider.push_back(AlsoConsider{output_lines_ - 1, o, b, theirs});
  }

  // True when the user re-indented: more than one in twenty of the lines
  // the user kept from base are indented differently (a few odd lines do
  // not make a re-indented file). Otherwise upstream's lines keep upstream's
  // indentation as they are.
  bool user_reindented(const std::vector<Change>& user_changes) const {
    size_t b = 0, o = 0, same = 0, different = 0;
    auto count_until = [&](size_t b_end) {
      for (; b < b_end; ++b, ++o) {
        std::string_view body = line_body(o_.lines[o].bytes);
        if (!shows_indentation(body)) continue;
        ++(leading_whitespace(body) == leading_whitespace(b_.lines[b].bytes) ? same : different);
      }
    };
    for (const Change& c : user_changes) {
      count_until(c.old_start);
      b = c.old_start + c.old_count;
      o = c.new_start + c.new_count;
    }
    count_until(b_.lines.size());
    return different * 20 > same + different;
  }

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
    // And it must say something: a lone "> end" or "}" nearby proves nothing.
    for (size_t i = r.theirs.start; i < r.theirs.end(); ++i)
      if (!nearby.count(t_.ids[i]) && is_informative_line(line_body(t_.lines[i].bytes))) return true;
    return false;
  }

  // Upstream replaces a matched line only when the user left it exactly as
  // base had it: then upstream's whitespace change is no loss to the user.
  bool take_theirs_line(size_t o, size_t b, size_t t) const {
    std::string_view ours_body = line_body(o_.lines[o].bytes);
    return ours_body == line_body(b_.lines[b].bytes) && ours_body != line_body(t_.lines[t].bytes);
  }

  // The line both sides hold at ours line o / theirs line t (base line b,
  // or none when both inserted it): the user's bytes, or upstream's when
  // only upstream re-spaced a line the user left alone.
  void write_shared(size_t o, std::optional<size_t> b, size_t t) {
    bool theirs_wins = b && take_theirs_line(o, *b, t);
    std::string_view body = line_body(theirs_wins ? t_.lines[t].bytes : o_.lines[o].bytes);
    std::string_view own = line_terminator(o_.lines[o].bytes);
    write_line(body, own.empty() ? eol_.eol : own, true);
    note_copy_written(o);
    note_gap_line(o, t, body);
    if (shows_indentation(body))
      anchor_ = IndentAnchor{o_nest_[o].blocks, t_nest_[t].blocks, leading_whitespace(line_body(t_.lines[t].bytes)),
                             leading_whitespace(body)};
  }

  // Before upstream lines are written with no matched line above them, the
  // first matched line of the next unchanged region stands in.
  void look_ahead_for_anchor(const std::vector<MergeRegion>& regions, size_t k) {
    if (anchor_ || k + 1 >= regions.size() || regions[k + 1].kind != RegionKind::Unchanged) return;
    const MergeRegion& next = regions[k + 1];
    for (size_t i = 0; i < next.base.count; ++i) {
      size_t o = next.ours.start + i, b = next.base.start + i, t = next.theirs.start + i;
      std::string_view body = line_body(take_theirs_line(o, b, t) ? t_.lines[t].bytes : o_.lines[o].bytes);
      if (shows_indentation(body)) {
        anchor_ = IndentAnchor{o_nest_[o].blocks, t_nest_[t].blocks, leading_whitespace(line_body(t_.lines[t].bytes)),
                             leading_whitespace(body)};
        return;
      }
    }
  }

  bool only_blank(const std::vector<int32_t>& ids) const {
    return std::all_of(ids.begin(), ids.end(), [&](int32_t id) { return id == blank_id_; });
  }

  std::vector<int32_t> without_blanks(const std::vector<int32_t>& ids) const {
    std::vector<int32_t> out;
    std::copy_if(ids.begin(), ids.end(), std::back_inserter(out), [&](int32_t id) { return id != blank_id_; });
    return out;
  }

  // True when `small` only deletes base lines (it is base with lines left
  // out) that close or pad, `big` keeps none of those, and no line of big is
  // an edit of one of them (the same directive name): deleting a line
  // someone customised stays a conflict. big_lines/base_lines: where big and base sit in their
  // texts (big in theirs when big_is_theirs, else in ours).
  bool deletion_held_by(const std::vector<int32_t>& big, const std::vector<int32_t>& small,
                        const std::vector<int32_t>& base, LineRange big_lines, LineRange base_lines,
                        bool big_is_theirs = false) const {
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
  bool only_structure(LineRange range) const {
    if (!strict_ || range.count == 0) return false;
    for (size_t i = range.start; i < range.end(); ++i)
      if (is_informative_line(line_body(o_.lines[i].bytes))) return false;
    return true;
  }

  // True when the result, resolved either way, opens and closes blocks
  // and template regions as ours and theirs do (both balanced).
  bool resolutions_balanced() const {
    StructureDelta ours_total = o_structure_.between(0, o_.lines.size());
    StructureDelta theirs_total = t_structure_.between(0, t_.lines.size());
    if (ours_total != StructureDelta{} || theirs_total != StructureDelta{}) return true;  // nothing to hold to
    std::vector<Line> lines = split_lines(result_.text);
    StructureDelta as_ours, as_theirs;
    char section = 0;  // 0 outside a conflict, '<' ours, '|' base, '=' theirs
    for (size_t i = 0; i < lines.size(); ++i) {
      std::string_view body = line_body(lines[i].bytes);
      if (body.size() >= 7 && body.find_first_not_of(body[0]) >= 7 && std::string_view("<|=>").find(body[0]) != std::string_view::npos) {
        section = body[0] == '>' ? 0 : body[0];
        continue;
      }
      if (!has_brace(body) && (body.empty() || body.front() != '>')) continue;
      StructureDelta d = structure_delta(lines, i, i + 1);
      if (section == 0 || section == '<') as_ours = StructureDelta{as_ours.blocks + d.blocks, as_ours.control + d.control};
      if (section == 0 || section == '=') as_theirs = StructureDelta{as_theirs.blocks + d.blocks, as_theirs.control + d.control};
    }
    return as_ours == StructureDelta{} && as_theirs == StructureDelta{};
  }

  // True when `big` holds all of `small` in order (blank lines aside), and
  // what else it holds is none of the base lines `small` dropped; and
  // small's own new lines say something (a lone "}" proves nothing).
  // `embedding` receives, for each line of big, the line of small it is
  // (or -1 for big's own lines).
  bool holds_change(const std::vector<int32_t>& big, const std::vector<int32_t>& small,
                    const std::vector<int32_t>& base, std::vector<long long>* embedding = nullptr) const {
    std::unordered_set<int32_t> base_set(base.begin(), base.end());
    std::unordered_set<int32_t> small_set(small.begin(), small.end());
    bool informative = false;
    for (size_t k = 0; k < small.size(); ++k)
      if (!base_set.count(small[k]) && small[k] != blank_id_ && informative_id(small[k])) informative = true;
    if (!informative) return false;
    std::unordered_set<int32_t> dropped;
    for (int32_t id : base)
      if (!small_set.count(id)) dropped.insert(id);
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
      if (id != blank_id_ && dropped.count(id)) return false;
    }
    while (k < small.size() && small[k] == blank_id_) ++k;
    return k == small.size();
  }

  // Whether a line id is informative (is_informative_line on its text).
  bool informative_id(int32_t id) const {
    auto found = informative_ids_.find(id);
    return found != informative_ids_.end() && found->second;
  }

  // A region both sides changed. The two versions are lined up against each
  // other on the lines they share (git's XDL_MERGE_ZEALOUS), but only on
  // lines that can anchor: a line both kept from base, or one that says
  // something of its own; two different blocks inserted at one place do not
  // line up on their braces. Each stretch between anchors is then resolved
  // on its own.
  void write_both(const MergeRegion& r) {
    current_region_ = &r;
    structure_risk_ = true;
    whole_side_ = WholeSide::Neither;
    for (size_t i = r.ours.start; i < r.ours.end(); ++i)
      informative_ids_.emplace(o_.ids[i], is_informative_line(line_body(o_.lines[i].bytes)));
    for (size_t i = r.theirs.start; i < r.theirs.end(); ++i)
      informative_ids_.emplace(t_.ids[i], is_informative_line(line_body(t_.lines[i].bytes)));
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
        if (embedding[i] >= 0) write_shared(r.ours.start + static_cast<size_t>(embedding[i]), std::nullopt, r.theirs.start + i);
        else write_theirs(r.theirs.start + i);
      result_.upstream_changes_applied += r.theirs_changes;
      return;
    }
    const std::vector<long long> ours_match = matched_lines(diff_ids(base_ids, ours_ids), ours_ids.size());
    const std::vector<long long> theirs_match = matched_lines(diff_ids(base_ids, theirs_ids), theirs_ids.size());
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
      for (const Change& c : diff_ids(ours_ids, theirs_ids)) {
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

  // What write_both's stretches are cut from: a region's ids on each side.
  struct Segments {
    const MergeRegion& region;
    const std::vector<int32_t>& ours;
    const std::vector<int32_t>& theirs;
    const std::vector<int32_t>& base;
    const std::vector<bool>& ours_keeps;
    const std::vector<bool>& theirs_keeps;
  };

  // One stretch of a Both region where the two sides share no anchor:
  // ours/base/theirs ranges are relative to the region. `anchored` says the
  // stretch sits between lines both sides kept from base, so that "same as
  // base" means "not changed here"; inside lines both sides inserted it
  // does not (each side's lines there are its own insertion).
  void resolve_stretch(const Segments& s, LineRange ours, LineRange base, LineRange theirs, bool anchored) {
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
      for (size_t i = 0; i < ours.count; ++i) write_shared(r.ours.start + ours.start + i, std::nullopt, r.theirs.start + theirs.start + i);
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
    std::vector<long long> o_match = matched_lines(diff_ids(b_ids, o_ids), o_ids.size());
    std::vector<long long> t_match = matched_lines(diff_ids(b_ids, t_ids), t_ids.size());
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
        split_changes(diff_ids(b_ids, o_ids), b_lines, lines_of(o_, r.ours.start + ours.start, ours.count));
    std::vector<Change> t_changes =
        split_changes(diff_ids(b_ids, t_ids), b_lines, lines_of(t_, r.theirs.start + theirs.start, theirs.count));
    std::vector<MergeRegion> subs = merge_regions(o_changes, t_changes, b_ids.size(), Touching::Apart);
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
    for (const MergeRegion& sub : subs) {
      LineRange so{ours.start + sub.ours.start, sub.ours.count};
      LineRange st{theirs.start + sub.theirs.start, sub.theirs.count};
      switch (sub.kind) {
        case RegionKind::Unchanged:
          for (size_t i = 0; i < sub.base.count; ++i)
            write_shared(r.ours.start + so.start + i, r.base.start + base.start + sub.base.start + i,
                         r.theirs.start + st.start + i);
          break;
        case RegionKind::Ours:
          for (size_t i = so.start; i < so.end(); ++i) write_ours(r.ours.start + i);
          break;
        case RegionKind::Theirs:
          for (size_t i = st.start; i < st.end(); ++i) write_theirs(r.theirs.start + i);
          result_.upstream_changes_applied += sub.theirs_changes;
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
    }
  }

  // A conflict; ranges relative to the current Both region. When only a few
  // lines both sides hold (3 or fewer, or lines without a letter or digit)
  // separate it from the previous conflict, the two become one, as git
  // joins them: one disagreement is one block to resolve.
  void write_conflict(LineRange ours, LineRange base, LineRange theirs) {
    const MergeRegion& r = *current_region_;
    write_conflict_absolute(LineRange{r.ours.start + ours.start, ours.count},
                            LineRange{r.base.start + base.start, base.count},
                            LineRange{r.theirs.start + theirs.start, theirs.count});
  }

  // True when a conflict's two sides open and close the same blocks and
  // template regions: whichever side the user keeps, the lines around it fit.
  bool balanced(size_t o_from, size_t o_to, size_t t_from, size_t t_to) const {
    return o_structure_.between(o_from, o_to) == t_structure_.between(t_from, t_to);
  }

  // A region merged without conflict must open and close what both sides'
  // changes together do (each side's change to base's structure, added):
  // two different "> end" lines taken for one, or a brace lost to a move,
  // breaks that (unless the result is one side's version, which holds the
  // other's change). Then the region becomes one conflict instead.
  bool merged_structure_holds(const SyncPoint& start, const MergeRegion& r) const {
    if (result_.conflicts.size() != start.conflicts || start.text_offset > result_.text.size())
      return true;  // conflicts are checked on their own
    StructureDelta o = o_structure_.between(r.ours.start, r.ours.end());
    StructureDelta b = b_structure_.between(r.base.start, r.base.end());
    StructureDelta t = t_structure_.between(r.theirs.start, r.theirs.end());
    std::vector<Line> written = split_lines(std::string_view(result_.text).substr(start.text_offset));
    StructureDelta got = structure_delta(written, 0, written.size());
    StructureDelta both{o.blocks + t.blocks - b.blocks, o.control + t.control - b.control};
    // One side's version holding the other's change (the same change made
    // twice, or a file that already carries upstream's) is that version.
    if (whole_side_ == WholeSide::Ours) return got == o;
    if (whole_side_ == WholeSide::Theirs) return got == t;
    // Parts of it may be one side's version holding the other's change:
    // the result is then one side's structure. (A coincidence that lets a
    // wrong merge through is caught over the whole file: merge_texts.)
    return got == both || got == o || got == t;
  }

  // Sync points past a place the text is cut back to describe text that
  // is gone (it will be written again, differently): drop them.
  void forget_syncs_after(size_t text_offset) {
    while (!syncs_.empty() && syncs_.back().text_offset > text_offset) syncs_.pop_back();
    std::erase_if(unbalanced_, [&](const SyncPoint& u) { return u.text_offset > text_offset; });
  }

  SyncPoint sync_here(size_t o, size_t b, size_t t) const {
    return SyncPoint{o, b, t, result_.text.size(), output_lines_, result_.conflicts.size(),
                     result_.upstream_changes_applied, result_.upstream_changes_present, last_terminator_,
                     last_is_content_, anchor_, open_};
  }

  void rewind_to(const SyncPoint& s) {
    while (!result_.also_consider.empty() && result_.also_consider.back().output_line >= s.output_lines)
      result_.also_consider.pop_back();
    forget_syncs_after(s.text_offset);
    result_.text.resize(s.text_offset);
    output_lines_ = s.output_lines;
    result_.conflicts.resize(s.conflicts);
    result_.upstream_changes_applied = s.applied;
    result_.upstream_changes_present = s.present;
    last_terminator_ = s.last_terminator;
    last_is_content_ = s.last_is_content;
    anchor_ = s.anchor;
    open_ = s.open;
  }

  // At a region's start: a conflict left unbalanced earlier ends here if
  // taking everything since its start into it balances it.
  void at_sync_point(size_t o, size_t b, size_t t) {
    if (!unbalanced_.empty()) {
      const SyncPoint& nearest = unbalanced_.front();
      if (o - nearest.o > kMaxWidenLines || t - nearest.t > kMaxWidenLines) {
        unbalanced_.clear();
      } else {
        // The conflict's own start first, then starts further up.
        for (const SyncPoint& u : unbalanced_) {
          if (!balanced(u.o, o, u.t, t)) continue;
          SyncPoint start = u;
          unbalanced_.clear();
          rewind_to(start);
          emit_conflict(LineRange{start.o, o - start.o}, LineRange{start.b, b - start.b},
                        LineRange{start.t, t - start.t}, start.anchor);
          break;
        }
      }
    }
    syncs_.push_back(sync_here(o, b, t));
    if (syncs_.size() > kSyncWindow) syncs_.pop_front();
  }

  void write_conflict_absolute(LineRange ours, LineRange base, LineRange theirs) {
    std::optional<IndentAnchor> anchor = anchor_;
    // Join the previous conflict when only a few shared lines lie between.
    if (open_ && !result_.conflicts.empty() && open_->gap_shared && open_->next_ours == ours.start &&
        open_->next_theirs == theirs.start && (open_->gap_lines <= 3 || !open_->gap_has_alnum)) {
      Conflict previous = result_.conflicts.back();
      result_.conflicts.pop_back();
      forget_syncs_after(open_->text_offset);
      result_.text.resize(open_->text_offset);
      output_lines_ = previous.output.start;
      while (!result_.also_consider.empty() && result_.also_consider.back().output_line >= output_lines_)
        result_.also_consider.pop_back();
      anchor = open_->anchor;
      ours = LineRange{previous.ours.start, ours.end() - previous.ours.start};
      theirs = LineRange{previous.theirs.start, theirs.end() - previous.theirs.start};
      size_t base_start = std::min(previous.base.start, base.start);
      base = LineRange{base_start, std::max(previous.base.end(), base.end()) - base_start};
    }
    // A conflict that cuts a block or a "> if" region in two on one side
    // only (upstream's "> end" against the user's servers, while upstream's
    // "> if" landed above) is widened back to where its sides balance, so
    // that keeping either side whole leaves a template that compiles.
    if (!balanced(ours.start, ours.end(), theirs.start, theirs.end())) {
      for (auto s = syncs_.rbegin(); s != syncs_.rend(); ++s) {
        if (s->o > ours.start || s->t > theirs.start || s->b > base.start || s->text_offset > result_.text.size())
          continue;
        if (ours.start - s->o > kMaxWidenLines || theirs.start - s->t > kMaxWidenLines) break;
        if (!balanced(s->o, ours.end(), s->t, theirs.end())) continue;
        SyncPoint start = *s;
        rewind_to(start);
        emit_conflict(LineRange{start.o, ours.end() - start.o}, LineRange{start.b, base.end() - start.b},
                      LineRange{start.t, theirs.end() - start.t}, anchor_);
        return;
      }
    }
    emit_conflict(ours, base, theirs, anchor);
    // Nothing above balances it: perhaps what follows does.
    if (unbalanced_.empty() && !balanced(ours.start, ours.end(), theirs.start, theirs.end())) {
      const Conflict& c = result_.conflicts.back();
      SyncPoint u;
      u.o = c.ours.start;
      u.b = c.base.start;
      u.t = c.theirs.start;
      u.text_offset = open_->text_offset;
      u.output_lines = c.output.start;
      u.conflicts = result_.conflicts.size() - 1;
      u.applied = result_.upstream_changes_applied;
      u.present = result_.upstream_changes_present;
      u.last_terminator = eol_.eol.size();
      u.last_is_content = true;
      u.anchor = anchor;
      unbalanced_.push_back(u);
      for (auto s = syncs_.rbegin(); s != syncs_.rend() && unbalanced_.size() < 16; ++s)
        if (s->o <= u.o && s->t <= u.t && s->b <= u.b && s->text_offset <= u.text_offset && u.o - s->o <= kMaxWidenLines)
          unbalanced_.push_back(*s);
    }
  }

  void emit_conflict(LineRange ours, LineRange base, LineRange theirs, std::optional<IndentAnchor> anchor) {
    const MergeLabels& labels = options_.labels;
    OpenConflict open;
    open.text_offset = result_.text.size();
    open.anchor = anchor;
    Conflict conflict{LineRange{output_lines_, 0}, ours, base, theirs,
                      conflict_reason(ours.count, base.count, theirs.count)};
    std::optional<IndentAnchor> saved = anchor_;
    anchor_ = anchor;
    write_marker('<', labels.ours);
    for (size_t i = ours.start; i < ours.end(); ++i) write_ours(i);
    if (options_.style != ConflictStyle::Merge) {
      write_marker('|', labels.base);
      for (size_t i = base.start; i < base.end(); ++i) write_line(line_body(b_.lines[i].bytes), eol_.eol, true);
    }
    write_marker('=', {});
    for (size_t i = theirs.start; i < theirs.end(); ++i) write_theirs(i);
    write_marker('>', labels.theirs);
    anchor_ = saved;
    conflict.output.count = output_lines_ - conflict.output.start;
    result_.conflicts.push_back(std::move(conflict));
    open.next_ours = ours.end();
    open.next_theirs = theirs.end();
    open_ = open;
  }

  // Keeps the gap after the last conflict up to date: only lines both
  // sides hold, in step with both, let the next conflict join it.
  void note_gap_line(size_t o, size_t t, std::string_view body) {
    if (!open_ || !open_->gap_shared) return;
    if (o != open_->next_ours || t != open_->next_theirs) {
      open_->gap_shared = false;
      return;
    }
    ++open_->gap_lines;
    ++open_->next_ours;
    ++open_->next_theirs;
    open_->gap_has_alnum = open_->gap_has_alnum || has_alnum(body);
  }

  void break_gap() {
    if (open_) open_->gap_shared = false;
  }

  void write_ours(size_t i) {
    const std::string_view bytes = o_.lines[i].bytes;
    std::string_view end = line_terminator(bytes);
    write_line(line_body(bytes), end.empty() ? eol_.eol : end, true);
    note_copy_written(i);
    if (!in_conflict_) break_gap();
  }

  void write_theirs(size_t i) {
    if (!in_conflict_ && skip_theirs_[i]) {  // a moved line the user deleted
      structure_risk_ = true;
      return;
    }
    std::string_view body = line_body(t_.lines[i].bytes);
    if (!reindented_) write_line(body, eol_.eol, true);
    else write_line(indenter_.apply(i, anchor_ ? &*anchor_ : nullptr), eol_.eol, true);
    if (!in_conflict_) break_gap();
  }

  void write_marker(char marker, std::string_view label) {
    in_conflict_ = marker != '>';
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
  bool strict_ = false;
  bool tag_closers_ = true;
  bool structure_risk_ = false;  // a Both region or a left-out line: check the result's structure
  bool balanced_ = true;

 public:
  /// After run(): whether every resolution of the result is balanced.
  bool balanced() const { return balanced_; }

 private:
  LineInterner interner_;
  PreparedText o_, b_, t_;
  std::vector<LineNesting> o_nest_, b_nest_, t_nest_;
  StructurePrefix o_structure_, b_structure_, t_structure_;
  int32_t blank_id_ = -1;
  LineEndingStyle eol_;
  IndentStyle ours_indent_, upstream_indent_;
  NestingIndenter indenter_;
  bool reindented_ = false;
  WholeSide whole_side_ = WholeSide::Neither;  // how the current region was resolved
  std::vector<bool> skip_theirs_;
  std::vector<long long> copy_of_;                       // per ours line: index into rewrites_, or -1
  std::vector<std::pair<size_t, LineRange>> rewrites_;  // base line copied, upstream's lines instead  // upstream lines not to write: moved lines the user deleted
  std::unordered_map<int32_t, bool> informative_ids_;  // filled for the lines of Both regions
  std::optional<IndentAnchor> anchor_;
  std::optional<OpenConflict> open_;
  std::deque<SyncPoint> syncs_;             // the recent region starts
  std::vector<SyncPoint> unbalanced_;  // where an unbalanced conflict may start, waiting for its other half
  const MergeRegion* current_region_ = nullptr;
  bool in_conflict_ = false;
  MergeResult result_;
  size_t output_lines_ = 0;
  size_t last_terminator_ = 0;
  bool last_is_content_ = false;
};

MergeResult merge_texts_balanced(std::string_view ours, std::string_view base, std::string_view theirs,
                                 const MergeOptions& options) {
  // Lines like "> end" and "}" look alike wherever they stand: where two
  // sides insert the same ones, they are usually one change (the same block
  // wrapped twice), but can close different things. A result whose
  // resolutions no longer balance says which: merge again without taking
  // them for one.
  Merger merger(ours, base, theirs, options, false);
  MergeResult result = merger.run(ours);
  if (merger.balanced()) return result;
  Merger strict(ours, base, theirs, options, true);
  MergeResult second = strict.run(ours);
  if (strict.balanced()) return second;
  // Neither balances: one conflict from the first line where ours and
  // theirs differ to the last, which keeps each side whole.
  Merger whole(ours, base, theirs, options, true);
  return whole.run_as_one_conflict(ours);
}

}  // namespace

MergeResult merge_texts(std::string_view ours, std::string_view base, std::string_view theirs,
                        const MergeOptions& options) {
  MergeResult result = merge_texts_balanced(ours, base, theirs, options);
  if (options.style == ConflictStyle::ZDiff3) move_shared_lines_out_of_conflicts(result);
  return result;
}

}  // namespace kongtpl
