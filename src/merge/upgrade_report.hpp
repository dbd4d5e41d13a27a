#pragma once
// Conflicts as `kongtpl apply` reports them: where they sit in the written
// file, and which upstream template lines they come from at each version
// ("from kong/templates/nginx_kong.lua lines 40-45 at 2.0.0 and 41-47 at 2.7.0").
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "merge/layout_compose.hpp"
#include "merge/line_range.hpp"

namespace kongtpl {

/// A stretch of one upstream template's .lua file.
struct UpstreamRange {
  std::string template_path;  ///< e.g. "kong/templates/nginx_kong.lua"
  uint32_t first = 0;         ///< 1-based first line; with count 0, the line after which nothing stands
  uint32_t count = 0;         ///< number of lines; 0 when that side has no lines here
  /// "lines 40-45", "line 40", or "after line 39" (count 0; "at the top" after line 0).
  std::string describe() const;
  bool operator==(const UpstreamRange&) const = default;
};

/// One conflict left in the merged file, in the user's and upstream's terms.
struct ReportedConflict {
  uint32_t first_line = 0;       ///< 1-based first line of the marker block in the written file
  uint32_t line_count = 0;       ///< lines of the marker block, markers included
  uint32_t ours_first_line = 0;  ///< 1-based first of the user's lines in the original file (count 0: the line they follow)
  uint32_t ours_line_count = 0;  ///< how many of the user's lines are in the conflict
  std::vector<UpstreamRange> at_from;  ///< upstream's lines at FROM (the merge base), by template
  std::vector<UpstreamRange> at_to;    ///< upstream's lines at TO, by template
  std::string reason;                  ///< why, in a few words
  /// One line: "lines 12-20: <reason> (from kong/templates/nginx_kong.lua
  /// lines 40-45 at 2.0.0 and lines 41-47 at 2.7.0)".
  std::string summary(std::string_view from_label, std::string_view to_label) const;
};

/// A line of the user's own that copies an upstream line TO rewrote: listed
/// for the user to look at, not changed ("also consider").
struct ReportedAlsoConsider {
  uint32_t line = 0;                   ///< 1-based line in the written file
  std::string text;                    ///< the line, as written
  std::vector<UpstreamRange> at_from;  ///< the upstream line it copies, at FROM
  std::vector<UpstreamRange> at_to;    ///< what upstream wrote instead, at TO
  /// One line: "line 80: `ssl_certificate ${{SSL_CERT}};` copies upstream's
  /// kong/templates/nginx_kong.lua line 40 at 2.0.0, which 2.7.0 rewrote
  /// (lines 41-43); not changed here".
  std::string summary(std::string_view from_label, std::string_view to_label) const;
};

/// The upstream ranges behind lines `range` of a composed text, one per run
/// of lines from the same template; an empty range gives the line it follows.
std::vector<UpstreamRange> upstream_ranges(const std::vector<Origin>& origins, LineRange range,
                                           std::string_view main_template);

}  // namespace kongtpl
