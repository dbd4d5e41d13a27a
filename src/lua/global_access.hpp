#pragma once
// Which global variables a compiled Lua 5.1 chunk reads and assigns, read
// from its bytecode (the GETGLOBAL and SETGLOBAL instructions of every
// function prototype): exact, because Lua's own parser decided what is local.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace kongtpl {

/// One instruction that reads or assigns a global variable.
struct GlobalAccess {
  /// The global's name.
  std::string name;
  /// 1-based line of the chunk the instruction came from.
  uint32_t line = 0;
  /// True for an assignment (SETGLOBAL), false for a read (GETGLOBAL).
  bool assigns = false;
};

/// The global accesses in Lua 5.1 bytecode as lua_dump writes it (with
/// debug info), in prototype and code order.
Result<std::vector<GlobalAccess>> globals_in_bytecode(std::string_view bytecode);

}  // namespace kongtpl
