// The report's text helpers over many inputs: HTML escaping leaves nothing
// markup could start, and the word-level diff keeps both lines whole and
// marks only what the other line lacks.
#include <gtest/gtest.h>

#include <random>

#include "cli/report_text.hpp"

namespace kongtpl {
namespace {

std::string joined(const std::vector<WordSpan>& spans, bool only_kept = false) {
  std::string out;
  for (const WordSpan& s : spans)
    if (!only_kept || !s.changed) out += s.text;
  return out;
}

std::string random_line(std::mt19937& random) {
  static const std::vector<std::string> words{"proxy_pass", "${{PORT}}", " ", "  ", ";", "on", "off", "<", ">", "&",
                                              "\"", "'", "listen", "ssl", "http2", "é", "{", "}", "\t", "kong"};
  std::string line;
  for (int n = std::uniform_int_distribution<int>(0, 12)(random); n > 0; --n)
    line += words[std::uniform_int_distribution<size_t>(0, words.size() - 1)(random)];
  return line;
}

TEST(ReportText, EscapedTextHasNoMarkupCharacters) {
  std::mt19937 random(7);
  for (int i = 0; i < 2000; ++i) {
    std::string line = random_line(random) + "</script><img onerror=x>";
    std::string escaped = html_escape(line);
    EXPECT_EQ(std::string::npos, escaped.find_first_of("<>\"'")) << line;
    // Every & starts an entity kongtpl wrote.
    for (size_t at = escaped.find('&'); at != std::string::npos; at = escaped.find('&', at + 1)) {
      std::string rest = escaped.substr(at, 6);
      EXPECT_TRUE(rest.starts_with("&amp;") || rest.starts_with("&lt;") || rest.starts_with("&gt;") ||
                  rest.starts_with("&quot;") || rest.starts_with("&#39;"))
          << escaped;
    }
  }
}

TEST(ReportText, WordDiffKeepsBothLinesAndMarksOnlyDifferences) {
  std::mt19937 random(11);
  for (int i = 0; i < 2000; ++i) {
    std::string a = random_line(random), b = random_line(random);
    WordDiff d = word_diff(a, b);
    EXPECT_EQ(a, joined(d.before));
    EXPECT_EQ(b, joined(d.after));
    // The unmarked pieces are what the lines share, the same on both sides.
    EXPECT_EQ(joined(d.before, true), joined(d.after, true)) << a << " | " << b;
    if (a == b) {
      for (const WordSpan& s : d.before) EXPECT_FALSE(s.changed) << a;
    }
  }
}

TEST(ReportText, WordDiffMarksTheChangedWordOnly) {
  WordDiff d = word_diff("    keepalive ${{UPSTREAM_KEEPALIVE}};", "    keepalive ${{UPSTREAM_KEEPALIVE_POOL_SIZE}};");
  ASSERT_EQ(3u, d.after.size());
  EXPECT_EQ("UPSTREAM_KEEPALIVE_POOL_SIZE", d.after[1].text);
  EXPECT_TRUE(d.after[1].changed);
  EXPECT_FALSE(d.after[0].changed);
}

TEST(ReportText, CharactersAreCodePoints) {
  EXPECT_EQ(3u, character_count("a→b"));
  EXPECT_EQ(0u, character_count(""));
}

}  // namespace
}  // namespace kongtpl
