#include "cli/app.hpp"

#include <CLI/CLI.hpp>

namespace kongtpl {

int run_cli(int argc, char** argv) {
  CLI::App app{"kongtpl: review and port Kong's Nginx template changes between versions"};
  app.set_version_flag("--version", std::string("kongtpl ") + KONGTPL_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}

}  // namespace kongtpl
