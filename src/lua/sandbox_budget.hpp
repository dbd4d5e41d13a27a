#pragma once
// What one sandboxed run may still use, and the ways it is stopped: the
// allocator (memory cap), the count hook (Lua instructions), charge() (work
// done inside C library functions, counted as instructions) and the CPU-time
// deadline that all three check. Internal to src/lua/sandbox*.cpp.
//
// Everything here may longjmp (lua_error): no object with a destructor may be
// alive in a function that calls stop_run() or charge().
#include <cstddef>
#include <cstdint>

#include "lua/sandbox.hpp"

struct lua_State;
struct lua_Debug;

namespace kongtpl {

/// Why a run was stopped by kongtpl (not by the chunk's own error).
enum class StopReason : uint8_t { none, instructions, cpu_time };

struct SandboxBudget {
  SandboxLimits limits;
  /// The state this budget belongs to (the allocator sets its hook).
  lua_State* state = nullptr;
  size_t bytes_in_use = 0;
  bool memory_refused = false;
  uint64_t instructions_used = 0;
  StopReason stopped = StopReason::none;
  /// Thread CPU time (ns) after which the run is stopped; 0 when not running.
  int64_t deadline_ns = 0;
  /// Bytes allocated since the clock was last read (the allocator reads it
  /// every kClockEveryBytes, so work inside one C call is also bounded).
  size_t bytes_since_clock = 0;
  /// Calls to charge() since the clock was last read.
  uint32_t charges_since_clock = 0;

  /// Resets the counters and starts the CPU-time clock of a new run.
  void start_run();
};

/// The count hook fires every this many instructions while within budget.
inline constexpr int kSandboxHookStep = 1000;

/// This thread's CPU time in nanoseconds.
int64_t thread_cpu_ns();

/// The lua_Alloc that enforces the memory cap and, on large allocations, the deadline.
void* sandbox_allocate(void* ud, void* ptr, size_t old_size, size_t new_size);

/// The budget of a state created with sandbox_allocate.
SandboxBudget* budget_of(lua_State* L);

/// The count hook: instructions and the deadline.
void sandbox_count_hook(lua_State* L, lua_Debug* ar);

/// Adds work done in C to the instruction count (one instruction per
/// kBytesPerInstruction bytes or per element); stops the run when over budget
/// or past the deadline.
void charge(lua_State* L, double units);

/// Units for work on a number of bytes.
double bytes_work(size_t bytes);

/// Writes why the run was stopped ("stopped after more than ...") into out.
void describe_stop(const SandboxBudget& budget, char* out, size_t size);

/// Stops the run for reason: from now on every instruction fails, so pcall
/// cannot keep it alive. Raises a Lua error (longjmp).
[[noreturn]] void stop_run(lua_State* L, StopReason reason);

}  // namespace kongtpl
