// kongtpl show VERSION [TEMPLATE]: print one template, or list them.
#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/output.hpp"
#include "cli/repo_options.hpp"
#include "cli/template_bodies.hpp"

namespace kongtpl {
namespace {

struct ShowCommandOptions {
  RepoOptions repo;
  std::string version;
  std::string template_name;
  bool body = false;
  std::string output;
};

/// The template in set that name designates: a full path, or a file name
/// such as nginx_kong.lua, or a stem such as nginx_kong.
Result<std::string> find_template(const TemplateSet& set, const std::string& name, const std::string& version) {
  std::vector<std::string> paths;
  for (const auto& file : set.files()) paths.push_back(file.path);
  for (const auto& path : paths) {
    std::string base = path.substr(path.rfind('/') + 1);
    if (path == name || base == name || base == name + ".lua") return path;
  }
  std::string known;
  for (const auto& path : paths) known += (known.empty() ? "" : ", ") + path.substr(path.rfind('/') + 1);
  return Error{"no template '" + name + "' at " + version + " (templates there: " + known + ")"};
}

int run_show(const ShowCommandOptions& o) {
  Output output(o.output);
  output.page_on_terminal();
  if (Status s = output.check_writable(); !s) return fail(s.error());
  // Listing shows every template; showing one searches them all too.
  auto session = open_session(o.repo, {"kong/templates/*"});
  if (!session) return fail(session.error());
  auto version = (*session)->resolve(o.version);
  if (!version) return fail(version.error());
  if (Status s = (*session)->require_templates({*version}); !s) return fail(s.error());
  auto set = (*session)->templates_at(*version);
  if (!set) return fail(set.error());

  if (o.template_name.empty()) {
    for (const auto& file : set->files()) output.text() += file.path + "\n";
  } else {
    auto path = find_template(*set, o.template_name, version->label);
    if (!path) return fail(path.error());
    auto text = set->text(*path);
    if (!text) return fail(text.error());
    if (o.body) {
      auto body = body_transform()(*path, *text);
      if (!body) return fail(body.error());
      output.text() = *body;
    } else {
      output.text() = *text;
    }
  }
  if (Status s = output.deliver(); !s) return fail(s.error());
  return kExitClean;
}

}  // namespace

void add_show_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<ShowCommandOptions>();
  CLI::App* cmd = app.add_subcommand("show", "Print one template at a version, or list the templates there.");
  cmd->add_option("VERSION", o->version, "a tag, 2.7 or 2.7.x, latest, a commit, or a path: an installed Kong tree or a package")->required();
  cmd->add_option("TEMPLATE", o->template_name, "a template path or file name (nginx_kong.lua); omit to list them");
  cmd->add_flag("--body", o->body, "print the template text Kong renders from the module, not the Lua file");
  cmd->add_option("-o,--output", o->output, "write to FILE instead of standard output");
  add_repo_options(*cmd, o->repo, "kong/templates/*");
  add_no_pager_option(*cmd);
  cmd->callback([o, &action] { action = [o] { return run_show(*o); }; });
}

}  // namespace kongtpl
