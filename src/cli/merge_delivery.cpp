#include "cli/merge_delivery.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/findings_output.hpp"
#include "cli/output.hpp"
#include "lua/lint.hpp"
#include "util/atomic_file.hpp"

namespace kongtpl {
namespace {

nlohmann::json ranges_json(const std::vector<UpstreamRange>& ranges) {
  nlohmann::json list = nlohmann::json::array();
  for (const UpstreamRange& r : ranges)
    list.push_back({{"template", r.template_path}, {"first_line", r.first}, {"line_count", r.count}});
  return list;
}

bool has_errors(const std::vector<Finding>& findings) {
  for (const Finding& f : findings)
    if (f.severity == "error") return true;
  return false;
}

}  // namespace

std::string merge_report_json(const MergeOutcome& outcome, const DeliveryOptions& options,
                              const std::vector<Finding>& findings, const std::string& written_to,
                              const std::string& status) {
  nlohmann::json conflicts = nlohmann::json::array();
  for (const ReportedConflict& c : outcome.conflicts)
    conflicts.push_back({{"output", {{"first_line", c.first_line}, {"line_count", c.line_count}}},
                         {"file", {{"first_line", c.ours_first_line}, {"line_count", c.ours_line_count}}},
                         {"from", ranges_json(c.at_from)},
                         {"to", ranges_json(c.at_to)},
                         {"reason", c.reason},
                         {"summary", c.summary(outcome.from_label, outcome.to_label)}});
  nlohmann::json report = {{"schema", "kongtpl-merge-report/1"},
                           {"file", options.file},
                           {"from", outcome.from_label},
                           {"to", outcome.to_label},
                           {"status", status},
                           {"changes_applied", outcome.changes_applied},
                           {"changes_present", outcome.changes_present},
                           {"conflicts", conflicts},
                           {"findings", findings_as_json(findings)},
                           {"written_to", written_to.empty() ? nlohmann::json(nullptr) : nlohmann::json(written_to)}};
  if (!outcome.layout_kind.empty())
    report["layout"] = {{"kind", outcome.layout_kind}, {"description", outcome.layout_description}};
  if (!outcome.hops.empty()) report["hops"] = outcome.hops;
  nlohmann::json also = nlohmann::json::array();
  for (const ReportedAlsoConsider& a : outcome.also_consider)
    also.push_back({{"line", a.line}, {"text", a.text}, {"from", ranges_json(a.at_from)},
                    {"to", ranges_json(a.at_to)}, {"summary", a.summary(outcome.from_label, outcome.to_label)}});
  report["also_consider"] = also;
  return report.dump(2) + "\n";
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
  if (!findings.empty()) {
    std::string text = findings_as_text(findings);
    std::fprintf(stderr, "%s", text.c_str());
  }

  std::string status = !outcome.conflicts.empty() ? "conflicts"
                       : broken                   ? "does-not-compile"
                       : outcome.pending          ? "merged"
                                                  : "up-to-date";
  std::string written_to;
  int exit_status = (!outcome.conflicts.empty() || broken) ? kExitFindings : kExitClean;

  if (options.check) {
    if (outcome.pending) exit_status = kExitFindings;
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

  if (outcome.conflicts.empty() && !options.check)
    note("applied " + std::to_string(outcome.changes_applied) + " upstream change(s) (" +
         std::to_string(outcome.changes_present) + " already present)" + (broken ? ", but the result does not compile" : ""));
  if (!options.report_path.empty()) {
    std::string json = merge_report_json(outcome, options, findings, written_to, status);
    if (Status s = write_file_atomically(options.report_path, json); !s) return fail(s.error());
  }
  return exit_status;
}

}  // namespace kongtpl
