#pragma once
// The compile check: turn a template body into the Lua chunk Penlight's
// pl.template builds with Kong's settings (lines starting with '>' are Lua,
// `$(expr)` is inline Lua) and compile it without running it, reporting
// syntax errors at the template's own lines.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lua/finding.hpp"
#include "lua/template_body.hpp"

namespace kongtpl {

/// The Lua chunk for a template body; line k of code is line k of the body.
struct TemplateChunk {
  /// Lua source equivalent to what pl.template.substitute compiles.
  std::string code;
  /// 1-based body lines of `$(` whose parentheses never balance within their
  /// text block: pl.template leaves those as literal text.
  std::vector<uint32_t> unclosed_inline_lines;
};

/// Translates a body the way pl.template does with escape '>', inline escape
/// '$' and brackets "()". wrap_in_function frames it as Penlight does
/// (`return function(_put) ... end`); without it the statements stand bare,
/// which makes Lua name the block a missing `end` belongs to.
/// With keep_text false, literal text is reduced to its newlines: the same
/// code and line numbers for compiling and name scans, at a fraction of the
/// cost on large templates.
TemplateChunk translate_template(std::string_view body, bool wrap_in_function = true, bool keep_text = true);

/// Compiles the body's chunk without running it; findings at file lines
/// (via body.file_line), each with the offending line shown.
std::vector<Finding> compile_check(const TemplateBody& body, std::string_view file);

}  // namespace kongtpl
