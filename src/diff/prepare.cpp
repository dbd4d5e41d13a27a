#include "diff/prepare.hpp"

namespace kongtpl {

int32_t LineInterner::intern(std::string key) {
  auto [it, inserted] = ids_.try_emplace(std::move(key), static_cast<int32_t>(ids_.size()));
  return it->second;
}

PreparedText prepare_text(std::string_view text, WhitespaceMode mode, LineInterner& interner) {
  PreparedText prepared;
  prepared.lines = split_lines(text);
  prepared.ids.reserve(prepared.lines.size());
  for (const Line& line : prepared.lines)
    prepared.ids.push_back(interner.intern(normalize_line(line.bytes, mode)));
  return prepared;
}

}  // namespace kongtpl
