#pragma once
/// The template files of one Kong version: which paths match the globs at a
/// resolved version, with their blob ids and modes, and their text read from
/// the repository only when asked (each blob once).
#include <string>
#include <unordered_map>
#include <vector>

#include "core/version.hpp"
#include "git/repository.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// Templates at one version. Refers to the Repository it was loaded from,
/// which must outlive it.
class TemplateSet {
 public:
  /// The files matching globs (see Repository::list_files) at version: in
  /// the repository at its commit, or in its tree for a path version.
  static Result<TemplateSet> load(const Repository& repository, const ResolvedVersion& version,
                                  const std::vector<std::string>& globs);

  /// The version these templates belong to.
  const ResolvedVersion& version() const { return version_; }
  /// The matching files, sorted by path as git sorts.
  const std::vector<TreeFile>& files() const { return files_; }
  /// The file at path, or nullptr when the version has no such template.
  const TreeFile* find(const std::string& path) const;
  /// The bytes of the template at path (read once per blob, then cached).
  Result<std::string> text(const std::string& path);

 private:
  TemplateSet(const Repository& repository, ResolvedVersion version, std::vector<TreeFile> files);

  const Repository* repository_;
  ResolvedVersion version_;
  std::vector<TreeFile> files_;
  std::unordered_map<std::string, std::string> text_by_blob_;
};

}  // namespace kongtpl
