#pragma once
// A replacement in an edit script ("these 7 lines became this 1 line") says
// nothing about which old line became which new one. In a Kong template a
// directive keeps its name when it is edited (`pid pids/nginx.pid;` gains a
// comment, `ssl_session_cache` gets a new size), so a replacement is split
// on lines whose directive names match, in order: the rest becomes plain
// deletions and insertions. The merge then sees "deleted six lines and
// edited `pid`", which meets upstream's "deleted six lines" without conflict.
#include <functional>
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

namespace kongtpl {

/// Cuts each pure deletion of `changes` where one of `other`'s changes (of
/// the same base) that replaces or deletes lines starts or ends inside it,
/// so that only the part of a deletion that meets the other side's change
/// competes with it: upstream deleting fifteen directives of which the user
/// edited one is one line in conflict and fourteen deleted, not fifteen
/// lines in conflict. A piece that meets one of other's changes must form a
/// whole by `stands_alone(from, to)` over its base lines [from, to) (whoever
/// resolves the conflict keeps or drops a whole block or `> if` region), or
/// it is joined with its neighbours until it does; no cut is made where
/// `other` inserts lines (an insertion inside a deletion stays in conflict
/// with it). `origin`, when given, receives for each change of the result
/// the index in `changes` it was cut from (so that a deletion is counted
/// once however many pieces land).
std::vector<Change> cut_deletions(const std::vector<Change>& changes, const std::vector<Change>& other,
                                  const std::function<bool(size_t from, size_t to)>& stands_alone,
                                  std::vector<size_t>* origin = nullptr);

}  // namespace kongtpl
