#include "diff/moved_lines.hpp"

#include <climits>
#include <unordered_map>

#include "diff/whitespace.hpp"

namespace kongtpl {

namespace {

constexpr int kMinAlnumCount = 20;  // git's COLOR_MOVED_MIN_ALNUM_COUNT
constexpr int kBlankIndent = INT_MIN;  // git's INDENT_BLANKLINE
constexpr int kTabWidth = 8;        // git's default core.whitespace tabwidth
constexpr int kNone = -1;

bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Where a line's text starts after its indentation, and how wide that
// indentation is (git's fill_es_indent_data); blank lines have no text.
struct Indent {
  size_t offset = 0;
  int width = 0;
};

Indent measure_indent(std::string_view s) {
  size_t off = 0;
  while (off < s.size() && (s[off] == '\f' || s[off] == '\v' || (s[off] == '\r' && off + 1 < s.size()))) ++off;
  int width = 0;
  while (off < s.size()) {
    if (s[off] == ' ') {
      ++width;
      ++off;
    } else if (s[off] == '\t') {
      width += kTabWidth - width % kTabWidth;
      while (++off < s.size() && s[off] == '\t') width += kTabWidth;
    } else {
      break;
    }
  }
  size_t i = off;
  while (i < s.size() && is_space(s[i])) ++i;
  if (i == s.size()) return Indent{s.size(), kBlankIndent};
  return Indent{off, width};
}

// The text two lines must share to be each other's move (git's
// xdiff_compare_lines under the --color-moved-ws flags).
std::string comparison_key(std::string_view text, const MovedWhitespace& ws) {
  if (ws.ignore_all_space) return normalize_line(text, WhitespaceMode::IgnoreAllSpace);
  if (ws.ignore_space_change) return normalize_line(text, WhitespaceMode::IgnoreSpaceChange);
  if (ws.ignore_space_at_eol) {
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  }
  return std::string(text);
}

// A moved line's entry: its symbol, the next line of the same sign printed
// right after it, and its interned text.
struct Entry {
  int next_line = kNone;
  int id = kNone;
  Indent indent;
};

// A block being followed: the last line of the other side it matched, and
// the indentation change the block carries (allow-indentation-change).
struct PotentialBlock {
  int match = kNone;
  int ws_delta = 0;
};

class MoveMarker {
 public:
  MoveMarker(const std::vector<DiffSymbol>& symbols, ColorMovedMode mode, const MovedWhitespace& ws)
      : symbols_(symbols), mode_(mode), ws_(ws), entries_(symbols.size()), marks_(symbols.size(), 0) {}

  std::vector<uint8_t> run() {
    intern_lines();
    mark_blocks();
    if (mode_ == ColorMovedMode::DimmedZebra) dim_block_middles();
    return std::move(marks_);
  }

 private:
  bool is_change(int n) const { return symbols_[n].kind != DiffSymbol::Other; }

  // git's add_lines_to_move_detection: equal lines share an id; each id
  // lists its added and its removed lines.
  void intern_lines() {
    std::unordered_map<std::string, int> ids;
    int previous = kNone;
    for (int n = 0; n < static_cast<int>(symbols_.size()); ++n) {
      if (!is_change(n)) {
        previous = kNone;
        continue;
      }
      Entry& entry = entries_[n];
      std::string_view text = symbols_[n].text;
      if (ws_.allow_indentation_change) entry.indent = measure_indent(text);
      auto [it, added] = ids.try_emplace(comparison_key(text.substr(entry.indent.offset), ws_),
                                         static_cast<int>(ids.size()));
      entry.id = it->second;
      if (added) {
        added_.emplace_back();
        removed_.emplace_back();
      }
      if (previous != kNone && symbols_[previous].kind == symbols_[n].kind) entries_[previous].next_line = n;
      previous = n;
      (symbols_[n].kind == DiffSymbol::Added ? added_ : removed_)[entry.id].push_back(n);
    }
  }

  // The lines of the other side that hold line n's text.
  const std::vector<int>* twins(int n) const {
    const std::vector<int>& list =
        (symbols_[n].kind == DiffSymbol::Added ? removed_ : added_)[static_cast<size_t>(entries_[n].id)];
    return list.empty() ? nullptr : &list;
  }

  // git's cmp_in_block_with_wsd: the same text, re-indented as the block is.
  bool continues_with_indent(int candidate, int n, PotentialBlock& block) const {
    if (entries_[candidate].id != entries_[n].id) return false;
    const int a = entries_[candidate].indent.width;
    if (a == kBlankIndent) return true;
    const int delta = entries_[n].indent.width - a;
    if (block.ws_delta == kBlankIndent) block.ws_delta = delta;
    return delta == block.ws_delta;
  }

  // git's pmb_advance_or_null followed by shrink_potential_moved_blocks.
  // Compacted in place, in order: a line of many twins (`}`) follows as
  // many blocks, on every line.
  void advance_blocks(int n) {
    size_t kept = 0;
    for (PotentialBlock block : blocks_) {
      const int next = block.match == kNone ? kNone : entries_[block.match].next_line;
      bool match = false;
      if (next != kNone)
        match = ws_.allow_indentation_change ? continues_with_indent(next, n, block)
                                             : entries_[next].id == entries_[n].id;
      if (match) {
        block.match = next;
        blocks_[kept++] = block;
      }
    }
    blocks_.resize(kept);
  }

  void start_blocks(int n, const std::vector<int>& candidates) {
    for (int candidate : candidates) {
      PotentialBlock block{candidate, 0};
      if (ws_.allow_indentation_change) {
        const int a = entries_[n].indent.width, b = entries_[candidate].indent.width;
        block.ws_delta = a == kBlankIndent && b == kBlankIndent ? kBlankIndent : a - b;
      }
      blocks_.push_back(block);
    }
  }

  // git's adjust_last_block: the block of length lines before n keeps its
  // marks only with enough alphanumeric characters to be a real move.
  bool keep_last_block(int n, int length) {
    if (mode_ == ColorMovedMode::Plain) return length != 0;
    int alnum = 0;
    for (int i = 1; i <= length; ++i) {
      for (char c : symbols_[n - i].text) {
        if (is_alnum(c) && ++alnum >= kMinAlnumCount) return true;
      }
    }
    for (int i = 1; i <= length; ++i) marks_[n - i] &= ~(moved_mark::kMoved | moved_mark::kAlternate);
    return false;
  }

  // git's mark_color_as_moved, kept step for step: its rewinds decide
  // where blocks start.
  void mark_blocks() {
    int length = 0;
    bool flipped = false;
    DiffSymbol::Kind moved_kind = DiffSymbol::Other;
    for (int n = 0; n < static_cast<int>(symbols_.size()); ++n) {
      const std::vector<int>* match = is_change(n) ? twins(n) : nullptr;
      if (!is_change(n)) flipped = false;

      if (!blocks_.empty() && (!match || symbols_[n].kind != moved_kind)) {
        if (!keep_last_block(n, length) && length > 1) {
          match = nullptr;  // rewind: another block may start at the block's second line
          n -= length;
        }
        blocks_.clear();
        length = 0;
        flipped = false;
      }
      if (!match) {
        moved_kind = DiffSymbol::Other;
        continue;
      }
      if (mode_ == ColorMovedMode::Plain) {
        marks_[n] |= moved_mark::kMoved;
        continue;
      }
      advance_blocks(n);
      if (blocks_.empty()) {
        const bool contiguous = keep_last_block(n, length);
        if (!contiguous && length > 1)
          n -= length;  // rewind, as above
        else
          start_blocks(n, *match);
        flipped = contiguous && !blocks_.empty() && moved_kind == symbols_[n].kind ? !flipped : false;
        moved_kind = blocks_.empty() ? DiffSymbol::Other : symbols_[n].kind;
        length = 0;
      }
      if (!blocks_.empty()) {
        ++length;
        marks_[n] |= moved_mark::kMoved;
        if (flipped && mode_ != ColorMovedMode::Blocks) marks_[n] |= moved_mark::kAlternate;
      }
    }
    keep_last_block(static_cast<int>(symbols_.size()), length);
  }

  // git's dim_moved_lines: a moved line is dull unless it borders another
  // block of the other zebra colour.
  void dim_block_middles() {
    constexpr uint8_t zebra = moved_mark::kMoved | moved_mark::kAlternate;
    const int count = static_cast<int>(symbols_.size());
    for (int n = 0; n < count; ++n) {
      if (!is_change(n) || !(marks_[n] & moved_mark::kMoved)) continue;
      const int prev = n > 0 && is_change(n - 1) ? n - 1 : kNone;
      const int next = n + 1 < count && is_change(n + 1) ? n + 1 : kNone;
      const uint8_t own = marks_[n] & zebra;
      if (prev != kNone && (marks_[prev] & zebra) == own && next != kNone && (marks_[next] & zebra) == own) {
        marks_[n] |= moved_mark::kDimmed;
        continue;
      }
      auto bound = [&](int other) {
        return other != kNone && (marks_[other] & moved_mark::kMoved) &&
               (marks_[other] & moved_mark::kAlternate) != (marks_[n] & moved_mark::kAlternate);
      };
      if (bound(prev) || bound(next)) continue;
      marks_[n] |= moved_mark::kDimmed;
    }
  }

  const std::vector<DiffSymbol>& symbols_;
  ColorMovedMode mode_;
  MovedWhitespace ws_;
  std::vector<Entry> entries_;
  std::vector<std::vector<int>> added_, removed_;  // by id: the lines holding it
  std::vector<PotentialBlock> blocks_;
  std::vector<uint8_t> marks_;
};

}  // namespace

std::vector<uint8_t> mark_moved_lines(const std::vector<DiffSymbol>& symbols, ColorMovedMode mode,
                                      const MovedWhitespace& whitespace) {
  if (mode == ColorMovedMode::No) return std::vector<uint8_t>(symbols.size(), 0);
  return MoveMarker(symbols, mode, whitespace).run();
}

std::optional<ColorMovedMode> parse_color_moved(std::string_view value) {
  if (value == "no") return ColorMovedMode::No;
  if (value == "plain") return ColorMovedMode::Plain;
  if (value == "blocks") return ColorMovedMode::Blocks;
  if (value == "zebra" || value == "default") return ColorMovedMode::Zebra;
  if (value == "dimmed-zebra") return ColorMovedMode::DimmedZebra;
  return std::nullopt;
}

std::optional<MovedWhitespace> parse_color_moved_ws(std::string_view value, std::string& error) {
  MovedWhitespace ws;
  size_t start = 0;
  while (start <= value.size()) {
    size_t comma = value.find(',', start);
    if (comma == std::string_view::npos) comma = value.size();
    std::string_view word = value.substr(start, comma - start);
    while (!word.empty() && is_space(word.front())) word.remove_prefix(1);
    while (!word.empty() && is_space(word.back())) word.remove_suffix(1);
    if (word == "no") ws = MovedWhitespace{};
    else if (word == "ignore-space-at-eol") ws.ignore_space_at_eol = true;
    else if (word == "ignore-space-change") ws.ignore_space_change = true;
    else if (word == "ignore-all-space") ws.ignore_all_space = true;
    else if (word == "allow-indentation-change") ws.allow_indentation_change = true;
    else {
      error = "--color-moved-ws takes no, ignore-space-at-eol, ignore-space-change, ignore-all-space or "
              "allow-indentation-change (comma separated), not '" + std::string(word) + "'";
      return std::nullopt;
    }
    start = comma + 1;
  }
  if (ws.allow_indentation_change && (ws.ignore_space_at_eol || ws.ignore_space_change || ws.ignore_all_space)) {
    error = "--color-moved-ws: allow-indentation-change cannot be combined with other whitespace modes";
    return std::nullopt;
  }
  return ws;
}

const char* moved_line_color(DiffSymbol::Kind kind, uint8_t marks) {
  using namespace moved_color;
  if (!(marks & moved_mark::kMoved)) return nullptr;
  const bool alt = marks & moved_mark::kAlternate;
  if (marks & moved_mark::kDimmed) return alt ? kDimAlt : kDim;
  if (kind == DiffSymbol::Added) return alt ? kNewMovedAlt : kNewMoved;
  return alt ? kOldMovedAlt : kOldMoved;
}

}  // namespace kongtpl
