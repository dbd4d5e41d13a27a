#pragma once
// The exact patch: what `git diff` (no whitespace options) prints, which
// `git apply` and `patch -p1` apply to the before version to get the after.
#include <string>
#include <vector>

#include "diff/file_diff.hpp"

namespace kongtpl {

/// The patch turning every file's before into its after, byte for byte.
/// Files compared under whitespace or blank-line options are compared
/// again exactly first, so nothing the review view hid is lost.
std::string render_git_patch(const std::vector<FileDiff>& files);

}  // namespace kongtpl
