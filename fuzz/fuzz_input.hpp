#pragma once
// Splitting one libFuzzer input into the pieces a target needs: a leading
// options byte, then texts separated by a NUL byte (templates are text, so
// NUL never needs to be part of a piece).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kongtpl::fuzz {

/// The input as bytes.
inline std::string_view bytes_of(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Up to n pieces of text split at NUL bytes; missing pieces are empty, the
/// last piece keeps any further NULs removed.
inline std::vector<std::string> split_pieces(std::string_view input, size_t n) {
  std::vector<std::string> pieces(n);
  size_t piece = 0;
  for (char c : input) {
    if (c == '\0' && piece + 1 < n) {
      ++piece;
      continue;
    }
    if (c != '\0') pieces[piece].push_back(c);
  }
  return pieces;
}

/// Crash with a message: libFuzzer records the input.
[[noreturn]] void property_failed(const char* what, std::string_view detail = {});

}  // namespace kongtpl::fuzz
