#include "cli/pager.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <vector>

extern char** environ;

namespace kongtpl {

std::optional<std::string> pager_command() {
  std::string command = "less -FRX";
  if (const char* own = std::getenv("KONGTPL_PAGER")) command = own;
  else if (const char* pager = std::getenv("PAGER")) command = pager;
  if (command.find_first_not_of(" \t") == std::string::npos || command == "cat") return std::nullopt;
  return command;
}

namespace {

/// The environment for the pager: ours, with git's defaults for less and lv.
std::vector<std::string> pager_environment() {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  if (!std::getenv("LESS")) env.emplace_back("LESS=FRX");
  if (!std::getenv("LV")) env.emplace_back("LV=-c");
  return env;
}

}  // namespace

bool write_through_pager(const std::string& command, std::string_view text) {
  int fds[2];
  if (::pipe(fds) != 0) return false;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  std::vector<std::string> env_strings = pager_environment();
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string sh = "/bin/sh", dash_c = "-c", line = command;
  char* argv[] = {sh.data(), dash_c.data(), line.data(), nullptr};
  pid_t pid = 0;
  int rc = ::posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv, envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[0]);
  if (rc != 0) {
    ::close(fds[1]);
    return false;
  }
  // While the pager has the terminal, Ctrl-C and Ctrl-\ are its keys (less
  // uses them): kongtpl only waits, as git does.
  struct sigaction ignore {}, old_int {}, old_quit {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGINT, &ignore, &old_int);
  ::sigaction(SIGQUIT, &ignore, &old_quit);
  size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fds[1], text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EPIPE: the user quit the pager early
    written += static_cast<size_t>(n);
  }
  ::close(fds[1]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  ::sigaction(SIGINT, &old_int, nullptr);
  ::sigaction(SIGQUIT, &old_quit, nullptr);
  // 127: sh found no such command (and said so on stderr).
  return !(WIFEXITED(status) && WEXITSTATUS(status) == 127);
}

}  // namespace kongtpl
