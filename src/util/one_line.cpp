#include "util/one_line.hpp"

#include <cstdio>

namespace kongtpl {

std::string one_line(std::string_view text, size_t max_length) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (byte < 0x20 || byte == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  if (max_length < 8 || out.size() <= max_length) return out;
  size_t keep = (max_length - 3) / 2;
  return out.substr(0, keep) + "..." + out.substr(out.size() - keep);
}

}  // namespace kongtpl
