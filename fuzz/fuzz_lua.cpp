// A template file as Kong reads it: Lua body extraction (the sandbox runs
// the module), the pl.template compile check and the whole lint, under a
// module name and a plain-template name.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.hpp"
#include "lua/lint.hpp"
#include "lua/template_body.hpp"
#include "lua/template_compiler.hpp"

using namespace kongtpl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes = fuzz::bytes_of(data, size);
  for (const char* name : {"nginx_kong.lua", "custom_nginx.template"}) {
    auto body = read_template_body(bytes, name);
    if (body) (void)compile_check(*body, name);
    (void)lint_template(bytes, name, nullptr);
  }
  return 0;
}
