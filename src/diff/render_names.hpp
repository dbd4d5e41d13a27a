#pragma once
// git's --name-only and --name-status listings.
#include <string>
#include <vector>

#include "diff/file_diff.hpp"

namespace kongtpl {

/// One quoted path per line for every file whose blobs or modes differ.
/// Like git (2.39), even when -w or -b leave no line of the file changed:
/// the listing says which files differ, the exit status whether any
/// difference survives the whitespace rules.
std::string render_name_only(const std::vector<FileDiff>& files);

/// The same files as "A\tpath", "D\tpath" or "M\tpath".
std::string render_name_status(const std::vector<FileDiff>& files);

/// Whether git lists the file in --name-only (added, deleted, or its bytes or
/// mode changed).
bool listed_by_name(const FileDiff& file);

/// 'A' added, 'D' deleted, 'M' modified.
char name_status(const FileDiff& file);

}  // namespace kongtpl
