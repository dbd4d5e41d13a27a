// The JSON report (schema "kongtpl-merge-report/1", templates/merge-report.schema.json).
#include <nlohmann/json.hpp>

#include "cli/findings_output.hpp"
#include "cli/report_model.hpp"

namespace kongtpl {
namespace {

nlohmann::json ranges_json(const std::vector<UpstreamRange>& ranges) {
  nlohmann::json list = nlohmann::json::array();
  for (const UpstreamRange& r : ranges)
    list.push_back({{"template", r.template_path}, {"first_line", r.first}, {"line_count", r.count}});
  return list;
}

}  // namespace

std::string render_report_json(const ReportModel& model) {
  nlohmann::json conflicts = nlohmann::json::array();
  for (const ReportConflict& rc : model.conflicts) {
    const ReportedConflict& c = rc.where;
    conflicts.push_back({{"output", {{"first_line", c.first_line}, {"line_count", c.line_count}}},
                         {"file", {{"first_line", c.ours_first_line}, {"line_count", c.ours_line_count}}},
                         {"from", ranges_json(c.at_from)},
                         {"to", ranges_json(c.at_to)},
                         {"reason", c.reason},
                         {"summary", rc.summary}});
  }
  nlohmann::json report = {{"schema", "kongtpl-merge-report/1"},
                           {"file", model.file},
                           {"from", model.from},
                           {"to", model.to},
                           {"status", model.status},
                           {"changes_applied", model.changes_applied},
                           {"changes_present", model.changes_present},
                           {"conflicts", conflicts},
                           {"findings", findings_as_json(model.findings)},
                           {"written_to", model.written_to.empty() ? nlohmann::json(nullptr)
                                                                    : nlohmann::json(model.written_to)}};
  if (!model.layout_kind.empty())
    report["layout"] = {{"kind", model.layout_kind}, {"description", model.layout_description}};
  if (!model.hops.empty()) report["hops"] = model.hops;
  nlohmann::json also = nlohmann::json::array();
  for (const ReportAlsoConsider& ra : model.also_consider) {
    const ReportedAlsoConsider& a = ra.what;
    also.push_back({{"line", a.line}, {"text", a.text}, {"from", ranges_json(a.at_from)},
                    {"to", ranges_json(a.at_to)}, {"summary", ra.summary}});
  }
  report["also_consider"] = also;
  return report.dump(2) + "\n";
}

}  // namespace kongtpl
