#pragma once
// A template's text as Kong sees it. Kong loads its templates with require,
// so a template module's text is whatever string the module returns; a plain
// custom template file (nginx_custom.template) is read as it is.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace kongtpl {

/// The text pl.template renders, and where each of its lines sits in the file.
struct TemplateBody {
  /// The template text, byte-exact.
  std::string text;
  /// True when the file is a Lua module returning the text; false for a plain file.
  bool is_module = false;
  /// For body line i (0-based): its 1-based line in the file.
  std::vector<uint32_t> file_line;
  /// The file line of body line i (0-based), or i + 1 past the map's end.
  uint32_t file_line_of(size_t body_line) const;
};

/// Reads a template file. A Lua module (a ".lua" name, or a file whose first
/// token is `return` or `local` and that runs to a string) is evaluated in
/// the sandbox; anything else is a plain template taken as-is. Errors name
/// display_name and the line ("nginx_kong.lua:3: ...").
Result<TemplateBody> read_template_body(std::string_view file_bytes, std::string_view display_name);

}  // namespace kongtpl
