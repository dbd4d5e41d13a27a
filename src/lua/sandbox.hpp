#pragma once
// The one owner of a Lua 5.1 state. Template modules are untrusted input, so
// every chunk runs with a memory cap, an instruction budget (work inside C
// library functions is charged to it), a CPU-time deadline and a bare
// environment: no io, os, require, package, debug, file loading, bytecode or
// string.dump; the pattern functions raise "kongtpl refuses Lua patterns" (a
// pathological pattern runs inside one C call, where nothing can stop it).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

struct lua_State;

namespace kongtpl {

struct SandboxBudget;  // what a run has used so far (sandbox.cpp)

/// How much a single chunk may use before it is stopped.
struct SandboxLimits {
  /// Bytes the whole Lua state may hold at once.
  size_t memory_bytes = size_t{64} << 20;
  /// Lua VM instructions one run may execute (an endless loop hits this in
  /// well under a second; a real template module needs a handful).
  uint64_t instructions = 20'000'000;
  /// CPU time one run may take, in seconds, whatever it spends it on.
  double cpu_seconds = 1.0;
};

/// Why a chunk did not give a value.
enum class ChunkFailureKind {
  syntax,        ///< it does not compile
  runtime,       ///< it raised an error while running
  memory,        ///< it needed more than the memory cap
  instructions,  ///< it ran longer than the instruction budget
  cpu_time,      ///< it ran past the CPU-time deadline
  refused,       ///< it called something kongtpl refuses (a Lua pattern)
  bytecode,      ///< it is precompiled bytecode, which is refused
};

/// A chunk's failure, located in the chunk's own lines.
struct ChunkFailure {
  ChunkFailureKind kind = ChunkFailureKind::runtime;
  /// 1-based line in the chunk; 0 when Lua gave none.
  uint32_t line = 0;
  /// What went wrong, without any "name:line:" prefix.
  std::string message;
  /// "file:line: message" (or "file: message" without a line).
  std::string describe(std::string_view file) const;
};

/// Either a value or a ChunkFailure; check ok() before value().
template <class T>
class [[nodiscard]] ChunkResult {
 public:
  ChunkResult(T value) : data_(std::move(value)) {}
  ChunkResult(ChunkFailure failure) : data_(std::move(failure)) {}
  /// True when a value is held.
  bool ok() const { return data_.index() == 0; }
  T& value() { return std::get<0>(data_); }
  const T& value() const { return std::get<0>(data_); }
  const ChunkFailure& failure() const { return std::get<1>(data_); }

 private:
  std::variant<T, ChunkFailure> data_;
};

/// What a chunk returned: its first value's Lua type, and the text when a string.
struct ChunkValue {
  /// Lua's name for the type ("string", "table", "nil" when nothing returned).
  std::string type_name;
  /// The returned string, byte-exact, when type_name is "string".
  std::string text;
};

/// A restricted Lua state; reuse one per thread (see shared()).
class Sandbox {
 public:
  explicit Sandbox(SandboxLimits limits = {});
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  /// This thread's sandbox with default limits, created on first use.
  static Sandbox& shared();

  /// Compiles a text chunk and runs it in a fresh restricted environment.
  ChunkResult<ChunkValue> run(std::string_view source);
  /// Compiles a text chunk without running it; a failure on error.
  ChunkResult<std::monostate> compile(std::string_view source);
  /// Compiles a text chunk and returns its Lua 5.1 bytecode (with line info).
  ChunkResult<std::string> compile_to_bytecode(std::string_view source);

  /// Bytes the state holds now (for tests and diagnostics).
  size_t memory_in_use() const;
  /// The limits this sandbox enforces.
  const SandboxLimits& limits() const;

 private:
  ChunkResult<std::monostate> load(std::string_view source);
  std::unique_ptr<SandboxBudget> budget_;
  lua_State* state_ = nullptr;
  int runner_ref_ = 0;
};

}  // namespace kongtpl
