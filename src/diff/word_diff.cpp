#include "diff/word_diff.hpp"

#include <cstdint>
#include <vector>

#include "diff/compact.hpp"
#include "diff/edit_script.hpp"
#include "diff/prepare.hpp"
#include "diff/render_unified.hpp"
#include "util/lines.hpp"

namespace kongtpl {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

/// One word of a text: [begin, end) offsets.
struct Word {
  size_t begin = 0, end = 0;
};

/// git's diff_words_fill without a word regex: runs of non-whitespace.
/// Entry 0 is git's sentinel (an empty word at the start).
std::vector<Word> words_of(std::string_view text) {
  std::vector<Word> words{Word{}};
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size()) break;
    size_t j = i + 1;
    while (j < text.size() && !is_space(text[j])) ++j;
    words.push_back({i, j});
    i = j;
  }
  return words;
}

/// A word list as lines, one word each, to diff with the line engine.
std::string as_lines(std::string_view text, const std::vector<Word>& words) {
  std::string out;
  for (size_t i = 1; i < words.size(); ++i) {
    out.append(text.substr(words[i].begin, words[i].end - words[i].begin));
    out += '\n';
  }
  return out;
}

struct Marker {
  const char* prefix;
  const char* suffix;
  const char* color;  ///< "" for none
};

/// git's fn_out_diff_words_write_helper: each line of text wrapped in the
/// marker, the newlines between them left bare.
void write_marked(std::string& out, std::string_view text, const Marker& marker) {
  while (!text.empty()) {
    size_t newline = text.find('\n');
    std::string_view piece = text.substr(0, newline);
    if (!piece.empty()) {
      out += marker.color;
      out += marker.prefix;
      out.append(piece);
      out += marker.suffix;
      if (*marker.color) out += diff_color::kReset;
    }
    if (newline == std::string_view::npos) return;
    out += '\n';
    text.remove_prefix(newline + 1);
  }
}

}  // namespace

std::string word_diff(std::string_view minus, std::string_view plus, WordDiffMode mode, bool color) {
  const bool plain = mode == WordDiffMode::Plain;
  const Marker removed{plain ? "[-" : "", plain ? "-]" : "", color ? diff_color::kOld : ""};
  const Marker added{plain ? "{+" : "", plain ? "+}" : "", color ? diff_color::kNew : ""};
  const Marker context{"", "", ""};
  std::string out;
  if (minus.empty() && plus.empty()) return out;
  if (plus.empty()) {  // git's special case: only removal
    write_marked(out, minus, removed);
    return out;
  }
  const std::vector<Word> minus_words = words_of(minus);
  const std::vector<Word> plus_words = words_of(plus);
  const std::string minus_lines = as_lines(minus, minus_words);
  const std::string plus_lines = as_lines(plus, plus_words);
  LineInterner interner;
  PreparedText a = prepare_text(minus_lines, WhitespaceMode::Exact, interner);
  PreparedText b = prepare_text(plus_lines, WhitespaceMode::Exact, interner);
  std::vector<Change> changes = compact_changes(diff_ids_like_git(a.ids, b.ids), a.ids, b.ids, a.lines, b.lines);

  size_t current_plus = 0;  // offset into plus printed so far
  for (const Change& change : changes) {
    // Word indexes are 1-based past git's sentinel; an empty side sits after
    // the word before it.
    size_t minus_begin, minus_end, plus_begin, plus_end;
    if (change.old_count) {
      minus_begin = minus_words[change.old_start + 1].begin;
      minus_end = minus_words[change.old_start + change.old_count].end;
    } else {
      minus_begin = minus_end = minus_words[change.old_start].end;
    }
    if (change.new_count) {
      plus_begin = plus_words[change.new_start + 1].begin;
      plus_end = plus_words[change.new_start + change.new_count].end;
    } else {
      plus_begin = plus_end = plus_words[change.new_start].end;
    }
    if (current_plus != plus_begin) write_marked(out, plus.substr(current_plus, plus_begin - current_plus), context);
    if (minus_begin != minus_end) write_marked(out, minus.substr(minus_begin, minus_end - minus_begin), removed);
    if (plus_begin != plus_end) write_marked(out, plus.substr(plus_begin, plus_end - plus_begin), added);
    current_plus = plus_end;
  }
  if (current_plus != plus.size()) write_marked(out, plus.substr(current_plus), context);
  return out;
}

}  // namespace kongtpl
