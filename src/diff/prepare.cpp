#include "diff/prepare.hpp"

#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace kongtpl {
namespace {

/// Eight bytes at a time with a multiply-xorshift mix (byte-wise FNV cost a
/// noticeable share of `kongtpl merge` on large files); the high bits are
/// folded down since the table indexes by the low ones.
uint64_t hash_key(std::string_view key) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  uint64_t h = 0x243F6A8885A308D3ull ^ key.size();
  size_t i = 0;
  for (; i + 8 <= key.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, key.data() + i, 8);
    h = (h ^ word) * kMul;
    h ^= h >> 32;
  }
  uint64_t tail = 0;
  for (size_t shift = 0; i < key.size(); ++i, shift += 8) tail |= uint64_t{static_cast<unsigned char>(key[i])} << shift;
  h = (h ^ tail) * kMul;
  return h ^ (h >> 29);
}

}  // namespace

// Where a 16-byte block holds whitespace, copy the runs between it (a few
// words per line) rather than byte by byte. The buffer only grows: resizing
// it to each line zero-filled it every time, which cost more than the copy.
std::string_view drop_all_space(std::string& scratch, std::string_view line) {
#ifdef __SSE2__
  if (scratch.size() < line.size() + 16) scratch.resize(line.size() + 16);  // room for whole-block stores past the end
  char* out = scratch.data();
  // The last bytes (fewer than 16) go through the same path from a padded
  // copy, so that no load reads past the line.
  alignas(16) char tail[32] = {};
  for (size_t i = 0; i < line.size(); i += 16) {
    const bool whole = i + 16 <= line.size();
    const size_t length = whole ? 16 : line.size() - i;
    const char* from = line.data() + i;
    if (!whole) {
      std::memcpy(tail, from, length);
      from = tail;
    }
    __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from));
    __m128i spaces = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(block, _mm_set1_epi8('\t'))),
        _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(block, _mm_set1_epi8('\r'))));
    unsigned keep = ~static_cast<unsigned>(_mm_movemask_epi8(spaces)) & ((1u << length) - 1u);
    if (keep == 0xFFFFu) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out), block);
      out += 16;
      continue;
    }
    while (keep != 0) {
      unsigned start = static_cast<unsigned>(__builtin_ctz(keep));
      unsigned run = static_cast<unsigned>(__builtin_ctz(~(keep >> start)));  // keep >> start has a 0 bit by 16
      // A whole block from the run's start, when that stays inside the
      // source (the output never runs ahead of the input, so it fits too):
      // cheaper than memcpy's call; run bytes of it count.
      if (!whole || i + start + 16 <= line.size())
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_loadu_si128(reinterpret_cast<const __m128i*>(from + start)));
      else
        std::memcpy(out, from + start, run);
      out += run;
      keep &= ~(((1u << run) - 1u) << start);
    }
  }
  return std::string_view(scratch.data(), static_cast<size_t>(out - scratch.data()));
#else
  normalize_line_into(scratch, line, WhitespaceMode::IgnoreAllSpace);
  return scratch;
#endif
}

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
  size_t wanted = 16;  // as intern keeps it: at most three quarters full
  while (wanted * 3 < (count_ + keys) * 4) wanted <<= 1;
  if (wanted > slots_.size()) rehash(wanted);
}

int32_t LineInterner::intern(std::string_view key) {
  // At most three quarters full: probe runs stay short, and the table
  // (16 bytes a slot) is half the size a half-full one would be.
  if ((count_ + 1) * 4 > slots_.size() * 3) rehash(slots_.empty() ? 16 : slots_.size() * 2);
  const uint64_t h = hash_key(key);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.id < 0) {
      slot = Slot{static_cast<uint32_t>(h), static_cast<uint32_t>(keys_.size()), static_cast<uint32_t>(key.size()),
                  static_cast<int32_t>(count_++)};
      keys_.append(key);
      return slot.id;
    }
    if (slot.hash == static_cast<uint32_t>(h) && std::string_view(keys_).substr(slot.offset, slot.length) == key)
      return slot.id;
  }
}

PreparedText prepare_text(std::string_view text, WhitespaceMode mode, LineInterner& interner) {
  PreparedText prepared;
  prepared.lines = split_lines(text);
  prepared.ids.reserve(prepared.lines.size());
  // No interner.reserve(lines): most lines repeat (across the three texts
  // of a merge above all), and a table sized for every line is mostly
  // empty cache misses; it grows as distinct lines come.
  std::string key;  // one buffer for every line's key
  for (const Line& line : prepared.lines) {
    if (mode == WhitespaceMode::IgnoreAllSpace) {
      prepared.ids.push_back(interner.intern(drop_all_space(key, line.bytes)));
      continue;
    }
    normalize_line_into(key, line.bytes, mode);
    prepared.ids.push_back(interner.intern(key));
  }
  return prepared;
}

}  // namespace kongtpl
