#pragma once
// Which of nginx.conf's contexts a custom template supplies itself (and so
// must carry what upstream's template for that context carries): the main
// context (an nginx.lua-like file), the http context (nginx_kong.lua's
// contents) and the stream context (nginx_kong_stream.lua's).
#include <cstdint>
#include <string>
#include <string_view>

#include "check/kong_facts.hpp"
#include "lua/template_body.hpp"

namespace kongtpl {

/// Which contexts a template supplies itself.
struct Contexts {
  bool main = false;         ///< nginx.lua-like: opens http, stream or events
  bool http = false;         ///< supplies the http context's contents
  bool stream = false;       ///< supplies the stream context's contents
  uint32_t http_line = 0;    ///< where to report (body line; 0 = first)
  uint32_t stream_line = 0;
};

/// The contexts body supplies: told by its blocks and includes when it is
/// nginx.lua-like, else by its name and the shared dicts it declares.
Contexts contexts_of(const TemplateBody& body, std::string_view file, const KongFacts& facts);

/// Upstream's body of template name ("nginx_kong.lua") at the facts' version, or "".
std::string upstream_template(const KongFacts& facts, const char* name);

}  // namespace kongtpl
