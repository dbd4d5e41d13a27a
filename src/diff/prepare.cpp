#include "diff/prepare.hpp"

namespace kongtpl {
namespace {

/// FNV-1a, with the high bits folded down since the table indexes by the low ones.
uint64_t hash_key(std::string_view key) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h ^ (h >> 29);
}

}  // namespace

void LineInterner::rehash(size_t slot_count) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(slot_count, Slot{});
  const size_t mask = slot_count - 1;
  for (const Slot& slot : old) {
    if (slot.id < 0) continue;
    size_t i = slot.hash & mask;
    while (slots_[i].id >= 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

void LineInterner::reserve(size_t keys) {
  // Keep the table at most half full so probe runs stay short.
  size_t wanted = 16;
  while (wanted < (count_ + keys) * 2) wanted <<= 1;
  if (wanted > slots_.size()) rehash(wanted);
}

int32_t LineInterner::intern(std::string_view key) {
  if ((count_ + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 16 : slots_.size() * 2);
  const uint64_t h = hash_key(key);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.id < 0) {
      slot = Slot{h, static_cast<uint32_t>(keys_.size()), static_cast<uint32_t>(key.size()),
                  static_cast<int32_t>(count_++)};
      keys_.append(key);
      return slot.id;
    }
    if (slot.hash == h && std::string_view(keys_).substr(slot.offset, slot.length) == key) return slot.id;
  }
}

PreparedText prepare_text(std::string_view text, WhitespaceMode mode, LineInterner& interner) {
  PreparedText prepared;
  prepared.lines = split_lines(text);
  prepared.ids.reserve(prepared.lines.size());
  interner.reserve(prepared.lines.size());
  std::string key;  // one buffer for every line's key
  for (const Line& line : prepared.lines) {
    normalize_line_into(key, line.bytes, mode);
    prepared.ids.push_back(interner.intern(key));
  }
  return prepared;
}

}  // namespace kongtpl
