#include "core/version.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "util/edit_distance.hpp"

namespace kongtpl {
namespace {

constexpr size_t kMaxDigits = 18;  // keeps every component inside uint64_t

/// Reads digits at text[pos...] into value; false when there are none.
bool read_number(const std::string& text, size_t& pos, uint64_t& value) {
  size_t start = pos;
  value = 0;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) && pos - start < kMaxDigits)
    value = value * 10 + static_cast<uint64_t>(text[pos++] - '0');
  return pos > start && (pos == text.size() || !std::isdigit(static_cast<unsigned char>(text[pos])));
}

/// The stage of a pre-release label, or -1 when it is not one.
int stage_of(std::string label) {
  for (auto& c : label) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (label == "alpha") return 0;
  if (label == "beta") return 1;
  if (label == "pre" || label == "preview") return 2;
  if (label == "rc") return 3;
  return -1;
}

/// Numbers padded with zeros compare as versions do ("0.29" == "0.29.0").
std::strong_ordering compare_numbers(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    uint64_t x = i < a.size() ? a[i] : 0, y = i < b.size() ? b[i] : 0;
    if (x != y) return x <=> y;
  }
  return std::strong_ordering::equal;
}

/// True when numbers begins with prefix.
bool starts_with(const std::vector<uint64_t>& numbers, const std::vector<uint64_t>& prefix) {
  return numbers.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), numbers.begin());
}

/// "2.7" or "2.7.x" (optionally with a leading 'v'): the series' numbers.
std::optional<std::vector<uint64_t>> parse_series(const std::string& spec) {
  std::string text = spec;
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".x") == 0) text.resize(text.size() - 2);
  auto version = Version::parse(text);
  if (!version || version->is_prerelease() || version->revision != 0 || version->tag.find('-') != std::string::npos)
    return std::nullopt;
  return version->numbers;
}

std::string join(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace

std::optional<Version> Version::parse(const std::string& tag) {
  Version version;
  version.tag = tag;
  version.numbers.reserve(4);  // one allocation for any release number
  size_t pos = (!tag.empty() && (tag[0] == 'v' || tag[0] == 'V')) ? 1 : 0;
  uint64_t number = 0;
  if (!read_number(tag, pos, number)) return std::nullopt;
  version.numbers.push_back(number);
  while (pos + 1 < tag.size() && tag[pos] == '.' && std::isdigit(static_cast<unsigned char>(tag[pos + 1]))) {
    ++pos;
    if (!read_number(tag, pos, number)) return std::nullopt;
    version.numbers.push_back(number);
  }
  if (pos == tag.size()) return version;

  // "-N": a package revision of a final release.
  if (tag[pos] == '-' && pos + 1 < tag.size() && std::isdigit(static_cast<unsigned char>(tag[pos + 1]))) {
    ++pos;
    if (!read_number(tag, pos, version.revision) || pos != tag.size()) return std::nullopt;
    return version;
  }
  // A pre-release: [-.]label[[-.]N] with label alpha, beta, pre, preview or rc.
  if (tag[pos] == '-' || tag[pos] == '.') ++pos;
  size_t label_start = pos;
  while (pos < tag.size() && std::isalpha(static_cast<unsigned char>(tag[pos]))) ++pos;
  version.pre_stage = stage_of(tag.substr(label_start, pos - label_start));
  if (version.pre_stage < 0) return std::nullopt;
  if (pos == tag.size()) return version;
  if (tag[pos] == '-' || tag[pos] == '.') ++pos;
  if (!read_number(tag, pos, version.pre_number) || pos != tag.size()) return std::nullopt;
  return version;
}

std::strong_ordering Version::compare_key(const Version& other) const {
  if (auto c = compare_numbers(numbers, other.numbers); c != 0) return c;
  // Every pre-release comes before the release and its revisions.
  if (is_prerelease() != other.is_prerelease()) return is_prerelease() ? std::strong_ordering::less : std::strong_ordering::greater;
  if (is_prerelease()) {
    if (pre_stage != other.pre_stage) return pre_stage <=> other.pre_stage;
    return pre_number <=> other.pre_number;
  }
  return revision <=> other.revision;
}

std::strong_ordering Version::operator<=>(const Version& other) const {
  if (auto c = compare_key(other); c != 0) return c;
  return tag <=> other.tag;
}

VersionCatalog::VersionCatalog(const std::vector<TagRef>& tags) {
  for (const auto& tag : tags) {
    if (auto version = Version::parse(tag.name)) {
      ordered_.push_back({std::move(*version), tag.commit_id, tag.annotated});
    } else {
      other_refs_.push_back(tag);
      other_tags_.push_back(tag.name);
    }
  }
  std::sort(ordered_.begin(), ordered_.end(),
            [](const VersionTag& a, const VersionTag& b) { return a.version < b.version; });
  std::sort(other_tags_.begin(), other_tags_.end());
  set_aside_non_oss();
}

VersionCatalog::VersionCatalog(std::vector<TagListing> tags) {
  std::vector<Version> versions;
  std::vector<size_t> listing_of;  // versions[i] is tags[listing_of[i]]
  versions.reserve(tags.size());
  listing_of.reserve(tags.size());
  for (size_t i = 0; i < tags.size(); ++i) {
    if (auto version = Version::parse(tags[i].name)) {
      versions.push_back(std::move(*version));
      listing_of.push_back(i);
    } else {
      other_refs_.push_back({tags[i].name, {}, !tags[i].peeled_id.empty()});
      other_unpeeled_.push_back(std::move(tags[i]));
      other_tags_.push_back(tags[i].name);
    }
  }
  // Sort indices, not the entries: no strings move while sorting.
  std::vector<uint32_t> order(versions.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return versions[a] < versions[b]; });
  ordered_.reserve(order.size());
  unpeeled_.reserve(order.size());
  for (uint32_t i : order) {
    // The commit is what packed-refs recorded, if anything; resolve() checks it.
    TagListing& listing = tags[listing_of[i]];
    ordered_.push_back({std::move(versions[i]), {}, !listing.peeled_id.empty()});
    unpeeled_.push_back(std::move(listing));
  }
  std::sort(other_tags_.begin(), other_tags_.end());
  set_aside_non_oss();
}

VersionCatalog::VersionCatalog(std::vector<VersionTag> versions) : ordered_(std::move(versions)) {
  std::stable_sort(ordered_.begin(), ordered_.end(),
                   [](const VersionTag& a, const VersionTag& b) { return a.version.compare_key(b.version) < 0; });
}

void VersionCatalog::set_aside_non_oss() {
  if (include_non_oss_tags()) return;
  // Compacted in place: most tags are kept, and moving them all into new
  // vectors cost more than the rest of the catalogue.
  const bool listed = !unpeeled_.empty();
  size_t kept = 0;
  for (size_t i = 0; i < ordered_.size(); ++i) {
    if (!is_non_oss_tag(ordered_[i].version)) {
      if (kept != i) {
        ordered_[kept] = std::move(ordered_[i]);
        if (listed) unpeeled_[kept] = std::move(unpeeled_[i]);
      }
      ++kept;
      continue;
    }
    // Still a tag by its exact name, as the other non-release tags are.
    other_refs_.push_back({ordered_[i].name(), ordered_[i].commit_id, ordered_[i].annotated});
    if (listed) other_unpeeled_.push_back(std::move(unpeeled_[i]));
    non_oss_.push_back(std::move(ordered_[i]));
  }
  ordered_.erase(ordered_.begin() + static_cast<std::ptrdiff_t>(kept), ordered_.end());
  if (listed) unpeeled_.erase(unpeeled_.begin() + static_cast<std::ptrdiff_t>(kept), unpeeled_.end());
}

bool is_non_oss_tag(const Version& version) {
  return version.numbers.size() == 2 && version.numbers[0] == 0 && !version.is_prerelease() &&
         (version.numbers[1] == 29 || version.numbers[1] == 30 || version.numbers[1] == 33);
}

bool include_non_oss_tags() {
  const char* value = std::getenv("KONGTPL_NON_OSS_TAGS");
  return value && std::strcmp(value, "include") == 0;
}

Result<VersionCatalog> VersionCatalog::load(const Repository& repository) {
  auto tags = repository.tags();
  if (!tags) return tags.error();
  return VersionCatalog(tags.value());
}

Result<VersionCatalog> VersionCatalog::load_names(const Repository& repository) {
  auto tags = repository.list_tags();
  if (!tags) return tags.error();
  return VersionCatalog(std::move(tags.value()));
}

Result<std::optional<std::string>> VersionCatalog::commit_at(size_t index, const Repository& repository) const {
  if (unpeeled_.empty()) return std::optional<std::string>(ordered_[index].commit_id);
  auto peeled = repository.peel_tag(unpeeled_[index]);
  if (!peeled) return peeled.error();
  if (!*peeled) return std::optional<std::string>();
  return std::optional<std::string>((*peeled)->commit_id);
}

std::vector<VersionTag> VersionCatalog::finals() const {
  std::vector<VersionTag> result;
  std::copy_if(ordered_.begin(), ordered_.end(), std::back_inserter(result),
               [](const VersionTag& tag) { return !tag.version.is_prerelease(); });
  return result;
}

const VersionTag* VersionCatalog::find(const std::string& tag) const {
  for (const auto& entry : ordered_)
    if (entry.name() == tag) return &entry;
  return nullptr;
}

Result<ResolvedVersion> VersionCatalog::resolve(const std::string& spec, const Repository& repository) const {
  if (spec.empty()) return Error{"an empty version was given: name a tag such as 2.8.1, a series such as 2.8, or 'latest'"};
  // The highest entry (scanning down from index end) that passes the filter
  // and names a commit; nullopt when none does.
  auto highest = [&](size_t end, auto&& wanted) -> Result<std::optional<ResolvedVersion>> {
    for (size_t i = end; i-- > 0;) {
      if (!wanted(ordered_[i])) continue;
      auto commit = commit_at(i, repository);
      if (!commit) return commit.error();
      if (*commit) return std::optional<ResolvedVersion>(ResolvedVersion{ordered_[i].name(), **commit});
    }
    return std::optional<ResolvedVersion>();
  };
  auto found = highest(ordered_.size(), [&](const VersionTag& entry) { return entry.name() == spec; });
  if (!found) return found.error();
  if (*found) return **found;
  for (size_t i = 0; i < other_refs_.size(); ++i) {
    if (other_refs_[i].name != spec) continue;
    if (other_unpeeled_.empty()) return ResolvedVersion{spec, other_refs_[i].commit_id};
    auto peeled = repository.peel_tag(other_unpeeled_[i]);
    if (!peeled) return peeled.error();
    if (*peeled) return ResolvedVersion{spec, (*peeled)->commit_id};
  }

  auto series = parse_series(spec);
  auto version = Version::parse(spec);
  // A version written differently from its tag ("v2.8.1", "0.29.0"); a short
  // numeric spec ("2.7") is a series instead, never its ".0".
  if (version && (!series || series->size() >= 3)) {
    auto equal = highest(ordered_.size(), [&](const VersionTag& entry) { return entry.version.compare_key(*version) == 0; });
    if (!equal) return equal.error();
    if (*equal) return **equal;
    // "0.29.0": a set-aside tag written differently is still that tag.
    for (const VersionTag& entry : non_oss_)
      if (entry.version.compare_key(*version) == 0) return resolve(entry.name(), repository);
  }
  std::vector<std::string> series_prereleases;
  if (series) {
    for (const auto& entry : ordered_)
      if (starts_with(entry.version.numbers, *series) && entry.version.is_prerelease())
        series_prereleases.push_back(entry.name());
    auto in_series = highest(ordered_.size(), [&](const VersionTag& entry) {
      return starts_with(entry.version.numbers, *series) && !entry.version.is_prerelease();
    });
    if (!in_series) return in_series.error();
    if (*in_series) return **in_series;
  }
  if (spec == "latest") {
    auto latest = highest(ordered_.size(), [](const VersionTag& entry) { return !entry.version.is_prerelease(); });
    if (!latest) return latest.error();
    if (!*latest)
      return Error{"'latest' needs a release tag and the repository has none: name a branch or commit instead"};
    return **latest;
  }

  auto commit = repository.resolve_commit(spec);
  if (commit) return ResolvedVersion{spec, commit.value()};
  if (commit.error().message.rfind("unknown revision", 0) != 0) return commit.error();

  const std::string hint = "(run 'kongtpl versions' to list them)";
  if (!series_prereleases.empty())
    return Error{"version '" + spec + "' has no final release yet: name a pre-release exactly (" +
                 join(series_prereleases) + ")"};
  std::vector<std::string> closest;
  if (version || series) {
    // The final versions on either side of where the spec would sort.
    Version key = series ? Version{spec, *series} : *version;
    std::vector<VersionTag> candidates = finals();
    if (candidates.empty()) candidates = ordered_;
    const VersionTag* below = nullptr;
    const VersionTag* above = nullptr;
    for (const auto& entry : candidates) {
      bool in_series = series && starts_with(entry.version.numbers, *series);
      if (!in_series && entry.version.compare_key(key) < 0) below = &entry;
      if (!in_series && entry.version.compare_key(key) > 0 && !above) above = &entry;
    }
    if (below) closest.push_back(below->name());
    if (above) closest.push_back(above->name());
  } else {
    // A typo of a tag name: suggest names at most two edits away.
    std::vector<std::pair<size_t, std::string>> near;
    for (const auto& entry : ordered_) near.emplace_back(edit_distance(spec, entry.name()), entry.name());
    for (const auto& name : other_tags_) near.emplace_back(edit_distance(spec, name), name);
    std::stable_sort(near.begin(), near.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [distance, name] : near)
      if (distance <= 2 && closest.size() < 2) closest.push_back(name);
  }
  if (closest.empty()) return Error{"unknown version '" + spec + "' " + hint};
  return Error{"unknown version '" + spec + "': closest " + (closest.size() == 1 ? "is " : "are ") + join(closest) +
               " " + hint};
}

std::pair<size_t, size_t> VersionCatalog::neighbours(const ResolvedVersion& version) const {
  if (version.tree) {
    if (!version.version) return {ordered_.size(), ordered_.size()};
    size_t below = 0, above = 0;
    while (below < ordered_.size() && ordered_[below].version.compare_key(*version.version) < 0) ++below;
    above = below;
    while (above < ordered_.size() && ordered_[above].version.compare_key(*version.version) == 0) ++above;
    return {below, above};
  }
  for (size_t i = 0; i < ordered_.size(); ++i)
    if (ordered_[i].commit_id == version.commit_id && ordered_[i].name() == version.label) return {i, i + 1};
  for (size_t i = 0; i < ordered_.size(); ++i)
    if (ordered_[i].commit_id == version.commit_id) return {i, i + 1};
  return {ordered_.size(), ordered_.size()};
}

std::vector<std::string> VersionCatalog::matching(const std::string& pattern, bool include_non_oss) const {
  std::vector<const VersionTag*> listed;
  for (const auto& entry : ordered_)
    if (include_non_oss || !is_non_oss_tag(entry.version)) listed.push_back(&entry);
  if (include_non_oss) {
    for (const auto& entry : non_oss_) listed.push_back(&entry);
    std::stable_sort(listed.begin(), listed.end(),
                     [](const VersionTag* a, const VersionTag* b) { return a->version < b->version; });
  }
  std::vector<std::string> names;
  if (pattern.empty()) {
    for (const VersionTag* entry : listed) names.push_back(entry->name());
    return names;
  }
  bool glob = pattern.find_first_of("*?[") != std::string::npos;
  std::string prefix = pattern;
  if (!glob && prefix.size() > 2 && prefix.compare(prefix.size() - 2, 2, ".x") == 0) prefix.resize(prefix.size() - 2);
  for (const VersionTag* entry : listed) {
    const std::string& name = entry->name();
    bool match = false;
    if (glob) {
      match = fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
    } else {
      // A prefix ends at a component boundary: "2.7" is not a prefix of "2.70.0".
      match = name.compare(0, prefix.size(), prefix) == 0 &&
              (name.size() == prefix.size() || !std::isdigit(static_cast<unsigned char>(name[prefix.size()])));
    }
    if (match) names.push_back(name);
  }
  return names;
}

}  // namespace kongtpl

namespace kongtpl {

Result<std::optional<ResolvedVersion>> resolve_directly(const std::string& spec, const Repository& repository) {
  if (spec.empty()) return std::optional<ResolvedVersion>();
  // An exact tag comes first in VersionCatalog::resolve.
  auto tag = repository.find_tag(spec);
  if (!tag) return tag.error();
  if (*tag) return std::optional<ResolvedVersion>(ResolvedVersion{spec, (*tag)->commit_id});
  // What the catalogue could still turn into a tag.
  if (spec == "latest" || Version::parse(spec) || parse_series(spec)) return std::optional<ResolvedVersion>();
  auto commit = repository.resolve_commit(spec);
  if (commit) return std::optional<ResolvedVersion>(ResolvedVersion{spec, *commit});
  // Unknown: the catalogue's error names the closest versions.
  if (commit.error().message.rfind("unknown revision", 0) == 0) return std::optional<ResolvedVersion>();
  return commit.error();
}

}  // namespace kongtpl
