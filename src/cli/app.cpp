#include "cli/app.hpp"

#include <csignal>
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/repo_options.hpp"

namespace kongtpl {

int fail(const Error& error) {
  std::fprintf(stderr, "kongtpl: %s\n", error.message.c_str());
  return kExitTrouble;
}

void warn(const std::string& message) { std::fprintf(stderr, "kongtpl: warning: %s\n", message.c_str()); }

void note(const std::string& message) { std::fprintf(stderr, "kongtpl: %s\n", message.c_str()); }

int run_cli(int argc, char** argv) {
  // A closed pipe (kongtpl diff | head) ends output quietly instead of killing
  // the process mid-write; Output::deliver treats EPIPE as done.
  std::signal(SIGPIPE, SIG_IGN);

  CLI::App app{
      "kongtpl: review and port Kong Gateway's Nginx template changes between versions.\n"
      "Exit status: 0 no differences / clean, 1 differences / conflicts, 2 trouble."};
  app.name("kongtpl");
  app.set_version_flag("--version", std::string("kongtpl ") + KONGTPL_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  add_repo_options(app, global_repo_options(), "the command's own");

  CommandAction action;
  add_diff_command(app, action);
  add_patch_command(app, action);
  add_show_command(app, action);
  add_versions_command(app, action);
  add_lint_command(app, action);
  add_apply_command(app, action);
  add_merge_command(app, action);
  add_history_command(app, action);
  add_plan_command(app, action);
  add_detect_command(app, action);
  add_compose_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line, and the conventional status for bad usage.
    std::string message = e.what();
    if (argc <= 1) message = "a command is required";
    std::fprintf(stderr, "kongtpl: %s (see 'kongtpl --help')\n", message.c_str());
    return kExitTrouble;
  }
  if (!action) return fail(Error{"a command is required (see 'kongtpl --help')"});
  try {
    return action();
  } catch (const std::exception& e) {
    return fail(Error{std::string("internal error: ") + e.what()});
  }
}

}  // namespace kongtpl
