#include "diff/file_diff.hpp"

#include <algorithm>

#include "diff/compact.hpp"
#include "diff/edit_script.hpp"
#include "diff/prepare.hpp"

namespace kongtpl {

namespace {

// git looks for a NUL only in the first 8000 bytes (buffer_is_binary).
bool git_binary(const FileSide* side) {
  if (!side) return false;
  return std::string_view(side->bytes).substr(0, 8000).find('\0') != std::string_view::npos;
}

}  // namespace

const std::string& FileDiff::path() const { return after ? after->path : before->path; }

bool FileDiff::mode_changed() const { return before && after && before->mode != after->mode; }

bool FileDiff::content_changed() const { return before && after && before->bytes != after->bytes; }

bool FileDiff::has_change() const {
  if (!before || !after) return before || after;
  if (mode_changed()) return true;
  if (binary) return content_changed();
  return !hunks.empty();
}

bool FileDiff::in_stat() const {
  if (!has_change()) return false;
  // git drops a modified file whose diff printed no line (whitespace or
  // blank-line changes only), unless its mode changed too.
  if (content_changed() && !mode_changed() && !binary && added == 0 && removed == 0) return false;
  return true;
}

FileDiff compare_files(const FileSide* before, const FileSide* after, const DiffOptions& options) {
  FileDiff diff;
  if (before) diff.before = std::make_shared<const FileSide>(*before);
  if (after) diff.after = std::make_shared<const FileSide>(*after);
  diff.options = options;
  diff.binary = git_binary(before) || git_binary(after);
  if (diff.binary) {
    diff.added = after ? after->bytes.size() : 0;
    diff.removed = before ? before->bytes.size() : 0;
    return diff;
  }

  LineInterner interner;
  PreparedText old_text = prepare_text(diff.before ? std::string_view(diff.before->bytes) : std::string_view(),
                                       options.whitespace, interner);
  PreparedText new_text = prepare_text(diff.after ? std::string_view(diff.after->bytes) : std::string_view(),
                                       options.whitespace, interner);
  const std::vector<Change> changes = compact_changes(diff_ids_like_git(old_text.ids, new_text.ids), old_text.ids,
                                                      new_text.ids, old_text.lines, new_text.lines);
  diff.before_lines = std::move(old_text.lines);
  diff.after_lines = std::move(new_text.lines);
  diff.hunks = build_hunks(changes, diff.before_lines, diff.after_lines,
                           HunkOptions{options.context, options.ignore_blank_lines, options.whitespace});
  for (const Hunk& hunk : diff.hunks)
    for (const HunkLine& line : hunk.lines) {
      if (line.kind == HunkLineKind::Added) ++diff.added;
      if (line.kind == HunkLineKind::Removed) ++diff.removed;
    }
  return diff;
}

void sort_by_path(std::vector<FileDiff>& files) {
  std::stable_sort(files.begin(), files.end(),
                   [](const FileDiff& a, const FileDiff& b) { return a.path() < b.path(); });
}

}  // namespace kongtpl
