#pragma once
// A replacement in an edit script ("these 7 lines became this 1 line") says
// nothing about which old line became which new one. In a Kong template a
// directive keeps its name when it is edited (`pid pids/nginx.pid;` gains a
// comment, `ssl_session_cache` gets a new size), so a replacement is split
// on lines whose directive names match, in order: the rest becomes plain
// deletions and insertions. The merge then sees "deleted six lines and
// edited `pid`", which meets upstream's "deleted six lines" without conflict.
#include <string_view>
#include <vector>

#include "diff/edit_script.hpp"
#include "util/lines.hpp"

namespace kongtpl {

/// The directive name a line starts with (`lua_shared_dict` for
/// `  lua_shared_dict kong 5m;`), or empty for blank lines, "> lua" lines,
/// closing braces and lines that do not start with a word.
std::string_view directive_name(std::string_view body);

/// Splits each replacement of `changes` (before -> after) into one-line
/// edits of lines with the same directive name (paired in order, as many as
/// possible) and the deletions and insertions between them. The script
/// describes the same edit; its changes may now touch one another.
std::vector<Change> split_changes(const std::vector<Change>& changes, const std::vector<Line>& before,
                                  const std::vector<Line>& after);

}  // namespace kongtpl
