#pragma once
// One problem lint found in a template, located at a line of the file.
#include <cstdint>
#include <string>

namespace kongtpl {

/// A problem in a template file, for an operator to fix.
struct Finding {
  /// The file's display name.
  std::string file;
  /// 1-based line in the file.
  uint32_t line = 0;
  /// "error" (Kong would fail or render nonsense) or "warning".
  std::string severity;
  /// What is wrong and what to do.
  std::string message;
  /// The offending line of the template, without its newline.
  std::string source_line;
  /// For "unknown name" warnings: the name, so a caller can say more (e.g.
  /// "stopped being known in version X"); empty otherwise.
  std::string name;
};

}  // namespace kongtpl
