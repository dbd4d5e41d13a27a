#include "core/upgrade_plan.hpp"

#include <algorithm>

#include "core/history.hpp"

namespace kongtpl {
namespace {

// Version numbers compared component by component, missing ones as 0
// (pre-release stages ignored: a 3.0.0 rc is a 3.x target).
int compare_numbers(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    uint64_t x = i < a.size() ? a[i] : 0, y = i < b.size() ? b[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

std::string dotted(const std::vector<uint64_t>& numbers) {
  std::string out;
  for (uint64_t n : numbers) {
    if (!out.empty()) out += '.';
    out += std::to_string(n);
  }
  return out;
}

// The release a rule sends through: the exact final release, or the
// highest final of the series; nullptr when the catalogue has none.
const VersionTag* find_via(const VersionCatalog& catalog, const UpgradeRule& rule) {
  const VersionTag* found = nullptr;
  for (const VersionTag& tag : catalog.ordered()) {
    if (tag.version.is_prerelease()) continue;
    const auto& n = tag.version.numbers;
    bool match = rule.via_series
                     ? compare_numbers(std::vector<uint64_t>(n.begin(), n.begin() + std::min(n.size(), rule.via.size())),
                                       rule.via) == 0
                     : compare_numbers(n, rule.via) == 0;
    if (match) found = &tag;  // ordered lowest first: the last match is the highest
  }
  return found;
}

}  // namespace

std::string UpgradeRule::via_name() const {
  std::string name = dotted(via);
  if (via_series) name += ".x";
  return name;
}

// THE table of upgrade rules. Each row: targets it governs, starts that must
// detour, the intermediate, and where Kong documents it. plan_path applies
// the rows repeatedly, lowest intermediate first.
const std::vector<UpgradeRule>& upgrade_rules() {
  static const std::vector<UpgradeRule> rules = {
      {{1, 0, 0}, {0, 14, 1}, {0, 14, 1}, false,
       "Kong 1.x and later migrate from 0.14.1: older nodes upgrade to 0.14.1 first",
       "Kong's UPGRADE.md, \"Upgrade to 1.0.x\""},
      {{2, 0, 0}, {1, 0, 0}, {1, 5}, true,
       "Kong 2.x migrates from 1.0.x or later: 0.14.x nodes upgrade to the last 1.5.x first",
       "Kong's UPGRADE.md, \"Upgrade to 2.0.x\""},
      {{3, 0, 0}, {2, 8, 0}, {2, 8}, true,
       "Kong 3.x upgrades from 2.8.x: 2.7.x and older upgrade to the last 2.8.x first",
       "Kong's upgrade guide at docs.konghq.com, \"Upgrade Kong Gateway\", upgrade paths to 3.x"},
  };
  return rules;
}

Result<std::vector<PlanStop>> plan_path(const VersionCatalog& catalog, const VersionTag& from, const VersionTag& to) {
  if (from.version > to.version)
    return Error{"FROM (" + from.name() + ") is newer than TO (" + to.name() +
                 "); kongtpl plans upgrades, not downgrades: give the older version first"};
  std::vector<PlanStop> path{PlanStop{&from, nullptr}};
  const VersionTag* current = &from;
  // Each hop moves strictly up, so the walk ends within the catalogue's size.
  for (size_t guard = 0; guard <= catalog.ordered().size(); ++guard) {
    const UpgradeRule* chosen = nullptr;
    for (const UpgradeRule& rule : upgrade_rules()) {
      if (compare_numbers(to.version.numbers, rule.target_at_least) < 0) continue;
      if (compare_numbers(current->version.numbers, rule.start_below) >= 0) continue;
      if (!chosen || compare_numbers(rule.via, chosen->via) < 0) chosen = &rule;
    }
    if (!chosen) break;
    const VersionTag* via = find_via(catalog, *chosen);
    if (!via)
      return Error{"upgrading from " + from.name() + " to " + to.name() + " must go through " + chosen->via_name() +
                   " (" + chosen->reason + "; " + chosen->source + "), but the repository has no " +
                   chosen->via_name() + " release: fetch Kong's tags (--fetch) or use a full clone"};
    if (via->version <= current->version || via->version >= to.version) break;
    path.push_back(PlanStop{via, chosen});
    current = via;
  }
  if (&to != &from && to.version != from.version) path.push_back(PlanStop{&to, nullptr});
  return path;
}

Result<std::vector<ResolvedVersion>> plan_upgrade(const VersionCatalog& catalog, const Repository& repository,
                                                  const std::string& from, const std::string& to) {
  auto from_version = catalog.resolve(from, repository);
  if (!from_version) return from_version.error();
  auto to_version = catalog.resolve(to, repository);
  if (!to_version) return to_version.error();
  auto from_tag = version_tag_of(catalog, *from_version, "an upgrade plan");
  if (!from_tag) return from_tag.error();
  auto to_tag = version_tag_of(catalog, *to_version, "an upgrade plan");
  if (!to_tag) return to_tag.error();
  auto path = plan_path(catalog, **from_tag, **to_tag);
  if (!path) return path.error();
  std::vector<ResolvedVersion> versions;
  for (const PlanStop& stop : *path) versions.push_back(ResolvedVersion{stop.version->name(), stop.version->commit_id});
  return versions;
}

}  // namespace kongtpl
