#pragma once
// --body: compare or print the template text Kong renders from a module
// (what its require yields, read in the Lua sandbox) instead of the Lua file.
#include "core/version_diff.hpp"
#include "lua/template_body.hpp"

namespace kongtpl {

/// A transform that replaces a module's bytes by its body.
inline TemplateTransform body_transform() {
  return [](const std::string& path, const std::string& bytes) -> Result<std::string> {
    auto body = read_template_body(bytes, path);
    if (!body) return body.error();
    return std::move(body->text);
  };
}

}  // namespace kongtpl
