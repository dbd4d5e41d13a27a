#pragma once
/// The Kong version a tree or package holds, read from kong/meta.lua (what
/// `kong version` prints) or, failing that, from a package's file name.
#include <optional>
#include <string>
#include <string_view>

namespace kongtpl {

/// The version meta.lua's version table spells: its integer fields in order
/// (major, minor, patch and, in Enterprise, a fourth such as 3.10.0.2)
/// followed by an uncommented suffix / pre_release string; nullopt when the
/// file has no such table.
std::optional<std::string> meta_version(std::string_view meta_lua);

/// The first dotted number of the file name with at least two parts
/// ("kong-enterprise-edition_3.10.0.2_amd64.deb" → "3.10.0.2"); nullopt when none.
std::optional<std::string> file_name_version(const std::string& path);

}  // namespace kongtpl
