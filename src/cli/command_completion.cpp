// kongtpl completion SHELL: the shell completion script, made from the same
// command tree as --help (cmake --install puts them where shells look).
#include <memory>

#include "cli/commands.hpp"
#include "cli/completion_scripts.hpp"
#include "cli/exit_status.hpp"
#include "cli/output.hpp"

namespace kongtpl {

void add_completion_command(CLI::App& app, CommandAction& action) {
  auto shell = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "completion", "Print the completion script for bash, zsh or fish (source <(kongtpl completion bash)).");
  cmd->add_option("SHELL", *shell, "bash, zsh or fish")->required();
  cmd->callback([shell, &app, &action] {
    action = [shell, &app] {
      auto script = completion_script(app, *shell);
      if (!script) return fail(script.error());
      Output output;
      output.text() = *script;
      if (Status s = output.deliver(); !s) return fail(s.error());
      return kExitClean;
    };
  });
}

}  // namespace kongtpl
