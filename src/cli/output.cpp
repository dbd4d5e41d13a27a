#include "cli/output.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "cli/pager.hpp"
#include "cli/terminal.hpp"
#include "util/atomic_file.hpp"

namespace kongtpl {
namespace {

bool pager_disabled = false;

}  // namespace

void disable_pager() { pager_disabled = true; }

void add_no_pager_option(CLI::App& command) {
  command.add_flag_callback("--no-pager", disable_pager,
                            "never page the output (default on a terminal: $KONGTPL_PAGER, $PAGER, less -FRX)");
}

bool Output::is_terminal() const { return !to_file() && ::isatty(STDOUT_FILENO); }

Status Output::check_writable() const {
  if (!to_file()) return Status();
  namespace fs = std::filesystem;
  fs::path target(path_);
  fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::error_code ec;
  if (fs::is_directory(target, ec)) return Error{"cannot write '" + path_ + "': it is a directory"};
  // Output replaces its target by rename: only a regular file can be replaced.
  if (fs::exists(target, ec) && !fs::is_regular_file(target, ec))
    return Error{"cannot write '" + path_ + "': not a regular file"};
  if (!fs::is_directory(folder, ec))
    return Error{"cannot write '" + path_ + "': folder '" + folder.string() + "' does not exist"};
  if (::access(folder.c_str(), W_OK) != 0)
    return Error{"cannot write '" + path_ + "': " + std::strerror(errno)};
  return Status();
}

Status Output::deliver() {
  if (to_file()) return write_file_atomically(path_, text_);
  if (page_ && !pager_disabled && !text_.empty() && is_terminal()) {
    if (auto pager = pager_command()) {
      std::fflush(stdout);
      if (write_through_pager(*pager, text_)) return Status();
      std::fprintf(stderr, "kongtpl: warning: the pager '%s' did not start; printing directly (set KONGTPL_PAGER, "
                   "or use --no-pager)\n", pager->c_str());
    }
  }
  if (std::fwrite(text_.data(), 1, text_.size(), stdout) != text_.size() || std::fflush(stdout) != 0) {
    // A closed pipe (e.g. `| head`) is not worth a message.
    if (errno == EPIPE) return Status();
    return Error{std::string("cannot write to standard output: ") + std::strerror(errno)};
  }
  return Status();
}

Result<bool> decide_color(const std::string& mode, const Output& output) {
  if (mode == "always" || mode.empty()) return true;  // bare --color, as git
  if (mode == "never") return false;
  if (mode != "auto") return Error{"--color takes auto, always or never, not '" + mode + "'"};
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return output.is_terminal() && !terminal_is_dumb();
}

}  // namespace kongtpl
