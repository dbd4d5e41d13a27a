#include "diff/render_stat.hpp"

#include <algorithm>

#include "diff/quote_path.hpp"
#include "diff/render_unified.hpp"

namespace kongtpl {

namespace {

int decimal_width(size_t n) {
  int width = 1;
  for (; n >= 10; n /= 10) ++width;
  return width;
}

// git's scale_linear: at least one column for any change.
size_t scale_linear(size_t it, size_t width, size_t max_change) {
  if (!it) return 0;
  return 1 + (it * (width - 1) / max_change);
}

std::string pad_right(const std::string& text, size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string pad_left(const std::string& text, size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

}  // namespace

std::string stat_summary(size_t files, size_t insertions, size_t deletions) {
  if (files == 0) return " 0 files changed\n";
  std::string out = " ";
  out.append(std::to_string(files)).append(files == 1 ? " file changed" : " files changed");
  if (insertions || !deletions)
    out += ", " + std::to_string(insertions) + (insertions == 1 ? " insertion(+)" : " insertions(+)");
  if (deletions || !insertions)
    out += ", " + std::to_string(deletions) + (deletions == 1 ? " deletion(-)" : " deletions(-)");
  return out + "\n";
}

std::string render_stat(const std::vector<FileDiff>& files, const StatStyle& style) {
  std::vector<const FileDiff*> shown;
  for (const FileDiff& file : files)
    if (file.in_stat()) shown.push_back(&file);
  if (shown.empty()) return "";

  const std::string add_c = style.color ? diff_color::kNew : "";
  const std::string del_c = style.color ? diff_color::kOld : "";
  const std::string reset = style.color ? diff_color::kReset : "";

  // Widths as git's show_stats computes them.
  size_t max_len = 0, max_change = 0;
  int number_width = 0, bin_width = 0;
  std::vector<std::string> names;
  for (const FileDiff* file : shown) {
    names.push_back(quote_path("", file->path()));
    max_len = std::max(max_len, names.back().size());
    if (file->binary) {
      bin_width = std::max(bin_width, 14 + decimal_width(file->added) + decimal_width(file->removed));
      number_width = 3;
      continue;
    }
    max_change = std::max(max_change, file->added + file->removed);
  }
  number_width = std::max(number_width, decimal_width(max_change));
  long width = std::max<long>(style.width, 16 + 6 + number_width);
  long graph_width = static_cast<long>(max_change) + 4 > bin_width ? static_cast<long>(max_change) : bin_width - 4;
  long name_width = static_cast<long>(max_len);
  if (name_width + number_width + 6 + graph_width > width) {
    if (graph_width > width * 3 / 8 - number_width - 6) {
      graph_width = width * 3 / 8 - number_width - 6;
      if (graph_width < 6) graph_width = 6;
    }
    if (name_width > width - number_width - 6 - graph_width)
      name_width = width - number_width - 6 - graph_width;
    else
      graph_width = width - number_width - 6 - name_width;
  }

  std::string out;
  size_t adds = 0, dels = 0;
  for (size_t i = 0; i < shown.size(); ++i) {
    const FileDiff& file = *shown[i];
    // A name too long keeps its end, cut at a "/" when one is left.
    std::string prefix, name = names[i];
    long len = name_width;
    if (static_cast<long>(name.size()) > name_width) {
      prefix = "...";
      len -= 3;
      name = name.substr(name.size() - static_cast<size_t>(std::max(len, 0L)));
      const size_t slash = name.find('/');
      if (slash != std::string::npos) name = name.substr(slash);
    }
    out += " " + prefix + pad_right(name, static_cast<size_t>(std::max(len, 0L))) + " |";
    if (file.binary) {
      out += " " + pad_left("Bin", number_width);
      if (file.added || file.removed)
        out += " " + del_c + std::to_string(file.removed) + reset + " -> " + add_c + std::to_string(file.added) +
               reset + " bytes";
      out += "\n";
      continue;
    }
    adds += file.added;
    dels += file.removed;
    size_t add = file.added, del = file.removed;
    if (static_cast<size_t>(graph_width) <= max_change) {
      size_t total = scale_linear(add + del, graph_width, max_change);
      if (total < 2 && add && del) total = 2;
      if (add < del) {
        add = scale_linear(add, graph_width, max_change);
        del = total - add;
      } else {
        del = scale_linear(del, graph_width, max_change);
        add = total - del;
      }
    }
    const size_t changed = file.added + file.removed;
    out += " " + pad_left(std::to_string(changed), number_width) + (changed ? " " : "");
    if (add) out += add_c + std::string(add, '+') + reset;
    if (del) out += del_c + std::string(del, '-') + reset;
    out += "\n";
  }
  out += stat_summary(shown.size(), adds, dels);
  return out;
}

}  // namespace kongtpl
