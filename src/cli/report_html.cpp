// The HTML report: one self-contained page (inline CSS and script from
// templates/report.{html,css,js}, embedded at build time; no network). It
// reads without JavaScript: folded context is <details>, conflicts are
// anchors. Everything from templates and repositories is escaped.
#include <algorithm>

#include "cli/embedded_templates.hpp"
#include "cli/report_model.hpp"
#include "cli/report_text.hpp"

namespace kongtpl {
namespace {

/// Unchanged lines shown next to a change; longer runs are folded.
constexpr size_t kContext = 3;

std::string esc(std::string_view text) { return html_escape(text); }

std::string line_text(const std::vector<Line>& lines, size_t index) {
  if (index >= lines.size()) return {};
  std::string_view l = lines[index].content();
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  return std::string(l);
}

std::string marked(const std::vector<WordSpan>& spans) {
  std::string out;
  for (const WordSpan& s : spans) out += s.changed ? "<mark>" + esc(s.text) + "</mark>" : esc(s.text);
  return out;
}

std::string cell_number(size_t n) { return n ? std::to_string(n) : std::string(); }

/// One side-by-side row; text is already HTML.
std::string diff_row(size_t old_no, const std::string& old_html, const char* old_class, size_t new_no,
                     const std::string& new_html, const char* new_class) {
  return std::string("<tr><td class=\"num\">") + cell_number(old_no) + "</td><td class=\"" + old_class + "\">" +
         old_html + "</td><td class=\"num\">" + cell_number(new_no) + "</td><td class=\"" + new_class + "\">" +
         new_html + "</td></tr>\n";
}

constexpr const char* kDiffColumns =
    "<colgroup><col style=\"width:3.5rem\"><col><col style=\"width:3.5rem\"><col></colgroup>";

/// Rows of unchanged lines, the middle of a long run folded into <details>.
/// keep_before / keep_after: whether the run borders a change on that side.
std::string context_rows(const std::vector<std::string>& rows, bool keep_before, bool keep_after) {
  size_t head = keep_before ? kContext : 0, tail = keep_after ? kContext : 0;
  if (rows.size() <= head + tail + 2) {
    std::string out;
    for (const std::string& r : rows) out += r;
    return out;
  }
  std::string out;
  for (size_t i = 0; i < head; ++i) out += rows[i];
  size_t folded = rows.size() - head - tail;
  out += "<tr><td colspan=\"4\" class=\"fold\"><details class=\"context\"><summary>" + std::to_string(folded) +
         " unchanged line" + (folded == 1 ? "" : "s") + "</summary><table class=\"diff code\">" + kDiffColumns;
  for (size_t i = head; i < head + folded; ++i) out += rows[i];
  out += "</table></details></td></tr>\n";
  for (size_t i = head + folded; i < rows.size(); ++i) out += rows[i];
  return out;
}

/// A changed stretch: removed and added lines paired, words marked.
std::string change_rows(const FileDiff& d, const std::vector<std::pair<size_t, size_t>>& removed,
                        const std::vector<std::pair<size_t, size_t>>& added) {
  std::string out;
  for (size_t i = 0; i < std::max(removed.size(), added.size()); ++i) {
    if (i < removed.size() && i < added.size()) {
      WordDiff words = word_diff(line_text(d.before_lines, removed[i].first), line_text(d.after_lines, added[i].first));
      out += diff_row(removed[i].second, marked(words.before), "del", added[i].second, marked(words.after), "add");
    } else if (i < removed.size()) {
      out += diff_row(removed[i].second, esc(line_text(d.before_lines, removed[i].first)), "del", 0, "", "empty");
    } else {
      out += diff_row(0, "", "empty", added[i].second, esc(line_text(d.after_lines, added[i].first)), "add");
    }
  }
  return out;
}

/// Unchanged rows for new lines [first, end) (1-based) and old lines from old_first.
std::vector<std::string> unchanged_rows(const FileDiff& d, size_t old_first, size_t first, size_t end) {
  std::vector<std::string> rows;
  for (size_t n = first, o = old_first; n < end; ++n, ++o)
    rows.push_back(diff_row(o, esc(line_text(d.before_lines, o - 1)), "ctx", n, esc(line_text(d.after_lines, n - 1)),
                            "ctx"));
  return rows;
}

std::string file_diff_table(const FileDiff& d) {
  if (d.binary) return "<p class=\"muted\">Binary file: not shown.</p>\n";
  if (d.hunks.empty()) return "<p class=\"muted\">Only whitespace changed.</p>\n";
  std::string out = std::string("<table class=\"diff code\">") + kDiffColumns + "\n";
  size_t old_next = 1, new_next = 1;
  for (size_t h = 0; h < d.hunks.size(); ++h) {
    const Hunk& hunk = d.hunks[h];
    size_t old_first = hunk.old_count ? hunk.old_start : hunk.old_start + 1;
    size_t new_first = hunk.new_count ? hunk.new_start : hunk.new_start + 1;
    out += context_rows(unchanged_rows(d, old_next, new_next, new_first), h > 0, true);
    size_t old_no = old_first, new_no = new_first;
    std::vector<std::pair<size_t, size_t>> removed, added;  // (index, line number)
    for (const HunkLine& line : hunk.lines) {
      if (line.kind == HunkLineKind::Removed) {
        removed.emplace_back(line.index, old_no++);
      } else if (line.kind == HunkLineKind::Added) {
        added.emplace_back(line.index, new_no++);
      } else {
        out += change_rows(d, removed, added);
        removed.clear();
        added.clear();
        out += diff_row(old_no, esc(line_text(d.before_lines, old_no - 1)), "ctx", new_no,
                        esc(line_text(d.after_lines, line.index)), "ctx");
        ++old_no;
        ++new_no;
      }
    }
    out += change_rows(d, removed, added);
    old_next = old_first + hunk.old_count;
    new_next = new_first + hunk.new_count;
  }
  out += context_rows(unchanged_rows(d, old_next, new_next, d.after_lines.size() + 1), true, false);
  return out + "</table>\n";
}

std::string ranges_text(const std::vector<UpstreamRange>& ranges, const std::string& version) {
  std::string out;
  for (const UpstreamRange& r : ranges)
    out += (out.empty() ? "" : "; ") + r.template_path + " " + r.describe();
  return out.empty() ? "nothing" : out + " at " + version;
}

bool overlaps(const std::vector<UpstreamRange>& a, const std::vector<UpstreamRange>& b) {
  for (const UpstreamRange& x : a)
    for (const UpstreamRange& y : b)
      if (x.template_path == y.template_path && x.first <= y.first + std::max<uint32_t>(y.count, 1) - 1 &&
          y.first <= x.first + std::max<uint32_t>(x.count, 1) - 1)
        return true;
  return false;
}

/// "line 7" or "lines 7–12".
std::string lines_text(uint32_t first, uint32_t count) {
  if (count <= 1) return "line " + std::to_string(first);
  return "lines " + std::to_string(first) + "–" + std::to_string(first + count - 1);
}

std::string side_html(const char* css, const std::string& title, const std::vector<std::string>& lines) {
  std::string out = std::string("<section class=\"side ") + css + "\"><h4>" + esc(title) + "</h4><pre class=\"code\">";
  for (const std::string& l : lines) out += esc(l) + "\n";
  if (lines.empty()) out += "<span class=\"muted\">(no lines)</span>";
  return out + "</pre></section>";
}

std::string conflict_article(const ReportModel& m, size_t index) {
  const ReportConflict& c = m.conflicts[index];
  const ReportedConflict& w = c.where;
  std::string id = "conflict-" + std::to_string(index + 1);
  std::string out = "<article class=\"conflict\" id=\"" + id + "\" tabindex=\"-1\" data-conflict=\"" +
                    std::to_string(index + 1) + "\">\n<h3>Conflict " + std::to_string(index + 1) + " of " +
                    std::to_string(m.conflicts.size()) + ": " + lines_text(w.first_line, w.line_count) +
                    " of the result</h3>\n";
  out += "<p>" + esc(w.reason) + "</p>\n";
  out += "<p class=\"origin\">Upstream origin: " + esc(ranges_text(w.at_from, m.from)) + " → " +
         esc(ranges_text(w.at_to, m.to)) + ". Your lines: " +
         (w.ours_line_count ? lines_text(w.ours_first_line, w.ours_line_count)
                            : "none (after line " + std::to_string(w.ours_first_line) + ")") +
         " of " + esc(m.file) + ".</p>\n<div class=\"sides\">";
  out += side_html("ours", "ours: " + m.file, c.sides.ours);
  out += side_html("theirs", "theirs: upstream " + m.to, c.sides.theirs);
  if (c.sides.has_base)
    out += side_html("base", "base: upstream " + m.from, c.sides.base);
  else
    out += "<section class=\"side base\"><h4>base: upstream " + esc(m.from) +
           "</h4><pre class=\"code\"><span class=\"muted\">(not recorded: merge with --conflict=diff3, as "
           "kongtpl report does)</span></pre></section>";
  out += "</div>\n";
  std::string also;
  for (size_t a = 0; a < m.also_consider.size(); ++a)
    if (overlaps(m.also_consider[a].what.at_from, w.at_from) || overlaps(m.also_consider[a].what.at_to, w.at_to))
      also += "<li><a href=\"#also-" + std::to_string(a + 1) + "\">line " + std::to_string(m.also_consider[a].what.line) +
              "</a>: <code>" + esc(m.also_consider[a].what.text) + "</code></li>";
  if (!also.empty()) out += "<p>Also consider, your copies of lines this change rewrote:</p><ul>" + also + "</ul>\n";
  return out + "</article>\n";
}

/// Rows of result lines [first, end) (0-based), folded when long.
std::string listing_rows(const ReportModel& m, size_t first, size_t end, bool keep_before, bool keep_after) {
  std::vector<std::string> rows;
  for (size_t i = first; i < end; ++i)
    rows.push_back("<tr><td class=\"num\">" + std::to_string(i + 1) + "</td><td class=\"ctx\" colspan=\"3\">" +
                   esc(m.result_lines[i]) + "</td></tr>\n");
  if (rows.empty()) return {};
  return std::string("<table class=\"diff code\">") + kDiffColumns + context_rows(rows, keep_before, keep_after) +
         "</table>\n";
}

std::string merged_result(const ReportModel& m) {
  std::string out;
  size_t next = 0;
  for (size_t i = 0; i < m.conflicts.size(); ++i) {
    const ReportedConflict& w = m.conflicts[i].where;
    size_t first = w.first_line ? w.first_line - 1 : 0;
    out += listing_rows(m, next, std::min(first, m.result_lines.size()), i > 0, true);
    out += conflict_article(m, i);
    next = std::min(first + w.line_count, m.result_lines.size());
  }
  out += listing_rows(m, next, m.result_lines.size(), !m.conflicts.empty(), false);
  return out;
}

std::string summary_row(const std::string& name, const std::string& value_html) {
  return "<tr><th scope=\"row\">" + esc(name) + "</th><td>" + value_html + "</td></tr>\n";
}

std::string template_id(size_t i) { return "template-" + std::to_string(i + 1); }

const char* change_kind(const FileDiff& d) {
  if (!d.before) return "added";
  if (!d.after) return "removed";
  return "changed";
}

}  // namespace

std::string render_report_html(const ReportModel& m) {
  const bool with_file = !m.file.empty();
  std::string title = with_file ? "kongtpl upgrade report: " + m.file + ", " + m.from + " → " + m.to
                                : "kongtpl: upstream template changes " + m.from + " → " + m.to;
  size_t added = 0, removed = 0;
  for (const FileDiff& d : m.upstream) {
    added += d.added;
    removed += d.removed;
  }

  std::string body = "<section id=\"summary\"><h2>Summary</h2>\n<table class=\"summary\">\n";
  if (with_file) body += summary_row("File", "<code>" + esc(m.file) + "</code>");
  body += summary_row("Upgrade", esc(m.from) + " → " + esc(m.to));
  if (!m.hops.empty()) {
    std::string hops;
    for (const std::string& h : m.hops) hops += (hops.empty() ? "" : ", ") + h;
    body += summary_row("Hops", esc(hops));
  }
  if (!m.layout_kind.empty())
    body += summary_row("Layout", "<code>" + esc(m.layout_kind) + "</code>: " + esc(m.layout_description));
  if (with_file) {
    body += summary_row("Status", "<span class=\"status-" + esc(m.status) + "\">" + esc(m.status) + "</span>");
    body += summary_row("Upstream changes", std::to_string(m.changes_applied) + " applied, " +
                                                std::to_string(m.changes_present) + " already present");
    body += summary_row("Conflicts", "<span id=\"conflict-count\">" + std::to_string(m.conflicts.size()) + "</span>");
    body += summary_row("Also consider", std::to_string(m.also_consider.size()));
    body += summary_row("Lint findings", std::to_string(m.error_count()) + " error(s), " +
                                             std::to_string(m.warning_count()) + " warning(s)");
    if (!m.written_to.empty()) body += summary_row("Written to", "<code>" + esc(m.written_to) + "</code>");
  }
  body += summary_row("Templates changed upstream", std::to_string(m.upstream.size()) + " (+" + std::to_string(added) +
                                                        " −" + std::to_string(removed) + " lines, whitespace ignored)");
  body += "</table>\n</section>\n";

  // Sections in reading order: what needs the reader first comes first.
  std::string toc = "<h2>Contents</h2>\n<ul>\n<li><a href=\"#summary\">Summary</a></li>\n";
  if (with_file && !m.findings.empty()) {
    toc += "<li><a href=\"#findings\">Lint findings (" + std::to_string(m.findings.size()) + ")</a></li>\n";
    body += "<section id=\"findings\"><h2>Lint findings</h2>\n<table class=\"findings\"><tr><th>Line</th>"
            "<th>Severity</th><th>Rule</th><th>Message</th></tr>\n";
    for (const Finding& f : m.findings)
      body += "<tr><td>" + std::to_string(f.line) + "</td><td class=\"sev-" + esc(f.severity) + "\">" +
              esc(f.severity) + "</td><td><code>" + esc(f.id) + "</code> " + esc(f.rule) + "</td><td>" +
              esc(f.message) + (f.source_line.empty() ? "" : "<br><code>" + esc(f.source_line) + "</code>") +
              (f.fix.empty() ? "" : "<br>fix: " + esc(f.fix)) + "</td></tr>\n";
    body += "</table>\n</section>\n";
  }
  if (with_file) {
    toc += "<li><a href=\"#result\">Merged result</a>";
    if (!m.conflicts.empty()) {
      toc += "<ul>\n";
      for (size_t i = 0; i < m.conflicts.size(); ++i)
        toc += "<li><a href=\"#conflict-" + std::to_string(i + 1) + "\">Conflict " + std::to_string(i + 1) +
               "</a>: line " + std::to_string(m.conflicts[i].where.first_line) + "</li>\n";
      toc += "</ul>";
    }
    toc += "</li>\n";
    body += "<section id=\"result\"><h2>Merged result</h2>\n<p class=\"muted\">" + std::to_string(m.result_lines.size()) +
            " lines; " + std::to_string(m.conflicts.size()) + " conflict(s) shown side by side (ours / theirs / base)." +
            "</p>\n" + merged_result(m) + "</section>\n";
  }
  if (!m.also_consider.empty()) {
    toc += "<li><a href=\"#also-consider\">Also consider (" + std::to_string(m.also_consider.size()) + ")</a></li>\n";
    body += "<section id=\"also-consider\"><h2>Also consider</h2>\n<p>Your own lines that copy an upstream line " +
            esc(m.to) + " rewrote. They are not changed.</p>\n<ul>\n";
    for (size_t a = 0; a < m.also_consider.size(); ++a) {
      const ReportedAlsoConsider& w = m.also_consider[a].what;
      body += "<li class=\"also\" id=\"also-" + std::to_string(a + 1) + "\">line " + std::to_string(w.line) +
              ": <code>" + esc(w.text) + "</code><br><span class=\"origin\">copies " +
              esc(ranges_text(w.at_from, m.from)) + "; upstream now has " + esc(ranges_text(w.at_to, m.to)) +
              "</span></li>\n";
    }
    body += "</ul>\n</section>\n";
  }
  if (!m.upstream.empty()) {
    toc += "<li><a href=\"#upstream\">Upstream changes</a><ul>\n";
    body += "<section id=\"upstream\"><h2>Upstream changes " + esc(m.from) + " → " + esc(m.to) + "</h2>\n";
    for (size_t i = 0; i < m.upstream.size(); ++i) {
      const FileDiff& d = m.upstream[i];
      std::string counts = " (+" + std::to_string(d.added) + " −" + std::to_string(d.removed) + ")";
      toc += "<li><a href=\"#" + template_id(i) + "\">" + esc(d.path()) + "</a>" + counts + "</li>\n";
      body += "<section class=\"template\" id=\"" + template_id(i) + "\"><h3><code>" + esc(d.path()) + "</code> " +
              change_kind(d) + counts + "</h3>\n" + file_diff_table(d) + "</section>\n";
    }
    toc += "</ul></li>\n";
    body += "</section>\n";
  }
  toc += "</ul>";

  // Fill the page layout: markers are looked for in the layout only, never
  // in the text put in their place.
  const std::string_view layout = embedded_template("report.html");
  const std::pair<std::string_view, std::string> fills[] = {
      {"@TITLE@", esc(title)},
      {"@STYLE@", std::string(embedded_template("report.css"))},
      {"@SCRIPT@", std::string(embedded_template("report.js"))},
      {"@TOC@", toc},
      {"@BODY@", body},
  };
  std::string page;
  size_t at = 0;
  while (at < layout.size()) {
    size_t next = layout.find('@', at);
    if (next == std::string_view::npos) break;
    bool filled = false;
    for (const auto& [marker, text] : fills) {
      if (layout.substr(next, marker.size()) == marker) {
        page.append(layout.substr(at, next - at));
        page += text;
        at = next + marker.size();
        filled = true;
        break;
      }
    }
    if (!filled) {
      page.append(layout.substr(at, next + 1 - at));
      at = next + 1;
    }
  }
  page.append(layout.substr(std::min(at, layout.size())));
  return page;
}

}  // namespace kongtpl
