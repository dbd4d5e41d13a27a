#pragma once
// What kongtpl asks of the terminal, the way git asks: its width, and
// whether it is a dumb one (TERM=dumb: no colour).
namespace kongtpl {

/// The columns for --stat: $COLUMNS when set to a positive number, else the
/// width of the terminal on standard output, else 80 (git's term_columns).
int terminal_columns();

/// True when TERM is unset or "dumb" (git's is_terminal_dumb): --color=auto
/// stays plain there.
bool terminal_is_dumb();

}  // namespace kongtpl
