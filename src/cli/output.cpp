#include "cli/output.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "util/atomic_file.hpp"

namespace kongtpl {

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
  return output.is_terminal();
}

}  // namespace kongtpl
