#include "core/history.hpp"

#include <set>

#include "diff/edit_script.hpp"

namespace kongtpl {
namespace {

// The cache key of one side: blob and mode (a mode change alone is listed).
std::string side_key(const TreeFile* file) {
  return file ? file->blob_id + ":" + std::to_string(file->mode) : std::string();
}

}  // namespace

const char* status_name(TemplateStatus status) {
  switch (status) {
    case TemplateStatus::Added: return "added";
    case TemplateStatus::Removed: return "removed";
    case TemplateStatus::Changed: return "changed";
  }
  return "changed";
}

TemplateChangeCounter::TemplateChangeCounter(BlobCache& blobs, WhitespaceMode mode) : blobs_(&blobs), mode_(mode) {}

Result<const TemplateChangeCounter::Prepared*> TemplateChangeCounter::prepared(const TreeFile& file) {
  if (auto it = prepared_.find(file.blob_id); it != prepared_.end()) return &it->second;
  auto bytes = blobs_->read(file.blob_id);
  if (!bytes) return Error{"cannot read " + file.path + ": " + bytes.error().message};
  Prepared p;
  // git's binary test: a NUL in the first 8000 bytes.
  p.binary = std::string_view(**bytes).substr(0, 8000).find('\0') != std::string_view::npos;
  if (!p.binary) p.ids = prepare_text(**bytes, mode_, interner_).ids;
  return &prepared_.emplace(file.blob_id, std::move(p)).first->second;
}

// The numstat of one pair, as compare_files and render_numstat give it, but
// on ids prepared once per blob: the sizes of the edit script's changes
// (sliding them as git does moves lines, never changes their number).
Result<TemplateChangeCounter::Counted> TemplateChangeCounter::compare(const TreeFile* before, const TreeFile* after) {
  auto key = std::make_pair(side_key(before), side_key(after));
  if (auto it = pairs_.find(key); it != pairs_.end()) return it->second;

  static const Prepared kAbsent;
  const Prepared* sides[2] = {&kAbsent, &kAbsent};
  const TreeFile* files[2] = {before, after};
  for (int i = 0; i < 2; ++i) {
    if (!files[i]) continue;
    auto p = prepared(*files[i]);
    if (!p) return p.error();
    sides[i] = *p;
  }
  Counted counted;
  bool mode_changed = before && after && before->mode != after->mode;
  bool content_changed = !before || !after || before->blob_id != after->blob_id;
  if (sides[0]->binary || sides[1]->binary) {
    counted.binary = true;
    counted.listed = content_changed || mode_changed;
  } else {
    for (const Change& change : diff_ids_like_git(sides[0]->ids, sides[1]->ids)) {
      counted.added += change.new_count;
      counted.removed += change.old_count;
    }
    // Added and deleted files are listed even when empty; a modified file
    // only when a line counts under the mode, or its mode changed.
    counted.listed = !before || !after || mode_changed || counted.added + counted.removed > 0;
  }
  pairs_.emplace(std::move(key), counted);
  return counted;
}

Result<std::vector<TemplateChange>> TemplateChangeCounter::between(const std::string& from_commit,
                                                                   const std::string& to_commit) {
  auto before = blobs_->files_at(from_commit);
  if (!before) return before.error();
  auto after = blobs_->files_at(to_commit);
  if (!after) return after.error();

  std::set<std::string> paths;
  for (const TreeFile& f : **before) paths.insert(f.path);
  for (const TreeFile& f : **after) paths.insert(f.path);

  std::vector<TemplateChange> changes;
  for (const std::string& path : paths) {
    const TreeFile* a = BlobCache::find(**before, path);
    const TreeFile* b = BlobCache::find(**after, path);
    // Equal blob ids mean equal bytes: nothing to read or diff.
    if (a && b && a->blob_id == b->blob_id && a->mode == b->mode) continue;
    auto counted = compare(a, b);
    if (!counted) return counted.error();
    if (!counted->listed) continue;
    TemplateStatus status = !a ? TemplateStatus::Added : !b ? TemplateStatus::Removed : TemplateStatus::Changed;
    changes.push_back(TemplateChange{path, status, counted->added, counted->removed, counted->binary});
  }
  return changes;
}

size_t ReleaseChanges::added() const {
  size_t n = 0;
  for (const TemplateChange& c : templates) n += c.added;
  return n;
}

size_t ReleaseChanges::removed() const {
  size_t n = 0;
  for (const TemplateChange& c : templates) n += c.removed;
  return n;
}

Result<const VersionTag*> version_tag_of(const VersionCatalog& catalog, const ResolvedVersion& version,
                                         const std::string& what) {
  const VersionTag* tag = catalog.find(version.label);
  if (!tag || tag->commit_id != version.commit_id)
    return Error{what + " works on release tags, and '" + version.label +
                 "' is not one; name a version listed by 'kongtpl versions'"};
  return tag;
}

Result<TemplateHistory> template_history(const VersionCatalog& catalog, BlobCache& blobs,
                                         const ResolvedVersion& from, const ResolvedVersion& to,
                                         const HistoryOptions& options) {
  auto from_tag = version_tag_of(catalog, from, "history");
  if (!from_tag) return from_tag.error();
  auto to_tag = version_tag_of(catalog, to, "history");
  if (!to_tag) return to_tag.error();
  const Version& low = (*from_tag)->version;
  const Version& high = (*to_tag)->version;
  if (low > high)
    return Error{"FROM (" + from.label + ") is newer than TO (" + to.label + "); give the older version first"};

  TemplateHistory history;
  history.from = from.label;
  history.to = to.label;
  TemplateChangeCounter counter(blobs, options.mode);
  const VersionTag* previous = *from_tag;
  auto walked = [&](const VersionTag& tag) {
    if (tag.version <= low || tag.version > high) return false;
    return &tag == *to_tag || !tag.version.is_prerelease() || options.include_prereleases;
  };
  size_t total = 0;
  for (const VersionTag& tag : catalog.ordered()) total += walked(tag) ? 1 : 0;
  for (const VersionTag& tag : catalog.ordered()) {
    if (!walked(tag)) continue;
    auto changes = counter.between(previous->commit_id, tag.commit_id);
    if (!changes) return Error{"comparing " + previous->name() + " with " + tag.name() + ": " + changes.error().message};
    ++history.releases_walked;
    if (options.on_progress) options.on_progress(history.releases_walked, total, tag.name());
    if (!changes->empty())
      history.releases.push_back(ReleaseChanges{tag.name(), tag.commit_id, previous->name(), std::move(*changes)});
    previous = &tag;
  }
  history.blobs_read = blobs.blobs_read();
  history.pairs_diffed = counter.pairs_diffed();
  return history;
}

}  // namespace kongtpl
