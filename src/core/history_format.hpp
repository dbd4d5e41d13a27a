#pragma once
/// Plain-text listings of template changes for `history` and `plan`: one
/// line per template with aligned +/- counts, like a numstat for people.
#include <string>
#include <string_view>
#include <vector>

#include "core/history.hpp"

namespace kongtpl {

/// One line per template, "<indent>+3  -1  kong/templates/nginx_kong.lua",
/// with " (added)" / " (removed)" after paths that appeared or went away.
std::string render_template_changes(const std::vector<TemplateChange>& changes, std::string_view indent = "    ");

/// A summary such as "2 templates, +13 -4".
std::string change_summary(const std::vector<TemplateChange>& changes);

/// The history as text: per release "2.0.0 (since 1.2.1): 2 templates, +13 -4"
/// followed by its templates.
std::string render_history(const TemplateHistory& history);

}  // namespace kongtpl
