#pragma once
// The names Kong's compile step gives template code, read from
// kong/cmd/utils/prefix_handler.lua at a version: the keys of compile_conf's
// `compile_env = { ... }` table (a nested table contributes "os.getenv"),
// and the names it assigns later (`compile_env.dns_resolver = ...`).
// Configuration properties join them at render time (kong_defaults.lua).
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace kongtpl {

/// What compile_conf puts beside the configuration.
struct CompileEnvironment {
  /// Top-level helper names ("pairs", "ipairs", "tostring", "os", "quote").
  std::set<std::string> helpers;
  /// Fields of nested helper tables, as "os.getenv".
  std::set<std::string> fields;
  /// Names compile_conf computes and assigns (`compile_env.X = ...`).
  std::set<std::string> computed;
};

/// Parses prefix_handler.lua's compile_conf; nullopt when the file has no
/// `compile_env = {` table (the check cannot run).
std::optional<CompileEnvironment> parse_compile_environment(std::string_view prefix_handler);

/// Lua 5.1's standard global names (base library and library tables), read
/// from a fresh Lua state: the names template authors reach for that Kong's
/// environment does not give them.
const std::set<std::string>& lua_standard_globals();

}  // namespace kongtpl
