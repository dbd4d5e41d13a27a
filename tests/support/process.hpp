#pragma once
// Test support: run a program (the kongtpl binary, git, patch) with exact
// arguments, no shell, and capture what it prints.
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace kongtpl::testing {

struct ProcessResult {
  int status = -1;  ///< exit status, or 128+signal
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::string cwd;                           ///< empty: inherit
  std::map<std::string, std::string> env;    ///< added to / overriding the environment
  std::vector<std::string> unset_env;        ///< removed from the environment
  std::string input;                         ///< fed to stdin
  /// Standard output is a pseudo-terminal of this many columns (0: a pipe).
  /// What it shows is captured in out, with the terminal's "\r\n" endings.
  unsigned short terminal_columns = 0;
  /// A guard against a child that waits forever (a pager reading the
  /// keyboard): after this many seconds it is killed and status is -2.
  int kill_after_seconds = 0;
};

/// Runs argv[0] (looked up in PATH) with argv, waits, and captures output.
inline ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {}) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe)) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  if (options.terminal_columns) {
    // The pseudo-terminal replaces the stdout pipe: the child writes to its
    // slave side, the test reads the master side (EIO once all writers are gone).
    close(out_pipe[0]);
    close(out_pipe[1]);
    out_pipe[0] = posix_openpt(O_RDWR | O_NOCTTY);
    if (out_pipe[0] < 0 || grantpt(out_pipe[0]) != 0 || unlockpt(out_pipe[0]) != 0)
      throw std::runtime_error("no pseudo-terminal");
    out_pipe[1] = open(ptsname(out_pipe[0]), O_RDWR | O_NOCTTY);
    if (out_pipe[1] < 0) throw std::runtime_error("cannot open the pseudo-terminal");
    struct winsize size {};
    size.ws_col = options.terminal_columns;
    size.ws_row = 24;
    ioctl(out_pipe[1], TIOCSWINSZ, &size);
  }
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
    posix_spawn_file_actions_addclose(&actions, fd);
  if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());

  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& name : options.unset_env) env.erase(name);
  for (const auto& [k, v] : options.env) env[k] = v;
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp, args;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (auto& s : argv_copy) args.push_back(s.data());
  args.push_back(nullptr);

  // A child may exit before reading all its input: the write then fails
  // with EPIPE instead of killing the test with SIGPIPE. The child itself
  // starts with SIGPIPE's default action, as from a shell.
  std::signal(SIGPIPE, SIG_IGN);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  // With a time limit the child leads its own process group, so that what
  // it started (a pager) is killed with it.
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | (options.kill_after_seconds ? POSIX_SPAWN_SETPGROUP : 0));
  pid_t pid;
  int rc = posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), envp.data());
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(in_pipe[1]);
    close(out_pipe[0]);
    close(err_pipe[0]);
    throw std::runtime_error("cannot start " + argv[0]);
  }

  ProcessResult result;
  size_t written = 0;
  int in_fd = in_pipe[1];
  if (options.input.empty()) {
    close(in_fd);
    in_fd = -1;
  } else {
    fcntl(in_fd, F_SETFL, O_NONBLOCK);
  }
  bool out_open = true, err_open = true;
  char buffer[65536];
  int waited_ms = 0;
  while (out_open || err_open) {
    pollfd fds[3];
    int n = 0;
    if (out_open) fds[n++] = {out_pipe[0], POLLIN, 0};
    if (err_open) fds[n++] = {err_pipe[0], POLLIN, 0};
    if (in_fd >= 0) fds[n++] = {in_fd, POLLOUT, 0};
    if (poll(fds, n, options.kill_after_seconds ? 1000 : -1) == 0) {
      waited_ms += 1000;
      if (waited_ms >= options.kill_after_seconds * 1000) {
        kill(-pid, SIGKILL);
        waitpid(pid, nullptr, 0);
        for (int fd : {out_pipe[0], err_pipe[0], in_fd})
          if (fd >= 0) close(fd);
        result.status = -2;
        return result;
      }
      continue;
    }
    for (int i = 0; i < n; ++i) {
      if (!fds[i].revents) continue;
      if (fds[i].fd == in_fd) {
        ssize_t w = write(in_fd, options.input.data() + written, options.input.size() - written);
        if (w > 0) written += w;
        if (w < 0 || written == options.input.size()) {
          close(in_fd);
          in_fd = -1;
        }
        continue;
      }
      ssize_t r = read(fds[i].fd, buffer, sizeof buffer);
      bool is_out = fds[i].fd == out_pipe[0];
      if (r <= 0) {
        (is_out ? out_open : err_open) = false;
      } else {
        (is_out ? result.out : result.err).append(buffer, r);
      }
    }
  }
  if (in_fd >= 0) close(in_fd);
  close(out_pipe[0]);
  close(err_pipe[0]);
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  result.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  return result;
}

/// Runs the kongtpl binary under test.
inline ProcessResult run_kongtpl(std::vector<std::string> args, const ProcessOptions& options = {}) {
  args.insert(args.begin(), KONGTPL_BINARY);
  ProcessOptions opts = options;
  opts.unset_env.push_back("KONGTPL_REPO");
  opts.env.emplace("NO_COLOR", "1");
  return run_process(args, opts);
}

/// A fresh directory removed when the object goes out of scope.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "kongtpl-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

/// The shared folder beside the project, or "" when absent (tests then skip
/// with GTEST_SKIP() << "...": say what is missing).
inline std::string shared_bundle() {
  std::string bundle = std::string(KONGTPL_SHARED_DIR) + "/kong-templates.bundle";
  return std::filesystem::exists(bundle) ? bundle : std::string();
}

/// A bare clone of the shared bundle, made once per test process.
inline std::string shared_bare_clone() {
  static std::string path = [] {
    std::string bundle = shared_bundle();
    if (bundle.empty()) return std::string();
    static TempDir dir;
    std::string target = dir / "kong.git";
    auto r = run_process({"git", "clone", "--quiet", "--bare", bundle, target});
    if (r.status != 0) throw std::runtime_error("git clone of the bundle failed: " + r.err);
    return target;
  }();
  return path;
}

}  // namespace kongtpl::testing
