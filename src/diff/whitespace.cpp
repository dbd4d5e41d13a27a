#include "diff/whitespace.hpp"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace kongtpl {

std::string normalize_line(std::string_view line, WhitespaceMode mode) {
  std::string key;
  normalize_line_into(key, line, mode);
  return key;
}

void normalize_line_into(std::string& key, std::string_view line, WhitespaceMode mode) {
  key.clear();
  switch (mode) {
    case WhitespaceMode::Exact:
      key.assign(line);
      break;
    case WhitespaceMode::IgnoreAllSpace: {
      // The hot loop of every -w comparison: write into a sized buffer
      // rather than push_back byte by byte.
      key.resize(line.size());
      char* out = key.data();
      size_t i = 0;
#ifdef __SSE2__
      // 16 bytes at a time: most of a template line is not whitespace, so a
      // block without any is copied whole.
      for (; i + 16 <= line.size(); i += 16) {
        __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(line.data() + i));
        __m128i spaces = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(block, _mm_set1_epi8('\t'))),
            _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(block, _mm_set1_epi8('\r'))));
        if (_mm_movemask_epi8(spaces) == 0) {
          _mm_storeu_si128(reinterpret_cast<__m128i*>(out), block);
          out += 16;
          continue;
        }
        for (size_t j = i; j < i + 16; ++j) {
          *out = line[j];
          out += !is_space(line[j]);
        }
      }
#endif
      for (; i < line.size(); ++i) {
        *out = line[i];
        out += !is_space(line[i]);
      }
      key.resize(static_cast<size_t>(out - key.data()));
      break;
    }
    case WhitespaceMode::IgnoreSpaceChange: {
      bool pending_space = false;
      for (char c : line) {
        if (is_space(c)) {
          pending_space = true;
          continue;
        }
        // A run of whitespace counts as one space; trailing runs vanish.
        if (pending_space) key.push_back(' ');
        pending_space = false;
        key.push_back(c);
      }
      break;
    }
  }
}

bool is_blank_line(std::string_view line) {
  for (char c : line)
    if (!is_space(c)) return false;
  return true;
}

bool is_ignorable_blank_line(std::string_view line, WhitespaceMode mode) {
  if (mode == WhitespaceMode::Exact) return line.size() <= 1;
  return is_blank_line(line);
}

}  // namespace kongtpl
