#include "check/version_names.hpp"

#include "lua/lint.hpp"
#include "lua/template_body.hpp"

namespace kongtpl {
namespace {

bool knows(const KnownNames& known, const std::string& name) {
  return known.knows_global(name) || known.knows_placeholder(name);
}

}  // namespace

Result<KnownNames> VersionNames::at(const ResolvedVersion& version) {
  // Listing a commit's tree costs more than the lookups: do it once per commit.
  if (auto known = blobs_by_commit_.find(version.commit_id); known != blobs_by_commit_.end())
    return by_blobs_.at(known->second);
  auto set = TemplateSet::load(repository_, version, {"kong/templates/*.lua"});
  if (!set) return set.error();
  std::string key;
  for (const TreeFile& file : set->files()) key += file.blob_id;
  if (auto it = by_blobs_.find(key); it != by_blobs_.end()) {
    blobs_by_commit_[version.commit_id] = key;
    return it->second;
  }

  std::string defaults;
  std::vector<std::string> templates;
  for (const TreeFile& file : set->files()) {
    std::string name = file.path.substr(file.path.rfind('/') + 1);
    bool is_defaults = name == "kong_defaults.lua";
    if (!is_defaults && is_data_module(name)) continue;
    auto cached = bodies_.find(file.blob_id);
    if (cached == bodies_.end()) {
      auto bytes = set->text(file.path);
      if (!bytes) return bytes.error();
      auto body = read_template_body(*bytes, file.path);
      // An upstream module that does not load contributes no names.
      cached = bodies_.emplace(file.blob_id, body ? std::move(body->text) : std::string()).first;
    }
    if (is_defaults)
      defaults = cached->second;
    else
      templates.push_back(cached->second);
  }
  blobs_by_commit_[version.commit_id] = key;  // only once by_blobs_ holds it
  return by_blobs_.emplace(key, known_names(defaults, templates)).first->second;
}

Result<std::string> VersionNames::last_known_before(const std::string& name, const ResolvedVersion& version) {
  // Old templates repeat the same stale names file after file.
  auto cache_key = std::make_pair(name, version.commit_id);
  if (auto it = last_known_.find(cache_key); it != last_known_.end()) return it->second;
  auto found = search_last_known(name, version);
  if (found) last_known_.emplace(cache_key, *found);
  return found;
}

Result<std::string> VersionNames::search_last_known(const std::string& name, const ResolvedVersion& version) {
  const auto& ordered = catalog_.ordered();
  // Start below the version's own tag (or from the top for a commit-ish).
  size_t end = catalog_.neighbours(version).first;
  for (size_t i = end; i-- > 0;) {
    if (ordered[i].version.is_prerelease()) continue;
    auto known = at(ResolvedVersion{ordered[i].name(), ordered[i].commit_id});
    if (!known) return known.error();
    if (knows(*known, name)) return ordered[i].name();
  }
  return std::string();
}

Status VersionNames::explain_unknown_names(std::vector<Finding>& findings, const ResolvedVersion& version) {
  const auto& ordered = catalog_.ordered();
  for (Finding& finding : findings) {
    if (finding.name.empty()) continue;
    auto last = last_known_before(finding.name, version);
    if (!last) return last.error();
    if (last->empty()) continue;
    // The first final release after the last one that knew the name.
    std::string gone = version.label;
    bool past = false;
    for (const VersionTag& tag : ordered) {
      if (past && !tag.version.is_prerelease()) {
        gone = tag.name();
        break;
      }
      past = past || tag.name() == *last;
    }
    finding.message += " (last known in " + *last + "; gone since " + gone + ")";
  }
  return Status();
}

}  // namespace kongtpl
