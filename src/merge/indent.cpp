#include "merge/indent.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "merge/line_ending.hpp"

namespace kongtpl {
namespace {


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

DepthProfile::DepthProfile(const std::vector<Line>& lines, const std::vector<LineNesting>& nesting) {
  // counts[depth]: indentation → how many lines at that depth use it.
  std::vector<std::vector<std::pair<std::string_view, size_t>>> counts;
  for (size_t i = 0; i < lines.size() && i < nesting.size(); ++i) {
    std::string_view body = line_body(lines[i].bytes);
    if (is_blank(body) || is_lua_line(body)) continue;
    size_t depth = static_cast<size_t>(std::max(0, nesting[i].blocks));
    if (depth >= counts.size()) counts.resize(depth + 1);
    std::string_view indent = leading_whitespace(body);
    auto& at = counts[depth];
    auto found = std::find_if(at.begin(), at.end(), [&](const auto& e) { return e.first == indent; });
    if (found != at.end()) ++found->second;
    else if (at.size() < 16) at.emplace_back(indent, 1);  // a depth with more variety says little more
  }
  usual_.resize(counts.size());
  known_.assign(counts.size(), false);
  for (size_t d = 0; d < counts.size(); ++d) {
    size_t best = 0;
    for (const auto& [indent, n] : counts[d])
      if (n > best) {
        best = n;
        usual_[d] = indent;
        known_[d] = true;
      }
  }
}

bool DepthProfile::at(int depth, std::string_view& indent) const {
  if (depth < 0 || static_cast<size_t>(depth) >= known_.size() || !known_[static_cast<size_t>(depth)]) return false;
  indent = usual_[static_cast<size_t>(depth)];
  return true;
}

NestingIndenter::NestingIndenter(DepthProfile user, const std::vector<Line>* upstream_lines,
                                 const std::vector<LineNesting>* upstream_nesting, IndentStyle user_style,
                                 IndentStyle upstream_style)
    : user_(std::move(user)),
      lines_(upstream_lines),
      nesting_(upstream_nesting),
      user_style_(user_style),
      upstream_style_(upstream_style) {}

// Whether the anchor has the indentation the file usually has at its depth.
bool NestingIndenter::anchor_conventional(const IndentAnchor& anchor) const {
  std::string_view usual;
  return user_.at(anchor.user_depth, usual) && usual == anchor.output_indent;
}

std::string NestingIndenter::user_indent_at(int depth, const IndentAnchor* anchor) const {
  size_t step = user_style_.step ? user_style_.step : upstream_style_.step ? upstream_style_.step : 4;
  std::string_view usual;
  if (anchor) {
    if (depth == anchor->user_depth) return std::string(anchor->output_indent);
    // The file's own indentation for that depth, unless the lines around
    // here are indented their own way (then follow the anchor).
    if ((anchor_conventional(*anchor) || depth < anchor->user_depth) && user_.at(depth, usual))
      return std::string(usual);
    if (depth > anchor->user_depth) {
      std::string out(anchor->output_indent);
      size_t from = indent_width(out);
      out += render_indent(from, static_cast<size_t>(depth - anchor->user_depth) * step, user_style_.tabs);
      return out;
    }
    size_t width = indent_width(anchor->output_indent);
    size_t less = static_cast<size_t>(anchor->user_depth - depth) * step;
    return render_indent(0, width > less ? width - less : 0, user_style_.tabs);
  }
  if (user_.at(depth, usual)) return std::string(usual);
  for (int d = depth - 1; d >= 0; --d)
    if (user_.at(d, usual)) {
      std::string out(usual);
      out += render_indent(indent_width(usual), static_cast<size_t>(depth - d) * step, user_style_.tabs);
      return out;
    }
  return render_indent(0, static_cast<size_t>(depth) * step, user_style_.tabs);
}

// The user's indentation for upstream line `line`'s own depth.
std::string NestingIndenter::user_indent_for(size_t line, const IndentAnchor* anchor) const {
  int depth = (*nesting_)[line].blocks;
  if (anchor && depth == anchor->upstream_depth) return std::string(anchor->output_indent);
  int target = anchor ? depth + (anchor->user_depth - anchor->upstream_depth) : depth;
  return user_indent_at(std::max(0, target), anchor);
}

// The least indentation among upstream's nearby lines at the same depth:
// what upstream indents that depth with here (its templates are not
// uniform: nginx.lua and nginx_kong.lua indent the same depth differently).
size_t NestingIndenter::least_nearby_width(size_t line) const {
  constexpr size_t kReach = 12;
  const std::vector<Line>& lines = *lines_;
  int depth = (*nesting_)[line].blocks;
  size_t least = indent_width(leading_whitespace(line_body(lines[line].bytes)));
  // Neighbours in the same block only: `shm_kv` two spaces deep in the
  // `wasm {}` block next door says nothing of `events {}`'s four.
  auto consider = [&](size_t k) {
    std::string_view body = line_body(lines[k].bytes);
    if ((*nesting_)[k].blocks != depth || (*nesting_)[k].lua_block_opener >= 0 || is_blank(body) || is_lua_line(body))
      return;
    if (k != line && body[leading_whitespace(body).size()] == '#') return;  // upstream's comments stray
    least = std::min(least, indent_width(leading_whitespace(body)));
  };
  for (size_t k = line, steps = 0; k-- > 0 && steps < kReach && (*nesting_)[k].blocks >= depth; ++steps) consider(k);
  for (size_t k = line + 1, steps = 0; k < lines.size() && steps < kReach && (*nesting_)[k].blocks >= depth; ++k, ++steps)
    consider(k);
  return least;
}

std::string NestingIndenter::apply(size_t line, const IndentAnchor* anchor) const {
  std::string_view body = line_body((*lines_)[line].bytes);
  if (is_blank(body) || is_lua_line(body)) return std::string(body);
  const LineNesting& nesting = (*nesting_)[line];
  if (nesting.lua_block_opener >= 0) {
    // Lua code keeps its shape relative to the line that opens its block.
    size_t opener = static_cast<size_t>(nesting.lua_block_opener);
    std::string_view opener_body = line_body((*lines_)[opener].bytes);
    IndentMapper mapper(leading_whitespace(opener_body), user_indent_for(opener, anchor), upstream_style_, user_style_);
    return mapper.apply(body);
  }
  std::string_view indent = leading_whitespace(body);
  // Deeper than an anchor the user left in upstream's own local style
  // (spaces where the file's convention is tabs, say): the user kept that
  // block as upstream wrote it, so upstream's offset from the anchor
  // carries over as it is.
  if (anchor && nesting.blocks > anchor->upstream_depth && !anchor_conventional(*anchor) &&
      anchor->output_indent.find('\t') == std::string_view::npos && indent.starts_with(anchor->upstream_indent) &&
      indent.size() > anchor->upstream_indent.size()) {
    std::string out(anchor->output_indent);
    out += indent.substr(anchor->upstream_indent.size());
    out += body.substr(indent.size());
    return out;
  }
  std::string out = user_indent_for(line, anchor);
  size_t extra = indent_width(indent) - least_nearby_width(line);
  // Deeper than its neighbours at the same depth: a continuation line of
  // a multi-line directive (log_format), aligned to characters of the line
  // it continues, so the extra columns carry over as spaces, unscaled.
  if (extra > 0) out.append(extra, ' ');
  out += body.substr(indent.size());
  return out;
}

}  // namespace kongtpl
