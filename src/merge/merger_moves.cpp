// Moved and copied lines, re-indented files, insertions already made (merger.hpp).
#include "merge/merger.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "merge/split_changes.hpp"
#include "merge/slide_changes.hpp"

namespace kongtpl::merge_engine {

// Upstream moved a line (deleted it in one place, inserted it in another)
// that the user deleted: the user's deletion follows it, so upstream's
// new copy is not written. Lines that say nothing of their own ("}") are
// not taken for moves; a line the user edited rather than deleted (split
// on its directive name) keeps upstream's copy.
void Merger::moved_lines_the_user_deleted(const std::vector<Change>& user_changes,
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

// Upstream moved a line (removed it in one place, wrote the same line in
// another, once each) that the user edited in place (the same directive):
// the user's edit is written where upstream moved the line, and ours' line
// takes base's id, so that at the old place the user changed nothing and
// upstream's removal goes through. Only at the same block depth: a line
// moved into another block may mean something else there. Returns whether
// any edit moved (the user's diff must be made again).
bool Merger::edits_carried_along_moves(const std::vector<Change>& user_changes,
                                       const std::vector<Change>& upstream_changes) {
  std::unordered_map<int32_t, std::vector<size_t>> removed, written;  // id -> base lines / theirs lines
  for (const Change& c : upstream_changes) {
    for (size_t b = c.old_start; b < c.old_start + c.old_count; ++b) removed[b_.ids[b]].push_back(b);
    for (size_t t = c.new_start; t < c.new_start + c.new_count; ++t) written[t_.ids[t]].push_back(t);
  }
  bool any = false;
  for (const Change& c : split_changes(user_changes, b_.lines, o_.lines)) {
    if (c.old_count != 1 || c.new_count != 1) continue;
    const size_t b = c.old_start, o = c.new_start;
    const int32_t id = b_.ids[b];
    auto gone = removed.find(id);
    auto moved_to = written.find(id);
    if (gone == removed.end() || moved_to == written.end() || gone->second.size() != 1 || moved_to->second.size() != 1)
      continue;
    const size_t t = moved_to->second.front();
    std::string_view base_line = line_body(b_.lines[b].bytes), mine = line_body(o_.lines[o].bytes);
    if (!is_informative_line(base_line) || line_key(base_line) != line_key(mine) || b_nest_[b].blocks != t_nest_[t].blocks)
      continue;
    if (edit_moved_here_.empty()) edit_moved_here_.assign(t_.lines.size(), -1);
    edit_moved_here_[t] = static_cast<long long>(o);
    o_.ids[o] = id;
    any = true;
  }
  return any;
}

// The user moved a block (deleted it in one place, inserted it whole in
// another) that upstream deleted: keeping the user's copy would silently
// keep what upstream removed, dropping it would lose the user's move. The
// moved lines become a conflict where the user put them (ours: the block;
// theirs: nothing). Only runs whose every informative line is such a
// moved line count, so a user's own block holding one copied line is not
// taken for a move; a line upstream wrote anew elsewhere is upstream's
// move, not a deletion.
void Merger::moved_lines_upstream_deleted(const std::vector<Change>& user_changes,
                                          const std::vector<Change>& upstream_changes) {
  moved_away_.clear();
  std::vector<bool> upstream_kept(b_.lines.size(), true);
  std::vector<bool> upstream_wrote(interner_.size(), false);  // by id: every line of a large file can count
  for (const Change& c : upstream_changes) {
    for (size_t b = c.old_start; b < c.old_start + c.old_count; ++b) upstream_kept[b] = false;
    for (size_t t = c.new_start; t < c.new_start + c.new_count; ++t) upstream_wrote[static_cast<size_t>(t_.ids[t])] = true;
  }
  const std::vector<Change> user = split_changes(user_changes, b_.lines, o_.lines);
  std::unordered_map<int32_t, size_t> dropped;  // id -> base lines the user deleted and upstream dropped
  for (const Change& c : user) {
    if (c.new_count != 0) continue;
    for (size_t b = c.old_start; b < c.old_start + c.old_count; ++b)
      if (!upstream_kept[b] && !upstream_wrote[static_cast<size_t>(b_.ids[b])] &&
          is_informative_line(line_body(b_.lines[b].bytes)))
        ++dropped[b_.ids[b]];
  }
  if (dropped.empty()) return;
  for (const Change& c : user) {
    if (c.old_count != 0 || c.new_count == 0) continue;
    size_t informative = 0, moved = 0;
    std::unordered_map<int32_t, size_t> left = dropped;
    for (size_t o = c.new_start; o < c.new_start + c.new_count; ++o) {
      if (!is_informative_line(line_body(o_.lines[o].bytes))) continue;
      ++informative;
      auto found = left.find(o_.ids[o]);
      if (found != left.end() && found->second > 0) {
        --found->second;
        ++moved;
      }
    }
    if (moved == 0 || moved != informative) continue;
    dropped = std::move(left);
    if (moved_away_.empty()) moved_away_.assign(o_.lines.size(), false);
    for (size_t o = c.new_start; o < c.new_start + c.new_count; ++o) moved_away_[o] = true;
  }
}

// A region only the user changed: the user's lines, except lines the user
// moved there that upstream deleted, which stand in a conflict.
void Merger::write_ours_region(const MergeRegion& r) {
  size_t i = r.ours.start;
  while (i < r.ours.end()) {
    if (moved_away_.empty() || !moved_away_[i]) {
      write_ours(i++);
      continue;
    }
    size_t end = i;
    while (end < r.ours.end() && moved_away_[end]) ++end;
    current_region_ = &r;
    size_t before = result_.conflicts.size();
    write_conflict(LineRange{i - r.ours.start, end - i}, LineRange{0, 0}, LineRange{0, 0});
    if (result_.conflicts.size() > before) result_.conflicts.back().reason = "you moved lines here that upstream deleted";
    i = end;
  }
}

// The user's own lines that copy a base line upstream rewrote (a server
// of the user's holding `ssl_certificate ${{SSL_CERT}};` when upstream
// turned that line into a loop): reported, not changed.
void Merger::copies_of_rewritten_lines(const std::vector<Change>& user_changes,
                                       const std::vector<Change>& upstream_changes) {
  copy_of_.assign(o_.lines.size(), -1);
  // id -> the first base line of that id upstream rewrote, and upstream's
  // lines (an index into `rewritten`; by id, not hashed: on a large file
  // every line can be one).
  std::vector<std::pair<size_t, LineRange>> rewritten;
  std::vector<int32_t> rewritten_of;
  for (const Change& c : upstream_changes) {
    if (c.new_count == 0) continue;  // deleted outright: nothing to consider instead
    for (size_t b = c.old_start; b < c.old_start + c.old_count; ++b) {
      if (!is_informative_line(line_body(b_.lines[b].bytes))) continue;
      if (rewritten_of.empty()) rewritten_of.assign(interner_.size(), -1);
      int32_t& index = rewritten_of[static_cast<size_t>(b_.ids[b])];
      if (index >= 0) continue;
      index = static_cast<int32_t>(rewritten.size());
      rewritten.push_back(std::pair{b, LineRange{c.new_start, c.new_count}});
    }
  }
  if (rewritten.empty()) return;
  for (const Change& c : user_changes)
    for (size_t o = c.new_start; o < c.new_start + c.new_count; ++o) {
      const int32_t index = rewritten_of[static_cast<size_t>(o_.ids[o])];
      if (index < 0) continue;
      copy_of_[o] = static_cast<long long>(rewrites_.size());
      rewrites_.push_back(rewritten[static_cast<size_t>(index)]);
    }
}

void Merger::note_copy_written(size_t o) {
  if (in_conflict_ || copy_of_.empty() || copy_of_[o] < 0) return;
  const auto& [b, theirs] = rewrites_[static_cast<size_t>(copy_of_[o])];
  result_.also_consider.push_back(AlsoConsider{output_lines_ - 1, o, b, theirs});
}

// True when the user re-indented: more than one in twenty of the lines
// the user kept from base are indented differently (a few odd lines do
// not make a re-indented file). Otherwise upstream's lines keep upstream's
// indentation as they are.
bool Merger::user_reindented(const std::vector<Change>& user_changes) const {
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
bool Merger::already_inserted(const MergeRegion& r) const {
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

}  // namespace kongtpl::merge_engine
