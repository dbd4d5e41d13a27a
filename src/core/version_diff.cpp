#include "core/version_diff.hpp"

#include <algorithm>
#include <set>

#include "util/lines.hpp"

namespace kongtpl {
namespace {

/// One side of a pair: the template's bytes (transformed if asked), with the
/// blob id kept only when the bytes are the blob's own.
Result<std::optional<FileSide>> read_side(TemplateSet& set, const std::string& path,
                                          const TemplateTransform& transform) {
  const TreeFile* file = set.find(path);
  if (!file) return std::optional<FileSide>();
  auto bytes = set.text(path);
  if (!bytes) return bytes.error();
  if (looks_binary(*bytes))
    return Error{"template " + path + " at " + set.version().label +
                 " contains NUL bytes (binary); kongtpl compares text templates only: narrow --templates"};
  FileSide side{path, std::move(*bytes), file->blob_id, file->mode};
  if (transform) {
    auto changed = transform(path, side.bytes);
    if (!changed) return Error{changed.error().message + " (at " + set.version().label + ")"};
    side.bytes = std::move(*changed);
    side.blob_id.clear();  // the renderers compute the id of the new bytes
  }
  return std::optional<FileSide>(std::move(side));
}

}  // namespace

Result<std::vector<TemplatePair>> pair_templates(TemplateSet& before, TemplateSet& after,
                                                 const TemplateTransform& transform, bool include_unchanged) {
  std::set<std::string> paths;
  for (const TreeFile& f : before.files()) paths.insert(f.path);
  for (const TreeFile& f : after.files()) paths.insert(f.path);

  std::vector<TemplatePair> pairs;
  for (const std::string& path : paths) {
    const TreeFile* a = before.find(path);
    const TreeFile* b = after.find(path);
    // Equal blob ids mean equal bytes: skip without reading anything.
    if (!include_unchanged && a && b && a->blob_id == b->blob_id && a->mode == b->mode) continue;
    auto old_side = read_side(before, path, transform);
    if (!old_side) return old_side.error();
    auto new_side = read_side(after, path, transform);
    if (!new_side) return new_side.error();
    pairs.push_back(TemplatePair{path, std::move(*old_side), std::move(*new_side)});
  }
  return pairs;
}

Result<std::vector<FileDiff>> diff_template_sets(TemplateSet& before, TemplateSet& after, const DiffOptions& options,
                                                 const TemplateTransform& transform, bool keep_hidden_changes) {
  auto pairs = pair_templates(before, after, transform);
  if (!pairs) return pairs.error();
  std::vector<FileDiff> diffs;
  for (const TemplatePair& pair : *pairs) {
    FileDiff diff = compare_files(pair.before ? &*pair.before : nullptr, pair.after ? &*pair.after : nullptr, options);
    if (diff.has_change() || keep_hidden_changes) diffs.push_back(std::move(diff));
  }
  sort_by_path(diffs);
  return diffs;
}

}  // namespace kongtpl
