#include "cli/diff_against.hpp"

#include "cli/commands.hpp"
#include "cli/upstream_bodies.hpp"
#include "lua/template_body.hpp"
#include "merge/layout_compose.hpp"
#include "merge/layout_detect.hpp"
#include "util/input_file.hpp"
#include "util/lines.hpp"

namespace kongtpl {

Result<FileDiff> diff_against_file(RepoSession& session, const DiffAgainstRequest& request) {
  auto bytes = read_text_input(request.file);
  if (!bytes) return bytes.error();
  auto body = read_template_body(*bytes, request.file);
  if (!body) return body.error();
  auto version = session.resolve(request.from);
  if (!version) return version.error();
  auto bodies = upstream_bodies_at(session, *version);
  if (!bodies) return bodies.error();

  Layout layout;
  if (request.layout) {
    layout = *request.layout;
  } else {
    auto detected = detect_layout(body->text, *bodies);
    if (!detected) return Error{request.file + ": " + detected.error().message};
    layout = *detected;
  }
  layout.module_wrapped = body->is_module;
  auto composed = compose(layout, *bodies);
  if (!composed) return Error{"at " + version->label + ": " + composed.error().message};
  note(layout.description(request.file) + "; compared with " + version->label);

  // Paths as git diff --no-index shows them: no leading "/" after "a/", "b/".
  std::string shown = request.file;
  shown.erase(0, shown.find_first_not_of('/'));
  FileSide upstream{version->label + "/" + shown, std::move(composed->text), {}, 0100644};
  FileSide mine{shown, std::move(body->text), {}, 0100644};
  return compare_files(&upstream, &mine, request.options);
}

}  // namespace kongtpl
