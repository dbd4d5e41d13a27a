#include "lua/template_compiler.hpp"

#include <algorithm>

#include "lua/sandbox.hpp"
#include "util/lines.hpp"

namespace kongtpl {
namespace {

constexpr char kEscape = '>';        // Kong's _escape
constexpr char kInlineEscape = '$';  // Penlight's default _inline_escape
constexpr char kOpen = '(';          // Penlight's default _brackets
constexpr char kClose = ')';

// Lua 5.1's string.format("%q"): a newline stays a (backslash-escaped) newline,
// so the chunk keeps the body's line numbers.
void append_quoted(std::string& out, std::string_view text, bool keep_text) {
  if (!keep_text) {
    // Only the line structure matters for compiling: a literal's bytes can
    // never be a syntax error once quoted, so keep just its newlines.
    out += '"';
    for (char c : text)
      if (c == '\n') out += "\\\n";
    out += '"';
    return;
  }
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\\n"; break;
      case '\r': out += "\\r"; break;
      case '\0': out += "\\000"; break;
      default: out += c;
    }
  }
  out += '"';
}

// Lua's %b(): the end (one past the closing bracket) of a balanced group
// opening at from, or npos.
size_t match_balanced(std::string_view text, size_t from) {
  int depth = 0;
  for (size_t i = from; i < text.size(); ++i) {
    if (text[i] == kClose) {
      if (--depth == 0) return i + 1;
    } else if (text[i] == kOpen) {
      ++depth;
    }
  }
  return std::string_view::npos;
}

// One block of plain text: `$(expr)` pieces become expressions, the rest
// literal strings, exactly as Penlight's parseDollarParen splits them.
void append_text(TemplateChunk& chunk, std::string_view text, uint32_t first_line, bool keep_text) {
  size_t start = 0;
  size_t i = 0;
  while (i + 1 < text.size()) {
    if (text[i] != kInlineEscape || text[i + 1] != kOpen) {
      ++i;
      continue;
    }
    size_t end = match_balanced(text, i + 1);
    if (end == std::string_view::npos) {
      auto line = first_line + static_cast<uint32_t>(std::count(text.begin(), text.begin() + i, '\n'));
      chunk.unclosed_inline_lines.push_back(line);
      ++i;
      continue;
    }
    chunk.code += "_put(";
    append_quoted(chunk.code, text.substr(start, i - start), keep_text);
    chunk.code += ") _put(((";
    chunk.code += text.substr(i + 2, end - i - 3);
    chunk.code += ") or '')) ";
    start = i = end;
  }
  chunk.code += "_put(";
  append_quoted(chunk.code, text.substr(start), keep_text);
  chunk.code += ") ";
}

// The Lua code of an escape line at pos (on its first '>'), and the position
// just past it (after its "\n").
std::pair<std::string_view, size_t> lua_line(std::string_view body, size_t pos) {
  while (pos < body.size() && body[pos] == kEscape) ++pos;
  size_t newline = body.find('\n', pos);
  size_t end = newline == std::string_view::npos ? body.size() : newline + 1;
  return {body.substr(pos, end - pos), end};
}

std::string_view line_text(std::string_view body, uint32_t line) {
  auto lines = split_lines(body);
  if (line == 0 || line > lines.size()) return {};
  std::string_view content = lines[line - 1].content();
  if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
  return content;
}

// Lua's message rephrased for a template author, and the body line to show.
std::pair<uint32_t, std::string> explain(const ChunkFailure& failure) {
  const std::string& m = failure.message;
  static constexpr std::string_view kToClose = "(to close '";
  size_t close_at = m.find(kToClose);
  if (close_at != std::string::npos && m.find("near '<eof>'") != std::string::npos) {
    size_t name_end = m.find('\'', close_at + kToClose.size());
    std::string block = m.substr(close_at + kToClose.size(), name_end - close_at - kToClose.size());
    size_t line_at = m.find("at line ", name_end);
    uint32_t line = line_at == std::string::npos ? 0 : static_cast<uint32_t>(std::stoul(m.substr(line_at + 8)));
    std::string closer = block == "repeat" ? "> until ..." : "> end";
    return {line ? line : failure.line, "this `" + block + "` block is never closed: add a `" + closer +
                                            "` line (Lua: " + m + ")"};
  }
  if (m.find("'<eof>' expected near 'end'") != std::string::npos)
    return {failure.line, "`> end` without an open block: remove it or restore the `> if`/`> for` it closed (Lua: " +
                              m + ")"};
  return {failure.line, "Lua syntax error: " + m};
}

}  // namespace

TemplateChunk translate_template(std::string_view body, bool wrap_in_function, bool keep_text) {
  TemplateChunk chunk;
  chunk.code.reserve(body.size() + body.size() / 4 + 64);
  if (wrap_in_function) chunk.code += "return function(_put) ";
  size_t s = 0;
  uint32_t line = 1;  // body line at s
  while (true) {
    if (s < body.size() && body[s] == kEscape) {  // Penlight's "^>+..." at s
      auto [code, next] = lua_line(body, s);
      chunk.code += code;
      line += code.empty() || code.back() != '\n' ? 0 : 1;
      s = next;
      continue;
    }
    // Penlight's "\n>+...": the text runs up to and including that newline.
    size_t escape_line = std::string_view::npos;
    for (size_t i = body.find('\n', s); i != std::string_view::npos; i = body.find('\n', i + 1)) {
      if (i + 1 < body.size() && body[i + 1] == kEscape) {
        escape_line = i;
        break;
      }
    }
    size_t text_end = escape_line == std::string_view::npos ? body.size() : escape_line + 1;
    std::string_view text = body.substr(s, text_end - s);
    append_text(chunk, text, line, keep_text);
    line += static_cast<uint32_t>(std::count(text.begin(), text.end(), '\n'));
    if (escape_line == std::string_view::npos) break;
    auto [code, next] = lua_line(body, text_end);
    chunk.code += code;
    line += code.empty() || code.back() != '\n' ? 0 : 1;
    s = next;
  }
  if (wrap_in_function) chunk.code += " end";
  return chunk;
}

std::vector<Finding> compile_check(const TemplateBody& body, std::string_view file) {
  std::vector<Finding> findings;
  auto add = [&](uint32_t body_line, std::string message, const char* id, const char* rule, const char* fix) {
    Finding f;
    f.id = id;
    f.rule = rule;
    f.fix = fix;
    f.file = std::string(file);
    f.line = body.file_line_of(body_line ? body_line - 1 : 0);
    f.severity = "error";
    f.message = std::move(message);
    f.source_line = std::string(line_text(body.text, body_line));
    findings.push_back(std::move(f));
  };

  TemplateChunk chunk = translate_template(body.text, true, false);
  Sandbox& sandbox = Sandbox::shared();
  auto compiled = sandbox.compile(chunk.code);
  if (!compiled.ok()) {
    ChunkFailure failure = compiled.failure();
    // The bare statements locate a missing or stray `end` at its own block.
    auto bare = sandbox.compile(translate_template(body.text, false, false).code);
    if (!bare.ok() && bare.failure().kind == ChunkFailureKind::syntax) failure = bare.failure();
    auto [line, message] = explain(failure);
    add(line, std::move(message), "KT102", "template-does-not-compile",
        "balance every `> if`/`> for` with a `> end` and make each `>` line and `$(...)` valid Lua");
  }
  for (uint32_t line : chunk.unclosed_inline_lines)
    add(line, "`$(` is never closed, so Kong copies it into nginx.conf as text: add the missing `)`", "KT103",
        "unclosed-inline-expression", "close the `$(` with a `)` on the same text block");
  std::stable_sort(findings.begin(), findings.end(),
                   [](const Finding& a, const Finding& b) { return a.line < b.line; });
  return findings;
}

}  // namespace kongtpl
