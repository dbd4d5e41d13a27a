#pragma once
// What a customised file says about its own shape, in signs that survive
// customisation: nginx.lua's top-level directives, include lines, and how
// much of each upstream template's distinctive lines the file still holds.
#include <string>
#include <string_view>
#include <vector>

#include "merge/layout.hpp"

namespace kongtpl {

/// The directives only nginx.lua has at the top level (nesting depth 0) of
/// an nginx configuration; none of the module templates has them there.
inline constexpr std::string_view kTopLevelNginxDirectives[] = {"worker_processes", "daemon", "pid",
                                                                "events",           "http",   "stream"};

/// The signs one file gives, judged against upstream at one version.
struct LayoutEvidence {
  /// nginx.lua's top-level directives found at depth 0, in file order, once each.
  std::vector<std::string> top_level;
  /// The file has an `include 'nginx-kong.conf';` line.
  bool includes_kong = false;
  /// The file has an `include 'nginx-kong-stream.conf';` line.
  bool includes_stream = false;
  /// Share (0..1) of nginx.lua's distinctive nginx lines (include lines and
  /// `>` lines aside) the file holds, in order.
  double nginx_share = 0;
  /// Share of nginx_kong.lua's own distinctive lines (those that neither
  /// nginx.lua nor nginx_kong_stream.lua has) the file holds, in order.
  double kong_share = 0;
  /// Share of nginx_kong_stream.lua's own distinctive lines the file holds, in order.
  double stream_share = 0;
  /// Upstream has nginx_kong_stream.lua at this version (from 0.15.0 on).
  bool stream_exists = false;
};

/// The signs in file_body (a template body, out of its Lua module) against
/// upstream's templates in at.
LayoutEvidence gather_layout_evidence(std::string_view file_body, const UpstreamBodies& at);

/// nginx.lua's top-level directives (kTopLevelNginxDirectives) that start a
/// line at nesting depth 0 of body, in order, once each. Braces inside
/// quotes, comments, `${{...}}` and `$(...)` and on `>` lines do not count.
std::vector<std::string> top_level_nginx_directives(std::string_view body);

/// Share (0..1) of whole's distinctive lines (6 or more non-space
/// characters) that part holds in the same order, whitespace ignored; with
/// skeleton, `>` lines and include lines of whole do not count; lines that
/// also occur in one of shared_with do not count either.
double distinctive_share(std::string_view whole, std::string_view part, bool skeleton = false,
                         const std::vector<std::string_view>& shared_with = {});

/// The Dice similarity (0..1) of two texts' distinctive lines kept in order.
double distinctive_similarity(std::string_view a, std::string_view b);

}  // namespace kongtpl
