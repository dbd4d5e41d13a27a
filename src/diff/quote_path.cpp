#include "diff/quote_path.hpp"

namespace kongtpl {

namespace {

bool needs_quote(unsigned char c) { return c < 0x20 || c == '"' || c == '\\' || c >= 0x7f; }

void append_quoted(std::string& out, std::string_view text) {
  for (unsigned char c : text) {
    if (!needs_quote(c)) {
      out.push_back(static_cast<char>(c));
      continue;
    }
    out.push_back('\\');
    switch (c) {
      case '\a': out.push_back('a'); break;
      case '\b': out.push_back('b'); break;
      case '\t': out.push_back('t'); break;
      case '\n': out.push_back('n'); break;
      case '\v': out.push_back('v'); break;
      case '\f': out.push_back('f'); break;
      case '\r': out.push_back('r'); break;
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      default:
        out.push_back(static_cast<char>('0' + ((c >> 6) & 7)));
        out.push_back(static_cast<char>('0' + ((c >> 3) & 7)));
        out.push_back(static_cast<char>('0' + (c & 7)));
    }
  }
}

}  // namespace

std::string quote_path(std::string_view prefix, std::string_view path) {
  bool plain = true;
  for (unsigned char c : std::string(prefix) + std::string(path))
    if (needs_quote(c)) plain = false;
  std::string out;
  if (plain) {
    out.append(prefix);
    out.append(path);
    return out;
  }
  out.push_back('"');
  append_quoted(out, prefix);
  append_quoted(out, path);
  out.push_back('"');
  return out;
}

}  // namespace kongtpl
