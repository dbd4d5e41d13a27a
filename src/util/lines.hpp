#pragma once
// Splitting text into lines the way git does: each line keeps its own bytes,
// terminator included, so printing a line never alters the file.
#include <string_view>
#include <vector>

namespace kongtpl {

/// One line of a file: its bytes including the "\n" (absent on a last line
/// without a final newline). A "\r" before the "\n" belongs to the content.
struct Line {
  std::string_view bytes;
  /// True when the line ends with "\n".
  bool has_newline() const { return !bytes.empty() && bytes.back() == '\n'; }
  /// The line without its "\n" (a CRLF line keeps its "\r").
  std::string_view content() const {
    return has_newline() ? bytes.substr(0, bytes.size() - 1) : bytes;
  }
};

/// Splits text into lines; an empty text has no lines. The views point into
/// text, which must outlive them.
std::vector<Line> split_lines(std::string_view text);

/// True when text contains a NUL byte (git's test for a binary file).
bool looks_binary(std::string_view text);

}  // namespace kongtpl
