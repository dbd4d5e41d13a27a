#include "merge/zdiff3.hpp"

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

namespace kongtpl {
namespace {

/// The lines of text with their terminators.
std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

std::string_view body_of(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

void move_shared_lines_out_of_conflicts(MergeResult& result) {
  std::vector<Conflict>& conflicts = result.conflicts;
  if (conflicts.empty()) return;
  const std::string text = std::move(result.text);
  const std::vector<std::string_view> lines = lines_of(text);
  std::string out;
  out.reserve(text.size());
  size_t next = 0;     // the first line of text not yet copied
  size_t dropped = 0;  // lines written once instead of twice so far
  // (input line, lines dropped before it): to move also_consider lines.
  std::vector<std::pair<size_t, size_t>> shifts;
  for (Conflict& c : conflicts) {
    const size_t begin = c.output.start;
    c.output.start -= dropped;
    // "<<<<<<<", ours, "|||||||", base, "=======", theirs, ">>>>>>>"
    if (c.output.count != c.ours.count + c.base.count + c.theirs.count + 4 || begin + c.output.count > lines.size())
      continue;  // not a diff3 block: leave it as it is
    const size_t ours_at = begin + 1;
    const size_t theirs_at = begin + 1 + c.ours.count + 1 + c.base.count + 1;
    const size_t shorter = std::min(c.ours.count, c.theirs.count);
    size_t head = 0, tail = 0;
    while (head < shorter && body_of(lines[ours_at + head]) == body_of(lines[theirs_at + head])) ++head;
    while (head + tail < shorter &&
           body_of(lines[ours_at + c.ours.count - 1 - tail]) == body_of(lines[theirs_at + c.theirs.count - 1 - tail]))
      ++tail;
    if (head == 0 && tail == 0) continue;
    for (; next < begin; ++next) out.append(lines[next]);
    for (size_t i = 0; i < head; ++i) out.append(lines[ours_at + i]);
    out.append(lines[begin]);  // <<<<<<<
    for (size_t i = ours_at + head; i < ours_at + c.ours.count - tail; ++i) out.append(lines[i]);
    for (size_t i = ours_at + c.ours.count; i < theirs_at; ++i) out.append(lines[i]);  // |||||||, base, =======
    for (size_t i = theirs_at + head; i < theirs_at + c.theirs.count - tail; ++i) out.append(lines[i]);
    out.append(lines[theirs_at + c.theirs.count]);  // >>>>>>>
    for (size_t i = ours_at + c.ours.count - tail; i < ours_at + c.ours.count; ++i) out.append(lines[i]);
    next = begin + c.output.count;
    c.output = LineRange{c.output.start + head, c.output.count - 2 * (head + tail)};
    c.ours = LineRange{c.ours.start + head, c.ours.count - head - tail};
    c.theirs = LineRange{c.theirs.start + head, c.theirs.count - head - tail};
    dropped += head + tail;
    shifts.emplace_back(next, dropped);
  }
  for (; next < lines.size(); ++next) out.append(lines[next]);
  result.text = std::move(out);
  // also_consider lines lie outside conflicts: each moves up by what was
  // dropped before it.
  for (AlsoConsider& a : result.also_consider) {
    size_t moved = 0;
    for (const auto& [from_line, total] : shifts)
      if (a.output_line >= from_line) moved = total;
    a.output_line -= moved;
  }
}

}  // namespace kongtpl
