#include "check/kong_facts.hpp"

#include "check/conf_types.hpp"
#include "check/nginx_text.hpp"
#include "core/template_set.hpp"
#include "lua/lint.hpp"
#include "lua/template_body.hpp"

namespace kongtpl {
namespace {

constexpr const char* kPrefixHandler = "kong/cmd/utils/prefix_handler.lua";
constexpr const char* kConstants = "kong/constants.lua";
constexpr const char* kTemplatesDir = "kong/templates/";

bool starts_with(const std::string& s, std::string_view prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

/// Whether a tag counts for "since"/"before" ranges: a final release with
/// three numbers. Kong's odd tags 0.29, 0.30 and 0.33 sort after 0.15.0 but
/// hold the sources of 0.11.1 to 0.13.1, so a rule that holds from 0.14.0
/// on would otherwise read "1.0.0 and later".
bool marks_a_range(const VersionTag& tag) { return !tag.version.is_prerelease() && tag.version.numbers.size() >= 3; }

}  // namespace

Result<const KongFacts*> KongFactsReader::at(const ResolvedVersion& version) {
  if (auto it = by_commit_.find(version.commit_id); it != by_commit_.end()) return &it->second;
  auto set = TemplateSet::load(repository_, version,
                               {kPrefixHandler, kConstants, "kong/conf_loader.lua", "kong/conf_loader/*.lua",
                                "kong/templates/*.lua"});
  if (!set) return set.error();
  KongFacts facts;
  facts.label = version.label;
  std::vector<std::string> conf_loader;
  for (const TreeFile& file : set->files()) {
    auto bytes = set->text(file.path);
    if (!bytes) return bytes.error();
    if (file.path == kPrefixHandler) {
      facts.environment = parse_compile_environment(*bytes);
    } else if (file.path == kConstants) {
      facts.required_dicts = parse_required_dicts(*bytes);
    } else if (starts_with(file.path, "kong/conf_loader")) {
      conf_loader.push_back(std::move(*bytes));
    } else if (starts_with(file.path, kTemplatesDir)) {
      std::string name = file.path.substr(std::string_view(kTemplatesDir).size());
      bool is_defaults = name == "kong_defaults.lua";
      if (name.find('/') != std::string::npos || (!is_defaults && is_data_module(name))) continue;
      auto body = read_template_body(*bytes, file.path);
      if (!body) continue;  // an upstream module that does not load tells nothing
      if (is_defaults)
        facts.defaults = parse_default_values(body->text);
      else
        facts.templates.emplace(name, std::move(body->text));
    }
  }
  if (!conf_loader.empty()) {
    facts.conf_types = parse_conf_types(conf_loader);
    facts.namespaces = parse_directive_namespaces(conf_loader);
  }
  return &by_commit_.emplace(version.commit_id, std::move(facts)).first->second;
}

Result<std::string> KongFactsReader::holds_since(const ResolvedVersion& version,
                                                 const std::function<bool(const KongFacts&)>& holds) {
  const auto& ordered = catalog_.ordered();
  size_t end = catalog_.neighbours(version).first;
  std::string since;
  for (size_t i = std::min(end, ordered.size()); i-- > 0;) {
    if (!marks_a_range(ordered[i])) continue;
    auto facts = at(ResolvedVersion{ordered[i].name(), ordered[i].commit_id});
    if (!facts) return facts.error();
    if ((*facts)->templates.empty()) break;  // before Kong had template modules
    if (!holds(**facts)) return since.empty() ? version.label + " and later" : since + " and later";
    since = ordered[i].name();
  }
  return std::string("all versions");
}

Result<std::string> KongFactsReader::lacking_until(const ResolvedVersion& version,
                                                   const std::function<bool(const KongFacts&)>& present) {
  const auto& ordered = catalog_.ordered();
  for (size_t i = catalog_.neighbours(version).second; i < ordered.size(); ++i) {
    if (!marks_a_range(ordered[i])) continue;
    auto facts = at(ResolvedVersion{ordered[i].name(), ordered[i].commit_id});
    if (!facts) return facts.error();
    if (present(**facts)) return "before " + ordered[i].name();
  }
  return std::string("all versions");
}

}  // namespace kongtpl
