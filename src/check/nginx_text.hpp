#pragma once
// What a template's nginx text (its lines that are not `>` Lua lines)
// declares: shared dictionaries, included files, and which contexts it
// opens (`http {`, `stream {`, `events {`).
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kongtpl {

/// A name found at a 1-based body line.
using NamedLines = std::map<std::string, uint32_t>;

/// `lua_shared_dict NAME ...` declarations with a literal name (first line each).
NamedLines shared_dicts_declared(std::string_view body);

/// `include FILE;` targets, quotes removed (first line each).
NamedLines included_files(std::string_view body);

/// The first line opening `NAME {` as a block (e.g. "http"), or 0.
uint32_t block_line(std::string_view body, std::string_view name);

/// The files Kong writes for injected directives: include targets ending in "-inject.conf".
bool is_inject_file(std::string_view include_target);

/// The DICTS list of kong/constants.lua (`DICTS = { "kong", ... }`); empty when absent.
std::vector<std::string> parse_required_dicts(std::string_view constants);

}  // namespace kongtpl
