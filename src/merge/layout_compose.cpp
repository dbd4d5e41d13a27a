#include "merge/layout_compose.hpp"

#include "diff/whitespace.hpp"
#include "util/lines.hpp"

namespace kongtpl {

namespace {

Result<const UpstreamBody*> find_body(const UpstreamBodies& bodies, std::string_view path) {
  auto it = bodies.find(path);
  if (it == bodies.end())
    return Error{std::string(path) + " is not in this Kong version; choose a layout that matches it (--layout)"};
  return &it->second;
}

// Appends one line, making sure it ends with "\n" unless it is the very last
// line of the composed text (which keeps upstream's own ending).
void append_line(ComposedText& out, std::string_view line, Origin origin) {
  if (!out.text.empty() && out.text.back() != '\n') out.text.push_back('\n');
  out.text.append(line);
  out.origins.push_back(std::move(origin));
}

void append_inlined(ComposedText& out, const std::string& path, const UpstreamBody& body,
                    std::string_view indent) {
  const std::vector<Line> lines = split_lines(body.text);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view bytes = lines[i].bytes;
    std::string line;
    // Blank lines get no trailing whitespace; Lua lines must stay in column 0.
    if (!is_blank_line(bytes) && bytes.front() != '>') line.assign(indent);
    line.append(bytes);
    if (!lines[i].has_newline()) line.push_back('\n');
    append_line(out, line, Origin{path, body.line_in_file(i)});
  }
}

std::string_view leading_space(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
  return line.substr(0, n);
}

}  // namespace

Result<ComposedText> compose(const Layout& layout, const UpstreamBodies& bodies) {
  const std::string path = layout.kind == LayoutKind::SingleTemplate ? layout.template_path
                                                                      : std::string(kNginxTemplate);
  Result<const UpstreamBody*> main = find_body(bodies, path);
  if (!main) return main.error();

  // Which include lines to replace, and by what.
  std::map<std::string, std::pair<std::string, const UpstreamBody*>> inlined;
  if (layout.kind == LayoutKind::Composite) {
    for (auto [wanted, template_path] : {std::pair{layout.inlines_kong, kNginxKongTemplate},
                                         std::pair{layout.inlines_stream, kNginxKongStreamTemplate}}) {
      if (!wanted) continue;
      Result<const UpstreamBody*> body = find_body(bodies, template_path);
      if (!body) return body.error();
      inlined[included_conf_name(template_path)] = {std::string(template_path), *body};
    }
  }

  ComposedText out;
  const std::vector<Line> lines = split_lines((*main)->text);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!inlined.empty()) {
      auto it = inlined.find(include_target(lines[i].bytes));
      if (it != inlined.end()) {
        append_inlined(out, it->second.first, *it->second.second, leading_space(lines[i].bytes));
        continue;
      }
    }
    append_line(out, lines[i].bytes, Origin{path, (*main)->line_in_file(i)});
  }
  return out;
}

}  // namespace kongtpl
