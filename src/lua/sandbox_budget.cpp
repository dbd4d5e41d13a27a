#include "lua/sandbox_budget.hpp"

#include <lua.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

namespace kongtpl {
namespace {

// Work inside C functions: one instruction's worth per this many bytes.
constexpr double kBytesPerInstruction = 8;
// The allocator reads the clock after this many bytes allocated.
constexpr size_t kClockEveryBytes = size_t{1} << 20;
// charge() reads the clock every this many calls (or on any large charge).
constexpr uint32_t kClockEveryCharges = 64;
constexpr double kLargeCharge = 4096;
// Once a run is stopped, only allocations this small still succeed.
constexpr size_t kStoppedAllocationBytes = 4096;

bool past_deadline(SandboxBudget& budget) {
  budget.bytes_since_clock = 0;
  budget.charges_since_clock = 0;
  return budget.deadline_ns != 0 && thread_cpu_ns() > budget.deadline_ns;
}

// From now on every instruction calls the hook, which fails.
void fail_every_instruction(SandboxBudget& budget, StopReason reason) {
  if (budget.stopped == StopReason::none) budget.stopped = reason;
  lua_sethook(budget.state, sandbox_count_hook, LUA_MASKCOUNT, 1);
}

}  // namespace

void SandboxBudget::start_run() {
  memory_refused = false;
  stopped = StopReason::none;
  instructions_used = 0;
  bytes_since_clock = 0;
  charges_since_clock = 0;
  deadline_ns = thread_cpu_ns() + static_cast<int64_t>(limits.cpu_seconds * 1e9);
}

int64_t thread_cpu_ns() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

void* sandbox_allocate(void* ud, void* ptr, size_t old_size, size_t new_size) {
  auto* budget = static_cast<SandboxBudget*>(ud);
  if (new_size == 0) {
    std::free(ptr);
    budget->bytes_in_use -= old_size;
    return nullptr;
  }
  // Growing past the cap or the deadline fails like a real out-of-memory;
  // shrinking never does.
  if (new_size > old_size) {
    // A stopped run may still build its small error message.
    if (budget->stopped != StopReason::none && new_size > kStoppedAllocationBytes) return nullptr;
    if (budget->bytes_in_use - old_size + new_size > budget->limits.memory_bytes) {
      budget->memory_refused = true;
      return nullptr;
    }
    budget->bytes_since_clock += new_size - old_size;
    if (budget->bytes_since_clock >= kClockEveryBytes && past_deadline(*budget)) {
      fail_every_instruction(*budget, StopReason::cpu_time);
      return nullptr;
    }
  }
  void* grown = std::realloc(ptr, new_size);
  if (grown) budget->bytes_in_use = budget->bytes_in_use - old_size + new_size;
  return grown;
}

SandboxBudget* budget_of(lua_State* L) {
  void* ud = nullptr;
  lua_getallocf(L, &ud);
  return static_cast<SandboxBudget*>(ud);
}

void sandbox_count_hook(lua_State* L, lua_Debug*) {
  SandboxBudget* budget = budget_of(L);
  if (budget->stopped != StopReason::none) stop_run(L, budget->stopped);
  budget->instructions_used += kSandboxHookStep;
  if (budget->instructions_used > budget->limits.instructions) stop_run(L, StopReason::instructions);
  if (past_deadline(*budget)) stop_run(L, StopReason::cpu_time);
}

double bytes_work(size_t bytes) { return static_cast<double>(bytes) / kBytesPerInstruction; }

void charge(lua_State* L, double units) {
  SandboxBudget* budget = budget_of(L);
  if (budget->stopped != StopReason::none) stop_run(L, budget->stopped);
  const double limit = static_cast<double>(budget->limits.instructions);
  if (units >= limit || static_cast<double>(budget->instructions_used) + units > limit) {
    budget->instructions_used = budget->limits.instructions + 1;
    stop_run(L, StopReason::instructions);
  }
  budget->instructions_used += static_cast<uint64_t>(units);
  if ((units >= kLargeCharge || ++budget->charges_since_clock >= kClockEveryCharges) && past_deadline(*budget))
    stop_run(L, StopReason::cpu_time);
}

void describe_stop(const SandboxBudget& budget, char* out, size_t size) {
  if (budget.stopped == StopReason::cpu_time)
    std::snprintf(out, size, "stopped after more than %g s of CPU time (an endless loop?)",
                  budget.limits.cpu_seconds);
  else
    std::snprintf(out, size, "stopped after more than %llu Lua instructions (an endless loop?)",
                  static_cast<unsigned long long>(budget.limits.instructions));
}

void stop_run(lua_State* L, StopReason reason) {
  SandboxBudget* budget = budget_of(L);
  fail_every_instruction(*budget, reason);
  reason = budget->stopped;
  // The running Lua line: level 0 is a C function when charge() stops.
  lua_Debug ar;
  int line = 0;
  for (int level = 0; level < 2 && line <= 0; ++level)
    if (lua_getstack(L, level, &ar) && lua_getinfo(L, "l", &ar)) line = ar.currentline;
  if (line < 0) line = 0;
  // A fixed buffer, not std::string: lua_error longjmps over this frame.
  char message[160];
  std::snprintf(message, sizeof message, "chunk:%d: ", line);
  size_t used = std::strlen(message);
  describe_stop(*budget, message + used, sizeof message - used);
  lua_pushstring(L, message);
  lua_error(L);
  std::abort();  // lua_error longjmps and never returns; Lua 5.1 does not declare it noreturn
}

}  // namespace kongtpl
