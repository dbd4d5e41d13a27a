#pragma once
// The kong.conf key namespaces whose keys Kong injects into nginx.conf as
// directives (`nginx_http_gzip = on` becomes `gzip on;` where the template
// loops over `nginx_http_directives`), read from the conf_loader at a
// version: the DYNAMIC_KEY_NAMESPACES table (1.3.0 on: injected name,
// prefix, and the directives the injection ignores) or the earlier
// DYNAMIC_KEY_PREFIXES table (0.14 to 1.2: `["nginx_http_directives"] =
// "nginx_http_"`). Before 0.14 Kong injected nothing.
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kongtpl {

/// One namespace of injected directives.
struct DirectiveNamespace {
  /// The list templates loop over ("nginx_http_directives").
  std::string injected;
  /// The kong.conf key prefix ("nginx_http_").
  std::string prefix;
  /// Directive names (key without prefix) the injection skips.
  std::set<std::string> ignored;
  /// Older names of the injected list Kong still fills
  /// (DEPRECATED_DYNAMIC_KEY_NAMESPACES' previous_conf_name).
  std::set<std::string> aliases;
};

/// The namespaces declared in the conf_loader's sources (any of its files),
/// in declaration order; empty when it declares none. Namespaces without an
/// injected list (`pluginserver_`, `vault_`) are left out: they are not
/// nginx directives.
std::vector<DirectiveNamespace> parse_directive_namespaces(const std::vector<std::string>& conf_loader_sources);

/// The namespace a key belongs to: the one with the longest matching
/// prefix; nullptr when none matches.
const DirectiveNamespace* namespace_of(const std::vector<DirectiveNamespace>& namespaces, std::string_view key);

/// The injected lists a template's `>` lines loop over (`ipairs(NAME)`),
/// each with the first such line (1-based).
std::vector<std::pair<std::string, uint32_t>> directive_loops(std::string_view body);

}  // namespace kongtpl
