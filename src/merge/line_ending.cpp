#include "merge/line_ending.hpp"

namespace kongtpl {

LineEndingStyle detect_line_ending(const std::vector<Line>& lines) {
  LineEndingStyle style;
  if (lines.empty()) return style;
  size_t crlf = 0, lf = 0;
  for (const Line& line : lines) {
    std::string_view end = line_terminator(line.bytes);
    if (end == "\r\n") ++crlf;
    else if (end == "\n") ++lf;
  }
  if (crlf > lf) style.eol = "\r\n";
  style.final_newline = lines.back().has_newline();
  return style;
}

}  // namespace kongtpl
