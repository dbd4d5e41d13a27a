#pragma once
// The upgrade checks on a kong.conf (lint/apply --conf): keys Kong injects
// into nginx.conf as directives (`nginx_http_*`, `nginx_proxy_*`, ...) that
// do not reach nginx.conf at the target version, read from the
// conf_loader's namespaces and upstream's templates at that version:
//   KT150 the version reads no such namespace (not yet, or no longer);
//   KT151 the version's injection skips that directive (its ignore list);
//   KT152 upstream injects the namespace with a `> for _, el in
//         ipairs(nginx_X_directives)` loop in a context the custom template
//         supplies, and the custom template has no such loop.
#include <string_view>
#include <vector>

#include "check/kong_conf.hpp"
#include "check/kong_facts.hpp"
#include "lua/finding.hpp"
#include "lua/template_body.hpp"

namespace kongtpl {

/// KT150 and KT151: findings at the kong.conf's lines, whatever the template.
Result<std::vector<Finding>> conf_namespace_findings(const std::vector<ConfSetting>& conf, std::string_view conf_name,
                                                     KongFactsReader& reader, const ResolvedVersion& version);

/// KT152: the settings the template at file drops for lack of a loop
/// (findings at the kong.conf's lines, naming the template).
Result<std::vector<Finding>> conf_loop_findings(const std::vector<ConfSetting>& conf, std::string_view conf_name,
                                                const TemplateBody& body, std::string_view file,
                                                KongFactsReader& reader, const ResolvedVersion& version);

}  // namespace kongtpl
