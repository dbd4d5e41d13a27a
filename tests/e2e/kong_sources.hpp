#pragma once
// The shared Kong sources bundle (../shared/kong-sources.bundle: templates,
// constants, conf_loader, prefix_handler at every tag) as a bare clone, and
// the upstream bodies and composites the upgrade-check tests build from it.
#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace kongtpl::testing {

/// A bare clone of kong-sources.bundle made once per test process, or "" when absent.
inline std::string sources_clone() {
  static std::string path = [] {
    std::string bundle = std::string(KONGTPL_SHARED_DIR) + "/kong-sources.bundle";
    if (!std::filesystem::exists(bundle)) return std::string();
    static TempDir dir;
    std::string target = dir / "kong-sources.git";
    auto r = run_process({"git", "clone", "--quiet", "--bare", bundle, target});
    if (r.status != 0) throw std::runtime_error("git clone of the sources bundle failed: " + r.err);
    return target;
  }();
  return path;
}

/// The body kongtpl renders from template at version (kongtpl show --body).
inline std::string upstream_body(const std::string& repo, const std::string& version, const std::string& name) {
  auto r = run_kongtpl({"--repo", repo, "show", version, name, "--body"});
  if (r.status != 0) throw std::runtime_error("kongtpl show failed: " + r.err);
  return r.out;
}

/// Replaces the line holding `include 'NAME';` with text (unindented).
inline std::string inline_include(const std::string& body, const std::string& name, const std::string& text) {
  std::string needle = "include '" + name + "';";
  size_t at = body.find(needle);
  if (at == std::string::npos) return body;
  size_t start = body.rfind('\n', at);
  start = start == std::string::npos ? 0 : start + 1;
  size_t end = body.find('\n', at);
  end = end == std::string::npos ? body.size() : end + 1;
  return body.substr(0, start) + text + body.substr(end);
}

/// Kong's composite custom template at version: nginx.lua with the
/// nginx_kong.lua and nginx_kong_stream.lua bodies at their include lines.
inline std::string upstream_composite(const std::string& repo, const std::string& version) {
  std::string nginx = upstream_body(repo, version, "nginx.lua");
  nginx = inline_include(nginx, "nginx-kong.conf", upstream_body(repo, version, "nginx_kong.lua"));
  auto stream = run_kongtpl({"--repo", repo, "show", version, "nginx_kong_stream.lua", "--body"});
  if (stream.status == 0) nginx = inline_include(nginx, "nginx-kong-stream.conf", stream.out);
  return nginx;
}

/// Replaces the first occurrence of from (which must be there) with to.
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("not in the template: " + from);
  return text.replace(at, from.size(), to);
}

/// The 1-based line of the first occurrence of needle in text, or 0.
inline int line_of(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  if (at == std::string::npos) return 0;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

/// The findings of `kongtpl lint --format json` at version, and its exit status.
struct LintRun {
  int status = 0;
  nlohmann::json findings;
  std::string err;
  /// The findings with this id.
  std::vector<nlohmann::json> with_id(const std::string& id) const {
    std::vector<nlohmann::json> out;
    for (const auto& f : findings)
      if (f.at("id") == id) out.push_back(f);
    return out;
  }
};

inline LintRun lint_json(const std::string& repo, const std::string& version, const std::string& file,
                         std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--repo", repo, "lint", "--format", "json", "--version", version};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(file);
  auto r = run_kongtpl(args);
  LintRun run;
  run.status = r.status;
  run.err = r.err;
  run.findings = r.status == 2 ? nlohmann::json::array() : nlohmann::json::parse(r.out).at("findings");
  return run;
}

}  // namespace kongtpl::testing
