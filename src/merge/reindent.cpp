#include "merge/reindent.hpp"

#include <charconv>

#include "util/lines.hpp"

namespace kongtpl {

Result<std::string> parse_indent_unit(std::string_view value) {
  if (value == "tab") return std::string("\t");
  unsigned spaces = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), spaces);
  if (ec != std::errc() || end != value.data() + value.size() || spaces < 1 || spaces > 16)
    return Error{"--indent " + std::string(value) + ": use a number of spaces from 1 to 16, or tab"};
  return std::string(spaces, ' ');
}

std::string reindent(std::string_view text, std::string_view unit) {
  std::string out;
  out.reserve(text.size());
  for (const Line& line : split_lines(text)) {
    std::string_view bytes = line.bytes;
    size_t levels = 0;
    while (bytes.substr(0, kUpstreamIndent.size()) == kUpstreamIndent) {
      bytes.remove_prefix(kUpstreamIndent.size());
      ++levels;
    }
    // Lines of Lua (">") start in column 0 and blank lines have no indentation.
    const bool blank = bytes.find_first_not_of(" \t\r\n") == std::string_view::npos;
    if (levels == 0 || blank) {
      out.append(line.bytes);
      continue;
    }
    for (size_t i = 0; i < levels; ++i) out.append(unit);
    out.append(bytes);
  }
  return out;
}

}  // namespace kongtpl
