#pragma once
/// Which of Kong's files kongtpl reads from a tree outside git: the
/// templates and the few sources the checks need (meta.lua for the version,
/// constants.lua, the conf_loader, prefix_handler.lua). Everything else in
/// a package or image is skipped unread.
#include <optional>
#include <string>
#include <string_view>

namespace kongtpl {

/// True for a path from Kong's root ("kong/templates/nginx.lua",
/// "kong/meta.lua", ...) that kongtpl reads.
bool is_kong_file(std::string_view relative);

/// Where Kong's root ends in a path inside a package: the length of the
/// prefix before a "kong/" component whose remainder is_kong_file
/// ("usr/local/share/lua/5.1/kong/meta.lua" → 24); nullopt when none.
std::optional<size_t> kong_root_length(std::string_view path);

}  // namespace kongtpl
