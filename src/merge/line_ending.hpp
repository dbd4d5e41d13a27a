#pragma once
// The user's line-ending conventions, which a merge must keep: lines that
// come from upstream are rewritten to end the way the user's lines end.
#include <string_view>
#include <vector>

#include "util/lines.hpp"

namespace kongtpl {

/// How the lines of a file end.
struct LineEndingStyle {
  std::string_view eol = "\n";  ///< "\n" or "\r\n"
  bool final_newline = true;    ///< whether the last line ends with eol
};

/// The style of a file: CRLF when most of its lines end with "\r\n", and
/// whether its last line is terminated. An empty file counts as LF with a
/// final newline.
LineEndingStyle detect_line_ending(const std::vector<Line>& lines);

/// The terminator of a line: "\r\n", "\n" or "".
/// Inline: the merge calls it for every line it writes.
inline std::string_view line_terminator(std::string_view line) {
  if (line.ends_with("\r\n")) return line.substr(line.size() - 2);
  if (line.ends_with('\n')) return line.substr(line.size() - 1);
  return {};
}

/// A line without its terminator ("\r\n", "\n" or none).
inline std::string_view line_body(std::string_view line) {
  return line.substr(0, line.size() - line_terminator(line).size());
}

}  // namespace kongtpl
