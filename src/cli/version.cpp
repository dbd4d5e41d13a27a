#include "cli/version.hpp"

// Generated at build time by cmake/build_info.cmake (the commit, if known).
#include "kongtpl_build_info.hpp"

namespace kongtpl {

std::string version_text() {
  std::string text = std::string("kongtpl ") + KONGTPL_VERSION;
  std::string commit = KONGTPL_COMMIT;
  if (!commit.empty()) text += " (commit " + commit + ")";
  return text;
}

}  // namespace kongtpl
