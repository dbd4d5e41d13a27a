#include "merge/layout_evidence.hpp"

#include <algorithm>
#include <unordered_set>

#include "diff/edit_script.hpp"
#include "diff/prepare.hpp"
#include "util/lines.hpp"

namespace kongtpl {

namespace {

// A line that says something about where it came from: lines such as "}",
// "> end" or blank ones occur everywhere and would blur the shares.
bool distinctive(const std::string& key) { return key.size() >= 6; }

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

// Lines of a kept in order in b (their longest common subsequence). Lines
// of b that a lacks cannot be part of it: dropping them first leaves the
// answer alone and the diff small.
size_t common_lines(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
  std::unordered_set<int32_t> in_a(a.begin(), a.end());
  std::vector<int32_t> shared;
  for (int32_t id : b)
    if (in_a.contains(id)) shared.push_back(id);
  size_t removed = 0;
  for (const Change& change : diff_ids(a, shared)) removed += change.old_count;
  return a.size() - removed;
}

std::string_view trim_left(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  return line;
}

// The nginx text of a line without what may hold braces that are not
// nginx's: quoted strings, comments, ${{...}} and $(...) expansions.
std::string nginx_code(std::string_view line) {
  std::string out;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '#') break;
    if (c == '\'' || c == '"') {
      size_t end = line.find(c, i + 1);
      if (end == std::string_view::npos) break;
      i = end;
      continue;
    }
    if (c == '$' && line.substr(i, 3) == "${{") {
      size_t end = line.find("}}", i + 3);
      if (end == std::string_view::npos) break;
      i = end + 1;
      continue;
    }
    if (c == '$' && line.substr(i, 2) == "$(") {
      int open = 0;
      size_t j = i + 1;
      for (; j < line.size(); ++j) {
        if (line[j] == '(') ++open;
        if (line[j] == ')' && --open == 0) break;
      }
      i = j;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::vector<std::string> top_level_nginx_directives(std::string_view body) {
  std::vector<std::string> found;
  long depth = 0;
  for (const Line& line : split_lines(body)) {
    std::string_view text = trim_left(line.bytes);
    if (!text.empty() && text.front() == '>') continue;  // Lua, not nginx
    std::string code = nginx_code(text);
    if (depth == 0) {
      size_t end = code.find_first_of(" \t\r\n{;");
      std::string word = code.substr(0, end);
      for (std::string_view directive : kTopLevelNginxDirectives)
        if (word == directive && std::find(found.begin(), found.end(), word) == found.end()) found.push_back(word);
    }
    for (char c : code) {
      if (c == '{') ++depth;
      if (c == '}') depth = std::max(0L, depth - 1);
    }
  }
  return found;
}

double distinctive_share(std::string_view whole, std::string_view part, bool skeleton,
                         const std::vector<std::string_view>& shared_with) {
  LineInterner interner;
  std::vector<int32_t> of_whole = distinctive_ids(whole, interner, skeleton);
  if (!shared_with.empty()) {
    std::unordered_set<int32_t> shared;
    for (std::string_view other : shared_with)
      for (int32_t id : distinctive_ids(other, interner, false)) shared.insert(id);
    std::vector<int32_t> own;
    for (int32_t id : of_whole)
      if (!shared.contains(id)) own.push_back(id);
    // A template with no line of its own is judged on all its lines.
    if (!own.empty()) of_whole = std::move(own);
  }
  if (of_whole.empty()) return 0.0;
  std::vector<int32_t> of_part = distinctive_ids(part, interner, false);
  return static_cast<double>(common_lines(of_whole, of_part)) / of_whole.size();
}

double distinctive_similarity(std::string_view a, std::string_view b) {
  LineInterner interner;
  std::vector<int32_t> ids_a = distinctive_ids(a, interner, false);
  std::vector<int32_t> ids_b = distinctive_ids(b, interner, false);
  if (ids_a.empty() || ids_b.empty()) return 0.0;
  return 2.0 * common_lines(ids_a, ids_b) / static_cast<double>(ids_a.size() + ids_b.size());
}

LayoutEvidence gather_layout_evidence(std::string_view file_body, const UpstreamBodies& at) {
  LayoutEvidence evidence;
  evidence.top_level = top_level_nginx_directives(file_body);
  const std::string kong_conf = included_conf_name(kNginxKongTemplate);
  const std::string stream_conf = included_conf_name(kNginxKongStreamTemplate);
  for (const Line& line : split_lines(file_body)) {
    std::string target = include_target(line.bytes);
    evidence.includes_kong |= target == kong_conf;
    evidence.includes_stream |= target == stream_conf;
  }
  auto text_of = [&](std::string_view path) -> std::string_view {
    auto it = at.find(path);
    return it == at.end() ? std::string_view() : std::string_view(it->second.text);
  };
  const std::string_view nginx = text_of(kNginxTemplate), kong = text_of(kNginxKongTemplate),
                         stream = text_of(kNginxKongStreamTemplate);
  evidence.nginx_share = distinctive_share(nginx, file_body, true);
  evidence.kong_share = distinctive_share(kong, file_body, false, {nginx, stream});
  evidence.stream_share = distinctive_share(stream, file_body, false, {nginx, kong});
  evidence.stream_exists = at.contains(kNginxKongStreamTemplate);
  return evidence;
}

}  // namespace kongtpl
