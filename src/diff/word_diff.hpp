#pragma once
// git's --word-diff: the removed and added lines of a hunk compared word by
// word (a word is a run of non-whitespace), as diff.c's diff_words_show.
#include <string>
#include <string_view>

namespace kongtpl {

/// How changed words are marked.
enum class WordDiffMode {
  None,   ///< a line diff
  Plain,  ///< [-removed-]{+added+} (git --word-diff, --word-diff=plain)
  Color,  ///< colours only (git --word-diff=color, --color-words)
};

/// The text git prints for one run of removed lines (minus) followed by
/// added lines (plus), each with its line terminators: the added text, its
/// words that are not in minus marked as added and minus' words missing
/// from it marked as removed at their place; each marked piece is wrapped
/// line by line. color paints removed words red, added ones green.
std::string word_diff(std::string_view minus, std::string_view plus, WordDiffMode mode, bool color);

}  // namespace kongtpl
