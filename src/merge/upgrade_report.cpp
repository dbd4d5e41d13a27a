#include "merge/upgrade_report.hpp"

#include <algorithm>

namespace kongtpl {

namespace {

std::string lines_text(uint32_t first, uint32_t count) {
  if (count == 1) return "line " + std::to_string(first);
  return "lines " + std::to_string(first) + "-" + std::to_string(first + count - 1);
}

}  // namespace

std::string UpstreamRange::describe() const {
  if (count == 0) return first == 0 ? std::string("at the top") : "after line " + std::to_string(first);
  return lines_text(first, count);
}

std::string ReportedConflict::summary(std::string_view from_label, std::string_view to_label) const {
  std::string text = lines_text(first_line, std::max<uint32_t>(line_count, 1)) + ": " + reason;
  if (at_from.empty() && at_to.empty()) return text;
  // One template on both sides reads best named once: "from T lines 40-45
  // at 2.0.0 and lines 41-47 at 2.7.0".
  const bool one_template = at_from.size() == 1 && at_to.size() == 1 &&
                            at_from.front().template_path == at_to.front().template_path;
  auto side = [one_template](const std::vector<UpstreamRange>& ranges, std::string_view label, bool first) {
    std::string out;
    for (const UpstreamRange& range : ranges) {
      if (!out.empty()) out += ", ";
      if (!one_template || first) out += range.template_path + " ";
      out += range.describe();
    }
    return (out.empty() ? std::string("nothing") : out) + " at " + std::string(label);
  };
  text += " (from " + side(at_from, from_label, true) + " and " + side(at_to, to_label, false) + ")";
  return text;
}

std::vector<UpstreamRange> upstream_ranges(const std::vector<Origin>& origins, LineRange range,
                                           std::string_view main_template) {
  std::vector<UpstreamRange> ranges;
  if (range.count == 0) {
    // Nothing on this side: say which upstream line the spot follows.
    if (range.start == 0 || range.start > origins.size())
      return {UpstreamRange{std::string(main_template), 0, 0}};
    const Origin& before = origins[range.start - 1];
    return {UpstreamRange{before.template_path, before.line, 0}};
  }
  for (size_t i = range.start; i < range.end() && i < origins.size(); ++i) {
    const Origin& origin = origins[i];
    if (ranges.empty() || ranges.back().template_path != origin.template_path) {
      ranges.push_back(UpstreamRange{origin.template_path, origin.line, 1});
      continue;
    }
    // Same template: widen to cover this line (lines of one run ascend).
    UpstreamRange& last = ranges.back();
    uint32_t first = std::min(last.first, origin.line);
    uint32_t end = std::max(last.first + last.count, origin.line + 1);
    last.first = first;
    last.count = end - first;
  }
  return ranges;
}

std::string ReportedAlsoConsider::summary(std::string_view from_label, std::string_view to_label) const {
  auto describe = [](const std::vector<UpstreamRange>& ranges) {
    std::string out;
    for (const UpstreamRange& r : ranges) out += (out.empty() ? "" : ", ") + r.template_path + " " + r.describe();
    return out;
  };
  std::string trimmed = text;
  size_t first = trimmed.find_first_not_of(" \t");
  trimmed = first == std::string::npos ? std::string() : trimmed.substr(first);
  return "line " + std::to_string(line) + ": `" + trimmed + "` copies upstream's " + describe(at_from) + " at " +
         std::string(from_label) + ", which " + std::string(to_label) + " rewrote (" + describe(at_to) +
         "); not changed here";
}

}  // namespace kongtpl
