#pragma once
// The globals a sandboxed module sees: Lua's base functions without any way
// out (no io, os, require, load*, debug, bytecode), and copies of string,
// table and math whose C functions charge the run for the work they do.
// Internal to src/lua/sandbox*.cpp.

struct lua_State;

namespace kongtpl {

/// Registry key of the table the per-run environments are copied from.
inline constexpr const char* kSafeGlobalsKey = "kongtpl.safe_globals";

/// The text every refused pattern call raises (string.find, match, gmatch, gsub).
inline constexpr const char* kPatternRefusal = "kongtpl refuses Lua patterns in modules";

/// A lua_CFunction for lua_cpcall: builds the safe globals once and stores
/// them under kSafeGlobalsKey.
int build_safe_globals(lua_State* L);

}  // namespace kongtpl
