#include "lua/sandbox.hpp"

#include <lua.hpp>

#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "lua/sandbox_budget.hpp"
#include "lua/sandbox_library.hpp"

namespace kongtpl {
namespace {

// Every chunk is loaded under this name, so Lua's "name:line:" prefixes are
// easy to take apart; the caller's file name is added back by describe().
constexpr const char* kChunkName = "=chunk";
constexpr std::string_view kChunkPrefix = "chunk:";

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

// Builds the safe globals and stores the runner's registry reference in the
// int that argument 1 points to.
int set_up(lua_State* L) {
  int* runner_ref = static_cast<int*>(lua_touserdata(L, 1));
  lua_pushcfunction(L, build_safe_globals);
  lua_call(L, 0, 0);
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
  if (budget.stopped == StopReason::instructions) kind = ChunkFailureKind::instructions;
  else if (budget.stopped == StopReason::cpu_time) kind = ChunkFailureKind::cpu_time;
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
  if (budget.stopped != StopReason::none) {
    // The stop may have surfaced as an out-of-memory error without its text.
    char reason[160];
    describe_stop(budget, reason, sizeof reason);
    failure.message = reason;
  } else if (kind == ChunkFailureKind::runtime && failure.message.find(kPatternRefusal) == 0) {
    failure.kind = ChunkFailureKind::refused;
  }
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
  state_ = lua_newstate(sandbox_allocate, budget_.get());
  if (!state_) throw std::runtime_error("cannot create a Lua state (out of memory)");
  budget_->state = state_;
  if (lua_cpcall(state_, set_up, &runner_ref_) != 0) {
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
  budget_->start_run();
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
  lua_sethook(L, sandbox_count_hook, LUA_MASKCOUNT, kSandboxHookStep);
  int status = lua_pcall(L, 1, 1, 0);
  lua_sethook(L, nullptr, 0, 0);
  budget_->deadline_ns = 0;
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
