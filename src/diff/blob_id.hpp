#pragma once
// git's object id of a file's bytes, for the "index" line of a patch when
// the caller has no id from the repository (a file read from disk).
#include <string>
#include <string_view>

namespace kongtpl {

/// The full hex SHA-1 git gives these bytes as a blob ("blob <size>\0" + bytes).
std::string git_blob_id(std::string_view bytes);

/// The id git prints for an absent side: forty zeros.
inline const std::string& null_blob_id() {
  static const std::string zeros(40, '0');
  return zeros;
}

}  // namespace kongtpl
