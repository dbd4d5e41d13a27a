#pragma once
// Shell completion scripts (bash, zsh, fish) generated from the CLI11 tree,
// so they name exactly the commands and options --help shows.
#include <string>

#include <CLI/CLI.hpp>

#include "util/result.hpp"

namespace kongtpl {

/// The completion script for shell ("bash", "zsh" or "fish") of app, whose
/// subcommands must all be registered. Positional arguments complete as
/// versions (`kongtpl versions`, with the --repo given on the line) or files.
Result<std::string> completion_script(const CLI::App& app, const std::string& shell);

}  // namespace kongtpl
