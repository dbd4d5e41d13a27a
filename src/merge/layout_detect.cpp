#include "merge/layout_detect.hpp"

#include <cstdio>

#include "diff/edit_script.hpp"
#include "diff/prepare.hpp"

namespace kongtpl {

namespace {

// Share of a template's lines a file must hold to count as built on it.
constexpr double kSkeletonShare = 0.5;  // nginx.lua's nginx lines, include lines aside
constexpr double kInlinedShare = 0.5;   // an inlined nginx_kong(_stream).lua
constexpr double kSingleScore = 0.3;    // the best single template (Dice score)

// A line that says something about where it came from: lines such as "}",
// "> end" or blank ones occur everywhere and would blur the scores.
bool distinctive(const std::string& key) { return key.size() >= 6; }

// The ids of a text's distinctive lines, compared whitespace-insensitively.
// For nginx.lua's skeleton, only its nginx lines count: composites often
// drop the include lines and the "> if" guards around them.
std::vector<int32_t> distinctive_ids(std::string_view text, LineInterner& interner, bool skeleton) {
  std::vector<int32_t> ids;
  for (const Line& line : split_lines(text)) {
    std::string key = normalize_line(line.bytes, WhitespaceMode::IgnoreAllSpace);
    if (!distinctive(key)) continue;
    if (skeleton && (key.front() == '>' || !include_target(line.bytes).empty())) continue;
    ids.push_back(interner.intern(std::move(key)));
  }
  return ids;
}

// Lines of a kept in order in b (their longest common subsequence).
size_t common_lines(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
  size_t removed = 0;
  for (const Change& change : diff_ids(a, b)) removed += change.old_count;
  return a.size() - removed;
}

double share(size_t part, size_t whole) { return whole == 0 ? 0.0 : static_cast<double>(part) / whole; }

std::string percent(double value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.0f%%", value * 100);
  return buffer;
}

}  // namespace

Result<Layout> detect_layout(std::string_view file_body, const UpstreamBodies& at_from) {
  LineInterner interner;
  const std::vector<int32_t> file = distinctive_ids(file_body, interner, false);
  auto share_in_file = [&](std::string_view path, bool skeleton) -> double {
    auto it = at_from.find(path);
    if (it == at_from.end()) return 0.0;
    std::vector<int32_t> ids = distinctive_ids(it->second.text, interner, skeleton);
    return share(common_lines(ids, file), ids.size());
  };

  bool includes_kong = false, includes_stream = false;
  for (const Line& line : split_lines(file_body)) {
    std::string target = include_target(line.bytes);
    includes_kong |= target == included_conf_name(kNginxKongTemplate);
    includes_stream |= target == included_conf_name(kNginxKongStreamTemplate);
  }

  Layout layout;
  if (share_in_file(kNginxTemplate, true) >= kSkeletonShare) {
    layout.template_path = std::string(kNginxTemplate);
    // A body counts as inlined only where its include line is gone.
    layout.inlines_kong = !includes_kong && share_in_file(kNginxKongTemplate, false) >= kInlinedShare;
    layout.inlines_stream = !includes_stream && share_in_file(kNginxKongStreamTemplate, false) >= kInlinedShare;
    if (layout.inlines_kong || layout.inlines_stream)
      layout.kind = LayoutKind::Composite;
    else if (includes_kong || includes_stream)
      layout.kind = LayoutKind::NginxWithIncludes;
    else
      layout.kind = LayoutKind::SingleTemplate;
    return layout;
  }

  // One template: the one with the best Dice score (common lines over both
  // sizes), so a small template that happens to be contained in the file
  // does not beat the template the file really is.
  double best = -1;
  for (const auto& [path, body] : at_from) {
    std::vector<int32_t> ids = distinctive_ids(body.text, interner, false);
    if (ids.empty()) continue;
    double score = share(2 * common_lines(ids, file), ids.size() + file.size());
    if (score > best) {
      best = score;
      layout.template_path = path;
    }
  }
  if (best < kSingleScore) {
    std::string closest = best < 0 ? std::string("none")
                                   : layout.template_path + " (" + percent(best) + " of lines alike)";
    return Error{"cannot tell which Kong template this file customises (closest: " + closest +
                 "); pass --layout, e.g. --layout template:nginx_kong.lua or --layout composite"};
  }
  layout.kind = LayoutKind::SingleTemplate;
  return layout;
}

}  // namespace kongtpl
