#include "core/history_format.hpp"

#include <algorithm>

namespace kongtpl {

std::string render_template_changes(const std::vector<TemplateChange>& changes, std::string_view indent) {
  size_t plus_width = 0, minus_width = 0;
  for (const TemplateChange& c : changes) {
    plus_width = std::max(plus_width, std::to_string(c.added).size() + 1);
    minus_width = std::max(minus_width, std::to_string(c.removed).size() + 1);
  }
  std::string out;
  for (const TemplateChange& c : changes) {
    std::string plus = "-", minus = "-";  // numstat's mark for binary files
    if (!c.binary) {
      plus.assign(1, '+').append(std::to_string(c.added));
      minus.append(std::to_string(c.removed));
    }
    out.append(indent);
    out.append(plus_width - std::min(plus_width, plus.size()), ' ').append(plus).append(" ");
    out.append(minus_width - std::min(minus_width, minus.size()), ' ').append(minus).append("  ");
    out.append(c.path);
    if (c.status != TemplateStatus::Changed) out.append(" (").append(status_name(c.status)).append(")");
    if (c.binary) out.append(" (binary)");
    out.push_back('\n');
  }
  return out;
}

std::string change_summary(const std::vector<TemplateChange>& changes) {
  size_t added = 0, removed = 0;
  for (const TemplateChange& c : changes) {
    added += c.added;
    removed += c.removed;
  }
  std::string out = std::to_string(changes.size());
  out.append(changes.size() == 1 ? " template, +" : " templates, +").append(std::to_string(added));
  out.append(" -").append(std::to_string(removed));
  return out;
}

std::string render_history(const TemplateHistory& history) {
  std::string out;
  for (const ReleaseChanges& release : history.releases) {
    out += release.version + " (since " + release.previous + "): " + change_summary(release.templates) + "\n";
    out += render_template_changes(release.templates);
  }
  return out;
}

}  // namespace kongtpl
