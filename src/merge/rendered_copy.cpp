#include "merge/rendered_copy.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "diff/edit_script.hpp"
#include "diff/prepare.hpp"
#include "merge/line_ending.hpp"
#include "util/lines.hpp"

namespace kongtpl {

namespace {

// A line cut into literal text and placeholders, in order.
struct Segment {
  std::string text;
  bool placeholder = false;
};

bool is_control_line(std::string_view body) {
  size_t i = body.find_first_not_of(" \t");
  return i != std::string_view::npos && body[i] == '>';
}

// Where the placeholder starting at `at` ends (one past it), or npos when
// none starts there: `${{NAME}}`, or `$(expr)` with balanced parentheses.
size_t placeholder_end(std::string_view line, size_t at) {
  if (line.compare(at, 3, "${{") == 0) {
    size_t close = line.find("}}", at + 3);
    return close == std::string_view::npos ? std::string_view::npos : close + 2;
  }
  if (line.compare(at, 2, "$(") == 0) {
    int depth = 0;
    for (size_t i = at + 1; i < line.size(); ++i) {
      if (line[i] == '(') ++depth;
      if (line[i] == ')' && --depth == 0) return i + 1;
    }
  }
  return std::string_view::npos;
}

std::vector<Segment> segments_of(std::string_view line) {
  std::vector<Segment> out;
  std::string literal;
  for (size_t i = 0; i < line.size();) {
    size_t end = line[i] == '$' ? placeholder_end(line, i) : std::string_view::npos;
    if (end == std::string_view::npos) {
      literal.push_back(line[i++]);
      continue;
    }
    if (!literal.empty()) out.push_back({std::move(literal), false});
    literal.clear();
    out.push_back({std::string(line.substr(i, end - i)), true});
    i = end;
  }
  if (!literal.empty()) out.push_back({std::move(literal), false});
  return out;
}

bool has_placeholder(const std::vector<Segment>& segments) {
  return std::any_of(segments.begin(), segments.end(), [](const Segment& s) { return s.placeholder; });
}

// Runs of spaces and tabs as one space, none at the ends: a rendered file
// may align its values differently from the template.
std::string collapse_whitespace(std::string_view body) {
  std::string out;
  bool space = false;
  for (char c : body) {
    if (c == ' ' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// The values filling the gaps of `segments` to give `line`, or nothing when
// the line is not that template line. Each gap takes the shortest text up
// to the literal after it (the last one takes the rest); gaps are never
// empty, and two gaps side by side cannot be told apart.
std::optional<std::vector<std::string>> fill_gaps(const std::vector<Segment>& segments, std::string_view line) {
  std::vector<std::string> values;
  size_t pos = 0;
  for (size_t k = 0; k < segments.size(); ++k) {
    const Segment& s = segments[k];
    if (!s.placeholder) {
      if (line.compare(pos, s.text.size(), s.text) != 0) return std::nullopt;
      pos += s.text.size();
      continue;
    }
    if (k + 1 == segments.size()) {
      if (pos >= line.size()) return std::nullopt;
      values.emplace_back(line.substr(pos));
      pos = line.size();
      continue;
    }
    const Segment& next = segments[k + 1];
    if (next.placeholder) return std::nullopt;
    size_t found = line.find(next.text, pos + 1);
    if (found == std::string_view::npos) return std::nullopt;
    values.emplace_back(line.substr(pos, found - pos));
    pos = found;
  }
  if (pos != line.size()) return std::nullopt;
  return values;
}

// A `>` line's Lua code, whitespace collapsed.
std::string control_code(std::string_view body) {
  size_t i = body.find('>');
  return collapse_whitespace(body.substr(i + 1));
}

bool starts_word(const std::string& code, std::string_view word) {
  return code.compare(0, word.size(), word) == 0 && (code.size() == word.size() || code[word.size()] == ' ');
}

enum class ControlKind { If, ElseIf, Else, End, Loop, Other };

ControlKind control_kind(const std::string& code) {
  if (starts_word(code, "if")) return ControlKind::If;
  if (starts_word(code, "elseif")) return ControlKind::ElseIf;
  if (starts_word(code, "else")) return ControlKind::Else;
  if (starts_word(code, "end")) return ControlKind::End;
  if (starts_word(code, "for") || starts_word(code, "while")) return ControlKind::Loop;
  return ControlKind::Other;
}

// One open `>` region: a branch of an `> if`, or a loop.
struct Frame {
  bool loop = false;
  std::string key;     // the enclosing region's key and this region's own code
  std::string if_key;  // a branch: the key of its `> if`, which its `> else` extends
  RegionRendering rendering = RegionRendering::Take;
};

// Walks a template's `>` regions. decide(key, loop, outer) says how a region
// renders; on_line(index, rendering, frames) is called for every line with
// the rendering that decides whether it is written: its region's for
// content and `> end`, the region it opens for `> if`/`> else`/`> for`.
template <typename Decide, typename OnLine>
void walk_regions(const std::vector<Line>& lines, Decide decide, OnLine on_line) {
  std::vector<Frame> stack;
  auto here = [&] { return stack.empty() ? RegionRendering::Take : stack.back().rendering; };
  auto key_of = [&](const std::string& code) { return stack.empty() ? code : stack.back().key + "\x1f" + code; };
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view body = line_body(lines[i].bytes);
    if (!is_control_line(body)) {
      on_line(i, here(), stack);
      continue;
    }
    std::string code = control_code(body);
    switch (control_kind(code)) {
      case ControlKind::If:
      case ControlKind::Loop: {
        bool loop = control_kind(code) == ControlKind::Loop;
        Frame f{loop, key_of(code), "", RegionRendering::Take};
        f.if_key = f.key;
        f.rendering = decide(f.key, loop, here());
        stack.push_back(std::move(f));
        on_line(i, here(), stack);
        break;
      }
      case ControlKind::ElseIf:
      case ControlKind::Else: {
        if (stack.empty() || stack.back().loop) {
          on_line(i, here(), stack);
          break;
        }
        Frame f = std::move(stack.back());
        stack.pop_back();
        RegionRendering was = f.rendering;
        f.key = f.if_key + "\x1f" + code;
        // A region kept as template stays whole, its other branches too.
        f.rendering = was == RegionRendering::Keep ? was : decide(f.key, false, here());
        stack.push_back(std::move(f));
        on_line(i, here(), stack);
        break;
      }
      case ControlKind::End: {
        RegionRendering closing = here();
        if (!stack.empty()) stack.pop_back();
        on_line(i, closing, stack);
        break;
      }
      case ControlKind::Other:
        on_line(i, here(), stack);
        break;
    }
  }
}

bool says_something(std::string_view line) {
  return std::any_of(line.begin(), line.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

RenderedBranches read_rendered_branches(std::string_view body, std::string_view text, const RenderedValues& values) {
  std::set<std::string> file_set;
  std::vector<std::string> file_lines;
  for (const Line& line : split_lines(body)) {
    file_lines.push_back(collapse_whitespace(line_body(line.bytes)));
    file_set.insert(file_lines.back());
  }
  // A line is in the file as it is, or with values in its `$(...)` gaps.
  auto in_file = [&](std::string_view line) {
    std::string collapsed = collapse_whitespace(line);
    if (file_set.count(collapsed)) return true;
    std::vector<Segment> segments = segments_of(collapsed);
    if (!has_placeholder(segments)) return false;
    return std::any_of(file_lines.begin(), file_lines.end(),
                       [&](const std::string& l) { return fill_gaps(segments, l).has_value(); });
  };
  // `>` lines the file holds itself: regions an earlier apply left as
  // template, which stay template.
  std::set<std::string> file_controls;
  for (const Line& line : split_lines(body))
    if (is_control_line(line_body(line.bytes))) file_controls.insert(control_code(line_body(line.bytes)));
  struct Evidence {
    bool loop = false;
    bool kept_by_file = false;  // the file holds the region's opening `>` line (not an `> else`)
    size_t found = 0, lines = 0;
  };
  std::map<std::string, Evidence> evidence;
  std::string filled = fill_placeholders(text, values);
  std::vector<Line> lines = split_lines(filled);
  walk_regions(
      lines,
      [&](const std::string& key, bool loop, RegionRendering) {
        evidence[key].loop = loop;
        size_t own = key.rfind('\x1f');
        std::string code = own == std::string::npos ? key : key.substr(own + 1);
        evidence[key].kept_by_file = !starts_word(code, "else") && file_controls.count(code) != 0;
        return RegionRendering::Take;
      },
      [&](size_t i, RegionRendering, const std::vector<Frame>& stack) {
        std::string_view line = line_body(lines[i].bytes);
        if (stack.empty() || is_control_line(line) || !says_something(line)) return;
        bool found = in_file(line);
        for (const Frame& f : stack) {
          evidence[f.key].found += found;
          evidence[f.key].lines += 1;
        }
      });
  RenderedBranches branches;
  for (const auto& [key, e] : evidence) {
    bool shown = e.found > 0 && e.found * 2 >= e.lines;
    if (e.kept_by_file)
      branches.rendering[key] = RegionRendering::Keep;
    else if (e.loop)
      // A loop rendered as many lines as its list had: it stays a loop
      // (template) where the file shows it ran, and renders to nothing
      // where the file holds none of its lines.
      branches.rendering[key] = e.found > 0 ? RegionRendering::Keep : RegionRendering::Skip;
    else
      branches.rendering[key] = e.lines == 0 || shown ? RegionRendering::Take : RegionRendering::Skip;
  }
  return branches;
}

RenderedBranches branches_for_theirs(const RenderedBranches& at_base, const RenderedBranches& at_theirs) {
  RenderedBranches out = at_base;
  for (const auto& [key, rendering] : at_theirs.rendering)
    if (!at_base.rendering.count(key) && rendering == RegionRendering::Take) out.rendering[key] = rendering;
  return out;
}

std::string render_like_file(std::string_view text, const RenderedValues& values, const RenderedBranches& branches,
                             std::vector<size_t>& kept) {
  kept.clear();
  std::string filled = fill_placeholders(text, values);
  std::vector<Line> lines = split_lines(filled);
  std::string out;
  walk_regions(
      lines,
      [&](const std::string& key, bool, RegionRendering outer) {
        if (outer != RegionRendering::Take) return outer;
        auto found = branches.rendering.find(key);
        return found == branches.rendering.end() ? RegionRendering::Keep : found->second;
      },
      [&](size_t i, RegionRendering rendering, const std::vector<Frame>&) {
        bool control = is_control_line(line_body(lines[i].bytes));
        if (rendering == RegionRendering::Skip || (control && rendering == RegionRendering::Take)) return;
        out.append(lines[i].bytes);
        kept.push_back(i);
      });
  return out;
}

std::vector<size_t> template_syntax_lines(std::string_view text) {
  std::vector<size_t> out;
  std::vector<Line> lines = split_lines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view body = line_body(lines[i].bytes);
    if (is_control_line(body) || has_placeholder(segments_of(body))) out.push_back(i + 1);
  }
  return out;
}

std::optional<RenderedValues> read_rendered_values(std::string_view body, std::string_view base,
                                                   bool known_rendered) {
  // A file with template syntax of its own is a template, however edited.
  if (!known_rendered && !template_syntax_lines(body).empty()) return std::nullopt;
  // Line base and the file up (whitespace aside): a placeholder line of base
  // is looked for only among the file's lines in the same changed stretch,
  // in order, so that `access_log ${{PROXY_ACCESS_LOG}};` is read from the
  // proxy server's line, not from another server's access_log.
  LineInterner interner;
  PreparedText b = prepare_text(base, WhitespaceMode::IgnoreAllSpace, interner);
  PreparedText f = prepare_text(body, WhitespaceMode::IgnoreAllSpace, interner);
  std::vector<std::string> file_lines;
  file_lines.reserve(f.lines.size());
  for (const Line& line : f.lines) file_lines.push_back(collapse_whitespace(line_body(line.bytes)));

  RenderedValues found;
  std::map<std::string, std::map<std::string, size_t>> seen;  // placeholder -> value -> lines
  for (const Change& c : diff_ids(b.ids, f.ids)) {
    size_t next = c.new_start;  // the file's lines are read in base's order
    for (size_t i = c.old_start; i < c.old_start + c.old_count; ++i) {
      std::string_view text = line_body(b.lines[i].bytes);
      if (is_control_line(text)) continue;
      std::vector<Segment> segments = segments_of(collapse_whitespace(text));
      if (!has_placeholder(segments)) continue;
      ++found.placeholder_lines;
      for (size_t k = next; k < c.new_start + c.new_count; ++k) {
        std::optional<std::vector<std::string>> values = fill_gaps(segments, file_lines[k]);
        if (!values) continue;
        ++found.lines_found;
        next = k + 1;
        size_t v = 0;
        for (const Segment& s : segments) {
          if (!s.placeholder) continue;
          // `$(expr)` values vary (loops, per-listener expressions): only
          // `${{NAME}}` settings are read.
          if (s.text.starts_with("${{")) ++seen[s.text][(*values)[v]];
          ++v;
        }
        break;
      }
    }
  }
  // Rendered: most of base's placeholder lines are in the file, filled in.
  constexpr size_t kMinLines = 3;
  if (found.placeholder_lines < kMinLines || found.lines_found < kMinLines ||
      found.lines_found * 2 < found.placeholder_lines)
    return std::nullopt;
  // A value the file gives a placeholder more often than any other (a
  // line the user changed, or one taken for another, is outvoted).
  for (const auto& [placeholder, values] : seen) {
    const std::string* best = nullptr;
    size_t best_n = 0, second_n = 0;
    for (const auto& [value, n] : values) {
      if (n > best_n) {
        second_n = best_n;
        best_n = n;
        best = &value;
      } else if (n > second_n) {
        second_n = n;
      }
    }
    if (best && best_n > second_n) found.values.emplace(placeholder, *best);
  }
  return found;
}

std::string fill_placeholders(std::string_view text, const RenderedValues& values) {
  std::string out;
  out.reserve(text.size());
  for (const Line& line : split_lines(text)) {
    std::string_view body = line_body(line.bytes);
    std::string_view terminator = line.bytes.substr(body.size());
    if (is_control_line(body)) {
      out.append(line.bytes);
      continue;
    }
    for (const Segment& s : segments_of(body)) {
      auto known = s.placeholder ? values.values.find(s.text) : values.values.end();
      out.append(known != values.values.end() ? known->second : s.text);
    }
    out.append(terminator);
  }
  return out;
}

}  // namespace kongtpl
