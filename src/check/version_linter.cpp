#include "check/version_linter.hpp"

#include <algorithm>
#include <set>

#include "check/conf_directive_checks.hpp"
#include "check/upgrade_checks.hpp"
#include "lua/lint.hpp"
#include "lua/template_body.hpp"

namespace kongtpl {

Result<std::unique_ptr<VersionLinter>> VersionLinter::open(const Repository& repository, const VersionCatalog& catalog,
                                                           const ResolvedVersion& version) {
  std::unique_ptr<VersionLinter> linter(new VersionLinter(repository, catalog, version));
  auto known = linter->names_.at(version);
  if (!known) return known.error();
  linter->known_ = std::move(*known);
  auto facts = linter->facts_.at(version);
  if (!facts) return facts.error();
  if (const auto& env = (*facts)->environment) {
    // The helpers compile_conf gives at this version, read from its source.
    linter->known_.helpers = env->helpers;
    linter->known_.helpers.insert(env->computed.begin(), env->computed.end());
  }
  linter->skipped_ = skipped_checks(**facts);
  return linter;
}

Result<std::vector<Finding>> VersionLinter::lint(std::string_view file_bytes, std::string_view display_name) {
  auto body = read_template_body(file_bytes, display_name);
  if (!body) return std::vector<Finding>{load_failure_finding(body.error(), display_name)};
  std::vector<Finding> findings = lint_body(*body, display_name, &known_);
  bool compiles = std::none_of(findings.begin(), findings.end(), [](const Finding& f) {
    return f.id == "KT102" || f.id == "KT170";
  });
  if (compiles && !is_data_module(display_name)) {
    auto more = upgrade_checks(*body, display_name, facts_, version_, known_);
    if (!more) return more.error();
    // A name Kong's environment lacks is an error; drop its unknown-name warning.
    std::set<std::string> lacking;
    for (const Finding& f : *more)
      if (f.id == "KT120") lacking.insert(f.name.substr(0, f.name.find('.')));
    findings.erase(std::remove_if(findings.begin(), findings.end(),
                                  [&](const Finding& f) { return f.id == "KT105" && lacking.count(f.name); }),
                   findings.end());
    findings.insert(findings.end(), more->begin(), more->end());
  }
  // KT120 findings carry a name too; only unknown-name warnings get history.
  std::vector<Finding> unknown;
  for (Finding& f : findings)
    if (f.id == "KT104" || f.id == "KT105") unknown.push_back(f);
  if (Status s = names_.explain_unknown_names(unknown, version_); !s) return s.error();
  size_t next = 0;
  for (Finding& f : findings)
    if (f.id == "KT104" || f.id == "KT105") f = unknown[next++];
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) { return a.line < b.line; });
  if (conf_) {
    auto settings = conf_namespace_findings(*conf_, conf_name_, facts_, version_);
    if (!settings) return settings.error();
    std::vector<Finding> in_conf = std::move(*settings);
    if (compiles && !is_data_module(display_name)) {
      auto loops = conf_loop_findings(*conf_, conf_name_, *body, display_name, facts_, version_);
      if (!loops) return loops.error();
      in_conf.insert(in_conf.end(), loops->begin(), loops->end());
    }
    std::stable_sort(in_conf.begin(), in_conf.end(), [](const Finding& a, const Finding& b) { return a.line < b.line; });
    findings.insert(findings.end(), in_conf.begin(), in_conf.end());
  }
  return findings;
}

void VersionLinter::set_conf(std::vector<ConfSetting> settings, std::string display_name) {
  conf_ = std::move(settings);
  conf_name_ = std::move(display_name);
  auto facts = facts_.at(version_);
  if (facts && !(*facts)->namespaces)
    skipped_.push_back("kong.conf directive keys (KT150-KT152): no kong/conf_loader at " + version_.label);
}

}  // namespace kongtpl
