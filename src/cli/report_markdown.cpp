// The Markdown report, for a pull-request comment: a summary table, one
// collapsible section per conflict with fenced diffs, "also consider"
// places, lint findings and upstream's diffs, cut to GitHub's 65,536-character
// comment limit with a note saying so.
#include <algorithm>

#include "cli/report_model.hpp"
#include "cli/report_text.hpp"
#include "diff/render_unified.hpp"

namespace kongtpl {
namespace {

constexpr size_t kCommentLimit = 65536;
/// Room kept for the truncation note.
constexpr size_t kNoteRoom = 400;
/// Lines of one conflict side shown; more are cut with a count.
constexpr size_t kMaxSideLines = 200;

/// Text safe inside a table cell or a list item: Markdown and HTML
/// punctuation escaped, one line.
std::string md(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\n': case '\r': out += ' '; break;
      case '|': case '\\': case '`': case '*': case '_': case '[': case ']': case '#': case '~': case '!':
        out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

/// A code fence longer than any backtick run in text.
std::string fence_for(std::string_view text) {
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<size_t>(3, longest + 1), '`');
}

std::string fenced(const std::string& language, const std::string& text) {
  std::string fence = fence_for(text);
  return fence + language + "\n" + text + (text.empty() || text.back() == '\n' ? "" : "\n") + fence + "\n";
}

void add_side(std::string& text, const std::string& heading, char prefix, const std::vector<std::string>& lines) {
  text += "@@ " + heading + " @@\n";
  for (size_t i = 0; i < lines.size() && i < kMaxSideLines; ++i) text += prefix + lines[i] + "\n";
  if (lines.size() > kMaxSideLines)
    text += "@@ ... " + std::to_string(lines.size() - kMaxSideLines) + " more line(s) not shown @@\n";
}

std::string ranges_text(const std::vector<UpstreamRange>& ranges) {
  std::string out;
  for (const UpstreamRange& r : ranges) out += (out.empty() ? "" : "; ") + r.template_path + " " + r.describe();
  return out.empty() ? "nothing" : out;
}

std::string conflict_section(const ReportModel& m, size_t i) {
  const ReportConflict& c = m.conflicts[i];
  std::string summary = "Conflict " + std::to_string(i + 1) + ": " + c.summary;
  std::string out = "<details><summary>" + html_escape(summary) + "</summary>\n\n";
  out += "Upstream origin: " + md(ranges_text(c.where.at_from)) + " at " + md(m.from) + " → " +
         md(ranges_text(c.where.at_to)) + " at " + md(m.to) + "\n\n";
  std::string diff;
  add_side(diff, "ours (" + m.file + ")", '-', c.sides.ours);
  add_side(diff, "theirs (upstream " + m.to + ")", '+', c.sides.theirs);
  if (c.sides.has_base) add_side(diff, "base (upstream " + m.from + ")", ' ', c.sides.base);
  out += fenced("diff", diff) + "\n</details>\n\n";
  return out;
}

}  // namespace

std::string render_report_markdown(const ReportModel& m) {
  const bool with_file = !m.file.empty();
  std::string head;
  if (with_file)
    head += "## kongtpl upgrade report: " + md(m.file) + ", " + md(m.from) + " → " + md(m.to) + "\n\n";
  else
    head += "## kongtpl: upstream template changes " + md(m.from) + " → " + md(m.to) + "\n\n";
  size_t added = 0, removed = 0;
  for (const FileDiff& d : m.upstream) {
    added += d.added;
    removed += d.removed;
  }
  head += "| | |\n| --- | --- |\n";
  if (with_file) {
    head += "| Status | **" + md(m.status) + "** |\n";
    if (!m.layout_kind.empty()) head += "| Layout | " + md(m.layout_kind) + " |\n";
    if (!m.hops.empty()) {
      std::string hops;
      for (const std::string& h : m.hops) hops += (hops.empty() ? "" : ", ") + h;
      head += "| Hops | " + md(hops) + " |\n";
    }
    head += "| Upstream changes | " + std::to_string(m.changes_applied) + " applied, " +
            std::to_string(m.changes_present) + " already present |\n";
    head += "| Conflicts | " + std::to_string(m.conflicts.size()) + " |\n";
    head += "| Also consider | " + std::to_string(m.also_consider.size()) + " |\n";
    head += "| Lint findings | " + std::to_string(m.error_count()) + " error(s), " +
            std::to_string(m.warning_count()) + " warning(s) |\n";
  }
  head += "| Templates changed upstream | " + std::to_string(m.upstream.size()) + " (+" + std::to_string(added) +
          " −" + std::to_string(removed) + " lines, whitespace ignored) |\n\n";

  // The rest in pieces, dropped from the first that does not fit.
  std::vector<std::string> pieces;
  if (!m.findings.empty()) {
    std::string table = "### Lint findings\n\nLine numbers are " + md(m.result_place()) + ".\n\n| Line | Severity | Rule | Message |\n| --- | --- | --- | --- |\n";
    for (const Finding& f : m.findings)
      table += "| " + std::to_string(f.line) + " | " + md(f.severity) + " | " + md(f.id + " " + f.rule) + " | " +
               md(f.message) + (f.fix.empty() ? "" : " (fix: " + md(f.fix) + ")") + " |\n";
    pieces.push_back(table + "\n");
  }
  if (!m.conflicts.empty()) pieces.push_back("### Conflicts\n\n");
  for (size_t i = 0; i < m.conflicts.size(); ++i) pieces.push_back(conflict_section(m, i));
  if (!m.also_consider.empty()) {
    std::string list = "### Also consider\n\nLine numbers are " + md(m.result_place()) + ".\n\n";
    for (const ReportAlsoConsider& a : m.also_consider) list += "- " + md(a.summary) + "\n";
    pieces.push_back(list + "\n");
  }
  if (!m.upstream.empty()) pieces.push_back("### Upstream changes\n\n");
  for (const FileDiff& d : m.upstream) {
    std::string diff = render_unified({d}, UnifiedStyle{false});
    pieces.push_back("<details><summary>" + html_escape(d.path()) + " (+" + std::to_string(d.added) + " −" +
                     std::to_string(d.removed) + ")</summary>\n\n" + fenced("diff", diff) + "\n</details>\n\n");
  }

  std::string out = head;
  size_t used = character_count(out);
  size_t shown = 0;
  for (; shown < pieces.size(); ++shown) {
    size_t size = character_count(pieces[shown]);
    if (used + size > kCommentLimit - kNoteRoom) break;
    out += pieces[shown];
    used += size;
  }
  if (shown < pieces.size())
    out += "> **Note:** this report was cut to fit GitHub's 65,536-character comment limit: " +
           std::to_string(pieces.size() - shown) +
           " section(s) are not shown. `kongtpl report --format html` writes the whole report.\n";
  return out;
}

}  // namespace kongtpl
