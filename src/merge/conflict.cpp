#include "merge/conflict.hpp"

namespace kongtpl {

std::string conflict_reason(size_t ours_lines, size_t base_lines, size_t theirs_lines) {
  if (base_lines == 0) {
    if (ours_lines == 0) return "upstream added lines where you changed the file";
    if (theirs_lines == 0) return "you added lines where upstream changed the file";
    return "both sides added different lines here";
  }
  if (ours_lines == 0) return "you deleted lines that upstream changed";
  if (theirs_lines == 0) return "upstream deleted lines you changed";
  return "both sides changed these lines";
}

std::string conflict_marker(char marker, std::string_view label) {
  // git writes seven marker characters, then " label" when there is one.
  std::string line(7, marker);
  if (marker != '=' && !label.empty()) {
    line += ' ';
    line += label;
  }
  return line;
}

}  // namespace kongtpl
