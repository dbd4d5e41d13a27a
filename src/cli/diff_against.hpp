#pragma once
// kongtpl diff --against FILE FROM: a user's own customisations, as the
// diff from upstream's templates at FROM, composed in FILE's layout, to
// FILE's template body.
#include <optional>
#include <string>

#include "cli/repo_options.hpp"
#include "diff/file_diff.hpp"
#include "merge/layout.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// What to compare.
struct DiffAgainstRequest {
  std::string file;              ///< the user's template (module or bare body)
  std::string from;              ///< the version spec it started from
  std::optional<Layout> layout;  ///< --layout; detected at FROM otherwise
  DiffOptions options;           ///< whitespace mode, context, blank lines
};

/// The comparison: "a/<FROM>/<file>" is upstream composed in the file's
/// layout, "b/<file>" the file's body. Notes the layout on stderr; fails
/// when the file cannot be read or its layout is uncertain.
Result<FileDiff> diff_against_file(RepoSession& session, const DiffAgainstRequest& request);

}  // namespace kongtpl
