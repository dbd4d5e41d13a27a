#include "cli/app.hpp"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/repo_options.hpp"
#include "util/edit_distance.hpp"
#include "util/one_line.hpp"

namespace kongtpl {

int fail(const Error& error) {
  std::fprintf(stderr, "kongtpl: %s\n", one_line(error.message, 1000).c_str());
  return kExitTrouble;
}

const CLI::App* find_command(const CLI::App& app, const std::string& name) {
  auto found = app.get_subcommands([&](const CLI::App* sub) { return sub->get_name() == name; });
  return found.empty() ? nullptr : found.front();
}

std::string unknown_command_message(const CLI::App& app, const std::string& word) {
  std::string best;
  size_t best_distance = 0;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    size_t distance = edit_distance(word, sub->get_name());
    if (best.empty() || distance < best_distance) {
      best = sub->get_name();
      best_distance = distance;
    }
  }
  std::string shown = "unknown command '" + one_line(word, 60) + "'";
  if (!best.empty() && best_distance <= std::max<size_t>(2, word.size() / 3))
    return shown + " (did you mean '" + best + "'?)";
  return shown + " (see 'kongtpl --help')";
}

namespace {

// The first word of argv that is not an option or an option's value: the
// command the user meant.
std::string first_word(const CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") return i + 1 < argc ? argv[i + 1] : "";
    if (arg.size() > 1 && arg[0] == '-') {
      if (arg.find('=') != std::string::npos) continue;
      const CLI::Option* option = app.get_option_no_throw(arg);
      if (option && option->get_type_size() > 0) ++i;  // skip its value
      continue;
    }
    return arg;
  }
  return "";
}

}  // namespace

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
  app.set_version_flag("-V,--version", std::string("kongtpl ") + KONGTPL_VERSION);
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
  add_help_command(app, action);

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
    // A mistyped command gets a suggestion, not CLI11's "not expected".
    if (std::string word = first_word(app, argc, argv); !word.empty() && !find_command(app, word))
      return fail(Error{unknown_command_message(app, word)});
    // One line, and the conventional status for bad usage.
    std::string message = e.what();
    if (argc <= 1) message = "a command is required";
    std::fprintf(stderr, "kongtpl: %s (see 'kongtpl --help')\n", one_line(message).c_str());
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
