#include "core/template_set.hpp"

#include <algorithm>
#include <utility>

#include "source/file_tree.hpp"

namespace kongtpl {

TemplateSet::TemplateSet(const Repository& repository, ResolvedVersion version, std::vector<TreeFile> files)
    : repository_(&repository), version_(std::move(version)), files_(std::move(files)) {}

Result<TemplateSet> TemplateSet::load(const Repository& repository, const ResolvedVersion& version,
                                      const std::vector<std::string>& globs) {
  if (version.tree) return TemplateSet(repository, version, version.tree->list(globs));
  auto files = repository.list_files(version.commit_id, globs);
  if (!files) return Error{"cannot list the templates of " + version.label + ": " + files.error().message};
  return TemplateSet(repository, version, std::move(files.value()));
}

const TreeFile* TemplateSet::find(const std::string& path) const {
  // files_ is sorted by path, so a binary search finds it.
  auto it = std::lower_bound(files_.begin(), files_.end(), path,
                             [](const TreeFile& file, const std::string& p) { return file.path < p; });
  return it != files_.end() && it->path == path ? &*it : nullptr;
}

Result<std::string> TemplateSet::text(const std::string& path) {
  const TreeFile* file = find(path);
  if (!file) return Error{"'" + path + "' is not a template at " + version_.label};
  if (auto cached = text_by_blob_.find(file->blob_id); cached != text_by_blob_.end()) return cached->second;
  if (version_.tree) {
    const std::string* held = version_.tree->bytes_of_blob(file->blob_id);
    if (!held) return Error{"cannot read " + path + " at " + version_.label};
    return *held;
  }
  auto bytes = repository_->read_blob(file->blob_id);
  if (!bytes) return Error{"cannot read " + path + " at " + version_.label + ": " + bytes.error().message};
  return text_by_blob_.emplace(file->blob_id, std::move(bytes.value())).first->second;
}

}  // namespace kongtpl
