// VersionNames on the fixture repository (fixtures/README.md says what each
// release changed) and on tiny repositories built here for the release
// order rules: which names each version knows, when an unknown name was last
// known, and the explanation lint adds to its warnings.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "check/version_names.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::run_process;
using testing::TempDir;

/// A repository, its catalogue and the VersionNames over them.
struct Names {
  explicit Names(const std::string& path) {
    auto opened = Repository::open(path);
    if (!opened) throw std::runtime_error(opened.error().message);
    repository = std::move(*opened);
    auto loaded = VersionCatalog::load(repository);
    if (!loaded) throw std::runtime_error(loaded.error().message);
    catalog = std::move(*loaded);
  }
  ResolvedVersion resolve(const std::string& spec) {
    auto resolved = catalog.resolve(spec, repository);
    if (!resolved) throw std::runtime_error(resolved.error().message);
    return *resolved;
  }
  KnownNames at(const std::string& spec) {
    auto known = names.at(resolve(spec));
    if (!known) throw std::runtime_error(known.error().message);
    return *known;
  }
  std::string last_known_before(const std::string& name, const std::string& spec) {
    auto last = names.last_known_before(name, resolve(spec));
    if (!last) throw std::runtime_error(last.error().message);
    return *last;
  }

  Repository repository;
  VersionCatalog catalog;
  VersionNames names{repository, catalog};
};

Names& fixture() {
  static Names names(KONGTPL_FIXTURE_REPO);
  return names;
}

Finding unknown(const std::string& name, const std::string& message) {
  Finding f;
  f.file = "custom.template";
  f.line = 3;
  f.severity = "warning";
  f.message = message;
  f.name = name;
  return f;
}

TEST(VersionNamesAt, PropertiesFollowKongDefaultsOfEachRelease) {
  KnownNames v200 = fixture().at("2.0.0");
  EXPECT_TRUE(v200.properties.count("upstream_keepalive"));
  EXPECT_FALSE(v200.properties.count("upstream_keepalive_pool_size"));
  EXPECT_TRUE(v200.properties.count("status_listen"));
  EXPECT_FALSE(v200.properties.count("nginx_optimizations"));  // removed at 2.0.0
  EXPECT_TRUE(v200.knows_placeholder("UPSTREAM_KEEPALIVE"));

  KnownNames v290 = fixture().at("2.9.0");
  EXPECT_FALSE(v290.properties.count("upstream_keepalive"));
  EXPECT_TRUE(v290.properties.count("upstream_keepalive_pool_size"));
  EXPECT_FALSE(v290.knows_placeholder("UPSTREAM_KEEPALIVE"));
  EXPECT_TRUE(v290.knows_placeholder("UPSTREAM_KEEPALIVE_POOL_SIZE"));
  EXPECT_FALSE(v290.properties.count("nginx_events_worker_connections"));

  EXPECT_TRUE(fixture().at("2.10.0").properties.count("nginx_events_worker_connections"));
  EXPECT_TRUE(fixture().at("1.2.1").properties.count("nginx_optimizations"));
  // The branch one commit after 2.10.0.
  EXPECT_TRUE(fixture().at("next").properties.count("large_client_header_buffers"));
  EXPECT_FALSE(fixture().at("2.10.0").properties.count("large_client_header_buffers"));
}

TEST(VersionNamesAt, ValuesKongComputesComeFromTheUpstreamTemplates) {
  // stream_listeners is no property: nginx.lua reads it from 1.2.0rc1 on.
  EXPECT_FALSE(fixture().at("1.1.0").knows_global("stream_listeners"));
  EXPECT_TRUE(fixture().at("1.2.0rc1").knows_global("stream_listeners"));
  EXPECT_TRUE(fixture().at("2.10.0").knows_global("stream_listeners"));
  EXPECT_TRUE(fixture().at("1.0.0").knows_global("proxy_ssl_enabled"));
  EXPECT_FALSE(fixture().at("2.10.0").properties.count("proxy_ssl_enabled"));
  EXPECT_FALSE(fixture().at("2.10.0").knows_global("no_such_value"));
}

TEST(VersionNamesAt, SameVersionTwiceGivesTheSameNames) {
  KnownNames first = fixture().at("2.9.0");
  KnownNames again = fixture().at("2.9.0");
  EXPECT_EQ(first.properties, again.properties);
  EXPECT_EQ(first.template_names, again.template_names);
  EXPECT_NE(first.properties, fixture().at("2.10.0").properties);
}

TEST(LastKnownBefore, RenamedPropertyWasLastKnownInTheReleaseBeforeTheRename) {
  EXPECT_EQ("2.0.0", fixture().last_known_before("UPSTREAM_KEEPALIVE", "2.10.0"));
  EXPECT_EQ("2.0.0", fixture().last_known_before("upstream_keepalive", "2.10.0"));
  EXPECT_EQ("2.0.0", fixture().last_known_before("UPSTREAM_KEEPALIVE", "2.9.0"));
  // "latest" and the branch resolve to commits, not tag names.
  EXPECT_EQ("2.0.0", fixture().last_known_before("UPSTREAM_KEEPALIVE", "latest"));
  EXPECT_EQ("2.0.0", fixture().last_known_before("UPSTREAM_KEEPALIVE", "next"));
  EXPECT_EQ("1.2.1", fixture().last_known_before("nginx_optimizations", "2.10.0"));
}

TEST(LastKnownBefore, EmptyForNamesTheHistoryNeverKnewBefore) {
  EXPECT_EQ("", fixture().last_known_before("NO_SUCH_PROPERTY", "2.10.0"));
  // Known only from 2.10.0 on: linting at 2.9.0 has nothing earlier to name.
  EXPECT_EQ("", fixture().last_known_before("nginx_events_worker_connections", "2.9.0"));
  EXPECT_EQ("", fixture().last_known_before("stream_listeners", "1.1.0"));
  // Only versions below the one linted count, never the version itself.
  EXPECT_EQ("", fixture().last_known_before("upstream_keepalive", "1.0.0"));
}

TEST(ExplainUnknownNames, SaysWhereARenamedPlaceholderWasLastKnownAndSinceWhenItIsGone) {
  std::vector<Finding> findings = {
      unknown("UPSTREAM_KEEPALIVE", "unknown placeholder ${{UPSTREAM_KEEPALIVE}}"),
      unknown("NO_SUCH_PROPERTY", "unknown placeholder ${{NO_SUCH_PROPERTY}}"),
      unknown("nginx_optimizations", "unknown name `nginx_optimizations`"),
  };
  Finding compile_error;
  compile_error.line = 5;
  compile_error.severity = "error";
  compile_error.message = "this `if` block is never closed";
  findings.push_back(compile_error);

  Status s = fixture().names.explain_unknown_names(findings, fixture().resolve("2.10.0"));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ("unknown placeholder ${{UPSTREAM_KEEPALIVE}} (last known in 2.0.0; gone since 2.9.0)",
            findings[0].message);
  EXPECT_EQ("unknown placeholder ${{NO_SUCH_PROPERTY}}", findings[1].message);
  EXPECT_EQ("unknown name `nginx_optimizations` (last known in 1.2.1; gone since 2.0.0)", findings[2].message);
  EXPECT_EQ("this `if` block is never closed", findings[3].message);
}

/// git with no user or system configuration, failing the test on error.
void git(const std::vector<std::string>& args) {
  static TempDir home;
  std::vector<std::string> argv = {"git", "-c", "user.name=Kong Test", "-c", "user.email=test@example.com",
                                   "-c", "init.defaultBranch=main"};
  argv.insert(argv.end(), args.begin(), args.end());
  testing::ProcessOptions options;
  options.env = {{"HOME", home.path().string()}, {"GIT_CONFIG_NOSYSTEM", "1"}};
  auto r = run_process(argv, options);
  ASSERT_EQ(0, r.status) << "git " << args.front() << ": " << r.err;
}

/// A repository whose releases each set kong_defaults.lua's properties.
class TinyHistory {
 public:
  TinyHistory() { git({"init", "-q", work()}); }
  void release(const std::string& tag, const std::vector<std::string>& properties) {
    std::string defaults = "return [[\n";
    for (const auto& p : properties) defaults += p + " = on\n";
    defaults += "]]\n";
    testing::write_file(dir_.path() / "work/kong/templates/kong_defaults.lua", defaults);
    testing::write_file(dir_.path() / "work/kong/templates/nginx.lua", "return [[\nevents {}\n]]\n");
    git({"-C", work(), "add", "-A"});
    git({"-C", work(), "commit", "-q", "--allow-empty", "-m", tag});
    git({"-C", work(), "tag", tag});
  }
  std::string work() const { return dir_ / "work"; }

 private:
  TempDir dir_;
};

TEST(LastKnownBefore, PreReleasesNeitherCountAsLastKnownNorAsGoneSince) {
  TinyHistory h;
  h.release("1.0.0", {"kept", "dropped_in_rc"});
  h.release("1.1.0rc1", {"kept", "only_in_rc"});
  h.release("1.1.0", {"kept"});
  h.release("1.2.0", {});
  Names names(h.work());

  EXPECT_EQ("1.0.0", names.last_known_before("dropped_in_rc", "1.2.0"));
  EXPECT_EQ("", names.last_known_before("only_in_rc", "1.2.0"));
  EXPECT_EQ("1.1.0", names.last_known_before("kept", "1.2.0"));

  std::vector<Finding> findings = {unknown("dropped_in_rc", "unknown"), unknown("kept", "unknown")};
  Status s = names.names.explain_unknown_names(findings, names.resolve("1.2.0"));
  ASSERT_TRUE(s.ok()) << s.error().message;
  // The rc that dropped it is not a release an operator upgrades to.
  EXPECT_EQ("unknown (last known in 1.0.0; gone since 1.1.0)", findings[0].message);
  EXPECT_EQ("unknown (last known in 1.1.0; gone since 1.2.0)", findings[1].message);
}

TEST(VersionNamesAt, VersionWithoutTemplatesKnowsNoProperties) {
  TinyHistory h;
  h.release("1.0.0", {"a"});
  git({"-C", h.work(), "rm", "-q", "-r", "kong"});
  git({"-C", h.work(), "commit", "-q", "-m", "no templates"});
  git({"-C", h.work(), "tag", "2.0.0"});
  Names names(h.work());
  EXPECT_TRUE(names.at("2.0.0").properties.empty());
  EXPECT_EQ("1.0.0", names.last_known_before("a", "2.0.0"));
}

}  // namespace
}  // namespace kongtpl
