#pragma once
// Kong's real templates at one tag of the shared bundle's clone, read as
// Kong reads them, for the merge tests that need Kong's own shapes.
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "merge/upgrade.hpp"
#include "support/process.hpp"

namespace kongtpl::testing {

/// The non-empty lines of text.
inline std::vector<std::string> nonempty_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

/// Kong's nginx templates at one tag of repo (a bare clone of the bundle).
inline UpstreamBodies kong_bodies_at(const std::string& repo, const std::string& tag) {
  std::map<std::string, std::string> files;
  for (const std::string& path :
       nonempty_lines(run_process({"git", "-C", repo, "ls-tree", "--name-only", tag, "kong/templates/"}).out)) {
    if (!path.ends_with(".lua") || path.find("nginx") == std::string::npos) continue;
    files[path] = run_process({"git", "-C", repo, "show", tag + ":" + path}).out;
  }
  Result<UpstreamBodies> bodies = read_upstream_bodies(files);
  EXPECT_TRUE(bodies.ok()) << tag << ": " << bodies.error().message;
  return bodies.ok() ? *bodies : UpstreamBodies{};
}

}  // namespace kongtpl::testing
