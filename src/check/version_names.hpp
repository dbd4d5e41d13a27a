#pragma once
// The names Kong's template environment holds at each version of a
// repository (from kong_defaults.lua and the upstream templates themselves),
// and when a name that is unknown now was last known. Data-driven: nothing
// here lists Kong properties by hand.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/template_set.hpp"
#include "core/version.hpp"
#include "git/repository.hpp"
#include "lua/finding.hpp"
#include "lua/name_check.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// Known names per version, each distinct set of blobs read once.
class VersionNames {
 public:
  /// repository and catalog must outlive this object.
  VersionNames(const Repository& repository, const VersionCatalog& catalog)
      : repository_(repository), catalog_(catalog) {}

  /// The names Kong gives templates at version.
  Result<KnownNames> at(const ResolvedVersion& version);

  /// For an unknown name at version: the newest final release before it
  /// where the name was known, or "" when the history never knew it.
  Result<std::string> last_known_before(const std::string& name, const ResolvedVersion& version);

  /// Adds "(last known in X; gone since Y)" to every unknown-name finding
  /// whose name the history knew.
  Status explain_unknown_names(std::vector<Finding>& findings, const ResolvedVersion& version);

 private:
  Result<std::string> search_last_known(const std::string& name, const ResolvedVersion& version);

  const Repository& repository_;
  const VersionCatalog& catalog_;
  std::map<std::string, KnownNames> by_blobs_;   // key: the blob ids read
  std::map<std::string, std::string> bodies_;    // blob id → template body
  std::map<std::string, std::string> blobs_by_commit_;  // commit id → key of by_blobs_
  std::map<std::pair<std::string, std::string>, std::string> last_known_;  // (name, commit id) → answer
};

}  // namespace kongtpl
