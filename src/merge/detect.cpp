#include "merge/detect.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "diff/edit_script.hpp"
#include "diff/prepare.hpp"
#include "lua/template_body.hpp"
#include "merge/layout_compose.hpp"
#include "merge/layout_detect.hpp"

namespace kongtpl {
namespace {

// The templates a layout is composed from.
std::vector<std::string> needed_templates(const Layout& layout) {
  if (layout.kind == LayoutKind::SingleTemplate) return {layout.template_path};
  std::vector<std::string> paths{std::string(kNginxTemplate)};
  if (layout.kind == LayoutKind::Composite) {
    if (layout.inlines_kong) paths.emplace_back(kNginxKongTemplate);
    if (layout.inlines_stream) paths.emplace_back(kNginxKongStreamTemplate);
  }
  return paths;
}

// Layouts equal for comparing: module_wrapped is the file's, not upstream's.
bool same_shape(Layout a, Layout b) {
  a.module_wrapped = b.module_wrapped = false;
  return a == b;
}

struct Score {
  size_t distance = 0, added = 0, removed = 0;
  size_t text_id = 0;  // equal ids: equal composed texts
};

// One ranking in one layout.
struct Ranking {
  std::vector<DetectCandidate> candidates;
  size_t compared = 0, skipped = 0;
};

// Reads upstream bodies once per blob and scores each distinct composition once.
class Detector {
 public:
  Detector(std::string_view file_body, BlobCache& blobs) : blobs_(&blobs) {
    file_ids_ = prepare_text(file_body, WhitespaceMode::IgnoreAllSpace, interner_).ids;
  }

  // Upstream's body of one template file, evaluated once per blob.
  Result<const UpstreamBody*> body(const TreeFile& file) {
    if (auto it = bodies_.find(file.blob_id); it != bodies_.end()) return &it->second;
    auto bytes = blobs_->read(file.blob_id);
    if (!bytes) return Error{"cannot read " + file.path + ": " + bytes.error().message};
    auto read = read_template_body(**bytes, file.path);
    if (!read) return read.error();
    UpstreamBody upstream(std::move(read->text));
    upstream.file_line = std::move(read->file_line);
    return &bodies_.emplace(file.blob_id, std::move(upstream)).first->second;
  }

  // Every template at a version, for detect_layout.
  Result<UpstreamBodies> all_bodies(const std::vector<TreeFile>& files) {
    UpstreamBodies out;
    for (const TreeFile& file : files) {
      auto b = body(file);
      if (!b) return b.error();
      out.emplace(file.path, **b);
    }
    return out;
  }

  // The file's distance to upstream at one version in layout; nullopt when
  // the version lacks a template the layout needs.
  Result<std::optional<Score>> score(const Layout& layout, const std::vector<TreeFile>& files) {
    std::string key = layout.override_value();
    std::vector<const TreeFile*> needed;
    for (const std::string& path : needed_templates(layout)) {
      const TreeFile* file = BlobCache::find(files, path);
      if (!file) return std::optional<Score>();
      needed.push_back(file);
      key += "|" + file->blob_id;
    }
    if (auto it = scores_.find(key); it != scores_.end()) return std::optional<Score>(it->second);

    UpstreamBodies bodies;
    for (const TreeFile* file : needed) {
      auto b = body(*file);
      if (!b) return b.error();
      bodies.emplace(file->path, **b);
    }
    auto composed = compose(layout, bodies);
    if (!composed) return composed.error();
    Score s;
    s.text_id = texts_.emplace(composed->text, texts_.size()).first->second;
    std::vector<int32_t> upstream = prepare_text(composed->text, WhitespaceMode::IgnoreAllSpace, interner_).ids;
    for (const Change& change : diff_ids(upstream, file_ids_)) {
      s.added += change.new_count;
      s.removed += change.old_count;
    }
    s.distance = s.added + s.removed;
    scores_.emplace(std::move(key), s);
    return std::optional<Score>(s);
  }

 private:
  BlobCache* blobs_;
  LineInterner interner_;
  std::vector<int32_t> file_ids_;
  std::unordered_map<std::string, UpstreamBody> bodies_;  // by blob id
  std::unordered_map<std::string, Score> scores_;         // by layout and blob ids
  std::unordered_map<std::string, size_t> texts_;         // composed text -> id
};

Result<Ranking> rank(Detector& detector, BlobCache& blobs, const std::vector<const VersionTag*>& versions,
                     const Layout& layout) {
  Ranking ranking;
  std::map<size_t, size_t> candidate_of_text;
  std::vector<Score> scores;
  for (const VersionTag* version : versions) {
    auto files = blobs.files_at(version->commit_id);
    if (!files) return files.error();
    auto s = detector.score(layout, **files);
    if (!s) return Error{"at " + version->name() + ": " + s.error().message};
    if (!*s) {
      ++ranking.skipped;
      continue;
    }
    ++ranking.compared;
    auto [it, fresh] = candidate_of_text.emplace((*s)->text_id, ranking.candidates.size());
    if (!fresh) {
      ranking.candidates[it->second].same_text.push_back(version->name());
      continue;
    }
    DetectCandidate c;
    c.version = version->name();
    c.commit_id = version->commit_id;
    c.distance = (*s)->distance;
    c.added = (*s)->added;
    c.removed = (*s)->removed;
    ranking.candidates.push_back(std::move(c));
  }
  // Candidates were made oldest first, so a stable sort keeps ties oldest first.
  std::stable_sort(ranking.candidates.begin(), ranking.candidates.end(),
                   [](const DetectCandidate& a, const DetectCandidate& b) { return a.distance < b.distance; });
  return ranking;
}

}  // namespace

const char* verdict_name(DetectVerdict verdict) { return verdict == DetectVerdict::Clear ? "clear" : "ambiguous"; }

std::optional<size_t> DetectResult::margin() const {
  if (candidates.size() < 2) return std::nullopt;
  return candidates[1].distance - candidates[0].distance;
}

Result<DetectResult> detect_version(std::string_view file_bytes, std::string_view display_name,
                                    const VersionCatalog& catalog, BlobCache& blobs, const DetectOptions& options) {
  auto file = read_template_body(file_bytes, display_name);
  if (!file) return file.error();
  const std::string name(display_name);

  // The candidates, oldest first, that have any template at all.
  std::vector<const VersionTag*> versions;
  for (const VersionTag& tag : catalog.ordered()) {
    if (tag.version.is_prerelease() && !options.include_prereleases) continue;
    auto files = blobs.files_at(tag.commit_id);
    if (!files) return files.error();
    if (!(*files)->empty()) versions.push_back(&tag);
  }
  if (versions.empty()) {
    std::string globs;
    for (const auto& g : blobs.globs()) globs += (globs.empty() ? "" : ", ") + g;
    return Error{"no release in the repository has templates matching " + globs +
                 " (is --repo a Kong repository? choose templates with --templates)"};
  }

  Detector detector(file->text, blobs);
  auto layout_at = [&](const VersionTag& version) -> Result<Layout> {
    auto files = blobs.files_at(version.commit_id);
    if (!files) return files.error();
    auto bodies = detector.all_bodies(**files);
    if (!bodies) return Error{"at " + version.name() + ": " + bodies.error().message};
    return detect_layout(file->text, *bodies);
  };

  Layout layout;
  if (options.layout) {
    layout = *options.layout;
  } else {
    // Seed with the newest release, then the oldest and the middle one: the
    // file's shape rarely depends on the version, but a template may not
    // exist everywhere.
    std::optional<Error> first_error;
    bool found = false;
    for (const VersionTag* seed : {versions.back(), versions.front(), versions[versions.size() / 2]}) {
      auto detected = layout_at(*seed);
      if (detected) {
        layout = *detected;
        found = true;
        break;
      }
      if (!first_error) first_error = detected.error();
    }
    if (!found) return Error{name + ": " + first_error->message};
  }

  auto ranking = rank(detector, blobs, versions, layout);
  if (!ranking) return ranking.error();
  // apply detects the layout against the version the file came from: when
  // that differs at the winner, rank again in the winner's layout and keep
  // it if it fits at least as well.
  for (int round = 0; round < 3 && !options.layout && !ranking->candidates.empty(); ++round) {
    const VersionTag* winner = catalog.find(ranking->candidates.front().version);
    auto again = layout_at(*winner);
    if (!again || same_shape(*again, layout)) break;
    auto other = rank(detector, blobs, versions, *again);
    if (!other) return other.error();
    if (other->candidates.empty() || other->candidates.front().distance > ranking->candidates.front().distance) break;
    layout = *again;
    ranking = std::move(other);
  }
  if (ranking->candidates.empty())
    return Error{name + ": no release has the templates its layout needs (" + layout.description() +
                 "); pass --layout to compare in another layout"};

  DetectResult result;
  result.layout = layout;
  result.layout.module_wrapped = file->is_module;
  result.candidates = std::move(ranking->candidates);
  result.versions_compared = ranking->compared;
  result.versions_skipped = ranking->skipped;
  if (auto m = result.margin()) {
    size_t needed = std::max<size_t>(3, (result.best().distance + 9) / 10);
    result.verdict = *m >= needed ? DetectVerdict::Clear : DetectVerdict::Ambiguous;
  }
  return result;
}

}  // namespace kongtpl
