#pragma once
// A set of interned line ids that empties in constant time: ids are small
// dense integers, so a stamp per id replaces a hash set. The merge asks
// "is this id among those lines?" once per region, and regions can number
// in the tens of thousands on a large file: clearing by a new stamp keeps
// that linear where rebuilding a hash set each time was not.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace kongtpl {

class IdMarks {
 public:
  /// Empties the set (and sizes it for ids below `id_count`).
  void clear(size_t id_count) {
    if (stamps_.size() < id_count) stamps_.resize(id_count, 0);
    if (++stamp_ == 0) {  // the stamp wrapped: old marks could read as new
      std::fill(stamps_.begin(), stamps_.end(), 0);
      stamp_ = 1;
    }
  }
  void insert(int32_t id) {
    if (id >= 0 && static_cast<size_t>(id) < stamps_.size()) stamps_[static_cast<size_t>(id)] = stamp_;
  }
  bool contains(int32_t id) const {
    return id >= 0 && static_cast<size_t>(id) < stamps_.size() && stamps_[static_cast<size_t>(id)] == stamp_;
  }

 private:
  std::vector<uint32_t> stamps_;
  uint32_t stamp_ = 0;
};

}  // namespace kongtpl
