// Layout detection of a customised file against the fixture history's
// templates at 1.0.0 (read once, from fixtures/history/).
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "fuzz_input.hpp"
#include "merge/layout_compose.hpp"
#include "merge/layout_detect.hpp"
#include "merge/upgrade.hpp"

using namespace kongtpl;

namespace {

const UpstreamBodies& fixture_bodies() {
  static const UpstreamBodies bodies = [] {
    std::map<std::string, std::string> files;
    const std::string root = std::string(KONGTPL_SOURCE_DIR) + "/fixtures/history/01-1.0.0/kong/templates/";
    for (const char* name : {"nginx.lua", "nginx_kong.lua"}) {
      std::ifstream in(root + name, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      files.emplace(std::string("kong/templates/") + name, text.str());
    }
    auto read = read_upstream_bodies(files);
    if (!read) fuzz::property_failed("fixture templates do not read", read.error().message);
    return *read;
  }();
  return bodies;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const UpstreamBodies& bodies = fixture_bodies();
  auto layout = detect_layout(fuzz::bytes_of(data, size), bodies);
  if (layout) (void)compose(*layout, bodies);
  return 0;
}
