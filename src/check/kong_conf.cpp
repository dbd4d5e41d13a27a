#include "check/kong_conf.hpp"

#include <cctype>

#include "util/lines.hpp"

namespace kongtpl {
namespace {

std::string_view trim(std::string_view s) {
  size_t start = s.find_first_not_of(" \t\r");
  if (start == std::string_view::npos) return {};
  size_t end = s.find_last_not_of(" \t\r");
  return s.substr(start, end - start + 1);
}

/// The line up to an unescaped `#`, with `\#` turned into `#`.
std::string without_comment(std::string_view line) {
  std::string out;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '#') {
      out += '#';
      ++i;
    } else if (line[i] == '#') {
      break;
    } else {
      out += line[i];
    }
  }
  return out;
}

}  // namespace

std::vector<ConfSetting> parse_kong_conf(std::string_view text) {
  std::vector<ConfSetting> out;
  uint32_t number = 0;
  for (const Line& line : split_lines(text)) {
    ++number;
    std::string_view raw = line.content();
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    std::string code = without_comment(raw);
    size_t eq = code.find('=');
    if (eq == std::string::npos) continue;
    std::string_view key = trim(std::string_view(code).substr(0, eq));
    if (key.empty()) continue;
    ConfSetting setting;
    for (char c : key) setting.key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    setting.value = std::string(trim(std::string_view(code).substr(eq + 1)));
    setting.line = number;
    setting.text = std::string(raw);
    out.push_back(std::move(setting));
  }
  return out;
}

}  // namespace kongtpl
