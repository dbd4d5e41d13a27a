// The diff pipeline on two inputs: every whitespace mode, with and without
// --ignore-blank-lines, every renderer. Property: comparing a text with
// itself finds no hunks.
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
  const int context = data[0] % 8;
  auto pieces = fuzz::split_pieces(fuzz::bytes_of(data + 1, size - 1), 2);
  FileSide before{"kong/templates/nginx_kong.lua", pieces[0], "", 0100644};
  FileSide after{"kong/templates/nginx_kong.lua", pieces[1], "", 0100644};
  for (WhitespaceMode mode : {WhitespaceMode::Exact, WhitespaceMode::IgnoreSpaceChange, WhitespaceMode::IgnoreAllSpace}) {
    for (bool blank : {false, true}) {
      DiffOptions options{mode, blank, context};
      std::vector<FileDiff> files{compare_files(&before, &after, options),
                                  compare_files(&before, nullptr, options),
                                  compare_files(nullptr, &after, options)};
      (void)render_unified(files);
      (void)render_unified(files, UnifiedStyle{true});
      (void)render_git_patch(files);
      (void)render_stat(files);
      (void)render_stat(files, StatStyle{40, true});
      (void)render_numstat(files);
      FileDiff same = compare_files(&before, &before, options);
      if (!same.hunks.empty() || same.added || same.removed)
        fuzz::property_failed("a text compared with itself has hunks", render_unified({same}));
    }
  }
  return 0;
}
