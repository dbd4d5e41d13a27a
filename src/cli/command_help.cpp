// kongtpl help [COMMAND]: the same text as --help, for the whole tool or one command.
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"

namespace kongtpl {

void add_help_command(CLI::App& app, CommandAction& action) {
  auto command = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("help", "Show the help of kongtpl, or of one command (kongtpl help diff).");
  cmd->add_option("COMMAND", *command, "the command to explain");
  cmd->callback([command, &app, &action] {
    action = [command, &app] {
      if (command->empty()) {
        // app.help() would describe the selected subcommand (help itself).
        std::fputs(app.get_formatter()->make_help(&app, "kongtpl", CLI::AppFormatMode::Normal).c_str(), stdout);
        return kExitClean;
      }
      const CLI::App* sub = find_command(app, *command);
      if (!sub) return fail(Error{unknown_command_message(app, *command)});
      std::fputs(sub->help().c_str(), stdout);
      return kExitClean;
    };
  });
}

}  // namespace kongtpl
