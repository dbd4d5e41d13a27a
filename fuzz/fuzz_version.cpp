// Version-spec parsing and ordering: two tags split at NUL. Properties: the
// order is antisymmetric and a parsed tag keeps its text.
#include <compare>
#include <cstddef>
#include <cstdint>

#include "core/version.hpp"
#include "fuzz_input.hpp"

using namespace kongtpl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto pieces = fuzz::split_pieces(fuzz::bytes_of(data, size), 2);
  auto a = Version::parse(pieces[0]);
  auto b = Version::parse(pieces[1]);
  if (a && a->tag != pieces[0]) fuzz::property_failed("parse changed the tag", pieces[0]);
  if (a && b) {
    auto ab = *a <=> *b;
    auto ba = *b <=> *a;
    if ((ab < 0) != (ba > 0) || (ab == 0) != (ba == 0)) fuzz::property_failed("order is not antisymmetric", pieces[0]);
    if ((*a <=> *a) != 0) fuzz::property_failed("a version is not equal to itself", pieces[0]);
  }
  return 0;
}
