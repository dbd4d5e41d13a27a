#include "check/conf_types.hpp"

#include <cctype>

#include "util/lines.hpp"

namespace kongtpl {
namespace {

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::map<std::string, std::string> parse_conf_types(const std::vector<std::string>& sources) {
  std::map<std::string, std::string> types;
  for (const std::string& text : sources) {
    // Every "typ = "x"" inside a table constructor that a name opens: name = { ... typ = "x" ... }.
    for (size_t at = text.find("typ"); at != std::string::npos; at = text.find("typ", at + 3)) {
      if ((at > 0 && ident_char(text[at - 1])) || (at + 3 < text.size() && ident_char(text[at + 3]))) continue;
      size_t eq = text.find_first_not_of(" \t", at + 3);
      if (eq == std::string::npos || text[eq] != '=') continue;
      size_t quote = text.find_first_not_of(" \t", eq + 1);
      if (quote == std::string::npos || (text[quote] != '"' && text[quote] != '\'')) continue;
      size_t close = text.find(text[quote], quote + 1);
      if (close == std::string::npos) continue;
      std::string typ = text.substr(quote + 1, close - quote - 1);
      // The '{' opening this entry (no '}' in between) and the name before it.
      size_t open = text.find_last_of("{}", at);
      if (open == std::string::npos || text[open] != '{') continue;
      size_t before = text.find_last_not_of(" \t\r\n", open - 1);
      if (before == std::string::npos || text[before] != '=') continue;
      size_t name_end = text.find_last_not_of(" \t\r\n", before - 1);
      if (name_end == std::string::npos || !ident_char(text[name_end])) continue;
      size_t name_start = name_end;
      while (name_start > 0 && ident_char(text[name_start - 1])) --name_start;
      types[text.substr(name_start, name_end + 1 - name_start)] = typ;
    }
  }
  return types;
}

std::map<std::string, std::string> parse_default_values(std::string_view body) {
  std::map<std::string, std::string> values;
  for (const Line& line : split_lines(body)) {
    std::string_view s = line.content();
    size_t i = s.find_first_not_of(" \t");
    if (i == std::string_view::npos || s[i] == '#') continue;
    size_t end = i;
    while (end < s.size() && ident_char(s[end])) ++end;
    size_t eq = s.find_first_not_of(" \t", end);
    if (end == i || eq == std::string_view::npos || s[eq] != '=') continue;
    std::string_view value = s.substr(eq + 1);
    size_t hash = value.find(" #");  // kong.conf comments
    if (hash != std::string_view::npos) value = value.substr(0, hash);
    size_t a = value.find_first_not_of(" \t\r");
    size_t b = value.find_last_not_of(" \t\r");
    values[lowercase(s.substr(i, end - i))] = a == std::string_view::npos ? "" : std::string(value.substr(a, b - a + 1));
  }
  return values;
}

bool is_true_value(std::string_view value) { return value == "on" || value == "true"; }

}  // namespace kongtpl
