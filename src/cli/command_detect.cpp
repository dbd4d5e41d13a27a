// kongtpl detect FILE: which Kong versions a customised template most likely
// started from, ranked by whitespace-insensitive distance in the file's layout.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/output.hpp"
#include "cli/repo_options.hpp"
#include "core/history.hpp"
#include "merge/detect.hpp"
#include "util/atomic_file.hpp"

namespace kongtpl {
namespace {

struct DetectCommandOptions {
  RepoOptions repo;
  std::string file;
  size_t top = 5;
  bool all = false;
  std::string layout;
  std::string format = "text";
  std::string output;
};

const char* kind_name(LayoutKind kind) {
  switch (kind) {
    case LayoutKind::SingleTemplate: return "single-template";
    case LayoutKind::Composite: return "composite";
    case LayoutKind::NginxWithIncludes: return "nginx-with-includes";
  }
  return "single-template";
}

std::string detect_json(const DetectResult& r, const std::string& file, size_t top) {
  nlohmann::ordered_json candidates = nlohmann::ordered_json::array();
  for (size_t i = 0; i < r.candidates.size() && i < top; ++i) {
    const DetectCandidate& c = r.candidates[i];
    candidates.push_back({{"rank", i + 1},
                          {"version", c.version},
                          {"commit", c.commit_id},
                          {"same_text", c.same_text},
                          {"distance", c.distance},
                          {"added", c.added},
                          {"removed", c.removed}});
  }
  auto margin = r.margin();
  nlohmann::ordered_json report = {
      {"schema", "kongtpl-detect/1"},
      {"file", file},
      {"layout",
       {{"kind", kind_name(r.layout.kind)},
        {"template", r.layout.template_path},
        {"module", r.layout.module_wrapped},
        {"override", r.layout.override_value()},
        {"description", r.layout.description()}}},
      {"versions_compared", r.versions_compared},
      {"versions_skipped", r.versions_skipped},
      {"best", r.best().version},
      {"distance", r.best().distance},
      {"margin", margin ? nlohmann::ordered_json(*margin) : nlohmann::ordered_json(nullptr)},
      {"verdict", verdict_name(r.verdict)},
      {"candidates", std::move(candidates)}};
  return report.dump(2) + "\n";
}

std::string detect_text(const DetectResult& r, const std::string& file, size_t top) {
  std::string out = r.layout.description(file) + "\n";
  out += "compared with " + std::to_string(r.versions_compared) + " releases";
  if (r.versions_skipped) out += " (" + std::to_string(r.versions_skipped) + " lack a template this layout needs)";
  out += "\n\nrank  distance     added  removed  version\n";
  char line[160];
  for (size_t i = 0; i < r.candidates.size() && i < top; ++i) {
    const DetectCandidate& c = r.candidates[i];
    std::snprintf(line, sizeof line, "%4zu  %8zu  %8zu %8zu  ", i + 1, c.distance, c.added, c.removed);
    out += line + c.version;
    if (!c.same_text.empty()) {
      out += " (same template: " + c.same_text.front();
      if (c.same_text.size() > 1) out += " .. " + c.same_text.back();
      out += ", " + std::to_string(c.same_text.size()) + " more)";
    }
    out += "\n";
  }
  const DetectCandidate& best = r.best();
  out += "\nmost likely " + best.version + (best.distance == 0 ? " (exact match, whitespace aside)" : "") + ": " +
         verdict_name(r.verdict);
  if (auto m = r.margin())
    out += " (runner-up " + r.candidates[1].version + " is " + std::to_string(*m) + " line" + (*m == 1 ? "" : "s") +
           " further)";
  out += "\n";
  return out;
}

int run_detect(const DetectCommandOptions& o) {
  Output output(o.output);
  if (Status s = output.check_writable(); !s) return fail(s.error());
  DetectOptions options;
  options.include_prereleases = o.all;
  if (!o.layout.empty()) {
    auto layout = parse_layout_override(o.layout);
    if (!layout) return fail(layout.error());
    options.layout = *layout;
  }
  auto bytes = read_whole_file(o.file);
  if (!bytes) return fail(bytes.error());
  auto session = open_session(o.repo, {kHistoryTemplateGlob});
  if (!session) return fail(session.error());
  RepoSession& repo = **session;

  BlobCache blobs(repo.repository, repo.globs);
  auto catalog = repo.catalog();
  if (!catalog) return fail(catalog.error());
  auto result = detect_version(*bytes, o.file, **catalog, blobs, options);
  if (!result) return fail(result.error());
  output.text() = o.format == "json" ? detect_json(*result, o.file, o.top) : detect_text(*result, o.file, o.top);
  if (Status s = output.deliver(); !s) return fail(s.error());
  return kExitClean;
}

}  // namespace

void add_detect_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<DetectCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "detect",
      "Rank the Kong versions a customised template most likely started from: the fewest lines added and "
      "removed (whitespace ignored) between FILE and upstream's templates in FILE's layout; ties go to the "
      "oldest version. Exit status: 0 ranked, 2 trouble.");
  cmd->add_option("FILE", o->file, "the customised template (a .lua module or a plain template)")->required();
  cmd->add_option("--top", o->top, "how many candidates to show (default 5)")->check(CLI::Range(1, 1000000));
  cmd->add_flag("--all", o->all, "consider pre-releases (alpha, beta, rc) too");
  cmd->add_option("--layout", o->layout,
                  "the file's layout instead of detecting it: composite, composite:kong, nginx-with-includes, "
                  "template:nginx_kong.lua, ...");
  cmd->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("-o,--output", o->output, "write to FILE instead of standard output");
  add_repo_options(*cmd, o->repo, kHistoryTemplateGlob);
  cmd->callback([o, &action] { action = [o] { return run_detect(*o); }; });
}

}  // namespace kongtpl
