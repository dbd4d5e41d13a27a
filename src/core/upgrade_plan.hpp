#pragma once
/// The upgrade path Kong's upgrade notes prescribe between two versions: the
/// intermediate releases a node must run (and migrate) on the way, so that
/// templates can be ported hop by hop. The rules live in one table
/// (upgrade_rules()), each naming where Kong says so.
#include <cstdint>
#include <string>
#include <vector>

#include "core/version.hpp"
#include "git/repository.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// One rule of Kong's upgrade notes: for targets at or above target_at_least,
/// a start below start_below must first go through `via`.
struct UpgradeRule {
  std::vector<uint64_t> target_at_least;  ///< the rule governs targets from this version on (numbers, pre-releases included)
  std::vector<uint64_t> start_below;      ///< starts below this version must take the detour
  std::vector<uint64_t> via;              ///< the intermediate: an exact release ({0,14,1}) or a series ({1,5}: its highest final)
  bool via_series = false;                ///< true: via names a series, take its highest final release
  const char* reason = "";                ///< one line for the user, e.g. "Kong 3.x upgrades from 2.8.x"
  const char* source = "";                ///< where Kong says so

  /// How the intermediate is written for users: "0.14.1" or "1.5.x".
  std::string via_name() const;
};

/// The rules, in the one table of upgrade_plan.cpp.
const std::vector<UpgradeRule>& upgrade_rules();

/// One version on an upgrade path.
struct PlanStop {
  const VersionTag* version = nullptr;  ///< the release (points into the catalogue)
  const UpgradeRule* rule = nullptr;    ///< why this intermediate stop is needed; nullptr for FROM and TO
};

/// The path from from to to under the rules, FROM and TO included, using the
/// releases in catalog. Applies the rules repeatedly: at each stop, of the
/// rules that govern TO and the current start, the one with the lowest
/// intermediate goes first. An Error names the missing intermediate release
/// when the catalogue lacks it, or a from newer than to.
Result<std::vector<PlanStop>> plan_path(const VersionCatalog& catalog, const VersionTag& from, const VersionTag& to);

/// plan_path for version specs ("0.13.0", "2.8", "latest"), as the versions
/// to merge through in order, FROM first and TO last (FROM == TO: one entry).
Result<std::vector<ResolvedVersion>> plan_upgrade(const VersionCatalog& catalog, const Repository& repository,
                                                  const std::string& from, const std::string& to);

}  // namespace kongtpl
