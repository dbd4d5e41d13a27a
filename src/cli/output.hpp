#pragma once
// Where a command's main output goes: stdout, or a file given with -o that is
// written atomically once the command has succeeded.
#include <string>

#include "util/result.hpp"

namespace kongtpl {

/// Collects output and delivers it to stdout or to a file.
class Output {
 public:
  /// path empty or "-" means stdout.
  explicit Output(std::string path = {}) : path_(std::move(path)) {}
  /// True when the output goes to a terminal (colour and progress decisions).
  bool is_terminal() const;
  /// True when writing to a file rather than stdout.
  bool to_file() const { return !path_.empty() && path_ != "-"; }
  /// Fails early, before any work, when the -o path cannot be written.
  Status check_writable() const;
  /// The text to deliver; append to it.
  std::string& text() { return text_; }
  /// Writes the collected text to its destination.
  Status deliver();

 private:
  std::string path_;
  std::string text_;
};

/// Decides colour for --color=auto|always|never: auto means only on a
/// terminal, and never when NO_COLOR is set.
Result<bool> decide_color(const std::string& mode, const Output& output);

}  // namespace kongtpl
