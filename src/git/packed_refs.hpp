#pragma once
// A repository's packed-refs file, read for one slice of ref names.
//
// A full Kong clone packs about 10,000 refs (branches, remotes, pull
// requests) and 178 tags. Reading and scanning the whole file was most of
// the work of listing versions; the file is mapped instead, and when git
// wrote it sorted (the "sorted" trait, as every git since 2.x writes) the
// slice is found by binary search, as git itself does: only the pages of
// the slice are read.
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace kongtpl {

/// One record: "<hex> <refname>", optionally followed by "^<hex>".
struct PackedRef {
  std::string_view name;    ///< full ref name, e.g. "refs/tags/2.8.1"
  std::string_view target;  ///< hex id the ref points at
  std::string_view peeled;  ///< the "^<hex>" line's id; empty when there is none
};

class PackedRefs {
 public:
  /// Maps path; a missing file is an empty one.
  static Result<PackedRefs> open(const std::string& path);
  /// The records of a text in memory (for tests); text must outlive this.
  static PackedRefs of_text(std::string_view text);

  PackedRefs(PackedRefs&& other) noexcept;
  PackedRefs& operator=(PackedRefs&&) = delete;
  PackedRefs(const PackedRefs&) = delete;
  ~PackedRefs();

  /// The header names the "peeled" or "fully-peeled" trait: a tag record
  /// without a "^" line then does not point at a tag object.
  bool peel_recorded() const { return peel_recorded_; }
  /// The header names the "sorted" trait.
  bool sorted() const { return sorted_; }
  /// The records whose name starts with prefix, in file order. The views
  /// point into the file and live as long as this object.
  std::vector<PackedRef> with_prefix(std::string_view prefix) const;

 private:
  PackedRefs(const char* data, size_t size, bool mapped);
  size_t record_start(size_t pos) const;
  size_t next_record(size_t pos, PackedRef& record) const;

  const char* data_ = nullptr;
  size_t size_ = 0;
  bool mapped_ = false;
  size_t body_ = 0;  ///< where the first record starts (after the header)
  bool peel_recorded_ = false;
  bool sorted_ = false;
};

}  // namespace kongtpl
