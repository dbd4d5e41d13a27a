#pragma once
// Text helpers the HTML and Markdown reports share: escaping untrusted text
// (template lines, file names, messages) and word-level line differences.
#include <string>
#include <string_view>
#include <vector>

namespace kongtpl {

/// Text made inert in HTML, in element content and in quoted attributes:
/// & < > " ' become entities.
std::string html_escape(std::string_view text);

/// A piece of a line in a word-level comparison.
struct WordSpan {
  std::string text;
  bool changed = false;  ///< not in the other line
};

/// The two lines cut into words, spaces and punctuation, each piece marked
/// when the other line lacks it (longest common subsequence of the pieces;
/// lines of more than 400 pieces are marked whole).
struct WordDiff {
  std::vector<WordSpan> before, after;
};
WordDiff word_diff(std::string_view before, std::string_view after);

/// The number of characters (UTF-8 code points) in text.
size_t character_count(std::string_view text);

}  // namespace kongtpl
