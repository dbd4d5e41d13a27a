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

std::string_view line_terminator(std::string_view line) {
  if (line.ends_with("\r\n")) return line.substr(line.size() - 2);
  if (line.ends_with('\n')) return line.substr(line.size() - 1);
  return {};
}

std::string_view line_body(std::string_view line) {
  return line.substr(0, line.size() - line_terminator(line).size());
}

}  // namespace kongtpl
