#pragma once
// Each subcommand lives in its own command_<name>.cpp and registers itself
// here: it adds its options to the app and sets `action`, which run_cli calls
// after parsing succeeds.
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "util/result.hpp"

namespace kongtpl {

/// What a parsed subcommand does; returns the exit status.
using CommandAction = std::function<int()>;

void add_diff_command(CLI::App& app, CommandAction& action);
void add_patch_command(CLI::App& app, CommandAction& action);
void add_show_command(CLI::App& app, CommandAction& action);
void add_versions_command(CLI::App& app, CommandAction& action);
void add_lint_command(CLI::App& app, CommandAction& action);
void add_apply_command(CLI::App& app, CommandAction& action);
void add_merge_command(CLI::App& app, CommandAction& action);
void add_history_command(CLI::App& app, CommandAction& action);
void add_plan_command(CLI::App& app, CommandAction& action);
void add_detect_command(CLI::App& app, CommandAction& action);
void add_help_command(CLI::App& app, CommandAction& action);
void add_compose_command(CLI::App& app, CommandAction& action);
void add_report_command(CLI::App& app, CommandAction& action);
void add_completion_command(CLI::App& app, CommandAction& action);

/// The subcommand named name, or null.
const CLI::App* find_command(const CLI::App& app, const std::string& name);

/// "unknown command 'dif' (did you mean 'diff'?)", or with a pointer to --help.
std::string unknown_command_message(const CLI::App& app, const std::string& word);

/// Prints "kongtpl: <message>" on stderr (on one line, shortened when very
/// long) and returns the trouble status (2).
int fail(const Error& error);

/// Prints "kongtpl: warning: <message>" on stderr.
void warn(const std::string& message);

/// Prints an informational line on stderr (never on stdout, which carries
/// the command's data and may be piped).
void note(const std::string& message);

}  // namespace kongtpl
