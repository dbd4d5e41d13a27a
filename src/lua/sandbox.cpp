#include "lua/sandbox.hpp"

#include <lua.hpp>

#include <cstdlib>
#include <cstring>
#include <iterator>
#include <stdexcept>

namespace kongtpl {
namespace {

// Every chunk is loaded under this name, so Lua's "name:line:" prefixes are
// easy to take apart; the caller's file name is added back by describe().
constexpr const char* kChunkName = "=chunk";
constexpr std::string_view kChunkPrefix = "chunk:";
// The count hook fires every kHookStep instructions while within budget.
constexpr int kHookStep = 1000;
// Registry key of the table the per-run environments are copied from.
constexpr const char* kSafeGlobalsKey = "kongtpl.safe_globals";

const char* const kSafeBase[] = {"assert",   "error",    "ipairs",  "next",         "pairs",
                                 "pcall",    "rawequal", "rawget",  "rawset",       "select",
                                 "tonumber", "tostring", "type",    "unpack",       "xpcall",
                                 "setmetatable", "_VERSION"};
const char* const kSafeString[] = {"byte", "char", "format", "len", "lower", "reverse", "sub", "upper"};
const char* const kSafeTable[] = {"concat", "insert", "maxn", "remove", "sort"};

}  // namespace

struct SandboxBudget {
  SandboxLimits limits;
  size_t bytes_in_use = 0;
  bool memory_refused = false;
  uint64_t instructions_used = 0;
  bool instructions_exhausted = false;
};

namespace {

SandboxBudget* budget_of(lua_State* L);

void* allocate(void* ud, void* ptr, size_t old_size, size_t new_size) {
  auto* budget = static_cast<SandboxBudget*>(ud);
  if (new_size == 0) {
    std::free(ptr);
    budget->bytes_in_use -= old_size;
    return nullptr;
  }
  // Growing past the cap fails like a real out-of-memory; shrinking never does.
  if (new_size > old_size && budget->bytes_in_use - old_size + new_size > budget->limits.memory_bytes) {
    budget->memory_refused = true;
    return nullptr;
  }
  void* grown = std::realloc(ptr, new_size);
  if (grown) budget->bytes_in_use = budget->bytes_in_use - old_size + new_size;
  return grown;
}

void count_hook(lua_State* L, lua_Debug*) {
  auto* budget = budget_of(L);
  budget->instructions_used += kHookStep;
  if (budget->instructions_used <= budget->limits.instructions && !budget->instructions_exhausted) return;
  // From now on every instruction fails, so pcall cannot keep a loop alive.
  budget->instructions_exhausted = true;
  lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
  lua_Debug ar;
  int line = 0;
  if (lua_getstack(L, 0, &ar) && lua_getinfo(L, "l", &ar)) line = ar.currentline;
  std::string message = "chunk:" + std::to_string(line > 0 ? line : 0) +
                        ": stopped after more than " + std::to_string(budget->limits.instructions) +
                        " Lua instructions (an endless loop?)";
  lua_pushlstring(L, message.data(), message.size());
  lua_error(L);
}

SandboxBudget* budget_of(lua_State* L) {
  void* ud = nullptr;
  lua_getallocf(L, &ud);
  return static_cast<SandboxBudget*>(ud);
}

// string.rep without its two ways to hang: a huge count of "" loops in C
// without allocating, and a huge result is refused before it is built.
int safe_rep(lua_State* L) {
  size_t length = 0;
  const char* s = luaL_checklstring(L, 1, &length);
  lua_Integer count = luaL_checkinteger(L, 2);
  if (count <= 0 || length == 0) {
    lua_pushliteral(L, "");
    return 1;
  }
  if (static_cast<double>(length) * static_cast<double>(count) >
      static_cast<double>(budget_of(L)->limits.memory_bytes))
    return luaL_error(L, "string.rep result is larger than the sandbox memory cap");
  luaL_Buffer buffer;
  luaL_buffinit(L, &buffer);
  for (lua_Integer i = 0; i < count; ++i) luaL_addlstring(&buffer, s, length);
  luaL_pushresult(&buffer);
  return 1;
}

// Copies the named fields of the table at index from into the one at to
// (both absolute or pseudo indices).
void copy_fields(lua_State* L, int from, int to, const char* const* names, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    lua_getfield(L, from, names[i]);
    lua_setfield(L, to, names[i]);
  }
}

// Pushes a fresh environment: library tables are copied so one module
// cannot change what the next one sees.
void push_fresh_environment(lua_State* L) {
  lua_newtable(L);
  int env = lua_gettop(L);
  lua_getfield(L, LUA_REGISTRYINDEX, kSafeGlobalsKey);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    if (lua_istable(L, -1)) {
      lua_newtable(L);
      lua_pushnil(L);
      while (lua_next(L, -3)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_settable(L, -4);
      }
      lua_replace(L, -2);
    }
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_settable(L, env);
  }
  lua_pop(L, 1);
  lua_pushvalue(L, env);
  lua_setfield(L, env, "_G");
}

// Gives the chunk (argument 1) a fresh environment and runs it.
int run_in_fresh_environment(lua_State* L) {
  push_fresh_environment(L);
  lua_setfenv(L, 1);
  lua_settop(L, 1);
  lua_call(L, 0, 1);
  return 1;
}

// Builds the safe globals once (base functions, string/table/math copies) and
// stores the runner's registry reference in the int that ud points to.
int build_safe_globals(lua_State* L) {
  int* runner_ref = static_cast<int*>(lua_touserdata(L, 1));
  for (lua_CFunction open : {luaopen_base, luaopen_string, luaopen_table, luaopen_math}) {
    lua_pushcfunction(L, open);
    lua_call(L, 0, 0);
  }
  lua_newtable(L);  // safe globals
  int safe = lua_gettop(L);
  copy_fields(L, LUA_GLOBALSINDEX, safe, kSafeBase, std::size(kSafeBase));

  lua_newtable(L);
  lua_getglobal(L, "string");
  copy_fields(L, lua_gettop(L), lua_gettop(L) - 1, kSafeString, std::size(kSafeString));
  lua_pop(L, 1);
  lua_pushcfunction(L, safe_rep);
  lua_setfield(L, -2, "rep");
  // Method calls on strings ("x"):upper() must see the same safe table.
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_pushvalue(L, -3);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 2);
  lua_setfield(L, safe, "string");

  lua_newtable(L);
  lua_getglobal(L, "table");
  copy_fields(L, lua_gettop(L), lua_gettop(L) - 1, kSafeTable, std::size(kSafeTable));
  lua_pop(L, 1);
  lua_setfield(L, safe, "table");

  lua_newtable(L);
  lua_getglobal(L, "math");
  lua_pushnil(L);
  while (lua_next(L, -2)) {  // math has nothing unsafe: copy it whole
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_settable(L, -5);
  }
  lua_pop(L, 1);
  lua_setfield(L, safe, "math");

  lua_setfield(L, LUA_REGISTRYINDEX, kSafeGlobalsKey);
  lua_pushcfunction(L, run_in_fresh_environment);
  *runner_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  return 0;
}

// Splits Lua's "chunk:12: message" into its line and message.
ChunkFailure failure_from_message(ChunkFailureKind kind, std::string_view text) {
  ChunkFailure failure{kind, 0, std::string(text)};
  if (text.substr(0, kChunkPrefix.size()) != kChunkPrefix) return failure;
  size_t digits_end = kChunkPrefix.size();
  uint32_t line = 0;
  while (digits_end < text.size() && text[digits_end] >= '0' && text[digits_end] <= '9')
    line = line * 10 + static_cast<uint32_t>(text[digits_end++] - '0');
  if (digits_end == kChunkPrefix.size() || text.substr(digits_end, 2) != ": ") return failure;
  failure.line = line;
  failure.message = std::string(text.substr(digits_end + 2));
  return failure;
}

// The failure for a non-zero status, with the error value on top of the stack.
ChunkFailure failure_from_stack(lua_State* L, int status, const SandboxBudget& budget,
                                ChunkFailureKind default_kind) {
  ChunkFailureKind kind = default_kind;
  if (budget.instructions_exhausted) kind = ChunkFailureKind::instructions;
  else if (status == LUA_ERRMEM || budget.memory_refused) kind = ChunkFailureKind::memory;
  std::string text;
  if (lua_type(L, -1) == LUA_TSTRING) {
    size_t length = 0;
    const char* s = lua_tolstring(L, -1, &length);
    text.assign(s, length);
  } else {
    text = std::string("error object is a ") + luaL_typename(L, -1) + " value";
  }
  lua_pop(L, 1);
  ChunkFailure failure = failure_from_message(kind, text);
  if (kind == ChunkFailureKind::memory)
    failure.message = "needs more than " + std::to_string(budget.limits.memory_bytes >> 20) +
                      " MiB of memory (" + failure.message + ")";
  return failure;
}

int write_to_string(lua_State*, const void* data, size_t size, void* out) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(data), size);
  return 0;
}

}  // namespace

std::string ChunkFailure::describe(std::string_view file) const {
  std::string out(file);
  if (line > 0) out += ":" + std::to_string(line);
  return out + ": " + message;
}

Sandbox::Sandbox(SandboxLimits limits) : budget_(std::make_unique<SandboxBudget>()) {
  budget_->limits = limits;
  state_ = lua_newstate(allocate, budget_.get());
  if (!state_) throw std::runtime_error("cannot create a Lua state (out of memory)");
  if (lua_cpcall(state_, build_safe_globals, &runner_ref_) != 0) {
    lua_close(state_);
    throw std::runtime_error("cannot set up the Lua sandbox (out of memory)");
  }
}

Sandbox::~Sandbox() { lua_close(state_); }

Sandbox& Sandbox::shared() {
  thread_local Sandbox sandbox;
  return sandbox;
}

size_t Sandbox::memory_in_use() const { return budget_->bytes_in_use; }

const SandboxLimits& Sandbox::limits() const { return budget_->limits; }

ChunkResult<std::monostate> Sandbox::load(std::string_view source) {
  budget_->memory_refused = false;
  budget_->instructions_exhausted = false;
  budget_->instructions_used = 0;
  // Lua itself decides "binary" by the first byte; refuse before it looks.
  if (!source.empty() && source[0] == LUA_SIGNATURE[0])
    return ChunkFailure{ChunkFailureKind::bytecode, 0,
                        "precompiled Lua bytecode is refused: use the module's source text"};
  int status = luaL_loadbuffer(state_, source.data(), source.size(), kChunkName);
  if (status != 0) return failure_from_stack(state_, status, *budget_, ChunkFailureKind::syntax);
  return std::monostate{};
}

ChunkResult<std::monostate> Sandbox::compile(std::string_view source) {
  auto loaded = load(source);
  if (loaded.ok()) lua_settop(state_, 0);
  return loaded;
}

ChunkResult<std::string> Sandbox::compile_to_bytecode(std::string_view source) {
  auto loaded = load(source);
  if (!loaded.ok()) return loaded.failure();
  std::string bytecode;
  lua_dump(state_, write_to_string, &bytecode);
  lua_settop(state_, 0);
  return bytecode;
}

ChunkResult<ChunkValue> Sandbox::run(std::string_view source) {
  auto loaded = load(source);
  if (!loaded.ok()) return loaded.failure();
  lua_State* L = state_;
  // The runner (kept in the registry, so fetching it allocates nothing) builds
  // the environment inside the protected call: running out of memory there is
  // an error value, never a panic.
  lua_rawgeti(L, LUA_REGISTRYINDEX, runner_ref_);
  lua_insert(L, -2);
  lua_sethook(L, count_hook, LUA_MASKCOUNT, kHookStep);
  int status = lua_pcall(L, 1, 1, 0);
  lua_sethook(L, nullptr, 0, 0);
  if (status != 0) {
    auto failure = failure_from_stack(L, status, *budget_, ChunkFailureKind::runtime);
    lua_settop(L, 0);
    return failure;
  }
  ChunkValue value;
  value.type_name = luaL_typename(L, -1);
  if (lua_type(L, -1) == LUA_TSTRING) {
    size_t length = 0;
    const char* s = lua_tolstring(L, -1, &length);
    value.text.assign(s, length);
  }
  lua_settop(L, 0);
  // Most runs leave a little garbage; a module that grew the heap is cleaned now.
  if (budget_->bytes_in_use > budget_->limits.memory_bytes / 8) lua_gc(L, LUA_GCCOLLECT, 0);
  return value;
}

}  // namespace kongtpl
