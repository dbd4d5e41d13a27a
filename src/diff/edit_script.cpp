#include "diff/edit_script.hpp"

#include <dtl/dtl.hpp>

namespace kongtpl {

std::vector<Change> diff_ids(const std::vector<int32_t>& before, const std::vector<int32_t>& after) {
  // Trim the common prefix and suffix: templates change in a few places, and
  // dtl's cost grows with the length it has to walk.
  size_t prefix = 0;
  while (prefix < before.size() && prefix < after.size() && before[prefix] == after[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < before.size() - prefix && suffix < after.size() - prefix &&
         before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix])
    ++suffix;

  std::vector<Change> changes;
  const size_t old_len = before.size() - prefix - suffix;
  const size_t new_len = after.size() - prefix - suffix;
  if (old_len == 0 && new_len == 0) return changes;
  if (old_len == 0 || new_len == 0) {
    changes.push_back(Change{prefix, old_len, prefix, new_len});
    return changes;
  }

  std::vector<int32_t> a(before.begin() + prefix, before.end() - suffix);
  std::vector<int32_t> b(after.begin() + prefix, after.end() - suffix);
  dtl::Diff<int32_t, std::vector<int32_t>> engine(a, b);
  engine.enableHuge();  // keep dtl's memory bounded on very long inputs
  engine.compose();

  // Walk the SES, opening a Change at the first non-common element and
  // closing it at the next common one.
  size_t old_pos = prefix, new_pos = prefix;
  bool open = false;
  Change current;
  for (const auto& [id, info] : engine.getSes().getSequence()) {
    (void)id;
    if (info.type == dtl::SES_COMMON) {
      if (open) changes.push_back(current);
      open = false;
      ++old_pos;
      ++new_pos;
      continue;
    }
    if (!open) {
      current = Change{old_pos, 0, new_pos, 0};
      open = true;
    }
    if (info.type == dtl::SES_DELETE) {
      ++current.old_count;
      ++old_pos;
    } else {
      ++current.new_count;
      ++new_pos;
    }
  }
  if (open) changes.push_back(current);
  return changes;
}

}  // namespace kongtpl
