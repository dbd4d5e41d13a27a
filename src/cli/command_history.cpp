// kongtpl history FROM TO: the releases after FROM up to TO that changed the
// templates, with per-template +/- line counts (git diff -w --numstat).
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/output.hpp"
#include "cli/repo_options.hpp"
#include "core/history.hpp"
#include "core/history_format.hpp"
#include "util/work_progress.hpp"

namespace kongtpl {
namespace {

struct HistoryCommandOptions {
  RepoOptions repo;
  std::string from, to;
  bool all = false;
  std::string format = "text";
  std::string output;
};

nlohmann::ordered_json history_json(const TemplateHistory& history, const std::vector<std::string>& globs, bool all) {
  nlohmann::ordered_json releases = nlohmann::ordered_json::array();
  for (const ReleaseChanges& r : history.releases) {
    nlohmann::ordered_json templates = nlohmann::ordered_json::array();
    for (const TemplateChange& c : r.templates) {
      nlohmann::ordered_json t = {{"path", c.path}, {"status", status_name(c.status)}, {"added", c.added}, {"removed", c.removed}};
      if (c.binary) t["binary"] = true;
      templates.push_back(std::move(t));
    }
    releases.push_back({{"version", r.version},
                        {"previous", r.previous},
                        {"commit", r.commit_id},
                        {"added", r.added()},
                        {"removed", r.removed()},
                        {"templates", std::move(templates)}});
  }
  return {{"schema", "kongtpl-history/1"},
          {"from", history.from},
          {"to", history.to},
          {"prereleases", all},
          {"templates", globs},
          {"releases_walked", history.releases_walked},
          {"releases", std::move(releases)}};
}

int run_history(const HistoryCommandOptions& o) {
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

  BlobCache blobs(repo.repository, repo.globs);
  HistoryOptions options;
  options.include_prereleases = o.all;
  auto catalog = repo.catalog();
  if (!catalog) return fail(catalog.error());
  std::unique_ptr<WorkProgress> progress;
  options.on_progress = progress_callback(progress, "history", "releases", repo.options.quiet);
  auto history = template_history(**catalog, blobs, *from, *to, options);
  if (progress) progress->finish();
  if (!history) return fail(history.error());
  // Nothing changed: make sure that is not because nothing matches at all.
  if (history->releases.empty())
    if (Status s = repo.require_templates({*from, *to}); !s) return fail(s.error());

  if (o.format == "json") {
    output.text() = history_json(*history, repo.globs, o.all).dump(2) + "\n";
  } else {
    output.text() = render_history(*history);
    if (!repo.options.quiet)
      note(std::to_string(history->releases.size()) + " of " + std::to_string(history->releases_walked) +
           " releases after " + history->from + " up to " + history->to + " changed the templates");
  }
  if (Status s = output.deliver(); !s) return fail(s.error());
  return kExitClean;
}

}  // namespace

void add_history_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<HistoryCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "history",
      "List the releases after FROM up to TO that changed the templates, with lines added and removed per "
      "template (whitespace ignored, as git diff -w --numstat). Exit status: 0 listed, 2 trouble.");
  cmd->add_option("FROM", o->from, "the version to start after (a tag, 2.7 or 2.7.x, latest)")->required();
  cmd->add_option("TO", o->to, "the last version to list")->required();
  cmd->add_flag("--all", o->all, "include pre-releases (alpha, beta, rc)");
  cmd->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("-o,--output", o->output, "write to FILE instead of standard output");
  add_repo_options(*cmd, o->repo, kHistoryTemplateGlob);
  add_no_pager_option(*cmd);
  cmd->callback([o, &action] { action = [o] { return run_history(*o); }; });
}

}  // namespace kongtpl
