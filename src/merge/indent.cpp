#include "merge/indent.hpp"

#include <vector>

#include "merge/line_ending.hpp"

namespace kongtpl {
namespace {

const char kBlankBytes[] = " \t\r\n\v\f";

bool is_blank(std::string_view body) { return body.find_first_not_of(kBlankBytes) == std::string_view::npos; }

bool is_space_byte(char c) { return std::string_view(kBlankBytes).find(c) != std::string_view::npos; }

// Kong's template lines that hold Lua ("> if ... then") must start at
// column 0 for the template engine to see them.
bool is_lua_line(std::string_view body) { return !body.empty() && body.front() == '>'; }

// `width` columns of indentation starting at column `from`, with tabs when
// the user indents with tabs.
std::string render_indent(size_t from, size_t width, bool tabs) {
  std::string out;
  size_t column = from, target = from + width;
  if (tabs) {
    while ((column / kTabWidth + 1) * kTabWidth <= target) {
      out += '\t';
      column = (column / kTabWidth + 1) * kTabWidth;
    }
  }
  out.append(target - column, ' ');
  return out;
}

}  // namespace

std::string_view leading_whitespace(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
  return line.substr(0, n);
}

size_t indent_width(std::string_view indent) {
  size_t column = 0;
  for (char c : indent) column = c == '\t' ? (column / kTabWidth + 1) * kTabWidth : column + 1;
  return column;
}

IndentStyle detect_indent_style(const std::vector<Line>& lines) {
  // increases[step]: how often the indentation grows by step columns. A
  // vector, not a map: this runs over every line of the user's file.
  std::vector<size_t> increases;
  size_t tab_lines = 0, space_lines = 0;
  size_t previous = 0;
  bool have_previous = false;
  for (const Line& line : lines) {
    std::string_view body = line_body(line.bytes);
    std::string_view indent = leading_whitespace(body);
    // Only a line whose text after the indentation starts with whitespace
    // can be blank; most lines are ruled out by that one byte.
    if (indent.size() == body.size() || (is_space_byte(body[indent.size()]) && is_blank(body))) continue;
    if (is_lua_line(body)) continue;
    if (!indent.empty()) ++(indent.front() == '\t' ? tab_lines : space_lines);
    size_t width = indent_width(indent);
    if (have_previous && width > previous) {
      size_t step = width - previous;
      if (step >= increases.size()) increases.resize(step + 1, 0);
      ++increases[step];
    }
    previous = width;
    have_previous = true;
  }
  IndentStyle style;
  style.tabs = tab_lines > space_lines;
  size_t best = 0;
  for (size_t step = 0; step < increases.size(); ++step)  // ascending: ties keep the smaller step
    if (increases[step] > best) {
      best = increases[step];
      style.step = step;
    }
  return style;
}

IndentMapper::IndentMapper(std::string_view upstream_anchor, std::string_view user_anchor,
                           IndentStyle upstream, IndentStyle user)
    : upstream_anchor_width_(indent_width(upstream_anchor)),
      user_anchor_(user_anchor),
      user_anchor_width_(indent_width(user_anchor)) {
  // Scale nesting only when both steps are known: a file with too little
  // nesting to tell says nothing about the user's habits.
  if (upstream.step != 0 && user.step != 0 && upstream.step != user.step) {
    scale_num_ = user.step;
    scale_den_ = upstream.step;
  }
  tabs_ = user_anchor.empty() ? user.tabs : user_anchor.front() == '\t';
  bool same_chars = upstream.tabs == user.tabs;
  identity_ = upstream_anchor == user_anchor && scale_num_ == scale_den_ && same_chars;
}

std::string IndentMapper::apply(std::string_view body) const {
  if (identity_ || is_blank(body) || is_lua_line(body)) return std::string(body);
  std::string_view indent = leading_whitespace(body);
  std::string_view rest = body.substr(indent.size());
  long long delta = static_cast<long long>(indent_width(indent)) -
                    static_cast<long long>(upstream_anchor_width_);
  // Round the scaled difference to the nearest column.
  long long num = delta * static_cast<long long>(scale_num_) * 2;
  long long den = static_cast<long long>(scale_den_) * 2;
  long long scaled = (num >= 0 ? num + static_cast<long long>(scale_den_) : num - static_cast<long long>(scale_den_)) / den;
  long long target = static_cast<long long>(user_anchor_width_) + scaled;
  if (target < 0) target = 0;

  std::string out;
  if (static_cast<size_t>(target) >= user_anchor_width_) {
    // Deeper than the anchor: keep the user's anchor bytes, add the rest.
    out = user_anchor_;
    out += render_indent(user_anchor_width_, static_cast<size_t>(target) - user_anchor_width_, tabs_);
  } else {
    out = render_indent(0, static_cast<size_t>(target), tabs_);
  }
  out += rest;
  return out;
}

}  // namespace kongtpl
