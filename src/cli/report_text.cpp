#include "cli/report_text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace kongtpl {
namespace {

std::vector<std::string> tokens(std::string_view line) {
  std::vector<std::string> out;
  size_t i = 0;
  auto word = [](unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; };
  while (i < line.size()) {
    size_t j = i + 1;
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (word(c)) {
      while (j < line.size() && word(static_cast<unsigned char>(line[j]))) ++j;
    } else if (std::isspace(c)) {
      while (j < line.size() && std::isspace(static_cast<unsigned char>(line[j]))) ++j;
    }
    out.emplace_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

/// Adjacent spans of the same kind joined, so <mark> wraps whole changes.
std::vector<WordSpan> joined(const std::vector<std::string>& pieces, const std::vector<bool>& changed) {
  std::vector<WordSpan> spans;
  for (size_t i = 0; i < pieces.size(); ++i) {
    if (!spans.empty() && spans.back().changed == changed[i]) {
      spans.back().text += pieces[i];
    } else {
      spans.push_back({pieces[i], changed[i]});
    }
  }
  return spans;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

WordDiff word_diff(std::string_view before, std::string_view after) {
  std::vector<std::string> a = tokens(before), b = tokens(after);
  std::vector<bool> a_changed(a.size(), true), b_changed(b.size(), true);
  constexpr size_t kMaxPieces = 400;
  if (a.size() <= kMaxPieces && b.size() <= kMaxPieces) {
    // lcs[i][j]: the common pieces of a[i..] and b[j..].
    std::vector<std::vector<uint16_t>> lcs(a.size() + 1, std::vector<uint16_t>(b.size() + 1, 0));
    for (size_t i = a.size(); i-- > 0;)
      for (size_t j = b.size(); j-- > 0;)
        lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
      if (a[i] == b[j]) {
        a_changed[i++] = false;
        b_changed[j++] = false;
      } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
        ++i;
      } else {
        ++j;
      }
    }
  }
  return {joined(a, a_changed), joined(b, b_changed)};
}

size_t character_count(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace kongtpl
