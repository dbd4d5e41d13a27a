#include "diff/render_names.hpp"

#include "diff/quote_path.hpp"

namespace kongtpl {

bool listed_by_name(const FileDiff& file) {
  if (!file.before || !file.after) return file.before || file.after;
  return file.mode_changed() || file.content_changed();
}

char name_status(const FileDiff& file) { return !file.before ? 'A' : !file.after ? 'D' : 'M'; }

std::string render_name_only(const std::vector<FileDiff>& files) {
  std::string out;
  for (const FileDiff& file : files)
    if (listed_by_name(file)) out += quote_path("", file.path()) + "\n";
  return out;
}

std::string render_name_status(const std::vector<FileDiff>& files) {
  std::string out;
  for (const FileDiff& file : files)
    if (listed_by_name(file)) out += std::string(1, name_status(file)) + "\t" + quote_path("", file.path()) + "\n";
  return out;
}

}  // namespace kongtpl
