#pragma once
// Stage 1 of the pipeline (like git's xprepare.c): split texts into lines,
// normalise each line once for the whitespace mode, and intern the result to
// an integer id. Everything downstream compares ids, never strings.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "diff/whitespace.hpp"
#include "util/lines.hpp"

namespace kongtpl {

/// Gives equal normalised lines equal ids. Share one interner between all
/// texts that will be compared with each other. An open-addressing table
/// whose keys live in one buffer: interning 200,000 lines is on the hot path
/// of `kongtpl merge`.
class LineInterner {
 public:
  /// The id of a normalised line, assigning the next id on first sight.
  int32_t intern(std::string_view key);
  /// How many distinct keys have been seen.
  size_t size() const { return count_; }
  /// Makes room for about `keys` more distinct keys without rehashing.
  void reserve(size_t keys);

 private:
  struct Slot {  // 16 bytes: four to a cache line
    uint32_t hash = 0;  ///< the hash's low bits, to skip most key compares
    uint32_t offset = 0;
    uint32_t length = 0;
    int32_t id = -1;  ///< -1: empty
  };
  void rehash(size_t slot_count);
  std::vector<Slot> slots_;
  std::string keys_;  // every key, back to back
  size_t count_ = 0;
};

/// The key normalize_line_into(key, line, IgnoreAllSpace) makes, faster on
/// indented lines: a view into scratch, valid until scratch's next use.
std::string_view drop_all_space(std::string& scratch, std::string_view line);

/// A text ready for diffing: its lines (views into the original bytes) and
/// the id of each line under one whitespace mode.
struct PreparedText {
  std::vector<Line> lines;
  std::vector<int32_t> ids;
};

/// Splits text and interns each line under mode. text must outlive the result.
PreparedText prepare_text(std::string_view text, WhitespaceMode mode, LineInterner& interner);

}  // namespace kongtpl
