#include "merge/upgrade.hpp"

#include <algorithm>

#include "lua/template_body.hpp"
#include "merge/layout_compose.hpp"
#include "merge/layout_detect.hpp"
#include "merge/three_way.hpp"
#include "merge/upgrade_rewrap.hpp"

namespace kongtpl {

namespace {

uint32_t count_newlines(std::string_view text) {
  return static_cast<uint32_t>(std::count(text.begin(), text.end(), '\n'));
}

std::string version_name(const std::string& label, const char* fallback) {
  return label.empty() ? std::string(fallback) : label;
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
    // The file may already carry some of TO's changes (a rerun, a partial
    // port), so it may look more like TO's templates than FROM's: the richer
    // of the two readings wins (a composite over a single template).
    Result<Layout> detected = detect_layout(ours->text, at_from);
    Result<Layout> at_target = detect_layout(ours->text, at_to);
    if (!detected && !at_target) return Error{std::string(display_name) + ": " + detected.error().message};
    bool prefer_target = !detected || (at_target && detected->kind == LayoutKind::SingleTemplate &&
                                       at_target->kind != LayoutKind::SingleTemplate);
    result.layout = prefer_target ? *at_target : *detected;
  }
  result.layout.module_wrapped = ours->is_module;

  Result<ComposedText> base = compose(result.layout, at_from);
  if (!base) return Error{"at " + from + ": " + base.error().message};
  Result<ComposedText> theirs = compose(result.layout, at_to);
  if (!theirs) return Error{"at " + to + ": " + theirs.error().message};

  MergeOptions merge_options;
  merge_options.style = options.style;
  merge_options.labels = MergeLabels{std::string(display_name), from, to};
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
