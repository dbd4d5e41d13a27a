#pragma once
// kongtpl's own output layouts (templates/report.html, .css, .js), compiled
// into the binary at build time (cmake/embed_files.cmake).
#include <string_view>

namespace kongtpl {

/// The bytes of templates/<name>; empty when no such file was embedded.
std::string_view embedded_template(std::string_view name);

}  // namespace kongtpl
