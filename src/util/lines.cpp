#include "util/lines.hpp"

#include <algorithm>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace kongtpl {
namespace {

// How many '\n' text holds: 16 bytes at a time, counted in byte lanes
// (at most 255 blocks before they are summed), since std::count on chars
// stays byte by byte here and cost as much as the split itself.
size_t count_newlines(std::string_view text) {
  size_t count = 0, i = 0;
#ifdef __SSE2__
  const __m128i newline = _mm_set1_epi8('\n');
  while (i + 16 <= text.size()) {
    __m128i lanes = _mm_setzero_si128();
    for (size_t blocks = 0; blocks < 255 && i + 16 <= text.size(); ++blocks, i += 16) {
      __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(block, newline));  // a match is -1
    }
    __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
    count += static_cast<size_t>(_mm_cvtsi128_si32(sums)) + static_cast<size_t>(_mm_extract_epi16(sums, 4));
  }
#endif
  return count + static_cast<size_t>(std::count(text.begin() + static_cast<long>(i), text.end(), '\n'));
}

}  // namespace

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  // Sized exactly: a merge keeps the lines of three texts, and a doubling
  // vector would hold up to twice the room.
  lines.reserve(count_newlines(text) + (!text.empty() && text.back() != '\n'));
  size_t start = 0, i = 0;
#ifdef __SSE2__
  // The newlines of 16 bytes at a time: a memchr call per short line cost
  // more than the lines' bytes.
  const __m128i newline = _mm_set1_epi8('\n');
  for (; i + 16 <= text.size(); i += 16) {
    __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    for (unsigned ends = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, newline))); ends != 0;
         ends &= ends - 1) {
      const size_t end = i + static_cast<size_t>(__builtin_ctz(ends)) + 1;
      lines.push_back(Line{text.substr(start, end - start)});
      start = end;
    }
  }
#endif
  while (start < text.size()) {
    const size_t from = std::max(start, i);
    const void* nl = std::memchr(text.data() + from, '\n', text.size() - from);
    size_t end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1 : text.size();
    lines.push_back(Line{text.substr(start, end - start)});
    start = end;
  }
  return lines;
}

bool looks_binary(std::string_view text) {
  // git looks at the first 8000 bytes only; a template with a NUL anywhere
  // is not something kongtpl should merge, so look at all of it.
  return text.find('\0') != std::string_view::npos;
}

}  // namespace kongtpl
