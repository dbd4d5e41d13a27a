// Remote caching against real servers on this machine: a `git daemon` on
// 127.0.0.1 started by the test, and file:// URLs. The cache root is always a
// TempDir, never the real ~/.cache.
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <regex>
#include <thread>

#include "git/cache_lock.hpp"
#include "git/remote_cache.hpp"
#include "git/url.hpp"
#include "support/git_cli.hpp"
#include "support/git_daemon.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

namespace fs = std::filesystem;
using testing::free_port;
using testing::git_or_fail;
using testing::GitDaemon;
using testing::run_process;
using testing::TempDir;

/// A bare upstream "kong.git" under base with tags 1.0.0 (annotated) and
/// 1.1.0, plus the work tree that feeds it.
struct Upstream {
  TempDir dir;
  std::string base = dir / "served";
  std::string bare = dir / "served/kong.git";
  std::string work = dir / "work";

  Upstream() {
    git_or_fail({"init", "-q", work});
    commit("kong/templates/nginx.lua", "return [[\nworker_processes auto;\n]]\n", "first");
    git_or_fail({"-C", work, "tag", "-a", "-m", "Kong 1.0.0", "1.0.0"});
    commit("kong/templates/nginx.lua", "return [[\nworker_processes 2;\n]]\n", "second");
    git_or_fail({"-C", work, "tag", "1.1.0"});
    git_or_fail({"clone", "-q", "--bare", work, bare});
  }
  void commit(const std::string& file, const std::string& text, const std::string& message) {
    testing::write_file(fs::path(work) / file, text);
    git_or_fail({"-C", work, "add", "-A"});
    git_or_fail({"-C", work, "commit", "-q", "-m", message});
  }
  /// Publishes a new commit tagged version.
  void release(const std::string& version) {
    commit("kong/templates/nginx.lua", "return [[\n# " + version + "\n]]\n", "release " + version);
    git_or_fail({"-C", work, "tag", "-a", "-m", "Kong " + version, version});
    git_or_fail({"-C", work, "push", "-q", bare, "main", "--tags"});
  }
  std::string file_url() const { return "file://" + bare; }
};

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::vector<std::string> tags_in(const std::string& repo) {
  std::string out = git_or_fail({"--git-dir", repo, "tag", "-l"});
  std::vector<std::string> tags;
  for (const auto& line : split(out)) tags.push_back(line);
  return tags;
}

bool fsck_passes(const std::string& repo) {
  return run_process({"git", "--git-dir", repo, "fsck", "--no-progress"}).status == 0;
}

/// Names in the cache root, sorted.
std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

RemoteOptions quiet_options(const TempDir& cache) {
  RemoteOptions options;
  options.quiet = true;
  options.cache_root = cache / "cache";
  return options;
}

/// A MissingVersions that checks for tags with the git CLI.
MissingVersions want(std::vector<std::string> versions) {
  return [versions](const std::string& repo) {
    std::vector<std::string> missing;
    for (const auto& v : versions)
      if (run_process({"git", "--git-dir", repo, "rev-parse", "-q", "--verify", "refs/tags/" + v}).status != 0)
        missing.push_back(v);
    return missing;
  };
}

TEST(RemoteCache, FirstCloneThenReuseWithoutNetwork) {
  Upstream upstream;
  TempDir cache;
  GitDaemon daemon(upstream.base, cache / "daemon.log");
  RemoteOptions options = quiet_options(cache);
  std::string url = daemon.url("kong.git");

  auto path = ensure_cached(url, options);
  ASSERT_TRUE(path.ok()) << path.error().message;
  EXPECT_EQ(*path, options.cache_root + "/" + cache_name_for(url) + ".git");
  EXPECT_EQ(tags_in(*path), (std::vector<std::string>{"1.0.0", "1.1.0"}));
  EXPECT_EQ(git_or_fail({"--git-dir", *path, "for-each-ref", "--format=%(refname)", "refs/heads"}),
            "refs/heads/main\n");
  EXPECT_EQ(git_or_fail({"--git-dir", *path, "rev-parse", "1.1.0^{commit}"}),
            git_or_fail({"--git-dir", upstream.bare, "rev-parse", "1.1.0^{commit}"}));
  EXPECT_TRUE(fsck_passes(*path));
  EXPECT_EQ(entries(options.cache_root), (std::vector<std::string>{cache_name_for(url) + ".git",
                                                                   cache_name_for(url) + ".lock"}));
  EXPECT_EQ(daemon.upload_packs(), 1);

  daemon.stop();
  auto again = ensure_cached(url, options);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, *path);
  auto opened = open_remote(url, options, want({"1.0.0", "1.1.0"}));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(*opened, *path);
}

TEST(RemoteCache, MissingVersionTriggersOneFetchAndNothingElseDoes) {
  Upstream upstream;
  TempDir cache;
  GitDaemon daemon(upstream.base, cache / "daemon.log");
  RemoteOptions options = quiet_options(cache);
  std::string url = daemon.url("kong.git");

  // A fresh clone is never followed by a fetch, even with --fetch.
  RemoteOptions fetching = options;
  fetching.force_fetch = true;
  auto path = open_remote(url, fetching, want({"1.0.0"}));
  ASSERT_TRUE(path.ok()) << path.error().message;
  EXPECT_EQ(daemon.upload_packs(), 1);

  upstream.release("2.0.0");
  ASSERT_TRUE(open_remote(url, options, want({"1.0.0"})).ok());
  EXPECT_EQ(daemon.upload_packs(), 1);  // nothing missing: no network
  EXPECT_EQ(tags_in(*path), (std::vector<std::string>{"1.0.0", "1.1.0"}));

  auto fetched = open_remote(url, options, want({"1.0.0", "2.0.0"}));
  ASSERT_TRUE(fetched.ok()) << fetched.error().message;
  EXPECT_EQ(daemon.upload_packs(), 2);
  EXPECT_EQ(tags_in(*path), (std::vector<std::string>{"1.0.0", "1.1.0", "2.0.0"}));
  EXPECT_EQ(git_or_fail({"--git-dir", *path, "rev-parse", "main"}),
            git_or_fail({"--git-dir", upstream.bare, "rev-parse", "main"}));
  EXPECT_TRUE(fsck_passes(*path));

  upstream.release("2.1.0");
  ASSERT_TRUE(open_remote(url, fetching, want({"1.0.0"})).ok());  // --fetch on an existing cache
  EXPECT_EQ(daemon.upload_packs(), 3);
  EXPECT_EQ(tags_in(*path), (std::vector<std::string>{"1.0.0", "1.1.0", "2.0.0", "2.1.0"}));
}

TEST(RemoteCache, FetchOverFileUrlGetsNewTagAndMovedBranch) {
  Upstream upstream;
  TempDir cache;
  RemoteOptions options = quiet_options(cache);
  auto path = ensure_cached(upstream.file_url(), options);
  ASSERT_TRUE(path.ok()) << path.error().message;
  upstream.release("3.0.0");
  Status fetched = fetch(*path, upstream.file_url(), options);
  ASSERT_TRUE(fetched.ok()) << fetched.error().message;
  EXPECT_EQ(tags_in(*path), (std::vector<std::string>{"1.0.0", "1.1.0", "3.0.0"}));
  EXPECT_EQ(git_or_fail({"--git-dir", *path, "rev-parse", "main"}),
            git_or_fail({"--git-dir", upstream.bare, "rev-parse", "main"}));
  EXPECT_EQ(git_or_fail({"--git-dir", *path, "cat-file", "-t", "3.0.0"}), "tag\n");
  EXPECT_TRUE(fsck_passes(*path));
}

TEST(RemoteCache, OfflineNeverFetches) {
  Upstream upstream;
  TempDir cache;
  RemoteOptions options = quiet_options(cache);
  std::string url = upstream.file_url();

  RemoteOptions offline = options;
  offline.offline = true;
  auto uncached = open_remote(url, offline, want({"1.0.0"}));
  ASSERT_FALSE(uncached.ok());
  EXPECT_EQ(uncached.error().message, url + " is not in the cache (" + options.cache_root + "/" +
                                          cache_name_for(url) + ".git) and --offline forbids cloning it; run once "
                                                                "without --offline");
  EXPECT_FALSE(fs::exists(options.cache_root));

  ASSERT_TRUE(ensure_cached(url, options).ok());
  upstream.release("2.0.0");
  auto missing = open_remote(url, offline, want({"2.0.0"}));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "version 2.0.0 is not in the cache for " + url +
                                         " and --offline forbids fetching; drop --offline to fetch it");
  auto present = open_remote(url, offline, want({"1.1.0"}));
  EXPECT_TRUE(present.ok());
  RemoteOptions both = offline;
  both.force_fetch = true;
  EXPECT_FALSE(open_remote(url, both, want({})).ok());
}

TEST(RemoteCache, UnreachableUrlFailsCleanlyWithoutCredentials) {
  TempDir cache;
  RemoteOptions options = quiet_options(cache);
  int port = free_port();  // nothing listens there
  std::string url = "https://kong:s3cret@127.0.0.1:" + std::to_string(port) + "/Kong/kong.git";
  auto path = ensure_cached(url, options);
  ASSERT_FALSE(path.ok());
  const std::string& message = path.error().message;
  EXPECT_TRUE(message.starts_with("cannot clone https://127.0.0.1:" + std::to_string(port) + "/Kong/kong.git: "))
      << message;
  EXPECT_TRUE(message.ends_with("; check the URL and your network, or pass a local clone with --repo PATH"))
      << message;
  EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_EQ(entries(options.cache_root), std::vector<std::string>{});

  TempDir nowhere;
  auto file = ensure_cached("file://" + (nowhere / "absent.git"), options);
  ASSERT_FALSE(file.ok());
  EXPECT_TRUE(file.error().message.starts_with("cannot clone file://" + (nowhere / "absent.git") + ": "))
      << file.error().message;
  EXPECT_EQ(entries(options.cache_root), std::vector<std::string>{});
}

TEST(RemoteCache, CommandTransportsAreRefusedBeforeAnythingHappens) {
  TempDir cache;
  RemoteOptions options = quiet_options(cache);
  auto path = ensure_cached("ext::sh -c touch% " + (cache / "pwned"), options);
  ASSERT_FALSE(path.ok());
  EXPECT_TRUE(path.error().message.starts_with("refusing the 'ext::' transport")) << path.error().message;
  EXPECT_FALSE(fs::exists(cache / "pwned"));
  EXPECT_FALSE(fs::exists(options.cache_root));
}

TEST(RemoteCache, CredentialsNeverReachTheCacheConfig) {
  Upstream upstream;
  TempDir cache;
  GitDaemon daemon(upstream.base, cache / "daemon.log");
  RemoteOptions options = quiet_options(cache);
  std::string url = daemon.url("kong.git");
  std::string with_password = "git://kong:s3cret@" + url.substr(6);
  auto path = ensure_cached(with_password, options);
  ASSERT_TRUE(path.ok()) << path.error().message;
  EXPECT_EQ(*path, options.cache_root + "/" + cache_name_for(url) + ".git");  // same cache as without
  EXPECT_EQ(testing::read_file(*path + "/config").find("s3cret"), std::string::npos);
  EXPECT_EQ(git_or_fail({"--git-dir", *path, "config", "remote.origin.url"}), url + "\n");
}

TEST(RemoteCache, StaleTemporaryClonesAreRemoved) {
  Upstream upstream;
  TempDir cache;
  RemoteOptions options = quiet_options(cache);
  std::string url = upstream.file_url();
  std::string name = cache_name_for(url);
  // What a clone killed half-way leaves: a temporary that is never trusted.
  testing::write_file(fs::path(options.cache_root) / (name + ".git.tmp-99999") / "HEAD", "garbage");
  auto path = ensure_cached(url, options);
  ASSERT_TRUE(path.ok()) << path.error().message;
  EXPECT_EQ(entries(options.cache_root), (std::vector<std::string>{name + ".git", name + ".lock"}));
  EXPECT_TRUE(fsck_passes(*path));
}

TEST(RemoteCache, ConcurrentRunsCloneOnceAndBothSucceed) {
  Upstream upstream;
  TempDir cache;
  GitDaemon daemon(upstream.base, cache / "daemon.log");
  RemoteOptions options = quiet_options(cache);
  std::string url = daemon.url("kong.git");
  Result<std::string> first = Error{"not run"}, second = Error{"not run"};
  std::thread a([&] { first = ensure_cached(url, options); });
  std::thread b([&] { second = ensure_cached(url, options); });
  a.join();
  b.join();
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(daemon.upload_packs(), 1);
  EXPECT_TRUE(fsck_passes(*first));
  EXPECT_EQ(tags_in(*first), (std::vector<std::string>{"1.0.0", "1.1.0"}));
  std::string name = cache_name_for(url);
  EXPECT_EQ(entries(options.cache_root), (std::vector<std::string>{name + ".git", name + ".lock"}));
}

TEST(RemoteCache, ConcurrentProcessesCloneOnce) {
  Upstream upstream;
  TempDir cache;
  GitDaemon daemon(upstream.base, cache / "daemon.log");
  RemoteOptions options = quiet_options(cache);
  std::string url = daemon.url("kong.git");
  std::vector<pid_t> children;
  for (int i = 0; i < 2; ++i) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) _exit(ensure_cached(url, options).ok() ? 0 : 1);
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  EXPECT_EQ(daemon.upload_packs(), 1);
  auto path = cache_path_for(url, options);
  ASSERT_TRUE(path.ok());
  EXPECT_TRUE(fsck_passes(*path));
}

TEST(RemoteCache, WaitsForAnotherHolderThenGivesUpClearly) {
  Upstream upstream;
  TempDir cache;
  RemoteOptions options = quiet_options(cache);
  options.quiet = false;
  options.lock_wait_seconds = 1;
  std::string url = upstream.file_url();
  auto cache_path = cache_path_for(url, options);
  ASSERT_TRUE(cache_path.ok());
  fs::create_directories(options.cache_root);
  std::string lock_path = options.cache_root + "/" + cache_name_for(url) + ".lock";

  auto held = CacheLock::acquire(lock_path, *cache_path, std::chrono::seconds(1), nullptr);
  ASSERT_TRUE(held.ok()) << held.error().message;
  ::testing::internal::CaptureStderr();
  auto timed_out = ensure_cached(url, options);
  std::string err = ::testing::internal::GetCapturedStderr();
  ASSERT_FALSE(timed_out.ok());
  EXPECT_EQ(timed_out.error().message,
            "another kongtpl is still using the cache " + *cache_path + " after 1 s; try again when it has finished");
  EXPECT_EQ(err, "waiting for another kongtpl to finish with the cache " + *cache_path + "\n");
  EXPECT_FALSE(fs::exists(*cache_path));

  options.lock_wait_seconds = 10;
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    held = Error{"released"};  // destroys the lock
  });
  ::testing::internal::CaptureStderr();
  auto waited = ensure_cached(url, options);
  err = ::testing::internal::GetCapturedStderr();
  releaser.join();
  ASSERT_TRUE(waited.ok()) << waited.error().message;
  EXPECT_TRUE(err.starts_with("waiting for another kongtpl to finish with the cache " + *cache_path + "\ncloned " +
                              url + ": "))
      << err;
}

TEST(RemoteCache, ProgressSummaryWhenStderrIsNotATerminal) {
  Upstream upstream;
  TempDir cache;
  RemoteOptions options = quiet_options(cache);
  options.quiet = false;
  std::string url = upstream.file_url();
  ::testing::internal::CaptureStderr();
  auto path = ensure_cached(url, options);
  std::string err = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(path.ok()) << path.error().message;
  if (isatty(STDERR_FILENO)) GTEST_SKIP() << "stderr is a terminal; the summary form needs a pipe";
  // A file:// clone copies the object files: nothing is transferred.
  EXPECT_TRUE(std::regex_match(err, std::regex("cloned " + url + R"(: copied locally in \d+\.\d s\n)"))) << err;
  upstream.release("2.0.0");
  ::testing::internal::CaptureStderr();
  ASSERT_TRUE(fetch(*path, url, options).ok());
  err = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(std::regex_match(err, std::regex("fetched " + url + R"(: \d+ objects, [0-9.]+ (B|KiB) in \d+\.\d s\n)")))
      << err;
  ::testing::internal::CaptureStderr();
  ASSERT_TRUE(fetch(*path, url, options).ok());
  err = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(std::regex_match(err, std::regex("fetched " + url + R"(: already up to date \(\d+\.\d s\)\n)"))) << err;
}

TEST(RemoteCache, NoRepositoryHintSuggestsKongsUrl) {
  std::string hint = no_repository_hint();
  EXPECT_NE(hint.find("--repo https://github.com/Kong/kong.git"), std::string::npos);
  EXPECT_NE(hint.find("KONGTPL_REPO"), std::string::npos);
  EXPECT_EQ(hint.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace kongtpl
