#pragma once
// The name check: the `${{NAME}}` placeholders a template uses and the free
// (global) names its `>` lines and `$(...)` read, compared with the names
// Kong gives templates at a version. Kong renders a template with an
// environment holding its configuration (every property of kong_defaults.lua)
// plus values it computes itself; names a template reads that Kong never
// sets render as nothing, or fail at `kong start`.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lua/finding.hpp"
#include "lua/template_body.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// A name a template uses, at a line of its body.
struct NameUse {
  /// The name as written (a placeholder keeps its case: "PROXY_ACCESS_LOG").
  std::string name;
  /// 1-based body line of its first use.
  uint32_t body_line = 0;
  /// True for a `${{NAME}}` placeholder, false for a Lua global.
  bool placeholder = false;
  /// True when a `>` line assigns the global (the template defines it).
  bool assigned = false;
};

/// The names a template body uses: placeholders, then Lua globals, each once
/// (at its first line). An Error when the body does not compile.
Result<std::vector<NameUse>> names_used(std::string_view body);

/// The names Kong's template environment holds at one version.
struct KnownNames {
  /// Configuration properties from kong_defaults.lua (lowercase).
  std::set<std::string> properties;
  /// Names the upstream templates of that version use themselves (values
  /// Kong computes, like proxy_listeners); placeholders are lowercased.
  std::set<std::string> template_names;
  /// The helpers prefix_handler.lua's compile_conf puts in the environment.
  std::set<std::string> helpers;
  /// True when a Lua global of this exact name is known.
  bool knows_global(std::string_view name) const;
  /// True when `${{NAME}}` resolves (Kong looks it up lowercased).
  bool knows_placeholder(std::string_view name) const;
};

/// The property names in kong_defaults.lua's body ("name = value" lines).
std::set<std::string> kong_properties(std::string_view kong_defaults_body);

/// Known names at a version, from that version's kong_defaults.lua body and
/// the bodies of its nginx templates. Bodies that do not compile add nothing.
KnownNames known_names(std::string_view kong_defaults_body, const std::vector<std::string>& upstream_template_bodies);

/// One "unknown name" warning per unknown name (at its first use, as a file
/// line). Finding::name carries the name. Nothing when the body does not
/// compile (compile_check reports that).
std::vector<Finding> check_names(const TemplateBody& body, std::string_view file, const KnownNames& known);

}  // namespace kongtpl
