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

/// True for the bytes git's XDL_ISSPACE treats as whitespace. git's own
/// ctype table knows only these four: "\v" and "\f" are not whitespace.
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// The comparison key of one line (its bytes, terminator included) under mode.
std::string normalize_line(std::string_view line, WhitespaceMode mode);

/// The same, written into key (reusing its buffer: the hot path of prepare).
void normalize_line_into(std::string& key, std::string_view line, WhitespaceMode mode);

/// True when a line holds nothing but whitespace.
bool is_blank_line(std::string_view line);

/// True when git's --ignore-blank-lines counts the line as blank under mode
/// (xdl_blankline): with no whitespace mode only an empty line or a lone
/// "\n" is blank; under -w/-b any whitespace-only line is.
bool is_ignorable_blank_line(std::string_view line, WhitespaceMode mode);

}  // namespace kongtpl
