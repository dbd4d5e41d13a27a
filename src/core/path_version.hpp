#pragma once
/// Versions that are paths instead of git tags: an installed Kong's Lua tree
/// (/usr/local/share/lua/5.1) or a checkout, i.e. a folder holding
/// kong/templates/, or a package or image archive of Kong (source/
/// archive_reader). The version shown is meta.lua's (else the file name's)
/// with the path: "3.10.0.2 (./kong-3.10.0.2.deb)".
#include <string>

#include "core/version.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// True when spec is meant as a path: it starts with '/', './' or '../',
/// ends with a package extension (.deb, .tar.gz, ...), or holds a '/' and
/// exists (a branch such as release/3.4.x does not).
bool names_path_source(const std::string& spec);

/// Reads Kong's files at path; an Error when it holds no kong/templates/.
Result<ResolvedVersion> resolve_path_source(const std::string& path);

}  // namespace kongtpl
