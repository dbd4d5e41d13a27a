// Conflicts: joining, widening over sync points, rewinding, structure checks (merger.hpp).
#include "merge/merger.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "merge/split_changes.hpp"
#include "merge/slide_changes.hpp"

namespace kongtpl::merge_engine {
namespace {

// How far a conflict is widened to take in the other half of a block or
// template region it cuts: beyond this the conflict stays as it is.
constexpr size_t kMaxWidenLines = 400;
constexpr size_t kSyncWindow = 64;

bool has_alnum(std::string_view body) {
  return std::any_of(body.begin(), body.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

// True when the result, resolved either way, opens and closes blocks
// and template regions as ours and theirs do (both balanced).
bool Merger::resolutions_balanced() const {
  StructureDelta ours_total = o_structure_.between(0, o_.lines.size());
  StructureDelta theirs_total = t_structure_.between(0, t_.lines.size());
  if (ours_total != StructureDelta{} || theirs_total != StructureDelta{}) return true;  // nothing to hold to
  std::vector<Line> lines = split_lines(result_.text);
  StructureDelta as_ours, as_theirs;
  char section = 0;  // 0 outside a conflict, '<' ours, '|' base, '=' theirs
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view body = line_body(lines[i].bytes);
    if (body.size() >= 7 && body.find_first_not_of(body[0]) >= 7 &&
        std::string_view("<|=>").find(body[0]) != std::string_view::npos) {
      section = body[0] == '>' ? 0 : body[0];
      continue;
    }
    if (!has_brace(body) && (body.empty() || body.front() != '>')) continue;
    StructureDelta d = structure_delta(lines, i, i + 1);
    if (section == 0 || section == '<')
      as_ours = StructureDelta{as_ours.blocks + d.blocks, as_ours.control + d.control};
    if (section == 0 || section == '=')
      as_theirs = StructureDelta{as_theirs.blocks + d.blocks, as_theirs.control + d.control};
  }
  return as_ours == StructureDelta{} && as_theirs == StructureDelta{};
}

// A conflict; ranges relative to the current Both region. When only a few
// lines both sides hold (3 or fewer, or lines without a letter or digit)
// separate it from the previous conflict, the two become one, as git
// joins them: one disagreement is one block to resolve.
void Merger::write_conflict(LineRange ours, LineRange base, LineRange theirs) {
  const MergeRegion& r = *current_region_;
  write_conflict_absolute(LineRange{r.ours.start + ours.start, ours.count},
                          LineRange{r.base.start + base.start, base.count},
                          LineRange{r.theirs.start + theirs.start, theirs.count});
}

// True when a conflict's two sides open and close the same blocks and
// template regions: whichever side the user keeps, the lines around it fit.
bool Merger::balanced(size_t o_from, size_t o_to, size_t t_from, size_t t_to) const {
  return o_structure_.between(o_from, o_to) == t_structure_.between(t_from, t_to);
}

// A region merged without conflict must open and close what both sides'
// changes together do (each side's change to base's structure, added):
// two different "> end" lines taken for one, or a brace lost to a move,
// breaks that (unless the result is one side's version, which holds the
// other's change). Then the region becomes one conflict instead.
bool Merger::merged_structure_holds(const SyncPoint& start, const MergeRegion& r) const {
  if (result_.conflicts.size() != start.conflicts || start.text_offset > result_.text.size())
    return true;  // conflicts are checked on their own
  // The written lines are counted out of context (where a Lua block
  // starts is not known there), so the sides are counted the same way:
  // in context, a `#` inside Lua is no comment and its brace would count.
  StructureDelta o = structure_delta(o_.lines, r.ours.start, r.ours.end());
  StructureDelta b = structure_delta(b_.lines, r.base.start, r.base.end());
  StructureDelta t = structure_delta(t_.lines, r.theirs.start, r.theirs.end());
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
void Merger::forget_syncs_after(size_t text_offset) {
  while (!syncs_.empty() && syncs_.back().text_offset > text_offset) syncs_.pop_back();
  std::erase_if(unbalanced_, [&](const SyncPoint& u) { return u.text_offset > text_offset; });
}

SyncPoint Merger::sync_here(size_t o, size_t b, size_t t) const {
  return SyncPoint{o, b, t, result_.text.size(), output_lines_, result_.conflicts.size(),
                   result_.upstream_changes_applied, result_.upstream_changes_present, last_terminator_,
                   last_is_content_, anchor_, open_};
}

void Merger::rewind_to(const SyncPoint& s) {
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
void Merger::at_sync_point(size_t o, size_t b, size_t t) {
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

void Merger::write_conflict_absolute(LineRange ours, LineRange base, LineRange theirs) {
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

void Merger::emit_conflict(LineRange ours, LineRange base, LineRange theirs, std::optional<IndentAnchor> anchor) {
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
void Merger::note_gap_line(size_t o, size_t t, std::string_view body) {
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

// Lines one side deleted cleanly (nothing written) leave the gap after the
// last conflict as it was, with the deleting side's lines skipped: a
// conflict after them joins it, their lines on the side that kept them
// (git shows the same block).
void Merger::note_gap_deletion(size_t o, size_t o_count, size_t t, size_t t_count) {
  if (!open_ || !open_->gap_shared) return;
  if (o != open_->next_ours || t != open_->next_theirs) {
    open_->gap_shared = false;
    return;
  }
  open_->next_ours += o_count;
  open_->next_theirs += t_count;
}

void Merger::break_gap() {
  if (open_) open_->gap_shared = false;
}

}  // namespace kongtpl::merge_engine
