#pragma once
// How lines are compared: the whitespace modes git offers, applied once per
// line before interning so the diff loop only ever compares integers.
#include <string>
#include <string_view>

namespace kongtpl {

/// Which whitespace differences make two lines unequal.
enum class WhitespaceMode {
  Exact,              ///< compare bytes (git diff with no -w/-b)
  IgnoreSpaceChange,  ///< git -b: runs of whitespace equal one space; trailing whitespace ignored
  IgnoreAllSpace,     ///< git -w: whitespace ignored entirely
};

/// True for the bytes git's XDL_ISSPACE treats as whitespace.
inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/// The comparison key of one line (its bytes, terminator included) under mode.
std::string normalize_line(std::string_view line, WhitespaceMode mode);

/// True when a line holds nothing but whitespace (git's --ignore-blank-lines).
bool is_blank_line(std::string_view line);

}  // namespace kongtpl
