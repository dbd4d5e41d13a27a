// kongtpl detect FILE: the range of Kong versions a customised template is
// consistent with, its layout and a confidence, ranked by whitespace-
// insensitive distance to upstream composed in the file's layout.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/output.hpp"
#include "cli/repo_options.hpp"
#include "core/history.hpp"
#include "merge/detect.hpp"
#include "util/input_file.hpp"
#include "util/work_progress.hpp"

namespace kongtpl {
namespace {

struct DetectCommandOptions {
  RepoOptions repo;
  std::string file;
  size_t top = 5;
  bool all = false;
  std::string layout;
  std::vector<std::string> versions;
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

nlohmann::ordered_json layout_json(const Layout& layout) {
  return {{"kind", kind_name(layout.kind)},
          {"template", layout.template_path},
          {"module", layout.module_wrapped},
          {"override", layout.override_value()},
          {"description", layout.description()}};
}

std::string detect_json(const DetectResult& r, const std::string& file, size_t top) {
  nlohmann::ordered_json candidates = nlohmann::ordered_json::array();
  for (size_t i = 0; i < r.candidates.size() && i < top; ++i) {
    const DetectCandidate& c = r.candidates[i];
    candidates.push_back({{"rank", i + 1},
                          {"version", c.version},
                          {"last", c.last()},
                          {"commit", c.commit_id},
                          {"same_text", c.same_text},
                          {"layout", c.layout.override_value()},
                          {"distance", c.distance},
                          {"added", c.added},
                          {"removed", c.removed}});
  }
  nlohmann::ordered_json layout = layout_json(r.layout);
  layout["certain"] = !r.layout_uncertain();
  layout["by_distance"] = r.layout_by_distance;
  nlohmann::ordered_json layouts = nlohmann::ordered_json::array();
  for (const Layout& l : r.layout_candidates) layouts.push_back(l.override_value());
  layout["candidates"] = std::move(layouts);
  auto margin = r.margin();
  const DetectCandidate& best = r.best();
  nlohmann::ordered_json report = {
      {"schema", "kongtpl-detect/1"},
      {"file", file},
      {"layout", std::move(layout)},
      {"versions_compared", r.versions_compared},
      {"versions_skipped", r.versions_skipped},
      {"range", {{"first", best.version}, {"last", best.last()}, {"versions", best.versions()}}},
      {"best", best.version},
      {"distance", best.distance},
      {"margin", margin ? nlohmann::ordered_json(*margin) : nlohmann::ordered_json(nullptr)},
      {"verdict", verdict_name(r.verdict)},
      {"confidence", confidence_name(r.confidence)},
      {"doubts", r.doubts},
      {"candidates", std::move(candidates)}};
  return report.dump(2) + "\n";
}

std::string detect_text(const DetectResult& r, const std::string& file, size_t top) {
  std::string out = r.layout.description(file) + "\n";
  if (r.layout_uncertain()) {
    out += "layout uncertain: it may also be";
    for (size_t i = 1; i < r.layout_candidates.size(); ++i)
      out += (i > 1 ? ", " : " ") + r.layout_candidates[i].override_value();
    out += " (choose with --layout)\n";
  }
  out += "compared with " + std::to_string(r.versions_compared) + " releases";
  if (r.versions_skipped) out += " (" + std::to_string(r.versions_skipped) + " lack a template this layout needs)";
  out += "\n\nrank  distance     added  removed  versions\n";
  char line[160];
  for (size_t i = 0; i < r.candidates.size() && i < top; ++i) {
    const DetectCandidate& c = r.candidates[i];
    std::snprintf(line, sizeof line, "%4zu  %8zu  %8zu %8zu  ", i + 1, c.distance, c.added, c.removed);
    out += line + c.range();
    if (!c.same_text.empty()) out += " (" + std::to_string(c.same_text.size() + 1) + " releases, same templates)";
    if (c.layout.override_value() != r.layout.override_value()) out += " as " + c.layout.override_value();
    out += "\n";
  }
  const DetectCandidate& best = r.best();
  out += "\nconsistent with " + best.range() + (best.distance == 0 ? " (exact match, whitespace aside)" : "") +
         ": " + verdict_name(r.verdict) + ", confidence " + confidence_name(r.confidence);
  if (auto m = r.margin())
    out += " (runner-up " + r.candidates[1].range() + " is " + std::to_string(*m) + " line" + (*m == 1 ? "" : "s") +
           " further)";
  out += "\n";
  for (const std::string& doubt : r.doubts) out += "doubt: " + doubt + "\n";
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
  auto bytes = read_text_input(o.file);
  if (!bytes) return fail(bytes.error());
  auto session = open_session(o.repo, {kHistoryTemplateGlob});
  if (!session) return fail(session.error());
  RepoSession& repo = **session;

  BlobCache blobs(repo.repository, repo.globs);
  const VersionCatalog* catalog = nullptr;
  VersionCatalog chosen;
  if (o.versions.empty()) {
    auto all = repo.catalog();
    if (!all) return fail(all.error());
    catalog = *all;
  } else {
    // Exactly the versions named: tags, or paths (packages, installed trees).
    std::vector<VersionTag> tags;
    for (const std::string& spec : o.versions) {
      auto resolved = repo.resolve(spec);
      if (!resolved) return fail(resolved.error());
      Version version = resolved->version.value_or(Version::parse(resolved->label).value_or(Version{}));
      version.tag = resolved->label;
      if (resolved->tree) blobs.add_tree(resolved->commit_id, resolved->tree);
      tags.push_back({std::move(version), resolved->commit_id, false});
    }
    chosen = VersionCatalog(std::move(tags));
    catalog = &chosen;
    options.include_prereleases = true;  // named, so wanted
  }
  std::unique_ptr<WorkProgress> progress;
  options.on_progress = progress_callback(progress, "detect", "releases", repo.options.quiet);
  auto result = detect_version(*bytes, o.file, *catalog, blobs, options);
  if (progress) progress->finish();
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
      "The range of Kong versions a customised template is consistent with, its layout and a confidence: "
      "the fewest lines added and removed (whitespace ignored) between FILE and upstream's templates in "
      "FILE's layout at each release; releases with identical templates form one range. "
      "Exit status: 0 ranked, 2 trouble.");
  cmd->add_option("FILE", o->file, "the customised template (a .lua module or a plain template; - for standard input)")->required();
  cmd->add_option("--top", o->top, "how many candidates to show (default 5)")->check(CLI::Range(1, 1000000));
  cmd->add_flag("--all", o->all, "consider pre-releases (alpha, beta, rc) too");
  cmd->add_option("--versions", o->versions,
                  "compare with exactly these versions: tags, or paths of packages (.deb, .rpm, .tar.gz, .rock, "
                  "docker save archives) or installed Kong trees (repeatable, or several after one --versions)");
  cmd->add_option("--layout", o->layout,
                  "the file's layout instead of detecting it: composite, composite:kong, nginx-with-includes, "
                  "template:nginx_kong.lua, ...");
  cmd->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("-o,--output", o->output, "write to FILE instead of standard output");
  add_repo_options(*cmd, o->repo, kHistoryTemplateGlob);
  cmd->callback([o, &action] { action = [o] { return run_detect(*o); }; });
}

}  // namespace kongtpl
