#pragma once
// Stage 1 of the pipeline (like git's xprepare.c): split texts into lines,
// normalise each line once for the whitespace mode, and intern the result to
// an integer id. Everything downstream compares ids, never strings.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "diff/whitespace.hpp"
#include "util/lines.hpp"

namespace kongtpl {

/// Gives equal normalised lines equal ids. Share one interner between all
/// texts that will be compared with each other.
class LineInterner {
 public:
  /// The id of a normalised line, assigning a new one on first sight.
  int32_t intern(std::string key);
  /// How many distinct keys have been seen.
  size_t size() const { return ids_.size(); }

 private:
  std::unordered_map<std::string, int32_t> ids_;
};

/// A text ready for diffing: its lines (views into the original bytes) and
/// the id of each line under one whitespace mode.
struct PreparedText {
  std::vector<Line> lines;
  std::vector<int32_t> ids;
};

/// Splits text and interns each line under mode. text must outlive the result.
PreparedText prepare_text(std::string_view text, WhitespaceMode mode, LineInterner& interner);

}  // namespace kongtpl
