#include "cli/diff_json.hpp"

#include <nlohmann/json.hpp>

#include "diff/render_names.hpp"

namespace kongtpl {
namespace {

const char* whitespace_name(WhitespaceMode mode) {
  switch (mode) {
    case WhitespaceMode::Exact: return "exact";
    case WhitespaceMode::IgnoreSpaceChange: return "ignore-space-change";
    case WhitespaceMode::IgnoreAllSpace: return "ignore-all-space";
  }
  return "exact";
}

/// A line's text without its terminator (templates are text; invalid UTF-8
/// is replaced rather than refused).
std::string line_text(const Line& line) {
  std::string_view text = line.content();
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return std::string(text);
}

nlohmann::ordered_json hunk_json(const FileDiff& file, const Hunk& hunk) {
  nlohmann::ordered_json lines = nlohmann::ordered_json::array();
  for (const HunkLine& l : hunk.lines) {
    const Line& line = l.kind == HunkLineKind::Removed ? file.before_lines[l.index] : file.after_lines[l.index];
    lines.push_back({{"op", std::string(1, static_cast<char>(l.kind))}, {"text", line_text(line)}});
  }
  return {{"old_start", hunk.old_start}, {"old_lines", hunk.old_count}, {"new_start", hunk.new_start},
          {"new_lines", hunk.new_count}, {"heading", hunk.heading}, {"lines", std::move(lines)}};
}

}  // namespace

std::string diff_json(const std::vector<FileDiff>& files, const DiffOptions& options, const std::string& from,
                      const std::string& to) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const FileDiff& file : files) {
    if (!listed_by_name(file)) continue;
    nlohmann::ordered_json hunks = nlohmann::ordered_json::array();
    for (const Hunk& hunk : file.hunks) hunks.push_back(hunk_json(file, hunk));
    const char status = name_status(file);
    list.push_back({{"path", file.path()},
                    {"status", status == 'A' ? "added" : status == 'D' ? "deleted" : "modified"},
                    {"changed", file.has_change()},
                    {"binary", file.binary},
                    {"added", file.added},
                    {"removed", file.removed},
                    {"hunks", std::move(hunks)}});
  }
  nlohmann::ordered_json doc = {{"schema", "kongtpl-diff/1"}, {"from", from}, {"to", to},
                                {"whitespace", whitespace_name(options.whitespace)}, {"files", std::move(list)}};
  return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace kongtpl
