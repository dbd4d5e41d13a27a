// Rendered copies (merge/rendered_copy) on two texts: a file and a
// template. Properties:
// - a file with template syntax of its own is never taken for a rendered copy;
// - rendering a template like the file keeps a subset of its lines, in order
//   (`kept` is strictly increasing and names lines that exist), and each kept
//   line is the template's line with known placeholders filled in;
// - filling placeholders never changes the line count.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include "merge/rendered_copy.hpp"
#include "util/lines.hpp"

using namespace kongtpl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto pieces = fuzz::split_pieces(fuzz::bytes_of(data, size), 2);
  const std::string& file = pieces[0];
  const std::string& base = pieces[1];
  auto values = read_rendered_values(file, base);
  if (!values) return 0;
  if (!template_syntax_lines(file).empty()) fuzz::property_failed("a template taken for a rendered copy", file);
  std::string filled = fill_placeholders(base, *values);
  if (split_lines(filled).size() != split_lines(base).size())
    fuzz::property_failed("filling placeholders changed the line count", filled);
  RenderedBranches branches = read_rendered_branches(file, base, *values);
  std::vector<size_t> kept;
  std::string rendered = render_like_file(base, *values, branches, kept);
  std::vector<Line> out = split_lines(rendered), in = split_lines(filled);
  if (out.size() != kept.size()) fuzz::property_failed("kept names a different number of lines", rendered);
  for (size_t k = 0; k < kept.size(); ++k) {
    if (kept[k] >= in.size() || (k > 0 && kept[k] <= kept[k - 1]))
      fuzz::property_failed("kept lines out of order or range", rendered);
    if (out[k].bytes != in[kept[k]].bytes) fuzz::property_failed("a kept line differs from the template's", rendered);
  }
  return 0;
}
