#pragma once
// A Lua 5.1 token scanner, just enough to find where a module's strings sit
// in its file: which token comes first, where each long bracket opens and
// which file line each line of a string's value came from. Lua itself (in
// the sandbox) decides what a module returns; this only locates it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kongtpl {

/// One token of Lua source; comments and whitespace are not tokens.
struct LuaToken {
  /// What sort of token this is.
  enum class Kind { name, keyword, number, string, long_string, symbol };
  Kind kind = Kind::symbol;
  /// Byte offset where the token starts in the source.
  size_t begin = 0;
  /// Byte offset just past the token.
  size_t end = 0;
  /// 1-based source line where the token starts.
  uint32_t line = 1;
  /// Names, keywords, symbols: their bytes. Strings: the value as Lua reads it.
  std::string text;
  /// Strings only: for each line of the value (0-based), the 1-based source
  /// line it starts on.
  std::vector<uint32_t> value_lines;
};

/// The tokens of a source, and whether scanning reached its end.
struct LuaTokens {
  /// Tokens in source order.
  std::vector<LuaToken> tokens;
  /// False when scanning stopped early (an unfinished string or comment).
  bool complete = true;
};

/// Scans Lua 5.1 source. Newlines count the way Lua counts them ("\r\n" and
/// "\n\r" are one line); long strings drop a newline right after the opening
/// bracket and read every newline sequence as "\n", as Lua does.
LuaTokens scan_lua(std::string_view source);

/// The source a file gives Lua's loadfile (and so require): a first line
/// starting with '#' is blanked, keeping its newline so line numbers hold.
std::string lua_source_of_file(std::string_view file_bytes);

}  // namespace kongtpl
