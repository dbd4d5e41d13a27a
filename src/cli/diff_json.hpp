#pragma once
// `kongtpl diff --format json` (schema "kongtpl-diff/1", see README.md and
// templates/diff.schema.json): the same files, hunks and lines as the text.
#include <string>
#include <vector>

#include "diff/file_diff.hpp"

namespace kongtpl {

/// The JSON document, "\n" ended. from/to are the versions as given
/// (FROM and the file name with --against).
std::string diff_json(const std::vector<FileDiff>& files, const DiffOptions& options, const std::string& from,
                      const std::string& to);

}  // namespace kongtpl
