#include "cli/app.hpp"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string_view>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/output.hpp"
#include "cli/repo_options.hpp"
#include "cli/version.hpp"
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
    return shown + " (did you mean '" + best + "'? see 'kongtpl --help')";
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

namespace {

/// Every subcommand and the function that registers it with its options.
struct CommandEntry {
  const char* name;
  void (*add)(CLI::App&, CommandAction&);
};
constexpr CommandEntry kCommands[] = {
    {"diff", add_diff_command},       {"patch", add_patch_command}, {"show", add_show_command},
    {"versions", add_versions_command}, {"lint", add_lint_command},   {"apply", add_apply_command},
    {"merge", add_merge_command},     {"history", add_history_command}, {"plan", add_plan_command},
    {"detect", add_detect_command},   {"help", add_help_command},   {"compose", add_compose_command},
    {"report", add_report_command},
    {"completion", add_completion_command},
};

/// Which commands argv needs registered before parsing.
struct Needed {
  const CommandEntry* command = nullptr;  ///< just this one
  bool none = false;                      ///< none: only -V/--version and global options
};

/// The subcommand argv runs, when it can be told without parsing: the first
/// word that is neither an option add_repo_options gives the app nor such an
/// option's value. Anything else (--help, no command, an unknown option or
/// command) needs every command registered, so help and errors are CLI11's
/// as ever; `--version` alone needs none.
Needed needed_commands(int argc, char** argv) {
  bool version = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--repo" || arg == "--templates") {
      ++i;  // its value
    } else if (arg.starts_with("--repo=") || arg.starts_with("--templates=") || arg == "--fetch" ||
               arg == "--offline" || arg == "-q" || arg == "--quiet" || arg == "--no-progress" ||
               arg == "--no-pager") {
      // a global option on its own
    } else if (arg == "-V" || arg == "--version") {
      version = true;
    } else if (arg.starts_with("-")) {
      return {};
    } else {
      if (version) return {};
      // `kongtpl help [COMMAND]` shows any command and `completion` lists
      // them all: all are built.
      for (const auto& command : kCommands)
        if (arg == command.name && arg != "help" && arg != "completion") return {&command, false};
      return {};
    }
  }
  return {nullptr, version};
}

}  // namespace

int run_cli(int argc, char** argv) {
  // A closed pipe (kongtpl diff | head) ends output quietly instead of killing
  // the process mid-write; Output::deliver treats EPIPE as done.
  std::signal(SIGPIPE, SIG_IGN);

  CLI::App app{
      "kongtpl: review and port Kong Gateway's Nginx template changes between versions.\n"
      "Exit status: 0 no differences / clean, 1 differences / conflicts, 2 trouble."};
  app.name("kongtpl");
  app.set_version_flag("-V,--version", version_text());
  app.require_subcommand(1);
  app.fallthrough(false);

  add_repo_options(app, global_repo_options(), "the command's own");
  app.add_flag_callback("--no-pager", disable_pager, "never page output through $KONGTPL_PAGER, $PAGER or less");

  // Building a command's options costs more than many a short run's real
  // work: only the command being run is built, unless it is unclear which.
  CommandAction action;
  if (Needed needed = needed_commands(argc, argv); needed.command != nullptr) {
    needed.command->add(app, action);
  } else if (!needed.none) {
    for (const auto& command : kCommands) command.add(app, action);
  }

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
