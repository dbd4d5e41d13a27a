#pragma once
// Upstream's text in the shape of a user's file: the base and theirs of a
// three-way merge. Each composed line remembers which template and line it
// came from, so conflicts can name upstream's own files.
#include <cstdint>
#include <string>
#include <vector>

#include "merge/layout.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// Where one line of a composed text came from.
struct Origin {
  /// The upstream template, e.g. "kong/templates/nginx_kong.lua".
  std::string template_path;
  /// 1-based line in that template's .lua file.
  uint32_t line = 0;
  bool operator==(const Origin&) const = default;
};

/// Upstream's text at one version in a file's layout, with its line map.
struct ComposedText {
  /// The text: what an unedited file of this layout would hold.
  std::string text;
  /// The origin of each line of text (same count as its lines).
  std::vector<Origin> origins;
};

/// Builds upstream's text in layout from bodies. For a composite, each
/// inlined body replaces its include line, indented like that line (blank
/// lines stay empty and template lines starting with ">" stay in column 0,
/// where Kong's template engine needs them); the "> if" guards around the
/// include lines are kept as upstream has them. Fails when a template the
/// layout needs is missing from bodies.
Result<ComposedText> compose(const Layout& layout, const UpstreamBodies& bodies);

}  // namespace kongtpl
