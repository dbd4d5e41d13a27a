#include "check/compile_environment.hpp"

#include <cctype>

extern "C" {
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
}

namespace kongtpl {
namespace {

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

size_t skip_space(std::string_view s, size_t i) {
  while (i < s.size()) {
    if (std::isspace(static_cast<unsigned char>(s[i]))) {
      ++i;
    } else if (s.compare(i, 2, "--") == 0) {  // a comment to the end of the line
      size_t nl = s.find('\n', i);
      i = nl == std::string_view::npos ? s.size() : nl + 1;
    } else {
      break;
    }
  }
  return i;
}

/// The identifier at i (empty when none) and the position after it.
std::string_view ident_at(std::string_view s, size_t i, size_t& end) {
  end = i;
  if (i >= s.size() || !(std::isalpha(static_cast<unsigned char>(s[i])) || s[i] == '_')) return {};
  while (end < s.size() && ident_char(s[end])) ++end;
  return s.substr(i, end - i);
}

/// Skips a quoted string starting at i (on its quote); returns the position after it.
size_t skip_string(std::string_view s, size_t i) {
  char q = s[i];
  for (++i; i < s.size() && s[i] != q; ++i)
    if (s[i] == '\\') ++i;
  return i + 1;
}

/// Reads the keys of the table constructor whose '{' is at open, into
/// top-level names (prefix empty) or "prefix.key" fields.
size_t read_table(std::string_view s, size_t open, const std::string& prefix, CompileEnvironment& env) {
  size_t i = open + 1;
  bool at_item_start = true;
  while (i < s.size()) {
    i = skip_space(s, i);
    if (i >= s.size()) break;
    char c = s[i];
    if (c == '}') return i + 1;
    if (c == ',' || c == ';') {
      at_item_start = true;
      ++i;
      continue;
    }
    if (c == '"' || c == '\'') {
      i = skip_string(s, i);
      at_item_start = false;
      continue;
    }
    if (c == '{') {  // a value table we do not descend into by key
      i = read_table(s, i, prefix.empty() ? "?" : prefix + ".?", env);
      at_item_start = false;
      continue;
    }
    size_t end;
    std::string_view name = ident_at(s, i, end);
    if (!name.empty() && at_item_start) {
      size_t eq = skip_space(s, end);
      if (eq < s.size() && s[eq] == '=' && s.compare(eq, 2, "==") != 0) {
        size_t value = skip_space(s, eq + 1);
        if (prefix.empty() && name[0] != '_') env.helpers.insert(std::string(name));
        if (!prefix.empty() && prefix.find('?') == std::string::npos) env.fields.insert(prefix + "." + std::string(name));
        if (value < s.size() && s[value] == '{') {
          i = read_table(s, value, prefix.empty() ? std::string(name) : prefix + ".?", env);
        } else {
          i = value;
        }
        at_item_start = false;
        continue;
      }
    }
    at_item_start = false;
    i = name.empty() ? i + 1 : end;
  }
  return i;
}

}  // namespace

std::optional<CompileEnvironment> parse_compile_environment(std::string_view text) {
  size_t function = text.find("function compile_conf(");
  if (function == std::string_view::npos) return std::nullopt;
  size_t table = text.find("compile_env = {", function);
  if (table == std::string_view::npos) return std::nullopt;
  CompileEnvironment env;
  size_t after = read_table(text, table + std::string_view("compile_env = ").size(), "", env);
  // Assignments up to the rendering call.
  size_t stop = text.find("substitute(", after);
  std::string_view rest = text.substr(after, stop == std::string_view::npos ? std::string_view::npos : stop - after);
  for (std::string_view marker : {"compile_env.", "compile_env[\""}) {
    for (size_t at = rest.find(marker); at != std::string_view::npos; at = rest.find(marker, at + 1)) {
      if (at > 0 && ident_char(rest[at - 1])) continue;
      size_t end;
      std::string_view name = ident_at(rest, at + marker.size(), end);
      if (name.empty()) continue;
      if (marker.back() == '"') ++end;                                 // the closing quote
      if (marker.back() == '"' && end < rest.size() && rest[end] == ']') ++end;
      size_t eq = skip_space(rest, end);
      if (eq < rest.size() && rest[eq] == '=' && rest.compare(eq, 2, "==") != 0) env.computed.insert(std::string(name));
    }
  }
  return env;
}

const std::set<std::string>& lua_standard_globals() {
  static const std::set<std::string> names = [] {
    std::set<std::string> out;
    lua_State* L = luaL_newstate();
    if (!L) return out;
    luaL_openlibs(L);  // no code runs: only the library tables are listed
    lua_pushnil(L);
    while (lua_next(L, LUA_GLOBALSINDEX) != 0) {
      if (lua_type(L, -2) == LUA_TSTRING) out.insert(lua_tostring(L, -2));
      lua_pop(L, 1);
    }
    lua_close(L);
    out.erase("_G");
    out.insert("_G");
    return out;
  }();
  return names;
}

}  // namespace kongtpl
