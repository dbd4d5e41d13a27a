// `--repo URL` through the kongtpl binary against real servers on this
// machine: a `git daemon` on 127.0.0.1 serving a bare clone of the fixture
// repository, and file:// URLs. Every run gets its own cache root
// (XDG_CACHE_HOME in a TempDir), never the real ~/.cache.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "support/git_cli.hpp"
#include "support/git_daemon.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

namespace fs = std::filesystem;
using testing::free_port;
using testing::git_or_fail;
using testing::GitDaemon;
using testing::ProcessOptions;
using testing::ProcessResult;
using testing::run_kongtpl;
using testing::run_process;
using testing::TempDir;

const std::string kFixture = KONGTPL_FIXTURE_REPO;

/// A bare clone of the fixture repository served as "kong.git", and a cache
/// root of its own for the kongtpl runs.
class Served {
 public:
  Served() {
    git_or_fail({"clone", "-q", "--bare", kFixture, bare()});
    daemon_ = std::make_unique<GitDaemon>(dir_ / "served");
  }
  std::string bare() const { return dir_ / "served/kong.git"; }
  std::string url() const { return daemon_->url("kong.git"); }
  std::string cache_root() const { return dir_ / "cache"; }
  GitDaemon& daemon() { return *daemon_; }

  /// kongtpl with this test's cache root and no KONGTPL_REPO.
  ProcessResult kongtpl(const std::vector<std::string>& args, const std::string& cwd = "") const {
    ProcessOptions options;
    options.env = {{"XDG_CACHE_HOME", cache_root()}, {"HOME", dir_ / "home"}};
    options.cwd = cwd;
    return run_kongtpl(args, options);
  }

  /// Tags a new release in the served repository: 2.10.0 plus one dict.
  void release(const std::string& tag) {
    std::string work = dir_ / ("work-" + tag);
    git_or_fail({"clone", "-q", bare(), work});
    git_or_fail({"-C", work, "checkout", "-q", "2.10.0"});
    std::string path = work + "/kong/templates/nginx_kong.lua";
    std::string text = testing::read_file(path);
    size_t at = text.find("lua_shared_dict kong_secrets");
    at = text.find('\n', at) + 1;
    text.insert(at, "lua_shared_dict kong_" + std::regex_replace(tag, std::regex("\\."), "_") + " 1m;\n");
    testing::write_file(path, text);
    git_or_fail({"-C", work, "commit", "-q", "-a", "-m", "Kong " + tag});
    git_or_fail({"-C", work, "tag", tag});
    git_or_fail({"-C", work, "push", "-q", "origin", tag});
  }

  /// The names in kongtpl's cache folder: caches, locks, temporary clones
  /// ("" when it holds nothing or does not exist).
  std::string cache_entries() const {
    std::string names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(fs::path(cache_root()) / "kongtpl", ec))
      names += e.path().filename().string() + "\n";
    return names;
  }

 private:
  TempDir dir_;
  std::unique_ptr<GitDaemon> daemon_;
};

/// The same command on the fixture repository itself: the expected output.
ProcessResult local(std::vector<std::string> args) {
  args.insert(args.begin(), {"--repo", kFixture});
  return run_kongtpl(args);
}

size_t count_lines(const std::string& text) { return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')); }

TEST(RemoteCommand, FirstCloneSaysOneLineThenTheCacheServesWithoutNetwork) {
  Served s;
  ProcessResult first = s.kongtpl({"--repo", s.url(), "diff", "2.0.0", "2.9.0"});
  ProcessResult expected = local({"diff", "2.0.0", "2.9.0"});
  EXPECT_EQ(1, first.status) << first.err;
  EXPECT_EQ(expected.out, first.out);
  // Not a terminal: one summary line, nothing redrawn.
  EXPECT_EQ(1u, count_lines(first.err)) << first.err;
  EXPECT_TRUE(std::regex_match(first.err, std::regex("cloned " + std::regex_replace(s.url(), std::regex("\\."), "\\.") +
                                                     ": [0-9]+ objects, [0-9.]+ (B|KiB|MiB) in [0-9]+\\.[0-9] s\n")))
      << first.err;
  EXPECT_EQ(std::string::npos, first.err.find('\r'));
  EXPECT_EQ(1, s.daemon().upload_packs());

  // The cache is a bare clone named after the URL, in XDG_CACHE_HOME/kongtpl.
  std::string entries = s.cache_entries();
  EXPECT_NE(std::string::npos, entries.find("127.0.0.1-" + std::to_string(s.daemon().port()) + "-kong-")) << entries;

  s.daemon().stop();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"diff", "2.0.0", "2.9.0"}, std::vector<std::string>{"versions"},
        std::vector<std::string>{"show", "--body", "2.10.0", "nginx_kong_stream"}}) {
    std::vector<std::string> remote = {"--repo", s.url()};
    remote.insert(remote.end(), args.begin(), args.end());
    ProcessResult again = s.kongtpl(remote);
    ProcessResult want = local(args);
    EXPECT_EQ(want.status, again.status) << again.err;
    EXPECT_EQ(want.out, again.out);
    EXPECT_EQ("", again.err);  // no network, nothing to report
  }
  // The subcommand's own --repo and --no-progress work the same (diff's -q is git's --quiet).
  ProcessResult after = s.kongtpl({"diff", "--repo", s.url(), "--no-progress", "2.0.0", "2.9.0"});
  EXPECT_EQ(expected.out, after.out);
}

TEST(RemoteCommand, QuietCloneSaysNothing) {
  Served s;
  ProcessResult r = s.kongtpl({"--repo", s.url(), "-q", "versions"});
  EXPECT_EQ(0, r.status) << r.err;
  EXPECT_EQ(local({"versions"}).out, r.out);
  EXPECT_EQ("", r.err);
}

TEST(RemoteCommand, MissingVersionIsFetchedOnce) {
  Served s;
  ASSERT_EQ(0, s.kongtpl({"--repo", s.url(), "versions"}).status);
  s.release("2.11.0");

  ProcessResult r = s.kongtpl({"--repo", s.url(), "diff", "2.10.0", "2.11.0"});
  EXPECT_EQ(1, r.status) << r.err;
  EXPECT_NE(std::string::npos, r.out.find("\n+lua_shared_dict kong_2_11_0 1m;\n")) << r.out;
  EXPECT_EQ(0u, r.err.rfind("fetched " + s.url() + ": ", 0)) << r.err;
  EXPECT_EQ(1u, count_lines(r.err)) << r.err;
  EXPECT_EQ(2, s.daemon().upload_packs());

  // Now cached: no more network, even when asked to stay offline.
  ProcessResult offline = s.kongtpl({"--repo", s.url(), "--offline", "diff", "2.10.0", "2.11.0"});
  EXPECT_EQ(1, offline.status) << offline.err;
  EXPECT_EQ(r.out, offline.out);
  EXPECT_EQ("", offline.err);
  EXPECT_EQ(2, s.daemon().upload_packs());
}

TEST(RemoteCommand, FetchOptionRefreshesTheCache) {
  Served s;
  ASSERT_EQ(0, s.kongtpl({"--repo", s.url(), "-q", "versions"}).status);
  s.release("2.12.0");
  // "latest" exists in the cache, so only --fetch brings 2.12.0.
  EXPECT_EQ(std::string::npos, s.kongtpl({"--repo", s.url(), "versions"}).out.find("2.12.0"));
  ProcessResult fetched = s.kongtpl({"--repo", s.url(), "--fetch", "versions"});
  EXPECT_EQ(0, fetched.status) << fetched.err;
  EXPECT_NE(std::string::npos, fetched.out.find("2.12.0")) << fetched.out;
  EXPECT_EQ(0u, fetched.err.rfind("fetched " + s.url() + ": ", 0)) << fetched.err;

  ProcessResult contradiction = s.kongtpl({"--repo", s.url(), "--fetch", "--offline", "versions"});
  EXPECT_EQ(2, contradiction.status);
  EXPECT_NE(std::string::npos, contradiction.err.find("--offline")) << contradiction.err;
}

TEST(RemoteCommand, OfflineWithAMissingVersionIsAClearError) {
  Served s;
  // Nothing cached yet: --offline cannot clone.
  ProcessResult cold = s.kongtpl({"--repo", s.url(), "--offline", "versions"});
  EXPECT_EQ(2, cold.status);
  EXPECT_EQ("", cold.out);
  EXPECT_NE(std::string::npos, cold.err.find("--offline")) << cold.err;
  EXPECT_NE(std::string::npos, cold.err.find(s.url())) << cold.err;
  EXPECT_EQ(1u, count_lines(cold.err)) << cold.err;
  EXPECT_EQ(0, s.daemon().upload_packs());

  ASSERT_EQ(0, s.kongtpl({"--repo", s.url(), "-q", "versions"}).status);
  s.release("2.11.0");
  ProcessResult r = s.kongtpl({"--repo", s.url(), "--offline", "diff", "2.10.0", "2.11.0"});
  EXPECT_EQ(2, r.status);
  EXPECT_EQ("", r.out);
  EXPECT_EQ("kongtpl: version 2.11.0 is not in the cache for " + s.url() +
                " and --offline forbids fetching; drop --offline to fetch it\n",
            r.err);
  EXPECT_EQ(1, s.daemon().upload_packs());
}

TEST(RemoteCommand, UnreachableUrlFailsAndLeavesNoCache) {
  Served s;
  std::string url = "git://127.0.0.1:" + std::to_string(free_port()) + "/kong.git";
  ProcessResult r = s.kongtpl({"--repo", url, "diff", "2.0.0", "2.9.0"});
  EXPECT_EQ(2, r.status);
  EXPECT_EQ("", r.out);
  EXPECT_EQ(0u, r.err.rfind("kongtpl: cannot clone " + url + ": ", 0)) << r.err;
  EXPECT_EQ(1u, count_lines(r.err)) << r.err;
  EXPECT_EQ("", s.cache_entries());

  // A served path that does not exist fails the same way.
  ProcessResult missing = s.kongtpl({"--repo", s.daemon().url("nothing-here.git"), "versions"});
  EXPECT_EQ(2, missing.status);
  EXPECT_EQ(0u, missing.err.rfind("kongtpl: cannot clone ", 0)) << missing.err;
  EXPECT_EQ("", s.cache_entries());
}

TEST(RemoteCommand, ConcurrentRunsOnAColdCacheBothSucceedWithOneClone) {
  Served s;
  ProcessResult expected = local({"diff", "1.0.0", "2.10.0"});
  std::vector<ProcessResult> results(3);
  std::vector<std::thread> runs;
  for (auto& result : results)
    runs.emplace_back([&] { result = s.kongtpl({"--repo", s.url(), "diff", "1.0.0", "2.10.0"}); });
  for (auto& t : runs) t.join();
  for (const ProcessResult& r : results) {
    EXPECT_EQ(1, r.status) << r.err;
    EXPECT_EQ(expected.out, r.out);
  }
  EXPECT_EQ(1, s.daemon().upload_packs());
  std::string entries = s.cache_entries();
  EXPECT_EQ(std::string::npos, entries.find(".tmp-")) << entries;
}

TEST(RemoteCommand, FileUrlsAreCachedToo) {
  Served s;
  std::string url = "file://" + s.bare();
  ProcessResult first = s.kongtpl({"--repo", url, "diff", "1.2.0", "2.0.0"});
  EXPECT_EQ(1, first.status) << first.err;
  EXPECT_EQ(local({"diff", "1.2.0", "2.0.0"}).out, first.out);
  EXPECT_EQ(0u, first.err.rfind("cloned " + url + ": ", 0)) << first.err;
  EXPECT_NE("", s.cache_entries());
  // The cache answers even when the source is gone.
  fs::remove_all(s.bare());
  ProcessResult again = s.kongtpl({"--repo", url, "diff", "1.2.0", "2.0.0"});
  EXPECT_EQ(first.out, again.out);
  EXPECT_EQ("", again.err);
}

TEST(RemoteCommand, ExtTransportIsRefusedWithoutRunningAnything) {
  Served s;
  TempDir dir;
  std::string marker = dir / "ran";
  for (const std::string& url : std::vector<std::string>{"ext::sh -c touch% " + marker, "ext::touch " + marker, "fd::7"}) {
    ProcessResult r = s.kongtpl({"--repo", url, "versions"});
    EXPECT_EQ(2, r.status) << url;
    EXPECT_EQ("", r.out);
    EXPECT_EQ(1u, count_lines(r.err)) << r.err;
    EXPECT_NE(std::string::npos, r.err.find("refusing")) << r.err;
  }
  EXPECT_FALSE(fs::exists(marker));
  EXPECT_EQ("", s.cache_entries());
}

TEST(RemoteCommand, CredentialsInTheUrlAreNeverPrinted) {
  Served s;
  const std::string secret = "s3cretTok3n";
  // Served: the clone works and neither stderr nor the cache keeps the secret.
  std::string with_user = "git://kong:" + secret + "@127.0.0.1:" + std::to_string(s.daemon().port()) + "/kong.git";
  ProcessResult cloned = s.kongtpl({"--repo", with_user, "versions"});
  EXPECT_EQ(0, cloned.status) << cloned.err;
  EXPECT_EQ(std::string::npos, cloned.err.find(secret)) << cloned.err;
  EXPECT_EQ(0u, cloned.err.rfind("cloned ", 0)) << cloned.err;
  EXPECT_EQ(std::string::npos, s.cache_entries().find(secret));
  for (const auto& e : fs::recursive_directory_iterator(s.cache_root())) {
    if (e.is_regular_file() && e.path().filename() == "config") {
      EXPECT_EQ(std::string::npos, testing::read_file(e.path()).find(secret)) << e.path();
    }
  }
  // The same repository without credentials shares the cache: no second clone.
  EXPECT_EQ("", s.kongtpl({"--repo", s.url(), "versions"}).err);
  EXPECT_EQ(1, s.daemon().upload_packs());

  // Unreachable: the error names the URL without the secret (nor the token user).
  for (const std::string& url : {"https://kong:" + secret + "@127.0.0.1:" + std::to_string(free_port()) + "/kong.git",
                                 "http://" + secret + "@127.0.0.1:" + std::to_string(free_port()) + "/kong.git"}) {
    ProcessResult r = s.kongtpl({"--repo", url, "diff", "2.0.0", "2.9.0"});
    EXPECT_EQ(2, r.status);
    EXPECT_EQ(std::string::npos, r.err.find(secret)) << r.err;
    EXPECT_NE(std::string::npos, r.err.find("127.0.0.1")) << r.err;
    EXPECT_EQ(std::string::npos, r.out.find(secret));
  }
  ProcessResult offline = s.kongtpl({"--repo", "https://kong:" + secret + "@example.invalid/kong.git", "--offline", "versions"});
  EXPECT_EQ(2, offline.status);
  EXPECT_EQ(std::string::npos, offline.err.find(secret)) << offline.err;
}

TEST(RemoteCommand, NoRepositoryAnywhereSaysHowToPointAtOne) {
  Served s;
  TempDir outside;  // not inside a git repository; KONGTPL_REPO unset
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"diff", "2.0.0", "2.9.0"}, std::vector<std::string>{"versions"},
        std::vector<std::string>{"show", "2.10.0"}}) {
    ProcessResult r = s.kongtpl(args, outside.path().string());
    EXPECT_EQ(2, r.status);
    EXPECT_EQ("", r.out);
    EXPECT_EQ(1u, count_lines(r.err)) << r.err;
    EXPECT_NE(std::string::npos, r.err.find("--repo")) << r.err;
    EXPECT_NE(std::string::npos, r.err.find("KONGTPL_REPO")) << r.err;
  }
  // KONGTPL_REPO names one (a URL too).
  ProcessOptions options;
  options.cwd = outside.path().string();
  options.env = {{"XDG_CACHE_HOME", s.cache_root()}, {"KONGTPL_REPO", s.url()}, {"NO_COLOR", "1"}};
  ProcessResult via_env = run_process({KONGTPL_BINARY, "versions"}, options);  // run_kongtpl would unset it
  EXPECT_EQ(0, via_env.status) << via_env.err;
  EXPECT_EQ(local({"versions"}).out, via_env.out);
}

}  // namespace
}  // namespace kongtpl
