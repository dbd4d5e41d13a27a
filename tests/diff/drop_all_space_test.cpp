// drop_all_space is the fast path of normalize_line_into for
// IgnoreAllSpace (16 bytes at a time, block stores past each run, the
// last bytes from a padded copy): its key must be exactly the slow path's,
// for every length around the block size and any mix of whitespace.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "diff/prepare.hpp"
#include "diff/whitespace.hpp"

namespace kongtpl {
namespace {

TEST(DropAllSpace, GivesNormalizeLineIntosKeyForAnyLine) {
  const std::string alphabet = "ab{}$#;  \t\t\r\nxyz_";
  std::mt19937 rng(12345);
  std::string scratch, expected;
  for (int round = 0; round < 20000; ++round) {
    const size_t length = std::uniform_int_distribution<size_t>(0, 70)(rng);
    // Lines are views into a larger text: bytes after the line must not leak in.
    std::string text;
    for (size_t i = 0; i < length + 20; ++i)
      text += alphabet[std::uniform_int_distribution<size_t>(0, alphabet.size() - 1)(rng)];
    const std::string_view line = std::string_view(text).substr(0, length);
    normalize_line_into(expected, line, WhitespaceMode::IgnoreAllSpace);
    ASSERT_EQ(drop_all_space(scratch, line), expected) << "line '" << line << "'";
  }
}

}  // namespace
}  // namespace kongtpl
