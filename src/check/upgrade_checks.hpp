#pragma once
// The upgrade safety checks that need Kong's sources at the target version
// (see kong_facts.hpp): placeholders Kong cannot substitute (KT110), names
// template code reads that Kong's environment lacks (KT120), shared
// dictionaries (KT130, KT131) and the *-inject.conf includes (KT140) a
// template replacing a context must carry. Each check runs only when the
// facts it needs are present; skipped_checks says which are not.
#include <string>
#include <string_view>
#include <vector>

#include "check/kong_facts.hpp"
#include "lua/finding.hpp"
#include "lua/name_check.hpp"
#include "lua/template_body.hpp"

namespace kongtpl {

/// One line per check that cannot run with these facts, saying why.
std::vector<std::string> skipped_checks(const KongFacts& facts);

/// The findings of every check that can run, at file lines.
Result<std::vector<Finding>> upgrade_checks(const TemplateBody& body, std::string_view file, KongFactsReader& reader,
                                            const ResolvedVersion& version, const KnownNames& known);

}  // namespace kongtpl
