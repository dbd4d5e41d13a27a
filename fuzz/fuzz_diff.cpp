// The diff pipeline on two inputs. The leading byte picks one option set, so
// each execution runs one diff and libFuzzer explores the options as it
// explores the texts (running all of them per input made a run ~20x slower):
//   bits 0-2  context lines (0-7)
//   bit  3    --ignore-blank-lines
//   bits 4-5  whitespace mode: exact, -b, -w (3 is -w too)
//   bits 6-7  pairing: changed file, removed file, added file, all three
// Every renderer runs on the result, the coloured diff also with
// --color-moved (mode from the context bits, --color-moved-ws from bit 3).
// Properties: comparing a text with itself under the same options finds no
// hunks; moves change colours only, never the text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "diff/file_diff.hpp"
#include "diff/render_git_patch.hpp"
#include "diff/render_numstat.hpp"
#include "diff/render_stat.hpp"
#include "diff/render_unified.hpp"
#include "fuzz_input.hpp"

using namespace kongtpl;

namespace {

// The text without its SGR colour sequences.
std::string without_colours(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      size_t end = text.find('m', i);
      if (end != std::string::npos) {
        i = end;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t selector = data[0];
  const int context = selector & 7;
  const bool ignore_blank_lines = (selector >> 3) & 1;
  const WhitespaceMode modes[] = {WhitespaceMode::Exact, WhitespaceMode::IgnoreSpaceChange,
                                  WhitespaceMode::IgnoreAllSpace, WhitespaceMode::IgnoreAllSpace};
  const DiffOptions options{modes[(selector >> 4) & 3], ignore_blank_lines, context};
  const int pairing = selector >> 6;

  auto pieces = fuzz::split_pieces(fuzz::bytes_of(data + 1, size - 1), 2);
  FileSide before{"kong/templates/nginx_kong.lua", pieces[0], "", 0100644};
  FileSide after{"kong/templates/nginx_kong.lua", pieces[1], "", 0100644};
  std::vector<FileDiff> files;
  if (pairing == 0 || pairing == 3) files.push_back(compare_files(&before, &after, options));
  if (pairing == 1 || pairing == 3) files.push_back(compare_files(&before, nullptr, options));
  if (pairing == 2 || pairing == 3) files.push_back(compare_files(nullptr, &after, options));
  (void)render_unified(files);
  const std::string coloured = render_unified(files, UnifiedStyle{true});
  UnifiedStyle moved{true};
  const ColorMovedMode moved_modes[] = {ColorMovedMode::Plain, ColorMovedMode::Blocks, ColorMovedMode::Zebra,
                                        ColorMovedMode::DimmedZebra};
  moved.moved = moved_modes[context & 3];
  moved.moved_whitespace.allow_indentation_change = ignore_blank_lines;
  moved.moved_whitespace.ignore_all_space = !ignore_blank_lines && (context & 4);
  const std::string with_moves = render_unified(files, moved);
  if (without_colours(with_moves) != without_colours(coloured))
    fuzz::property_failed("--color-moved changed more than colours", with_moves);
  (void)render_git_patch(files);
  (void)render_stat(files);
  (void)render_stat(files, StatStyle{40, true});
  (void)render_numstat(files);

  const FileSide& self = pairing == 2 ? after : before;
  FileDiff same = compare_files(&self, &self, options);
  if (!same.hunks.empty() || same.added || same.removed)
    fuzz::property_failed("a text compared with itself has hunks", render_unified({same}));
  return 0;
}
