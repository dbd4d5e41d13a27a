#pragma once
/// `kongtpl history`: which releases between two versions changed Kong's
/// templates, and by how many lines (whitespace-insensitive, as
/// `git diff -w --numstat`). Each blob is read once and each pair of blobs
/// compared once per run; equal blob ids are never diffed.
#include <cstddef>
#include <map>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/history_blobs.hpp"
#include "core/version.hpp"
#include "diff/prepare.hpp"
#include "diff/whitespace.hpp"
#include "git/repository.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// Kong's templates that `history`, `plan` and `detect` read by default:
/// nginx.lua and every nginx_*.lua it includes or injects.
inline const char* const kHistoryTemplateGlob = "kong/templates/nginx*.lua";

/// What happened to one template between two versions.
enum class TemplateStatus {
  Added,    ///< absent before, present after
  Removed,  ///< present before, absent after
  Changed,  ///< present at both, with a change that counts under the whitespace mode
};

/// The word used in text and JSON output: "added", "removed", "changed".
const char* status_name(TemplateStatus status);

/// One template that changed between two versions, with git's numstat counts.
struct TemplateChange {
  std::string path;                                ///< e.g. "kong/templates/nginx_kong.lua"
  TemplateStatus status = TemplateStatus::Changed; ///< added, removed or changed
  size_t added = 0;                                ///< lines added (git diff -w --numstat)
  size_t removed = 0;                              ///< lines removed
  bool binary = false;                             ///< a side holds NUL bytes; counts are then 0
  bool operator==(const TemplateChange&) const = default;
};

/// Counts template changes between any two commits, sharing one BlobCache
/// and remembering each compared pair of blob ids for the whole run.
class TemplateChangeCounter {
 public:
  /// Counts changes among the files blobs lists, under mode (git -w by default).
  explicit TemplateChangeCounter(BlobCache& blobs, WhitespaceMode mode = WhitespaceMode::IgnoreAllSpace);

  /// The templates that differ between two commits, in path order, as
  /// `git diff --numstat` (under the mode) lists them.
  Result<std::vector<TemplateChange>> between(const std::string& from_commit, const std::string& to_commit);
  /// How many pairs of distinct blobs were actually diffed.
  size_t pairs_diffed() const { return pairs_.size(); }

 private:
  struct Counted {
    bool listed = false;
    size_t added = 0, removed = 0;
    bool binary = false;
  };
  /// A blob's line ids under the mode, prepared once for every pair it is in.
  struct Prepared {
    std::vector<int32_t> ids;
    bool binary = false;
  };
  Result<const Prepared*> prepared(const TreeFile& file);
  Result<Counted> compare(const TreeFile* before, const TreeFile* after);

  BlobCache* blobs_;
  WhitespaceMode mode_;
  LineInterner interner_;  // one for the run: ids compare across all blobs
  std::map<std::string, Prepared> prepared_;
  std::map<std::pair<std::string, std::string>, Counted> pairs_;
};

/// One release that changed templates.
struct ReleaseChanges {
  std::string version;    ///< the release's tag, e.g. "2.0.0"
  std::string commit_id;  ///< the commit the tag names
  std::string previous;   ///< the version it is compared with (the one before it in the walk)
  std::vector<TemplateChange> templates;  ///< the templates that changed, in path order

  /// Lines added over all templates.
  size_t added() const;
  /// Lines removed over all templates.
  size_t removed() const;
};

/// Which releases the walk visits.
struct HistoryOptions {
  bool include_prereleases = false;                      ///< --all: alpha, beta, rc releases too
  WhitespaceMode mode = WhitespaceMode::IgnoreAllSpace;  ///< how lines compare (git -w)
  /// Called after each release compared: (done, total, release name).
  std::function<void(size_t, size_t, const std::string&)> on_progress;
};

/// The releases after FROM up to TO that changed templates.
struct TemplateHistory {
  std::string from;                      ///< FROM's tag
  std::string to;                        ///< TO's tag
  std::vector<ReleaseChanges> releases;  ///< only releases with changes, in version order
  size_t releases_walked = 0;            ///< releases compared (after FROM up to TO)
  size_t blobs_read = 0;                 ///< distinct blobs read
  size_t pairs_diffed = 0;               ///< distinct blob pairs diffed
};

/// The version tag a resolved version names, or an Error saying that `what`
/// (e.g. "history") needs release tags, not commits or branches.
Result<const VersionTag*> version_tag_of(const VersionCatalog& catalog, const ResolvedVersion& version,
                                         const std::string& what);

/// Walks every final release after from up to and including to (pre-releases
/// too with include_prereleases; to itself always), comparing each with the
/// one before it (from for the first), and keeps those whose templates
/// changed. from and to must be version tags with from not after to.
Result<TemplateHistory> template_history(const VersionCatalog& catalog, BlobCache& blobs,
                                         const ResolvedVersion& from, const ResolvedVersion& to,
                                         const HistoryOptions& options = {});

}  // namespace kongtpl
