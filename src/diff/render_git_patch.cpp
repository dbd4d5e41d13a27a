#include "diff/render_git_patch.hpp"

#include "diff/render_unified.hpp"

namespace kongtpl {

std::string render_git_patch(const std::vector<FileDiff>& files) {
  std::string out;
  for (const FileDiff& file : files) {
    const bool exact = file.options.whitespace == WhitespaceMode::Exact && !file.options.ignore_blank_lines;
    if (exact) {
      out += render_unified_file(file);
      continue;
    }
    DiffOptions options = file.options;
    options.whitespace = WhitespaceMode::Exact;
    options.ignore_blank_lines = false;
    out += render_unified_file(compare_files(file.before.get(), file.after.get(), options));
  }
  return out;
}

}  // namespace kongtpl
