#include "cli/upstream_bodies.hpp"

#include <map>

#include "merge/upgrade.hpp"

namespace kongtpl {

Result<UpstreamBodies> upstream_bodies_at(RepoSession& session, const ResolvedVersion& version) {
  if (Status s = session.require_templates({version}); !s) return s.error();
  auto set = session.templates_at(version);
  if (!set) return set.error();
  std::map<std::string, std::string> files;
  for (const TreeFile& file : set->files()) {
    auto bytes = set->text(file.path);
    if (!bytes) return bytes.error();
    files.emplace(file.path, std::move(*bytes));
  }
  auto bodies = read_upstream_bodies(files);
  if (!bodies) return Error{"at " + version.label + ": " + bodies.error().message};
  return bodies;
}

}  // namespace kongtpl
