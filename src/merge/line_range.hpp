#pragma once
// A stretch of lines in one of the merge's texts.
#include <cstddef>

namespace kongtpl {

/// A 0-based range of lines [start, start + count).
struct LineRange {
  size_t start = 0;
  size_t count = 0;
  /// One past the last line.
  size_t end() const { return start + count; }
  bool operator==(const LineRange&) const = default;
};

}  // namespace kongtpl
