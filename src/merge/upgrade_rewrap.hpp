#pragma once
// Putting a merged body back into the user's Lua module: only the bytes of
// the `[[ ... ]]` string change, so the rest of the module (comments, a
// `local` or two, the `return`) stays exactly as the user wrote it.
#include <cstddef>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace kongtpl {

/// Where a module's template body sits in the module's bytes: one Lua long
/// string literal ("[[...]]", "[==[...]==]").
struct BodyLiteral {
  size_t open = 0;     ///< offset of the opening "["
  size_t content = 0;  ///< offset of the body's first byte (after the newline Lua skips)
  size_t close = 0;    ///< offset of the closing "]"
  size_t end = 0;      ///< offset one past the closing bracket
  size_t level = 0;    ///< how many "=" the brackets hold
  bool crlf = false;   ///< the literal's lines end with "\r\n" (Lua reads them as "\n")
};

/// Finds the one long string literal in module_bytes whose value (as Lua
/// reads it) is body. Fails when none or several match, e.g. when the
/// module builds its body from pieces.
Result<BodyLiteral> locate_body_literal(std::string_view module_bytes, std::string_view body);

/// The smallest long-bracket level at which body can be written literally
/// (body never closes the string early; no "[[" at level 0, which Lua 5.1
/// rejects), and at least `at_least`.
size_t long_bracket_level(std::string_view body, size_t at_least = 0);

/// module_bytes with the literal's body replaced by new_body: the same
/// bracket level when it still works, a higher one otherwise; CRLF lines
/// stay CRLF.
std::string rewrap_body(std::string_view module_bytes, const BodyLiteral& literal, std::string_view new_body);

}  // namespace kongtpl
