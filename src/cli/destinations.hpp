#pragma once
// Before `apply` or `merge` does any work: where the result, its backup and
// the report would go must be writable and must not be one of the inputs or
// each other, so nothing the user owns is overwritten by mistake.
#include <string>
#include <vector>

#include "cli/merge_delivery.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// Checks options against the input paths ("-" is standard input); an Error
/// names the clash and what to do.
Status check_destinations(const DeliveryOptions& options, const std::vector<std::string>& inputs);

/// True when a and b name the same file (the same inode when both exist,
/// else the same absolute path once symlinks in the folders are resolved).
bool same_file(const std::string& a, const std::string& b);

}  // namespace kongtpl
