#include "source/package_version.hpp"

#include <cctype>

namespace kongtpl {
namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> meta_version(std::string_view meta_lua) {
  size_t start = meta_lua.find("version = setmetatable({");
  if (start == std::string_view::npos) return std::nullopt;
  size_t end = meta_lua.find('}', start);
  if (end == std::string_view::npos) return std::nullopt;
  std::string_view table = meta_lua.substr(start + 24, end - start - 24);
  std::string numbers, suffix;
  while (!table.empty()) {
    size_t newline = table.find('\n');
    std::string_view line = trim(table.substr(0, newline));
    table.remove_prefix(newline == std::string_view::npos ? table.size() : newline + 1);
    if (line.substr(0, 2) == "--") continue;  // "--suffix = ..." is commented out
    size_t name_end = 0;
    while (name_end < line.size() && is_word(line[name_end])) ++name_end;
    if (name_end == 0) continue;
    std::string_view name = line.substr(0, name_end);
    std::string_view value = trim(line.substr(name_end));
    if (value.empty() || value[0] != '=') continue;
    value = trim(value.substr(1));
    if (!value.empty() && value.back() == ',') value = trim(value.substr(0, value.size() - 1));
    if (!value.empty() && is_digit(value[0])) {
      size_t digits = 0;
      while (digits < value.size() && is_digit(value[digits])) ++digits;
      if (digits != value.size()) continue;
      numbers += (numbers.empty() ? "" : ".") + std::string(value);
    } else if ((name == "suffix" || name == "pre_release") && value.size() >= 2 &&
               (value[0] == '"' || value[0] == '\'') && value.back() == value[0]) {
      suffix = std::string(value.substr(1, value.size() - 2));
    }
  }
  if (numbers.find('.') == std::string::npos) return std::nullopt;
  return numbers + suffix;
}

std::optional<std::string> file_name_version(const std::string& path) {
  std::string name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  for (size_t at = 0; at < name.size(); ++at) {
    if (!is_digit(name[at]) || (at > 0 && (is_digit(name[at - 1]) || name[at - 1] == '.'))) continue;
    size_t end = at, parts = 1;
    while (end < name.size() && is_digit(name[end])) ++end;
    while (end + 1 < name.size() && name[end] == '.' && is_digit(name[end + 1])) {
      ++end;
      while (end < name.size() && is_digit(name[end])) ++end;
      ++parts;
    }
    if (parts >= 2) return name.substr(at, end - at);
  }
  return std::nullopt;
}

}  // namespace kongtpl
