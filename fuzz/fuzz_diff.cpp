// The diff pipeline on two inputs. The leading byte picks one option set, so
// each execution runs one diff and libFuzzer explores the options as it
// explores the texts (running all of them per input made a run ~20x slower):
//   bits 0-2  context lines (0-7)
//   bit  3    --ignore-blank-lines
//   bits 4-5  whitespace mode: exact, -b, -w (3 is -w too)
//   bits 6-7  pairing: changed file, removed file, added file, all three
// Every renderer runs on the result. Property: comparing a text with itself
// under the same options finds no hunks.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "diff/file_diff.hpp"
#include "diff/render_git_patch.hpp"
#include "diff/render_numstat.hpp"
#include "diff/render_stat.hpp"
#include "diff/render_unified.hpp"
#include "fuzz_input.hpp"

using namespace kongtpl;

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
  (void)render_unified(files, UnifiedStyle{true});
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
