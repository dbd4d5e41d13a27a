#pragma once
// What decides how Kong renders and checks its Nginx templates at one
// version, read from the repository at that version (never typed into
// kongtpl): compile_conf's environment (prefix_handler.lua), the shared
// dictionaries Kong requires (constants.lua's DICTS), the properties'
// types (the conf_loader) and defaults (kong_defaults.lua), and the upstream
// templates themselves. A templates-only repository has only the last two:
// the facts it lacks are absent, with the reason.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "check/compile_environment.hpp"
#include "check/directive_namespaces.hpp"
#include "core/version.hpp"
#include "git/repository.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// Kong's facts at one version; each optional is absent when the repository
/// lacks the file it comes from.
struct KongFacts {
  /// The version's label ("3.4.0").
  std::string label;
  /// compile_conf's helpers (kong/cmd/utils/prefix_handler.lua).
  std::optional<CompileEnvironment> environment;
  /// constants.DICTS: the http shared dictionaries Kong checks at start.
  std::optional<std::vector<std::string>> required_dicts;
  /// property → declared type (the conf_loader).
  std::optional<std::map<std::string, std::string>> conf_types;
  /// The kong.conf namespaces injected as nginx directives (the conf_loader;
  /// empty before Kong injected any).
  std::optional<std::vector<DirectiveNamespace>> namespaces;
  /// property → default value (kong_defaults.lua).
  std::map<std::string, std::string> defaults;
  /// Upstream template bodies by file name ("nginx_kong.lua"), nginx templates only.
  std::map<std::string, std::string> templates;
};

/// Reads KongFacts per version, each commit once.
class KongFactsReader {
 public:
  /// repository and catalog must outlive this object.
  KongFactsReader(const Repository& repository, const VersionCatalog& catalog)
      : repository_(repository), catalog_(catalog) {}

  /// The facts at version.
  Result<const KongFacts*> at(const ResolvedVersion& version);

  /// Where a rule that holds at version starts: "X and later" for the
  /// earliest final release from which holds() is true through version
  /// ("all versions" when it holds since the first release with templates).
  Result<std::string> holds_since(const ResolvedVersion& version, const std::function<bool(const KongFacts&)>& holds);

  /// Where a lack at version ends: "before X" for the first final release
  /// after version where present() is true; "all versions" when none is.
  Result<std::string> lacking_until(const ResolvedVersion& version,
                                    const std::function<bool(const KongFacts&)>& present);

 private:

  const Repository& repository_;
  const VersionCatalog& catalog_;
  std::map<std::string, KongFacts> by_commit_;
};

}  // namespace kongtpl
