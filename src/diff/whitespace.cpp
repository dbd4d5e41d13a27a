#include "diff/whitespace.hpp"

namespace kongtpl {

std::string normalize_line(std::string_view line, WhitespaceMode mode) {
  std::string key;
  normalize_line_into(key, line, mode);
  return key;
}

void normalize_line_into(std::string& key, std::string_view line, WhitespaceMode mode) {
  key.clear();
  switch (mode) {
    case WhitespaceMode::Exact:
      key.assign(line);
      break;
    case WhitespaceMode::IgnoreAllSpace:
      for (char c : line)
        if (!is_space(c)) key.push_back(c);
      break;
    case WhitespaceMode::IgnoreSpaceChange: {
      bool pending_space = false;
      for (char c : line) {
        if (is_space(c)) {
          pending_space = true;
          continue;
        }
        // A run of whitespace counts as one space; trailing runs vanish.
        if (pending_space) key.push_back(' ');
        pending_space = false;
        key.push_back(c);
      }
      break;
    }
  }
}

bool is_blank_line(std::string_view line) {
  for (char c : line)
    if (!is_space(c)) return false;
  return true;
}

bool is_ignorable_blank_line(std::string_view line, WhitespaceMode mode) {
  if (mode == WhitespaceMode::Exact) return line.size() <= 1;
  return is_blank_line(line);
}

}  // namespace kongtpl
