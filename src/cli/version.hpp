#pragma once
// What `kongtpl --version` prints.
#include <string>

namespace kongtpl {

/// "kongtpl 0.1.0 (commit 1a2b3c4d5e6f)", or "kongtpl 0.1.0" for a build
/// made outside a git checkout.
std::string version_text();

}  // namespace kongtpl
