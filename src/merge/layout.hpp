#pragma once
// The shapes a customised template file may have, so that kongtpl can build
// upstream's text in the same shape before merging: one template copied
// alone, nginx.lua with nginx_kong.lua / nginx_kong_stream.lua inlined (a
// custom_nginx.template for `kong start --nginx-conf`), or nginx.lua that
// keeps its include lines.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.hpp"

namespace kongtpl {

/// Kong's top-level template, the one `--nginx-conf` replaces.
inline constexpr std::string_view kNginxTemplate = "kong/templates/nginx.lua";
/// The http {} block's template, included by nginx.lua as nginx-kong.conf.
inline constexpr std::string_view kNginxKongTemplate = "kong/templates/nginx_kong.lua";
/// The stream {} block's template, included as nginx-kong-stream.conf.
inline constexpr std::string_view kNginxKongStreamTemplate = "kong/templates/nginx_kong_stream.lua";

/// One upstream template at one version, as Kong renders it.
struct UpstreamBody {
  UpstreamBody() = default;
  /// A body whose lines are numbered as they come (bare text, tests).
  UpstreamBody(std::string body) : text(std::move(body)) {}
  UpstreamBody(const char* body) : text(body) {}
  /// The template's body: the string the Lua module returns.
  std::string text;
  /// 1-based line in the .lua file of each body line (TemplateBody::file_line);
  /// empty means body line i is line i+1.
  std::vector<uint32_t> file_line;
  /// The 1-based .lua file line of 0-based body line i.
  uint32_t line_in_file(size_t i) const {
    return i < file_line.size() ? file_line[i] : static_cast<uint32_t>(i + 1);
  }
};

/// Upstream's templates at one version, by repository path
/// ("kong/templates/nginx_kong.lua" → its body).
using UpstreamBodies = std::map<std::string, UpstreamBody, std::less<>>;

/// Which shape a customised file has.
enum class LayoutKind {
  SingleTemplate,     ///< a copy of one template (template_path), module or bare body
  Composite,          ///< nginx.lua's body with nginx_kong(_stream).lua inlined at its include lines
  NginxWithIncludes,  ///< nginx.lua's body keeping `include 'nginx-kong.conf';` lines
};

/// The shape of a customised file, detected or given with --layout.
struct Layout {
  LayoutKind kind = LayoutKind::SingleTemplate;
  /// The template the file is built on: the copied template for
  /// SingleTemplate, kong/templates/nginx.lua otherwise.
  std::string template_path;
  /// Composite: nginx_kong.lua's body replaces `include 'nginx-kong.conf';`.
  bool inlines_kong = false;
  /// Composite: nginx_kong_stream.lua's body replaces `include 'nginx-kong-stream.conf';`.
  bool inlines_stream = false;
  /// The file is a Lua module (`return [[ ... ]]`) rather than a bare body.
  bool module_wrapped = false;

  /// The one-line report, e.g. "custom_nginx.template: composite of nginx.lua
  /// with nginx_kong.lua and nginx_kong_stream.lua inlined"; the
  /// "<file_name>: " prefix is left out when file_name is empty.
  std::string description(std::string_view file_name = {}) const;
  /// The --layout value that selects this layout (parse_layout_override's inverse).
  std::string override_value() const;
  bool operator==(const Layout&) const = default;
};

/// Parses a --layout value:
///   "composite"                      nginx.lua with nginx_kong.lua and nginx_kong_stream.lua inlined
///   "composite:kong" / "composite:stream" / "composite:kong,stream"
///                                    only the named bodies inlined (the other include line kept)
///   "nginx-with-includes"            nginx.lua keeping its include lines
///   "template:NAME"                  one template; NAME is "nginx_kong.lua", "nginx_kong"
///                                    or "kong/templates/nginx_kong.lua"
/// module_wrapped is left false: it comes from the file itself.
Result<Layout> parse_layout_override(std::string_view value);

/// The file name of a template path ("kong/templates/nginx_kong.lua" → "nginx_kong.lua").
std::string_view template_file_name(std::string_view template_path);

/// The .conf file nginx.lua includes for a template path
/// ("kong/templates/nginx_kong_stream.lua" → "nginx-kong-stream.conf").
std::string included_conf_name(std::string_view template_path);

/// The file an nginx `include 'x.conf';` line names ("x.conf"), or empty when
/// the line is not an include line. Whitespace and quote style do not matter.
std::string include_target(std::string_view line);

}  // namespace kongtpl
