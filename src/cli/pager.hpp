#pragma once
// Long output on a terminal goes through a pager, as git does: the command
// is $KONGTPL_PAGER, else $PAGER, else "less -FRX" (quits when the text
// fits one screen, passes colours, leaves the screen as it was); "" or
// "cat" means none. Never when standard output is not a terminal.
#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace kongtpl {

/// The pager command to run for output on a terminal, or nothing.
std::optional<std::string> pager_command();

/// Writes text through the pager command and waits for it to exit; false
/// when the pager could not be started (then nothing was shown). The
/// command is the user's own environment variable, run as git runs it,
/// through `sh -c` (so it may carry options and quoting); no data from
/// repositories or templates ever reaches the command line. LESS=FRX and
/// LV=-c are set for it unless the user set them. A pager that quits
/// before reading everything (q in less) is not an error.
bool write_through_pager(const std::string& command, std::string_view text);

}  // namespace kongtpl
