#pragma once
// A kong.conf as Kong reads it (pl.config without "smart" values): one
// `key = value` per line, `#` starts a comment unless escaped as `\#`,
// blank lines and comment lines are skipped. Only what the upgrade checks
// need: each key with its value and line.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kongtpl {

/// One setting of a kong.conf.
struct ConfSetting {
  std::string key;    ///< lowercased, as Kong looks properties up
  std::string value;  ///< trimmed, comment removed, `\#` unescaped
  uint32_t line = 0;  ///< 1-based
  std::string text;   ///< the line as written, without its newline
};

/// The settings of a kong.conf text, in file order (a key set twice appears twice).
std::vector<ConfSetting> parse_kong_conf(std::string_view text);

}  // namespace kongtpl
