#pragma once
/// A real `git daemon` on 127.0.0.1 for tests of git:// URLs: it serves every
/// repository under a base folder, and its --verbose log tells a test how many
/// clones and fetches (upload-packs) reached the network.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/loopback_server.hpp"
#include "support/process.hpp"

namespace kongtpl::testing {

/// A loopback port nothing listens on right now (the kernel's pick for port 0).
inline int free_port() {
  int port = 0;
  close(bind_loopback(port));
  return port;
}

/// Whether something accepts TCP connections on 127.0.0.1:port.
inline bool accepts_connections(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

/// git's daemon serving every repository under base on 127.0.0.1 until
/// stopped or destroyed.
class GitDaemon {
 public:
  /// Starts the daemon on a free port and waits until it accepts connections;
  /// its log goes to log_path ("" means base + ".daemon.log", beside base).
  explicit GitDaemon(const std::string& base, const std::string& log_path = "")
      : log_(log_path.empty() ? base + ".daemon.log" : log_path) {
    port_ = free_port();
    // The daemon binary itself, so that stopping pid_ stops the server (not
    // just a `git` wrapper around it).
    std::string exec_path = run_process({"git", "--exec-path"}).out;
    while (!exec_path.empty() && exec_path.back() == '\n') exec_path.pop_back();
    std::string program = exec_path + "/git-daemon";
    if (!std::filesystem::exists(program)) throw std::runtime_error("git-daemon is missing from " + exec_path);
    std::vector<std::string> args = {program, "--reuseaddr", "--verbose", "--export-all", "--base-path=" + base,
                                     "--listen=127.0.0.1", "--port=" + std::to_string(port_), base};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    int rc = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + program);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!accepts_connections(port_)) {
      if (std::chrono::steady_clock::now() > deadline) {
        stop();
        throw std::runtime_error("git daemon did not start");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  /// Stops the daemon.
  ~GitDaemon() { stop(); }
  GitDaemon(const GitDaemon&) = delete;
  GitDaemon& operator=(const GitDaemon&) = delete;

  /// Stops the daemon now, so that the network is gone for the rest of the test.
  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  /// The port the daemon listens on.
  int port() const { return port_; }
  /// The git:// URL of the repository at base/repo.
  std::string url(const std::string& repo) const { return "git://127.0.0.1:" + std::to_string(port_) + "/" + repo; }
  /// How many clones and fetches the daemon has served so far.
  int upload_packs() const {
    std::string log = read_file(log_);
    int count = 0;
    for (size_t at = log.find("upload-pack"); at != std::string::npos; at = log.find("upload-pack", at + 1)) ++count;
    return count;
  }

 private:
  std::string log_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace kongtpl::testing
