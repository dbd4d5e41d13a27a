#pragma once
// Lint at a version: the checks of lua/lint (load, compile, column-0 `>`,
// names) plus the upgrade safety checks that read Kong's sources at that
// version (upgrade_checks), with unknown names explained from the history.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check/kong_conf.hpp"
#include "check/kong_facts.hpp"
#include "check/version_names.hpp"
#include "lua/finding.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// Everything lint knows at one version of one repository.
class VersionLinter {
 public:
  /// Reads the version's names and facts; repository and catalog must outlive it.
  static Result<std::unique_ptr<VersionLinter>> open(const Repository& repository, const VersionCatalog& catalog,
                                                     const ResolvedVersion& version);

  /// All findings for one file, ordered by line; with a kong.conf (set_conf),
  /// also its settings that do not reach nginx.conf (KT150-KT152, at the
  /// kong.conf's lines), after the file's own.
  Result<std::vector<Finding>> lint(std::string_view file_bytes, std::string_view display_name);

  /// The kong.conf the templates go with (lint/apply --conf); adds a
  /// skipped() line when the repository lacks the conf_loader.
  void set_conf(std::vector<ConfSetting> settings, std::string display_name);

  /// One line per check skipped for lack of Kong's sources (say it once).
  const std::vector<std::string>& skipped() const { return skipped_; }
  /// The version checked against.
  const ResolvedVersion& version() const { return version_; }

 private:
  VersionLinter(const Repository& repository, const VersionCatalog& catalog, ResolvedVersion version)
      : names_(repository, catalog), facts_(repository, catalog), version_(std::move(version)) {}

  VersionNames names_;
  KongFactsReader facts_;
  ResolvedVersion version_;
  KnownNames known_;
  std::vector<std::string> skipped_;
  std::optional<std::vector<ConfSetting>> conf_;
  std::string conf_name_;
};

}  // namespace kongtpl
