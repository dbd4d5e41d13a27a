#include "merge/detect.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "diff/edit_script.hpp"
#include "diff/prepare.hpp"
#include "lua/template_body.hpp"
#include "merge/layout_compose.hpp"
#include "merge/layout_detect.hpp"
#include "util/lines.hpp"

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

// The margin a winner needs over the runner-up to be clear.
size_t clear_margin(size_t best_distance) { return std::max<size_t>(3, (best_distance + 9) / 10); }

struct Score {
  size_t distance = 0, added = 0, removed = 0;
  size_t text_id = 0;  // equal ids: equal composed texts
};

// The layouts plausible at one release, from the file's signs.
struct Judged {
  std::vector<Layout> layouts;  // empty: the file is like no template here
  std::string error;            // why, when empty
};

// One release scored in each plausible layout, best first.
struct VersionScores {
  const VersionTag* version = nullptr;
  std::vector<std::pair<Layout, Score>> by_layout;
};

// Reads upstream bodies once per blob, judges each distinct set of
// templates once and scores each distinct composition once.
class Detector {
 public:
  Detector(std::string_view file_body, BlobCache& blobs) : blobs_(&blobs), file_body_(file_body) {
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

  // The layouts the file may have at a release with these templates.
  Result<const Judged*> judge(const std::vector<TreeFile>& files) {
    std::string key;
    for (const TreeFile& file : files) key += file.path + "=" + file.blob_id + "|";
    if (auto it = judged_.find(key); it != judged_.end()) return &it->second;
    UpstreamBodies bodies;
    for (const TreeFile& file : files) {
      auto b = body(file);
      if (!b) return b.error();
      bodies.emplace(file.path, **b);
    }
    Judged judged;
    Result<LayoutJudgement> j = judge_layout(file_body_, bodies);
    if (j)
      judged.layouts = j->candidates;
    else
      judged.error = j.error().message;
    return &judged_.emplace(std::move(key), std::move(judged)).first->second;
  }

  // The file's distance to upstream at one release in layout; nullopt when
  // the release lacks a template the layout needs.
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
    std::vector<int32_t> upstream = prepare_text(composed->text, WhitespaceMode::IgnoreAllSpace, interner_).ids;
    // Texts equal but for whitespace are one merge base: one candidate.
    std::string text_key(reinterpret_cast<const char*>(upstream.data()), upstream.size() * sizeof(int32_t));
    s.text_id = texts_.emplace(std::move(text_key), texts_.size()).first->second;
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
  std::string_view file_body_;
  LineInterner interner_;
  std::vector<int32_t> file_ids_;
  std::unordered_map<std::string, UpstreamBody> bodies_;  // by blob id
  std::unordered_map<std::string, Judged> judged_;        // by the release's path=blob list
  std::unordered_map<std::string, Score> scores_;         // by layout and blob ids
  std::unordered_map<std::string, size_t> texts_;         // composed line ids (whitespace aside) -> id
};

}  // namespace

std::vector<std::string> DetectCandidate::versions() const {
  std::vector<std::string> all{version};
  all.insert(all.end(), same_text.begin(), same_text.end());
  return all;
}

std::string DetectCandidate::range() const { return same_text.empty() ? version : version + " .. " + last(); }

const char* verdict_name(DetectVerdict verdict) { return verdict == DetectVerdict::Clear ? "clear" : "ambiguous"; }

const char* confidence_name(DetectConfidence confidence) {
  switch (confidence) {
    case DetectConfidence::High: return "high";
    case DetectConfidence::Medium: return "medium";
    case DetectConfidence::Low: return "low";
  }
  return "low";
}

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

  // The layouts the file's signs allow at each release.
  Detector detector(file->text, blobs);
  std::vector<Layout> layouts;
  std::map<const VersionTag*, std::vector<Layout>> judged_at;
  std::string last_error;
  if (options.layout) layouts = {*options.layout};
  const size_t steps = versions.size() * (options.layout ? 1 : 2);
  size_t step = 0;
  auto progress = [&](const VersionTag* version) {
    if (options.on_progress) options.on_progress(++step, steps, version->name());
  };
  for (const VersionTag* version : versions) {
    if (options.layout) break;
    progress(version);
    auto files = blobs.files_at(version->commit_id);
    if (!files) return files.error();
    auto judged = detector.judge(**files);
    if (!judged) return Error{"at " + version->name() + ": " + judged.error().message};
    if ((*judged)->layouts.empty()) last_error = (*judged)->error;
    judged_at[version] = (*judged)->layouts;
    for (const Layout& layout : (*judged)->layouts)
      if (std::find(layouts.begin(), layouts.end(), layout) == layouts.end()) layouts.push_back(layout);
  }
  if (layouts.empty()) return Error{name + ": " + last_error};

  std::vector<VersionScores> scored;
  size_t skipped = 0;
  for (const VersionTag* version : versions) {
    progress(version);
    auto files = blobs.files_at(version->commit_id);
    if (!files) return files.error();
    VersionScores entry;
    entry.version = version;
    // The layouts the signs allow here; where the file is like no template,
    // every layout judged elsewhere.
    auto judged = judged_at.find(version);
    const std::vector<Layout>& here =
        judged != judged_at.end() && !judged->second.empty() ? judged->second : layouts;
    for (const Layout& layout : here) {
      auto s = detector.score(layout, **files);
      if (!s) return Error{"at " + version->name() + ": " + s.error().message};
      if (*s) entry.by_layout.emplace_back(layout, **s);
    }
    if (entry.by_layout.empty()) {
      ++skipped;
      continue;
    }
    std::stable_sort(entry.by_layout.begin(), entry.by_layout.end(),
                     [](const auto& a, const auto& b) { return a.second.distance < b.second.distance; });
    scored.push_back(std::move(entry));
  }
  if (scored.empty())
    return Error{name + ": no release has the templates its layout needs (" + layouts.front().description() +
                 "); pass --layout to compare in another layout"};

  // One candidate per distinct composed text, each release in its best layout.
  DetectResult result;
  std::map<size_t, size_t> candidate_of_text;
  std::vector<const VersionScores*> first_of_candidate;
  for (const VersionScores& entry : scored) {
    const auto& [layout, s] = entry.by_layout.front();
    auto [it, fresh] = candidate_of_text.emplace(s.text_id, result.candidates.size());
    if (!fresh) {
      result.candidates[it->second].same_text.push_back(entry.version->name());
      continue;
    }
    DetectCandidate c;
    c.version = entry.version->name();
    c.commit_id = entry.version->commit_id;
    c.layout = layout;
    c.distance = s.distance;
    c.added = s.added;
    c.removed = s.removed;
    result.candidates.push_back(std::move(c));
    first_of_candidate.push_back(&entry);
  }
  // Candidates were made oldest first: a stable sort keeps ties oldest first.
  std::vector<size_t> order(result.candidates.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return result.candidates[a].distance < result.candidates[b].distance;
  });
  std::vector<DetectCandidate> sorted;
  for (size_t i : order) sorted.push_back(std::move(result.candidates[i]));
  result.candidates = std::move(sorted);
  const VersionScores& at_best = *first_of_candidate[order.front()];

  result.layout = result.best().layout;
  result.layout.module_wrapped = file->is_module;
  for (const auto& [layout, s] : at_best.by_layout)
    if (s.distance < result.best().distance + clear_margin(result.best().distance)) {
      Layout candidate = layout;
      candidate.module_wrapped = file->is_module;
      result.layout_candidates.push_back(candidate);
    }
  // Several layouts fit the best release by its signs; distance chose one.
  const auto judged = judged_at.find(at_best.version);
  result.layout_by_distance = judged != judged_at.end() && judged->second.size() > 1 &&
                              result.layout_candidates.size() == 1;
  result.versions_compared = scored.size();
  result.versions_skipped = skipped;
  result.file_lines = split_lines(file->text).size();

  const DetectCandidate& best = result.best();
  if (auto m = result.margin()) {
    result.verdict = *m >= clear_margin(best.distance) ? DetectVerdict::Clear : DetectVerdict::Ambiguous;
    if (result.verdict == DetectVerdict::Ambiguous)
      result.doubts.push_back(result.candidates[1].range() + " (other templates) fits nearly as well: " +
                              std::to_string(*m) + " line" + (*m == 1 ? "" : "s") + " further");
  }
  const bool weak = best.added * 2 > result.file_lines;
  if (weak)
    result.doubts.push_back("most of the file is not upstream's text at " + best.version + " (" +
                            std::to_string(best.added) + " of " + std::to_string(result.file_lines) + " lines)");
  if (result.layout_uncertain()) result.doubts.push_back(uncertain_layout_message(result.layout_candidates));
  if (result.layout_by_distance)
    result.doubts.push_back("the file's signs allowed several layouts; the closest one was taken");
  if (result.verdict == DetectVerdict::Ambiguous || weak || result.layout_uncertain())
    result.confidence = DetectConfidence::Low;
  else if (result.layout_by_distance)
    result.confidence = DetectConfidence::Medium;
  return result;
}

}  // namespace kongtpl
