// kongtpl plan FROM TO: the upgrade path Kong's upgrade notes prescribe, hop
// by hop, with the template changes each hop brings.
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/output.hpp"
#include "cli/repo_options.hpp"
#include "core/history.hpp"
#include "core/history_format.hpp"
#include "core/upgrade_plan.hpp"

namespace kongtpl {
namespace {

struct PlanCommandOptions {
  RepoOptions repo;
  std::string from, to;
  std::string format = "text";
  std::string output;
};

/// One hop of the plan with its template changes.
struct PlannedHop {
  const VersionTag* from;
  const VersionTag* to;
  const UpgradeRule* rule;  // why `to` is a stop; nullptr for the last hop
  std::vector<TemplateChange> changes;
};

nlohmann::ordered_json changes_json(const std::vector<TemplateChange>& changes) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const TemplateChange& c : changes) {
    nlohmann::ordered_json t = {{"path", c.path}, {"status", status_name(c.status)}, {"added", c.added}, {"removed", c.removed}};
    if (c.binary) t["binary"] = true;
    list.push_back(std::move(t));
  }
  return list;
}

std::string plan_json(const std::vector<PlanStop>& path, const std::vector<PlannedHop>& hops,
                      const std::vector<std::string>& globs) {
  nlohmann::ordered_json stops = nlohmann::ordered_json::array();
  for (const PlanStop& stop : path) stops.push_back(stop.version->name());
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const PlannedHop& hop : hops) {
    size_t added = 0, removed = 0;
    for (const TemplateChange& c : hop.changes) {
      added += c.added;
      removed += c.removed;
    }
    list.push_back({{"from", hop.from->name()},
                    {"to", hop.to->name()},
                    {"commit", hop.to->commit_id},
                    {"reason", hop.rule ? nlohmann::ordered_json(hop.rule->reason) : nlohmann::ordered_json(nullptr)},
                    {"source", hop.rule ? nlohmann::ordered_json(hop.rule->source) : nlohmann::ordered_json(nullptr)},
                    {"added", added},
                    {"removed", removed},
                    {"templates", changes_json(hop.changes)}});
  }
  nlohmann::ordered_json report = {{"schema", "kongtpl-plan/1"},
                           {"from", path.front().version->name()},
                           {"to", path.back().version->name()},
                           {"templates", globs},
                           {"path", std::move(stops)},
                           {"hops", std::move(list)}};
  return report.dump(2) + "\n";
}

std::string plan_text(const std::vector<PlanStop>& path, const std::vector<PlannedHop>& hops) {
  std::string chain;
  for (const PlanStop& stop : path) chain += (chain.empty() ? "" : " -> ") + stop.version->name();
  std::string out = "Upgrade path from " + path.front().version->name() + " to " + path.back().version->name() +
                    " (" + std::to_string(hops.size()) + (hops.size() == 1 ? " hop" : " hops") + "):\n  " + chain +
                    "\n";
  for (const PlannedHop& hop : hops) {
    out += "\n" + hop.from->name() + " -> " + hop.to->name() + ": ";
    out += hop.rule ? std::string(hop.rule->reason) + " (" + hop.rule->source + ")" : std::string("the target");
    out += "\n";
    out += hop.changes.empty() ? std::string("    no template changes\n")
                               : "    " + change_summary(hop.changes) + "\n" + render_template_changes(hop.changes);
  }
  return out;
}

int run_plan(const PlanCommandOptions& o) {
  Output output(o.output);
  output.page_on_terminal();
  if (Status s = output.check_writable(); !s) return fail(s.error());
  auto session = open_session(o.repo, {kHistoryTemplateGlob});
  if (!session) return fail(session.error());
  RepoSession& repo = **session;
  auto from = repo.resolve(o.from);
  if (!from) return fail(from.error());
  auto to = repo.resolve(o.to);
  if (!to) return fail(to.error());
  auto catalog = repo.catalog();
  if (!catalog) return fail(catalog.error());
  auto from_tag = version_tag_of(**catalog, *from, "an upgrade plan");
  if (!from_tag) return fail(from_tag.error());
  auto to_tag = version_tag_of(**catalog, *to, "an upgrade plan");
  if (!to_tag) return fail(to_tag.error());
  auto path = plan_path(**catalog, **from_tag, **to_tag);
  if (!path) return fail(path.error());

  std::vector<ResolvedVersion> stops;
  for (const PlanStop& stop : *path) stops.push_back(ResolvedVersion{stop.version->name(), stop.version->commit_id});
  if (Status s = repo.require_templates(stops); !s) return fail(s.error());

  BlobCache blobs(repo.repository, repo.globs);
  TemplateChangeCounter counter(blobs);
  std::vector<PlannedHop> hops;
  for (size_t i = 1; i < path->size(); ++i) {
    const PlanStop& a = (*path)[i - 1];
    const PlanStop& b = (*path)[i];
    auto changes = counter.between(a.version->commit_id, b.version->commit_id);
    if (!changes) return fail(Error{"comparing " + a.version->name() + " with " + b.version->name() + ": " +
                                    changes.error().message});
    hops.push_back(PlannedHop{a.version, b.version, b.rule, std::move(*changes)});
  }

  output.text() = o.format == "json" ? plan_json(*path, hops, repo.globs) : plan_text(*path, hops);
  if (Status s = output.deliver(); !s) return fail(s.error());
  return kExitClean;
}

}  // namespace

void add_plan_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<PlanCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "plan",
      "Show the upgrade path Kong's upgrade notes prescribe from FROM to TO (e.g. 0.13 -> 0.14.1 -> 1.5.x -> "
      "2.8.x -> 3.x), hop by hop, with the template changes of each hop. Exit status: 0 planned, 2 trouble (e.g. a required version is missing).");
  cmd->add_option("FROM", o->from, "the version you run now (a tag, 2.7 or 2.7.x)")->required();
  cmd->add_option("TO", o->to, "the version you upgrade to (a tag, a series, latest)")->required();
  cmd->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("-o,--output", o->output, "write to FILE instead of standard output");
  add_repo_options(*cmd, o->repo, kHistoryTemplateGlob);
  add_no_pager_option(*cmd);
  cmd->callback([o, &action] { action = [o] { return run_plan(*o); }; });
}

}  // namespace kongtpl
