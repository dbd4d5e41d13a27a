#pragma once
// Upstream's template bodies at one version of the repository, each module
// read as Kong reads it: what apply, compose and diff --against build on.
#include "cli/repo_options.hpp"
#include "merge/layout.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// The bodies of the templates session's globs match at version; an Error
/// when none matches or a module cannot be read.
Result<UpstreamBodies> upstream_bodies_at(RepoSession& session, const ResolvedVersion& version);

}  // namespace kongtpl
