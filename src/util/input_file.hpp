#pragma once
// Reading what the user names as input: a regular file, or "-" for standard
// input, never more than a size limit (64 MiB unless $KONGTPL_MAX_INPUT_SIZE
// says otherwise). FIFOs, devices and directories are refused before any
// read, so /dev/zero or a FIFO nobody writes to can neither hang kongtpl nor
// grow its memory without bound.
#include <cstddef>
#include <cstdint>
#include <string>

#include "util/result.hpp"

namespace kongtpl {

/// The limit when $KONGTPL_MAX_INPUT_SIZE is unset: 64 MiB.
inline constexpr size_t kDefaultInputLimit = size_t{64} << 20;

/// The input size limit: $KONGTPL_MAX_INPUT_SIZE (bytes, or with a K, M or G
/// suffix) when set and valid, else kDefaultInputLimit.
Result<size_t> input_size_limit();

/// A size from an environment variable (bytes, or with a K, M or G suffix),
/// fallback when it is unset or empty; an Error naming it when malformed.
Result<uint64_t> size_from_environment(const char* variable, uint64_t fallback);
/// Reads the regular file at path (symlinks followed), at most limit bytes.
Result<std::string> read_regular_file(const std::string& path, size_t limit);

/// Reads "-" as standard input (whatever it is: a pipe, a file, a terminal),
/// anything else as read_regular_file does; the limit is input_size_limit().
Result<std::string> read_input(const std::string& path);

/// Whether an empty input is a mistake (a template) or a text like any other
/// (a side of `merge`, as for git merge-file).
enum class EmptyInput { Refused, Allowed };

/// read_input for a text every command reads the same way: NUL bytes
/// (binary) are refused, and so is an empty file where a template is expected,
/// each with one line naming the file.
Result<std::string> read_text_input(const std::string& path, EmptyInput empty = EmptyInput::Refused);

}  // namespace kongtpl
