#include "fuzz_input.hpp"

#include <cstdio>
#include <cstdlib>

namespace kongtpl::fuzz {

void property_failed(const char* what, std::string_view detail) {
  std::fprintf(stderr, "property failed: %s\n%.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

}  // namespace kongtpl::fuzz
