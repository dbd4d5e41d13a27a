#include "lua/sandbox_library.hpp"

#include <lua.hpp>

#include <cmath>
#include <iterator>
#include <string_view>

#include "lua/sandbox_budget.hpp"

// Every function here may longjmp (lua_error, charge()): none keeps an object
// with a destructor alive.
namespace kongtpl {
namespace {

const char* const kSafeBase[] = {"assert",   "error",    "ipairs",  "next",         "pairs",
                                 "pcall",    "rawequal", "rawget",  "rawset",       "select",
                                 "tonumber", "tostring", "type",    "unpack",       "xpcall",
                                 "setmetatable", "_VERSION"};
// C functions whose work is charged by charged_call (arguments walked,
// results produced).
const char* const kChargedBase[] = {"tostring", "unpack"};
const char* const kChargedString[] = {"byte", "char", "format", "len", "lower", "reverse", "sub", "upper"};
const char* const kChargedTable[] = {"concat", "insert", "maxn", "remove", "sort"};
// Pattern functions: a pathological pattern runs inside one C call, where
// neither the instruction count nor the deadline can stop it.
const char* const kPatternFunctions[] = {"find", "gmatch", "gsub", "match"};

// The work of walking a value given as an argument: a string's bytes, a
// table's elements.
double argument_work(lua_State* L, int index) {
  switch (lua_type(L, index)) {
    case LUA_TSTRING: return bytes_work(lua_objlen(L, index));
    case LUA_TTABLE: return static_cast<double>(lua_objlen(L, index));
    default: return 0;
  }
}

// Calls upvalue 1 with the arguments, charging 1 + the work of every
// argument before (upvalue 2 true: n log n, as for sort) and the bytes of
// every string result after.
int charged_call(lua_State* L) {
  const int arguments = lua_gettop(L);
  double work = 1;
  for (int i = 1; i <= arguments; ++i) {
    double walked = argument_work(L, i);
    if (lua_toboolean(L, lua_upvalueindex(2)) && walked > 1) walked *= std::log2(walked);
    work += walked;
  }
  charge(L, work);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, arguments, LUA_MULTRET);
  const int results = lua_gettop(L);
  double produced = 0;
  for (int i = 1; i <= results; ++i)
    if (lua_type(L, i) == LUA_TSTRING) produced += bytes_work(lua_objlen(L, i));
  if (produced > 0) charge(L, produced);
  return results;
}

// string.rep without its two ways to hang: a huge count of "" loops in C
// without allocating, and a huge result is refused (or charged) before it
// is built. Lua 5.1's rep has no separator; a third argument is ignored.
int safe_rep(lua_State* L) {
  size_t length = 0;
  const char* s = luaL_checklstring(L, 1, &length);
  lua_Integer count = luaL_checkinteger(L, 2);
  if (count <= 0 || length == 0) {
    lua_pushliteral(L, "");
    return 1;
  }
  const double bytes = static_cast<double>(length) * static_cast<double>(count);
  if (bytes > static_cast<double>(budget_of(L)->limits.memory_bytes))
    return luaL_error(L, "string.rep result is larger than the sandbox memory cap");
  // Each repetition is a C call of its own: charge the pieces and the bytes.
  charge(L, static_cast<double>(count) + bytes_work(static_cast<size_t>(bytes)));
  luaL_Buffer buffer;
  luaL_buffinit(L, &buffer);
  for (lua_Integer i = 0; i < count; ++i) luaL_addlstring(&buffer, s, length);
  luaL_pushresult(&buffer);
  return 1;
}

// string.find, match, gmatch, gsub: refused with the name of the call.
int refuse_pattern(lua_State* L) {
  return luaL_error(L, "%s (string.%s): a pattern can run for hours inside one call", kPatternRefusal,
                    lua_tostring(L, lua_upvalueindex(1)));
}

// Sets table[name] (table at index to) to charged_call over from[name].
void copy_charged(lua_State* L, int from, int to, const char* name, bool n_log_n) {
  lua_getfield(L, from, name);
  lua_pushboolean(L, n_log_n);
  lua_pushcclosure(L, charged_call, 2);
  lua_setfield(L, to, name);
}

// Copies the named fields of the table at index from into the one at to
// (both absolute or pseudo indices).
void copy_fields(lua_State* L, int from, int to, const char* const* names, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    lua_getfield(L, from, names[i]);
    lua_setfield(L, to, names[i]);
  }
}

}  // namespace

int build_safe_globals(lua_State* L) {
  for (lua_CFunction open : {luaopen_base, luaopen_string, luaopen_table, luaopen_math}) {
    lua_pushcfunction(L, open);
    lua_call(L, 0, 0);
  }
  lua_newtable(L);  // safe globals
  int safe = lua_gettop(L);
  copy_fields(L, LUA_GLOBALSINDEX, safe, kSafeBase, std::size(kSafeBase));
  for (const char* name : kChargedBase) copy_charged(L, LUA_GLOBALSINDEX, safe, name, false);

  lua_newtable(L);
  int string_copy = lua_gettop(L);
  lua_getglobal(L, "string");
  for (const char* name : kChargedString) copy_charged(L, string_copy + 1, string_copy, name, false);
  lua_pop(L, 1);
  lua_pushcfunction(L, safe_rep);
  lua_setfield(L, string_copy, "rep");
  for (const char* name : kPatternFunctions) {
    lua_pushstring(L, name);
    lua_pushcclosure(L, refuse_pattern, 1);
    lua_setfield(L, string_copy, name);
  }
  // Method calls on strings ("x"):upper() must see the same safe table.
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_pushvalue(L, string_copy);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 2);
  lua_setfield(L, safe, "string");

  lua_newtable(L);
  int table_copy = lua_gettop(L);
  lua_getglobal(L, "table");
  for (const char* name : kChargedTable)
    copy_charged(L, table_copy + 1, table_copy, name, std::string_view(name) == "sort");
  lua_pop(L, 1);
  lua_setfield(L, safe, "table");

  lua_newtable(L);
  lua_getglobal(L, "math");
  lua_pushnil(L);
  while (lua_next(L, -2)) {  // math has nothing unsafe, nothing slow: copy it whole
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_settable(L, -5);
  }
  lua_pop(L, 1);
  lua_setfield(L, safe, "math");

  lua_setfield(L, LUA_REGISTRYINDEX, kSafeGlobalsKey);
  return 0;
}

}  // namespace kongtpl
