#pragma once
// The merge engine's working state, shared by the files that implement it
// (not a public interface: merge_texts in three_way.hpp is):
//   three_way.cpp            merge_texts; the pass over regions; writing lines
//   merger_moves.cpp         moved and copied lines, re-indented files,
//                            insertions the user already made
//   merger_both_regions.cpp  regions both sides changed: one side holding the
//                            other's change, anchors, stretches
//   merger_conflicts.cpp     conflicts: joining, widening over sync points,
//                            rewinding, structure checks
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diff/edit_script.hpp"
#include "diff/prepare.hpp"
#include "merge/id_marks.hpp"
#include "merge/indent.hpp"
#include "merge/line_ending.hpp"
#include "merge/nesting.hpp"
#include "merge/regions.hpp"
#include "merge/three_way.hpp"

namespace kongtpl::merge_engine {

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

// A line that tells how the user indents here: not blank, and not one of
// Kong's "> lua" lines, which sit at column 0 whatever the nesting.
inline bool shows_indentation(std::string_view body) { return !is_blank(body) && body.front() != '>'; }

// One merge of ours, base and theirs (merge_texts runs up to three).
class Merger {
 public:
  /// strict: identical changes made only of lines that say nothing are not
  /// taken for one change.
  Merger(std::string_view ours, std::string_view base, std::string_view theirs, const MergeOptions& options,
         bool strict);
  /// The merge, region by region.
  MergeResult run(std::string_view ours);
  /// The whole disagreement as one conflict.
  MergeResult run_as_one_conflict(std::string_view ours);
  /// After run(): whether every resolution of the result is balanced.
  bool balanced() const { return balanced_; }
  /// Whether a user's edit carried along upstream's move was written on
  /// upstream's side of a conflict (merge_texts_balanced then merges again
  /// with carry_edits(false)).
  bool carried_edit_in_conflict() const { return carried_edit_in_conflict_; }
  void carry_edits(bool carry) { carry_edits_ = carry; }

 private:
  // three_way.cpp
  void tag_closing_lines(PreparedText& text, const std::vector<LineNesting>& nesting);
  void prepare_theirs();
  bool take_theirs_line(size_t o, size_t b, size_t t) const;
  void write_shared(size_t o, std::optional<size_t> b, size_t t);
  void look_ahead_for_anchor(const std::vector<MergeRegion>& regions, size_t k);
  std::vector<Change> script(const std::vector<int32_t>& before, const std::vector<int32_t>& after) const;
  bool only_blank(const std::vector<int32_t>& ids) const;
  std::vector<int32_t> without_blanks(const std::vector<int32_t>& ids) const;
  void write_ours(size_t i);
  void write_theirs(size_t i);
  void write_marker(char marker, std::string_view label);
  void write_line(std::string_view body, std::string_view terminator, bool content);

  // merger_moves.cpp
  void moved_lines_the_user_deleted(const std::vector<Change>& user_changes,
                                    const std::vector<Change>& upstream_changes);
  void moved_lines_upstream_deleted(const std::vector<Change>& user_changes,
                                    const std::vector<Change>& upstream_changes);
  bool edits_carried_along_moves(const std::vector<Change>& user_changes,
                                 const std::vector<Change>& upstream_changes);
  void write_ours_region(const MergeRegion& r);
  void copies_of_rewritten_lines(const std::vector<Change>& user_changes, const std::vector<Change>& upstream_changes);
  void note_copy_written(size_t o);
  bool user_reindented(const std::vector<Change>& user_changes) const;
  bool already_inserted(const MergeRegion& r) const;

  // merger_both_regions.cpp
  // What write_both's stretches are cut from: a region's ids on each side.
  struct Segments {
    const MergeRegion& region;
    const std::vector<int32_t>& ours;
    const std::vector<int32_t>& theirs;
    const std::vector<int32_t>& base;
    const std::vector<bool>& ours_keeps;
    const std::vector<bool>& theirs_keeps;
  };
  bool deletion_held_by(const std::vector<int32_t>& big, const std::vector<int32_t>& small,
                        const std::vector<int32_t>& base, LineRange big_lines, LineRange base_lines,
                        bool big_is_theirs = false) const;
  bool only_structure(LineRange range) const;
  bool holds_change(const std::vector<int32_t>& big, const std::vector<int32_t>& small,
                    const std::vector<int32_t>& base, std::vector<long long>* embedding = nullptr) const;
  bool informative_id(int32_t id) const;
  void note_informative(int32_t id, std::string_view body);
  void write_both(const MergeRegion& r);
  void resolve_stretch(const Segments& s, LineRange ours, LineRange base, LineRange theirs, bool anchored);

  // merger_conflicts.cpp
  bool resolutions_balanced() const;
  void write_conflict(LineRange ours, LineRange base, LineRange theirs);
  bool balanced(size_t o_from, size_t o_to, size_t t_from, size_t t_to) const;
  bool merged_structure_holds(const SyncPoint& start, const MergeRegion& r) const;
  void forget_syncs_after(size_t text_offset);
  SyncPoint sync_here(size_t o, size_t b, size_t t) const;
  void rewind_to(const SyncPoint& s);
  void at_sync_point(size_t o, size_t b, size_t t);
  void write_conflict_absolute(LineRange ours, LineRange base, LineRange theirs);
  void emit_conflict(LineRange ours, LineRange base, LineRange theirs, std::optional<IndentAnchor> anchor);
  void note_gap_line(size_t o, size_t t, std::string_view body);
  void break_gap();
  void note_gap_deletion(size_t o, size_t o_count, size_t t, size_t t_count);

  const MergeOptions& options_;
  std::string_view theirs_text_;
  bool strict_ = false;
  bool tag_closers_ = true;
  bool structure_risk_ = false;  // a Both region or a left-out line: check the result's structure
  bool balanced_ = true;
  LineInterner interner_;
  PreparedText o_, b_, t_;
  std::vector<LineNesting> o_nest_, b_nest_, t_nest_;
  std::vector<LuaBlockState> b_lua_states_;  // base's scan, until ours and theirs are scanned like it
  StructurePrefix o_structure_, b_structure_, t_structure_;
  int32_t blank_id_ = -1;
  LineEndingStyle eol_;
  IndentStyle ours_indent_, upstream_indent_;
  NestingIndenter indenter_;
  bool reindented_ = false;
  WholeSide whole_side_ = WholeSide::Neither;  // how the current region was resolved
  std::vector<bool> skip_theirs_;  // upstream lines not to write: moved lines the user deleted
  std::vector<bool> moved_away_;   // ours lines the user moved there that upstream deleted: a conflict
  std::vector<bool> anchorable_;  // per id: may anchor a diff (template-sized merges only)
  std::vector<long long> edit_moved_here_;  // per theirs line: the ours line (the user's edit) written instead, or -1
  bool carry_edits_ = true;                 // edits_carried_along_moves runs
  bool carried_edit_in_conflict_ = false;
  std::vector<long long> copy_of_;                       // per ours line: index into rewrites_, or -1
  std::vector<std::pair<size_t, LineRange>> rewrites_;  // base line copied, upstream's lines instead
  std::vector<signed char> informative_ids_;  // per id: 1 informative, 0 not, -1 not yet seen (lines of Both regions)
  mutable IdMarks base_marks_, small_marks_;  // holds_change's sets, reused
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

}  // namespace kongtpl::merge_engine
