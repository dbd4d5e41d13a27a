#include "merge/three_way.hpp"

#include <algorithm>
#include <future>
#include <unordered_map>
#include <unordered_set>

#include "diff/anchored_diff.hpp"
#include "merge/carried_changes.hpp"
#include "merge/merger.hpp"
#include "merge/nesting.hpp"
#include "merge/slide_changes.hpp"
#include "merge/split_changes.hpp"
#include "merge/zdiff3.hpp"

namespace kongtpl::merge_engine {
namespace {

// Below this many lines a second thread costs more than it saves.
constexpr size_t kParallelDiffLines = 20000;
// The share of a merge's progress the two diffs stand for.
constexpr size_t kDiffsPercent = 40;

// prepare_text for a text that is mostly `reference` (ours and theirs are
// mostly base): a line byte-equal to the reference line where the two texts
// are in step takes that line's id without being normalised and interned.
// Ids are the same as prepare_text's; only the work differs. twins[i]: the
// reference line that line i equals byte for byte, -1 when none was seen
// (for line_nesting_like).
PreparedText prepare_like(std::string_view text, const PreparedText& reference, LineInterner& interner,
                          std::vector<int32_t>& twins) {
  constexpr size_t kResyncWindow = 16;  // how far ahead a changed stretch is looked past
  PreparedText prepared;
  prepared.lines = split_lines(text);
  prepared.ids.reserve(prepared.lines.size());
  twins.assign(prepared.lines.size(), -1);
  const size_t n = reference.lines.size();
  size_t j = 0;  // the reference line expected next
  std::string key;
  for (size_t i = 0; i < prepared.lines.size(); ++i) {
    const Line& line = prepared.lines[i];
    if (j < n && line.bytes == reference.lines[j].bytes) {
      twins[i] = static_cast<int32_t>(j);
      prepared.ids.push_back(reference.ids[j++]);
      continue;
    }
    if (j + 1 < n && line.bytes == reference.lines[j + 1].bytes) {  // after a replaced line
      twins[i] = static_cast<int32_t>(j + 1);
      prepared.ids.push_back(reference.ids[j + 1]);
      j += 2;
      continue;
    }
    int32_t id = interner.intern(drop_all_space(key, line.bytes));
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

// Which ids may anchor a side's diff: base's informative lines (an anchor
// is in base by definition; braces, blanks and `> end` say nothing).
std::vector<bool> anchorable_ids(const PreparedText& base, size_t id_count) {
  std::vector<bool> anchorable(id_count, false);
  for (size_t i = 0; i < base.lines.size(); ++i) {
    auto id = static_cast<size_t>(base.ids[i]);
    if (id < id_count && !anchorable[id] && is_informative_line(line_body(base.lines[i].bytes))) anchorable[id] = true;
  }
  return anchorable;
}

}  // namespace

// The edit script the merge reads between two id sequences: anchored on
// lines unique to both for template-sized merges (anchorable_ is empty
// for large ones), so that every diff of a merge pairs lines alike.
std::vector<Change> Merger::script(const std::vector<int32_t>& before, const std::vector<int32_t>& after) const {
  return anchorable_.empty() ? diff_ids(before, after) : diff_ids_anchored(before, after, anchorable_);
}

// strict: identical changes made only of lines that say nothing ("> end",
// "}") are not taken for one change (see merge_texts).
Merger::Merger(std::string_view ours, std::string_view base, std::string_view theirs, const MergeOptions& options,
               bool strict)
    : options_(options), theirs_text_(theirs), strict_(strict) {
  b_ = prepare_text(base, WhitespaceMode::IgnoreAllSpace, interner_);
  std::vector<int32_t> twins;
  o_ = prepare_like(ours, b_, interner_, twins);
  blank_id_ = interner_.intern("");
  b_nest_ = line_nesting(b_.lines, &b_structure_, &b_lua_states_);
  o_nest_ = line_nesting_like(o_.lines, twins, NestingReference{&b_nest_, &b_structure_, &b_lua_states_}, &o_structure_);
  // Depth-tagged closers only help while depths mean the same thing in
  // both files: one brace too many early in a file would shift every
  // later depth and unmatch every later "}".
  tag_closers_ = b_structure_.balanced() && o_structure_.balanced();
  tag_closing_lines(b_, b_nest_);
  tag_closing_lines(o_, o_nest_);
}

// Upstream's text, its ids and nesting (after which base's scan states
// are needed no more).
void Merger::prepare_theirs() {
  std::vector<int32_t> twins;
  t_ = prepare_like(theirs_text_, b_, interner_, twins);
  t_nest_ = line_nesting_like(t_.lines, twins, NestingReference{&b_nest_, &b_structure_, &b_lua_states_}, &t_structure_);
  b_lua_states_ = {};
}

/// The whole disagreement as one conflict: the lines ours and theirs
/// share at the start and at the end (ignoring whitespace) stay outside.
MergeResult Merger::run_as_one_conflict(std::string_view ours) {
  prepare_theirs();
  tag_closing_lines(t_, t_nest_);
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

MergeResult Merger::run(std::string_view ours) {
  // The user's diff only reads ours' and base's ids: on a large file it
  // runs on a second thread while upstream's text is prepared (which
  // only adds ids) and diffed here.
  // The user's re-styling is what turned base into ours; upstream keeps
  // its own style from version to version, so base stands for it. Each
  // thread reads one side's style along with its diff.
  // The first report starts the progress clock (shown after half a second).
  if (options_.on_progress && !strict_) options_.on_progress(0, 100, "diffs");
  std::vector<Change> user_changes;
  DepthProfile user_profile;
  // Template-sized merges anchor both diffs on lines unique to base and
  // the side (anchored_diff.hpp says why); large ones keep git's script.
  bool large = b_.ids.size() + o_.ids.size() > kParallelDiffLines;
  if (!large) anchorable_ = anchorable_ids(b_, interner_.size());
  auto side_diff = [&](const std::vector<int32_t>& side) { return script(b_.ids, side); };
  auto diff_user = [&] {
    user_changes = side_diff(o_.ids);
    slide_changes(user_changes, b_, o_);
    // How the user indents (each depth) matters only in a re-indented file.
    reindented_ = user_reindented(user_changes);
    if (reindented_) {
      ours_indent_ = detect_indent_style(o_.lines);
      user_profile = DepthProfile(o_.lines, o_nest_);
    }
  };
  std::future<void> user;
  if (large) user = std::async(std::launch::async, diff_user);
  prepare_theirs();
  tag_closing_lines(t_, t_nest_);
  // An empty user file has no conventions; follow upstream's then.
  eol_ = detect_line_ending(!o_.lines.empty() ? o_.lines : !t_.lines.empty() ? t_.lines : b_.lines);
  std::vector<Change> upstream_changes = side_diff(t_.ids);
  slide_changes(upstream_changes, b_, t_);
  if (large) user.get();
  else diff_user();
  if (reindented_) upstream_indent_ = detect_indent_style(b_.lines);
  // A line upstream moved that the user edited (3.x moves `pid` to the
  // top): the edit goes with it, and the old place is the user's no more.
  if (!large && carry_edits_ && edits_carried_along_moves(user_changes, upstream_changes)) {
    user_changes = side_diff(o_.ids);
    slide_changes(user_changes, b_, o_);
  }
  indenter_ = NestingIndenter(std::move(user_profile), &t_.lines, &t_nest_, ours_indent_, upstream_indent_);
  // A file that already carries every upstream change is the merge (a
  // second pass could cut the same changes differently than the first).
  if (!large) {
    for (const PreparedText* text : {&b_, &o_, &t_})
      for (size_t i = 0; i < text->lines.size(); ++i) note_informative(text->ids[i], line_body(text->lines[i].bytes));
    const std::vector<Change> file_changes = diff_ids(t_.ids, o_.ids);
    CarriedInputs carried{&b_.ids, &o_.ids, &t_.ids, &user_changes, &upstream_changes,
                          &file_changes,
                          [&](size_t o, size_t b, size_t t) {
                            return o_.lines[o].bytes == b_.lines[b].bytes && t_.lines[t].bytes != b_.lines[b].bytes;
                          },
                          [&](size_t b, size_t o) {
                            return line_key(line_body(b_.lines[b].bytes)) == line_key(line_body(o_.lines[o].bytes));
                          },
                          [&](int32_t id) { return informative_id(id); },
                          o_structure_.balanced()};
    if (ours_carries_upstream(carried)) {
      result_.text = std::string(ours);
      result_.upstream_changes_present = upstream_changes.size();
      result_.changed = false;
      return std::move(result_);
    }
  }
  align_changes(user_changes, upstream_changes, b_, o_, t_);
  moved_lines_the_user_deleted(user_changes, upstream_changes);
  moved_lines_upstream_deleted(user_changes, upstream_changes);
  copies_of_rewritten_lines(user_changes, upstream_changes);
  std::vector<MergeRegion> regions = merge_regions(user_changes, upstream_changes, b_.lines.size());
  result_.text.reserve(ours.size() + ours.size() / 8);
  // Progress: the two diffs are the first 40%, the regions the rest. Only
  // the first pass reports; a strict rerun is rare and keeps the line still.
  const bool report = options_.on_progress && !strict_;
  size_t reported = kDiffsPercent;
  if (report) options_.on_progress(reported, 100, "diffs");
  for (size_t k = 0; k < regions.size(); ++k) {
    if (report) {
      const size_t percent = kDiffsPercent + (100 - kDiffsPercent) * k / regions.size();
      if (percent != reported) options_.on_progress(reported = percent, 100, "regions");
    }
    const MergeRegion& r = regions[k];
    at_sync_point(r.ours.start, r.base.start, r.theirs.start);
    switch (r.kind) {
      case RegionKind::Unchanged:
        for (size_t i = 0; i < r.base.count; ++i) write_shared(r.ours.start + i, r.base.start + i, r.theirs.start + i);
        break;
      case RegionKind::Ours:
        if (r.ours.count == 0) note_gap_deletion(r.ours.start, 0, r.theirs.start, r.theirs.count);
        write_ours_region(r);
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
        if (r.theirs.count == 0) note_gap_deletion(r.ours.start, r.ours.count, r.theirs.start, 0);
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

// Gives every closing line (`}`, `> end`) an id that includes its nginx
// block depth, so a `}` only matches a `}` at the same nesting depth.
void Merger::tag_closing_lines(PreparedText& text, const std::vector<LineNesting>& nesting) {
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

// Upstream replaces a matched line only when the user left it exactly as
// base had it: then upstream's whitespace change is no loss to the user.
bool Merger::take_theirs_line(size_t o, size_t b, size_t t) const {
  std::string_view ours_body = line_body(o_.lines[o].bytes);
  return ours_body == line_body(b_.lines[b].bytes) && ours_body != line_body(t_.lines[t].bytes);
}

// The line both sides hold at ours line o / theirs line t (base line b,
// or none when both inserted it): the user's bytes, or upstream's when
// only upstream re-spaced a line the user left alone.
void Merger::write_shared(size_t o, std::optional<size_t> b, size_t t) {
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
void Merger::look_ahead_for_anchor(const std::vector<MergeRegion>& regions, size_t k) {
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

bool Merger::only_blank(const std::vector<int32_t>& ids) const {
  return std::all_of(ids.begin(), ids.end(), [&](int32_t id) { return id == blank_id_; });
}

std::vector<int32_t> Merger::without_blanks(const std::vector<int32_t>& ids) const {
  std::vector<int32_t> out;
  std::copy_if(ids.begin(), ids.end(), std::back_inserter(out), [&](int32_t id) { return id != blank_id_; });
  return out;
}

void Merger::write_ours(size_t i) {
  const std::string_view bytes = o_.lines[i].bytes;
  std::string_view end = line_terminator(bytes);
  write_line(line_body(bytes), end.empty() ? eol_.eol : end, true);
  note_copy_written(i);
  if (!in_conflict_) break_gap();
}

void Merger::write_theirs(size_t i) {
  if (!in_conflict_ && skip_theirs_[i]) {  // a moved line the user deleted
    structure_risk_ = true;
    return;
  }
  std::string line =
      reindented_ ? indenter_.apply(i, anchor_ ? &*anchor_ : nullptr) : std::string(line_body(t_.lines[i].bytes));
  if (!edit_moved_here_.empty() && edit_moved_here_[i] >= 0) {
    if (in_conflict_) carried_edit_in_conflict_ = true;
    // Upstream's moved line, as the user edited it, at upstream's indentation.
    std::string_view mine = line_body(o_.lines[static_cast<size_t>(edit_moved_here_[i])].bytes);
    line.resize(leading_whitespace(line).size());
    line += mine.substr(leading_whitespace(mine).size());
  }
  write_line(line, eol_.eol, true);
  if (!in_conflict_) break_gap();
}

void Merger::write_marker(char marker, std::string_view label) {
  in_conflict_ = marker != '>';
  write_line(conflict_marker(marker, label), eol_.eol, false);
}

void Merger::write_line(std::string_view body, std::string_view terminator, bool content) {
  result_.text.append(body);
  result_.text.append(terminator);
  last_terminator_ = terminator.size();
  last_is_content_ = content;
  ++output_lines_;
}

}  // namespace kongtpl::merge_engine

namespace kongtpl {

using merge_engine::Merger;


namespace {

MergeResult merge_texts_balanced(std::string_view ours, std::string_view base, std::string_view theirs,
                                 const MergeOptions& options) {
  // Lines like "> end" and "}" look alike wherever they stand: where two
  // sides insert the same ones, they are usually one change (the same block
  // wrapped twice), but can close different things. A result whose
  // resolutions no longer balance says which: merge again without taking
  // them for one.
  // A user's edit carried along upstream's move that lands inside a
  // conflict would sit on upstream's side only (all-ours would lose it):
  // then the pass is made again without carrying edits.
  auto pass = [&](bool strict, bool& balanced) {
    Merger merger(ours, base, theirs, options, strict);
    MergeResult result = merger.run(ours);
    if (merger.carried_edit_in_conflict()) {
      Merger plain(ours, base, theirs, options, strict);
      plain.carry_edits(false);
      result = plain.run(ours);
      balanced = plain.balanced();
      return result;
    }
    balanced = merger.balanced();
    return result;
  };
  bool balanced = false;
  MergeResult result = pass(false, balanced);
  if (balanced) return result;
  MergeResult second = pass(true, balanced);
  if (balanced) return second;
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
  if (options.on_progress) options.on_progress(100, 100, "done");
  return result;
}

}  // namespace kongtpl
