#pragma once
// The command line: parses options with CLI11, calls the library, prints.

namespace kongtpl {

/// Runs kongtpl with the process arguments; returns the exit status
/// (0 success / no differences, 1 differences or conflicts, 2 trouble).
int run_cli(int argc, char** argv);

}  // namespace kongtpl
