#include "cli/merge_delivery.hpp"

#include <cstdio>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/findings_output.hpp"
#include "cli/output.hpp"
#include "lua/lint.hpp"
#include "util/atomic_file.hpp"

namespace kongtpl {
namespace {

bool has_errors(const std::vector<Finding>& findings) {
  for (const Finding& f : findings)
    if (f.severity == "error") return true;
  return false;
}

}  // namespace

ReportModel merge_report_model(MergeOutcome outcome, const DeliveryOptions& options, std::vector<Finding> findings,
                               const std::string& written_to, const std::string& status) {
  ReportModel model;
  model.file = options.file;
  model.from = outcome.from_label;
  model.to = outcome.to_label;
  model.status = status;
  model.layout_kind = outcome.layout_kind;
  model.layout_description = outcome.layout_description;
  model.changes_applied = outcome.changes_applied;
  model.changes_present = outcome.changes_present;
  model.hops = std::move(outcome.hops);
  model.findings = std::move(findings);
  model.written_to = written_to;
  model.result_lines = text_lines(outcome.text);
  model.upstream = std::move(outcome.upstream);
  for (ReportedConflict& c : outcome.conflicts) {
    ReportConflict reported;
    reported.summary = c.summary(model.from, model.to);
    reported.sides = conflict_sides(model.result_lines, c);
    reported.where = std::move(c);
    model.conflicts.push_back(std::move(reported));
  }
  for (ReportedAlsoConsider& a : outcome.also_consider) {
    std::string summary = a.summary(model.from, model.to);
    model.also_consider.push_back({std::move(a), std::move(summary)});
  }
  return model;
}

int deliver_merge(MergeOutcome outcome, const DeliveryOptions& options, VersionLinter* linter) {
  if (!outcome.layout_description.empty()) note(outcome.layout_description);

  // A conflicted text is not a template yet; check only finished results.
  std::vector<Finding> findings;
  if (options.lint && outcome.conflicts.empty()) {
    if (linter) {
      auto found = linter->lint(outcome.text, options.file);
      if (!found) return fail(found.error());
      findings = std::move(*found);
    } else {
      findings = lint_template(outcome.text, options.file, nullptr);
    }
  }
  const bool broken = has_errors(findings);

  for (const ReportedConflict& c : outcome.conflicts)
    std::fprintf(stderr, "kongtpl: conflict: %s\n", c.summary(outcome.from_label, outcome.to_label).c_str());
  for (const ReportedAlsoConsider& a : outcome.also_consider)
    std::fprintf(stderr, "kongtpl: also consider: %s\n", a.summary(outcome.from_label, outcome.to_label).c_str());

  std::string status = !outcome.conflicts.empty() ? "conflicts"
                       : broken                   ? "does-not-compile"
                       : outcome.pending          ? "merged"
                                                  : "up-to-date";
  std::string written_to;
  int exit_status = (!outcome.conflicts.empty() || broken) ? kExitFindings : kExitClean;

  if (options.check || options.report_only) {
    if (outcome.pending && !options.report_only) exit_status = kExitFindings;
    if (outcome.pending && outcome.conflicts.empty())
      note(std::to_string(outcome.changes_applied) + " upstream change(s) pending for " + options.file);
  } else if (options.write) {
    std::string target = options.file;
    if (!outcome.conflicts.empty() && !options.force) {
      target = options.file + ".merged";
      note(options.file + " left untouched because of " + std::to_string(outcome.conflicts.size()) +
           " conflict(s); the merge with conflict markers is in " + target +
           " (resolve it and move it over, or rerun with --force)");
    } else if (broken && !options.force) {
      // A template Kong would reject must not replace a working one.
      target = options.file + ".merged";
      note(options.file + " left untouched because the merged template does not compile; the result is in " +
           target + " (fix it and move it over, or rerun with --force)");
    }
    if (!outcome.pending && target == options.file) {
      note(options.file + " already carries every upstream change; nothing written");
    } else {
      AtomicWriteOptions write;
      write.keep_backup = options.keep_backup && target == options.file;
      write.refuse_hard_links = target == options.file;
      // FILE.merged holds FILE's text: it gets FILE's permissions.
      if (target != options.file) write.mode = permissions_of(options.file);
      if (Status s = write_file_atomically(target, outcome.text, write); !s) return fail(s.error());
      written_to = target;
      if (target == options.file)
        note("updated " + target + (write.keep_backup ? " (previous version in " + target + ".orig)" : ""));
    }
  } else if (!options.output.empty() && options.output != "-") {
    if (Status s = write_file_atomically(options.output, outcome.text); !s) return fail(s.error());
    written_to = options.output;
  } else {
    // Check the flush too: a full disk behind stdout shows up only there.
    Output to_stdout;
    to_stdout.text() = std::move(outcome.text);
    if (Status s = to_stdout.deliver(); !s) return fail(s.error());
    outcome.text = std::move(to_stdout.text());
    written_to = "-";
  }

  if (!findings.empty()) {
    // The findings' lines are the result's: name the file written, if any.
    std::vector<Finding> shown = findings;
    if (!written_to.empty() && written_to != "-")
      for (Finding& f : shown)
        if (f.file == options.file) f.file = written_to;
    std::fprintf(stderr, "%s", findings_as_text(shown).c_str());
  }
  if (outcome.conflicts.empty() && !options.check && !options.report_only)
    note("applied " + std::to_string(outcome.changes_applied) + " upstream change(s) (" +
         std::to_string(outcome.changes_present) + " already present)" + (broken ? ", but the result does not compile" : ""));
  if (!options.report_path.empty()) {
    Output report(options.report_path);
    report.text() = render_report(merge_report_model(std::move(outcome), options, std::move(findings), written_to, status),
                                  options.report_format);
    if (Status s = report.deliver(); !s) return fail(s.error());
  }
  return exit_status;
}

}  // namespace kongtpl
