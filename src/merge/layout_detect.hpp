#pragma once
// Recognising a customised file's layout from its lines alone: how much of
// each upstream template (at the version the file was made from) it holds,
// compared whitespace-insensitively.
#include <string_view>

#include "merge/layout.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// The layout of file_body (a template body, already out of its Lua module),
/// judged against upstream's templates at the version the file started from.
/// A composite holds nginx.lua's lines (include lines aside) and most of
/// nginx_kong.lua's and/or nginx_kong_stream.lua's; an nginx.lua copy that
/// still has an include line is NginxWithIncludes; anything else is the one
/// template it shares the most lines with. module_wrapped is left false.
/// Fails when the file resembles no template, naming the closest one.
Result<Layout> detect_layout(std::string_view file_body, const UpstreamBodies& at_from);

}  // namespace kongtpl
