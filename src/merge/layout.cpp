#include "merge/layout.hpp"

#include <cctype>

#include "diff/whitespace.hpp"

namespace kongtpl {

namespace {

std::string short_name(std::string_view template_path) { return std::string(template_file_name(template_path)); }

std::string_view strip_lua(std::string_view name) {
  if (name.size() > 4 && name.substr(name.size() - 4) == ".lua") name.remove_suffix(4);
  return name;
}

// Template names become paths under kong/templates/, so only plain names pass.
bool plain_template_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

}  // namespace

std::string_view template_file_name(std::string_view template_path) {
  size_t slash = template_path.rfind('/');
  return slash == std::string_view::npos ? template_path : template_path.substr(slash + 1);
}

std::string included_conf_name(std::string_view template_path) {
  std::string name(strip_lua(template_file_name(template_path)));
  for (char& c : name)
    if (c == '_') c = '-';
  return name + ".conf";
}

std::string include_target(std::string_view line) {
  std::string key = normalize_line(line, WhitespaceMode::IgnoreAllSpace);
  constexpr std::string_view kInclude = "include";
  if (key.size() <= kInclude.size() + 1 || key.compare(0, kInclude.size(), kInclude) != 0 || key.back() != ';')
    return {};
  // Whitespace is gone, so the target is whatever sits between "include" and
  // ";"; it must have been separated from "include" by a space or a quote.
  std::string_view target(key);
  target = target.substr(kInclude.size(), target.size() - kInclude.size() - 1);
  const bool quoted = target.size() >= 2 && (target.front() == '\'' || target.front() == '"') &&
                      target.back() == target.front();
  if (quoted) {
    target = target.substr(1, target.size() - 2);
  } else {
    size_t at = line.find(kInclude);
    if (at == std::string_view::npos || at + kInclude.size() >= line.size() ||
        !is_space(line[at + kInclude.size()]))
      return {};
  }
  if (target.empty()) return {};
  return std::string(target);
}

std::string Layout::description(std::string_view file_name) const {
  std::string text = file_name.empty() ? std::string() : std::string(file_name) + ": ";
  const std::string form = module_wrapped ? "Lua module" : "bare body";
  switch (kind) {
    case LayoutKind::SingleTemplate:
      return text + "customised copy of " + template_path + " (" + form + ")";
    case LayoutKind::NginxWithIncludes:
      return text + "nginx.lua with its include lines kept (" + form +
             "): only nginx.lua's changes are merged; nginx_kong.lua and nginx_kong_stream.lua changes "
             "reach nginx through the includes";
    case LayoutKind::Composite: {
      text += "composite of nginx.lua with ";
      if (inlines_kong && inlines_stream)
        text += "nginx_kong.lua and nginx_kong_stream.lua inlined";
      else if (inlines_kong)
        text += "nginx_kong.lua inlined (nginx-kong-stream.conf still included)";
      else
        text += "nginx_kong_stream.lua inlined (nginx-kong.conf still included)";
      if (module_wrapped) text += " (Lua module)";
      return text;
    }
  }
  return text;
}

std::string Layout::override_value() const {
  switch (kind) {
    case LayoutKind::SingleTemplate:
      return "template:" + short_name(template_path);
    case LayoutKind::NginxWithIncludes:
      return "nginx-with-includes";
    case LayoutKind::Composite:
      if (inlines_kong && inlines_stream) return "composite";
      return inlines_kong ? "composite:kong" : "composite:stream";
  }
  return {};
}

Result<Layout> parse_layout_override(std::string_view value) {
  const std::string usage =
      "; use composite, composite:kong, composite:stream, nginx-with-includes or template:NAME "
      "(e.g. template:nginx_kong.lua)";
  Layout layout;
  if (value == "nginx-with-includes") {
    layout.kind = LayoutKind::NginxWithIncludes;
    layout.template_path = std::string(kNginxTemplate);
    return layout;
  }
  if (value == "composite" || value.starts_with("composite:")) {
    layout.kind = LayoutKind::Composite;
    layout.template_path = std::string(kNginxTemplate);
    if (value == "composite") {
      layout.inlines_kong = layout.inlines_stream = true;
      return layout;
    }
    std::string_view list = value.substr(std::string_view("composite:").size());
    while (!list.empty()) {
      size_t comma = list.find(',');
      std::string_view item = list.substr(0, comma);
      if (item == "kong")
        layout.inlines_kong = true;
      else if (item == "stream")
        layout.inlines_stream = true;
      else
        return Error{"--layout " + std::string(value) + ": unknown inlined template '" + std::string(item) +
                     "'" + usage};
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
    if (!layout.inlines_kong && !layout.inlines_stream)
      return Error{"--layout " + std::string(value) + ": name kong and/or stream after composite:" + usage};
    return layout;
  }
  if (value.starts_with("template:")) {
    std::string_view name = value.substr(std::string_view("template:").size());
    if (name.starts_with("kong/templates/")) name.remove_prefix(std::string_view("kong/templates/").size());
    name = strip_lua(name);
    if (!plain_template_name(name))
      return Error{"--layout " + std::string(value) + ": '" + std::string(name) +
                   "' is not a template name" + usage};
    layout.kind = LayoutKind::SingleTemplate;
    layout.template_path = "kong/templates/" + std::string(name) + ".lua";
    return layout;
  }
  return Error{"--layout " + std::string(value) + ": unknown layout" + usage};
}

}  // namespace kongtpl
