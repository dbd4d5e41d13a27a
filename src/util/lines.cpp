#include "util/lines.hpp"

#include <algorithm>
#include <cstring>

namespace kongtpl {

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  // Sized exactly: a merge keeps the lines of three texts, and a doubling
  // vector would hold up to twice the room (count is one quick pass).
  size_t count = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  lines.reserve(count + (!text.empty() && text.back() != '\n'));
  size_t start = 0;
  while (start < text.size()) {
    const void* nl = std::memchr(text.data() + start, '\n', text.size() - start);
    size_t end = nl ? static_cast<const char*>(nl) - text.data() + 1 : text.size();
    lines.push_back(Line{text.substr(start, end - start)});
    start = end;
  }
  return lines;
}

bool looks_binary(std::string_view text) {
  // git looks at the first 8000 bytes only; a template with a NUL anywhere
  // is not something kongtpl should merge, so look at all of it.
  return text.find('\0') != std::string_view::npos;
}

}  // namespace kongtpl
