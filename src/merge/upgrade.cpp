#include "merge/upgrade.hpp"

#include <algorithm>

#include "lua/template_body.hpp"
#include "merge/layout_compose.hpp"
#include "merge/layout_detect.hpp"
#include "merge/rendered_copy.hpp"
#include "merge/three_way.hpp"
#include "merge/upgrade_rewrap.hpp"
#include "util/lines.hpp"

namespace kongtpl {

namespace {

uint32_t count_newlines(std::string_view text) {
  return static_cast<uint32_t>(std::count(text.begin(), text.end(), '\n'));
}

std::string version_name(const std::string& label, const char* fallback) {
  return label.empty() ? std::string(fallback) : label;
}

// The file's layout, judged at FROM; when FROM's signs leave it open, TO's
// may settle it among FROM's candidates (the file may already carry some of
// TO's changes: a rerun, a partial port).
Result<Layout> choose_layout(std::string_view body, const UpstreamBodies& at_from, const UpstreamBodies& at_to) {
  Result<LayoutJudgement> from = judge_layout(body, at_from);
  if (from) *from = settle_by_distance(std::move(*from), body, at_from);
  if (from && from->certain()) return from->candidates.front();
  Result<LayoutJudgement> to = judge_layout(body, at_to);
  if (to) *to = settle_by_distance(std::move(*to), body, at_to);
  if (!from) {
    if (to && to->certain()) return to->candidates.front();
    return from.error();
  }
  const auto& open = from->candidates;
  if (to && to->certain() && std::find(open.begin(), open.end(), to->candidates.front()) != open.end())
    return to->candidates.front();
  return Error{uncertain_layout_message(open)};
}

}  // namespace

Result<UpstreamBodies> read_upstream_bodies(const std::map<std::string, std::string>& files) {
  UpstreamBodies bodies;
  for (const auto& [path, bytes] : files) {
    Result<TemplateBody> body = read_template_body(bytes, path);
    if (!body) return body.error();
    UpstreamBody upstream(std::move(body->text));
    upstream.file_line = std::move(body->file_line);
    bodies.emplace(path, std::move(upstream));
  }
  return bodies;
}

Result<UpgradeResult> upgrade_file(std::string_view file_bytes, std::string_view display_name,
                                   const UpstreamBodies& at_from, const UpstreamBodies& at_to,
                                   const UpgradeOptions& options) {
  const std::string from = version_name(options.from_label, "FROM");
  const std::string to = version_name(options.to_label, "TO");

  Result<TemplateBody> ours = read_template_body(file_bytes, display_name);
  if (!ours) return ours.error();
  // A module is written back by replacing its [[...]] string only; find it
  // before merging so an unsupported module fails before any work.
  std::optional<BodyLiteral> literal;
  if (ours->is_module) {
    Result<BodyLiteral> found = locate_body_literal(file_bytes, ours->text);
    if (!found) return Error{std::string(display_name) + ": " + found.error().message};
    literal = *found;
  }

  UpgradeResult result;
  if (options.layout) {
    result.layout = *options.layout;
  } else {
    Result<Layout> detected = choose_layout(ours->text, at_from, at_to);
    if (!detected) return Error{std::string(display_name) + ": " + detected.error().message};
    result.layout = *detected;
  }
  for (const UpstreamBodies* at : {&at_from, &at_to})
    for (std::string& path : templates_left_out(ours->text, result.layout, *at))
      if (std::find(result.templates_left_out.begin(), result.templates_left_out.end(), path) ==
          result.templates_left_out.end())
        result.templates_left_out.push_back(std::move(path));
  if (!options.layout && !result.templates_left_out.empty()) {
    std::string names;
    for (const std::string& path : result.templates_left_out)
      names += (names.empty() ? "" : " and ") + std::string(template_file_name(path));
    return Error{std::string(display_name) + ": the file holds " + names + " too, which " +
                 result.layout.description() + " leaves out; pass --layout to say what the file is"};
  }
  result.layout.module_wrapped = ours->is_module;

  Result<ComposedText> base = compose(result.layout, at_from);
  if (!base) return Error{"at " + from + ": " + base.error().message};
  Result<ComposedText> theirs = compose(result.layout, at_to);
  if (!theirs) return Error{"at " + to + ": " + theirs.error().message};

  // A rendered copy: base and theirs filled in with the file's own values,
  // so that its filled-in lines match and upstream's arrive filled in.
  if (std::optional<RenderedValues> rendered = read_rendered_values(ours->text, base->text, options.rendered)) {
    RenderedBranches at_base = read_rendered_branches(ours->text, base->text, *rendered);
    RenderedBranches at_theirs =
        branches_for_theirs(at_base, read_rendered_branches(ours->text, theirs->text, *rendered));
    for (ComposedText* text : {&*base, &*theirs}) {
      std::vector<size_t> kept;
      text->text = render_like_file(text->text, *rendered, text == &*base ? at_base : at_theirs, kept);
      std::vector<Origin> origins;
      origins.reserve(kept.size());
      for (size_t i : kept) origins.push_back(text->origins[i]);
      text->origins = std::move(origins);
    }
    result.rendered = RenderedCopy{rendered->values.size(), rendered->lines_found, rendered->placeholder_lines, {}};
  }

  MergeOptions merge_options;
  merge_options.style = options.style;
  merge_options.labels = MergeLabels{std::string(display_name), from, to};
  merge_options.on_progress = options.on_progress;
  MergeResult merged = merge_texts(ours->text, base->text, theirs->text, merge_options);

  // Body line i of the written file sits on file line body_offset + i + 1.
  uint32_t body_offset = 0;
  if (literal) {
    result.text = rewrap_body(file_bytes, *literal, merged.text);
    // Read the new module back as Kong would: it must yield the merged body.
    Result<TemplateBody> check = read_template_body(result.text, display_name);
    if (!check || check->text != merged.text)
      return Error{std::string(display_name) + ": the merged template could not be written back into the "
                   "Lua module (" + (check ? std::string("it reads back differently") : check.error().message) +
                   "); please report this, with the file"};
    Result<BodyLiteral> written = locate_body_literal(result.text, merged.text);
    if (written) body_offset = count_newlines(std::string_view(result.text).substr(0, written->content));
  } else {
    result.text = std::move(merged.text);
  }

  const std::string& main_template = result.layout.kind == LayoutKind::SingleTemplate
                                         ? result.layout.template_path
                                         : std::string(kNginxTemplate);
  for (const Conflict& conflict : merged.conflicts) {
    ReportedConflict reported;
    reported.first_line = body_offset + static_cast<uint32_t>(conflict.output.start) + 1;
    reported.line_count = static_cast<uint32_t>(conflict.output.count);
    reported.ours_line_count = static_cast<uint32_t>(conflict.ours.count);
    reported.ours_first_line = conflict.ours.count == 0 && conflict.ours.start == 0
                                   ? 0
                                   : ours->file_line_of(conflict.ours.count == 0 ? conflict.ours.start - 1
                                                                                 : conflict.ours.start);
    reported.at_from = upstream_ranges(base->origins, conflict.base, main_template);
    reported.at_to = upstream_ranges(theirs->origins, conflict.theirs, main_template);
    reported.reason = conflict.reason;
    result.conflicts.push_back(std::move(reported));
  }
  std::vector<Line> written_lines = split_lines(result.text);
  for (const AlsoConsider& a : merged.also_consider) {
    ReportedAlsoConsider reported;
    reported.line = body_offset + static_cast<uint32_t>(a.output_line) + 1;
    if (reported.line - 1 < written_lines.size()) {
      std::string_view l = written_lines[reported.line - 1].content();
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      reported.text = std::string(l);
    }
    reported.at_from = upstream_ranges(base->origins, LineRange{a.base_line, 1}, main_template);
    reported.at_to = upstream_ranges(theirs->origins, a.theirs, main_template);
    result.also_consider.push_back(std::move(reported));
  }
  // Upstream's lines that kept template syntax in a file that had none.
  if (result.rendered)
    for (size_t line : template_syntax_lines(result.text))
      if (line > body_offset) result.rendered->template_lines.push_back(static_cast<uint32_t>(line));
  result.pending = merged.changed || !merged.conflicts.empty();
  result.changes_applied = merged.upstream_changes_applied;
  result.changes_present = merged.upstream_changes_present;
  return result;
}

Result<UpgradeResult> upgrade_file(std::string_view file_bytes, std::string_view display_name,
                                   const UpstreamLoader& load, const UpgradeOptions& options) {
  Result<UpstreamBodies> at_from = load(options.from_label);
  if (!at_from) return at_from.error();
  Result<UpstreamBodies> at_to = load(options.to_label);
  if (!at_to) return at_to.error();
  return upgrade_file(file_bytes, display_name, *at_from, *at_to, options);
}

}  // namespace kongtpl
