#include "diff/render_numstat.hpp"

#include "diff/quote_path.hpp"

namespace kongtpl {

std::string render_numstat(const std::vector<FileDiff>& files) {
  std::string out;
  for (const FileDiff& file : files) {
    if (!file.in_stat()) continue;
    if (file.binary)
      out += "-\t-\t";
    else
      out += std::to_string(file.added) + "\t" + std::to_string(file.removed) + "\t";
    out += quote_path("", file.path());
    out += '\n';
  }
  return out;
}

}  // namespace kongtpl
