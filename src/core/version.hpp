#pragma once
/// Kong versions: tag names parsed into a comparable key, the catalogue of a
/// repository's version tags in version order, and turning what a user types
/// ("2.8.1", "2.7", "2.7.x", "latest", a branch, a commit id) into a commit.
///
/// Order: numeric components compared as numbers, missing ones as 0
/// ("0.29" == "0.29.0", "0.11.0" < "0.11.0.1" < "0.11.1", "2.9.0" < "2.10.0");
/// a pre-release sorts before its release, alpha < beta < pre < rc, then by
/// number ("0.7.0rc1" < "0.7.0rc2" < "0.7.0"); a package revision "-N" (old
/// Kong's "0.2.0-2") is a final that sorts after its release. Equal keys fall
/// back to the tag name. Tags that are not versions ("nightly", "foo-1.0")
/// are left out of the catalogue's lists; they still resolve as commit-ishes.
#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "git/repository.hpp"
#include "util/result.hpp"

namespace kongtpl {

class FileTree;

/// A tag name read as a Kong version.
struct Version {
  std::string tag;                ///< the tag name as written
  std::vector<uint64_t> numbers;  ///< "2.10.0" -> {2, 10, 0}
  int pre_stage = -1;             ///< -1: final; 0 alpha, 1 beta, 2 pre, 3 rc
  uint64_t pre_number = 0;        ///< "rc2" -> 2 ("alpha" -> 0)
  uint64_t revision = 0;          ///< "0.2.0-2" -> 2 (finals only)

  /// Parses "1.2.3", "0.11.0.1", "0.29", "0.7.0rc1", "2.1.0-rc.1",
  /// "2.4.0-beta.2", "0.1.0beta-3", "0.2.0-2" (an optional leading 'v'
  /// too); nullopt for other tags.
  static std::optional<Version> parse(const std::string& tag);
  /// True for alpha, beta, pre and rc versions.
  bool is_prerelease() const { return pre_stage >= 0; }
  /// Version order (see the file comment); equal keys compare by tag name.
  std::strong_ordering operator<=>(const Version& other) const;
  bool operator==(const Version& other) const { return (*this <=> other) == 0; }
  /// Version order without the tag-name tie break ("0.29" ~ "0.29.0").
  std::strong_ordering compare_key(const Version& other) const;
};

/// A version tag of the repository.
struct VersionTag {
  Version version;         ///< the parsed tag
  std::string commit_id;   ///< the commit it names
  bool annotated = false;  ///< tag object (true) or lightweight tag
  /// The tag name.
  const std::string& name() const { return version.tag; }
};

/// What a version spec resolved to: a commit, or a tree read from a path.
struct ResolvedVersion {
  ResolvedVersion() = default;
  ResolvedVersion(std::string label, std::string commit_id) : label(std::move(label)), commit_id(std::move(commit_id)) {}

  std::string label;      ///< what to show: the tag ("2.7.2" for "2.7"), the spec as typed for a commit-ish, "3.10.0.2 (PATH)" for a path
  std::string commit_id;  ///< full hex commit id; for a path "path:" and its absolute path (a key, never a git id)
  /// Set for a path (core/path_version): the files read from it.
  std::shared_ptr<const FileTree> tree;
  /// Set for a path whose version is known (kong/meta.lua, else the file name): where it sorts among tags.
  std::optional<Version> version;
};

/// The version tags of a repository in version order.
///
/// Two kinds: a peeled catalogue (load, or built from TagRefs) knows every
/// tag's commit; a names-only catalogue (load_names, or built from
/// TagListings) lists refs/tags/ without reading any object, for listings,
/// series and `latest`: its ordered() entries have an empty commit_id (and
/// may include tags of trees or blobs), and resolve() reads only the tag it
/// chooses.
class VersionCatalog {
 public:
  /// An empty catalogue (no tags).
  VersionCatalog() = default;
  /// Catalogues the given tags; non-version tags are kept aside.
  explicit VersionCatalog(const std::vector<TagRef>& tags);
  /// A catalogue of exactly these versions (detect --versions), sorted.
  explicit VersionCatalog(std::vector<VersionTag> versions);
  /// A names-only catalogue of listed, unpeeled tags.
  explicit VersionCatalog(std::vector<TagListing> tags);
  /// Reads the repository's tags, peels each to its commit and catalogues them.
  static Result<VersionCatalog> load(const Repository& repository);
  /// Lists refs/tags/ without reading objects: a names-only catalogue.
  static Result<VersionCatalog> load_names(const Repository& repository);

  /// True when every entry's commit_id is known (see the class comment).
  bool peeled() const { return unpeeled_.empty() && other_unpeeled_.empty(); }
  /// Every version tag, lowest first (pre-releases included).
  const std::vector<VersionTag>& ordered() const { return ordered_; }
  /// The final (non-pre-release) versions, lowest first.
  std::vector<VersionTag> finals() const;
  /// Names of the tags that are not versions, sorted by name.
  const std::vector<std::string>& other_tags() const { return other_tags_; }
  /// The version tag with exactly this name, or nullptr.
  const VersionTag* find(const std::string& tag) const;

  /// Resolves, in this order: an exact tag name; a version equal to a tag's
  /// ("v2.8.1", "0.29.0" for "0.29"); a series "2.7" / "2.7.x" / "2" to its
  /// highest final; "latest" to the highest final; otherwise any commit-ish
  /// through the repository. Pre-releases are chosen only when named. Tags
  /// of trees or blobs are passed over. Unknown specs give an Error naming
  /// the closest versions.
  Result<ResolvedVersion> resolve(const std::string& spec, const Repository& repository) const;

  /// Where version sits among ordered(): [below, above) such that entries
  /// before `below` are older and entries from `above` on are newer. A tag:
  /// its own index and the next; a path with a known version: where that
  /// version sorts (a tag with an equal version is neither); a commit-ish:
  /// after every tag.
  std::pair<size_t, size_t> neighbours(const ResolvedVersion& version) const;

  /// Tag names for `kongtpl versions [PATTERN]`, in version order. Empty
  /// pattern: all. A pattern with '*', '?' or '[' is a glob on the tag name
  /// ("2.*", "*rc*"); otherwise a version prefix ending at a component
  /// boundary: "2.7" and "2.7.x" match 2.7, 2.7.0, 2.7.1, 2.7.0-rc.1 but
  /// not 2.70.0.
  /// include_non_oss: also Kong's non-open-source tags (see is_non_oss_tag)
  /// that this catalogue sets aside.
  std::vector<std::string> matching(const std::string& pattern, bool include_non_oss = true) const;

 private:
  /// The commit of ordered_[index]; nullopt for a tag of a tree or blob.
  Result<std::optional<std::string>> commit_at(size_t index, const Repository& repository) const;

  std::vector<VersionTag> ordered_;
  std::vector<TagListing> unpeeled_;  // names-only: the listing behind each ordered_ entry
  std::vector<std::string> other_tags_;
  std::vector<TagRef> other_refs_;
  std::vector<TagListing> other_unpeeled_;
  std::vector<VersionTag> non_oss_;  // set aside from ordered_ (still resolved by exact name)

  /// Moves the non-open-source tags out of ordered_ unless they are included.
  void set_aside_non_oss();
};

/// True for the tags Kong's repository carries that are no open-source
/// release: 0.29, 0.30 and 0.33 (Enterprise versions of 2017-2018).
bool is_non_oss_tag(const Version& version);

/// False unless $KONGTPL_NON_OSS_TAGS is "include": catalogues then keep
/// those tags among the releases (series, latest, history, plan, detect,
/// "last known in" notes), where by default they are left out.
bool include_non_oss_tags();

/// Resolves spec as VersionCatalog::resolve would, without a catalogue, when
/// that is certain to give the same answer: refs/tags/<spec> looked up
/// directly, or a commit-ish that cannot be read as a version, a series or
/// "latest". nullopt when the catalogue is needed (series, latest, a version
/// written unlike its tag, or an unknown spec whose error names the closest
/// versions).
Result<std::optional<ResolvedVersion>> resolve_directly(const std::string& spec, const Repository& repository);

}  // namespace kongtpl
