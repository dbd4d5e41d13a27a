#pragma once
// Where a command's main output goes: stdout, or a file given with -o that is
// written atomically once the command has succeeded.
#include <string>

#include <CLI/CLI.hpp>

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
  /// Long output: on a terminal, deliver() shows it through the pager
  /// (see pager.hpp) unless --no-pager was given.
  void page_on_terminal() { page_ = true; }
  /// Writes the collected text to its destination.
  Status deliver();

 private:
  std::string path_;
  bool page_ = false;
  std::string text_;
};

/// --no-pager (before or after the command): never start a pager.
void disable_pager();

/// Adds --no-pager to a command whose output is paged on a terminal.
void add_no_pager_option(CLI::App& command);

/// Decides colour for --color=auto|always|never: auto means only on a
/// terminal that is not dumb (TERM=dumb or unset), and never when NO_COLOR
/// is set.
Result<bool> decide_color(const std::string& mode, const Output& output);

}  // namespace kongtpl
