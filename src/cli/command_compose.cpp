// kongtpl compose VERSION --layout L: upstream's templates at VERSION in a
// layout (a composite custom_nginx.template, nginx.lua with its includes,
// one template): the base `apply` merges a file of that layout against, and
// a clean start for a new custom template.
#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/output.hpp"
#include "cli/repo_options.hpp"
#include "cli/upstream_bodies.hpp"
#include "core/history.hpp"
#include "merge/layout_compose.hpp"
#include "merge/reindent.hpp"

namespace kongtpl {
namespace {

struct ComposeCommandOptions {
  RepoOptions repo;
  std::string version, layout, indent, output;
};

int run_compose(const ComposeCommandOptions& o) {
  Output output(o.output);
  if (Status s = output.check_writable(); !s) return fail(s.error());
  auto layout = parse_layout_override(o.layout);
  if (!layout) return fail(layout.error());
  std::string unit(kUpstreamIndent);
  if (!o.indent.empty()) {
    auto parsed = parse_indent_unit(o.indent);
    if (!parsed) return fail(parsed.error());
    unit = *parsed;
  }
  auto session = open_session(o.repo, {kHistoryTemplateGlob});
  if (!session) return fail(session.error());
  auto version = (*session)->resolve(o.version);
  if (!version) return fail(version.error());
  auto bodies = upstream_bodies_at(**session, *version);
  if (!bodies) return fail(bodies.error());
  auto composed = compose(*layout, *bodies);
  if (!composed) return fail(Error{"at " + version->label + ": " + composed.error().message});
  output.text() = unit == kUpstreamIndent ? composed->text : reindent(composed->text, unit);
  if (Status s = output.deliver(); !s) return fail(s.error());
  return kExitClean;
}

}  // namespace

void add_compose_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<ComposeCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "compose",
      "Print Kong's templates at VERSION composed in a layout, as a template Kong renders (not a Lua module): "
      "the base apply merges a file of that layout against, or a start for a new custom_nginx.template. "
      "Exit status: 0 printed, 2 trouble.");
  cmd->add_option("VERSION", o->version, "the Kong version (a tag, 2.7 or 2.7.x, latest, a commit, or a path: an installed Kong tree or a package)")->required();
  cmd->add_option("--layout", o->layout,
                  "composite (nginx.lua with nginx_kong.lua and nginx_kong_stream.lua inlined), composite:kong, "
                  "composite:stream, nginx-with-includes, or template:NAME (e.g. template:nginx_kong.lua)")
      ->required();
  cmd->add_option("--indent", o->indent,
                  "indentation per nesting level: a number of spaces or tab (default 4, Kong's own)");
  cmd->add_option("-o,--output", o->output, "write to FILE instead of standard output");
  add_repo_options(*cmd, o->repo, kHistoryTemplateGlob);
  cmd->callback([o, &action] { action = [o] { return run_compose(*o); }; });
}

}  // namespace kongtpl
