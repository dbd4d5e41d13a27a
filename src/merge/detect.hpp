#pragma once
/// `kongtpl detect`: which Kong version a customised template most likely
/// started from. The file's body is compared, whitespace-insensitively, with
/// upstream's templates at every release, composed in the file's layout (as
/// `apply` detects it); the smallest distance wins, ties going to the oldest
/// release. Releases that share blobs share one composition and one diff.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/history_blobs.hpp"
#include "core/version.hpp"
#include "merge/layout.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// What detect_version compares against.
struct DetectOptions {
  bool include_prereleases = false;  ///< --all: pre-releases are candidates too
  std::optional<Layout> layout;      ///< --layout; detected from the file otherwise
};

/// One distinct upstream text and how far the file is from it.
struct DetectCandidate {
  std::string version;                 ///< the oldest release with this upstream text
  std::string commit_id;               ///< its commit
  std::vector<std::string> same_text;  ///< the later releases whose upstream text is the same, in order
  size_t distance = 0;                 ///< added + removed lines (git diff -w --numstat between upstream and file)
  size_t added = 0;                    ///< lines in the file that upstream does not have (customisations)
  size_t removed = 0;                  ///< upstream lines the file does not have
};

/// How clearly the best candidate beats the runner-up.
enum class DetectVerdict {
  Clear,      ///< the runner-up is at least max(3, 10% of the best distance) lines further
  Ambiguous,  ///< the runner-up is closer than that, or as close
};

/// The text for a verdict: "clear" or "ambiguous".
const char* verdict_name(DetectVerdict verdict);

/// The ranking.
struct DetectResult {
  Layout layout;                            ///< the layout compared in (module_wrapped from the file)
  std::vector<DetectCandidate> candidates;  ///< every distinct upstream text, best first
  size_t versions_compared = 0;             ///< releases whose templates were composed in the layout
  size_t versions_skipped = 0;              ///< releases lacking a template the layout needs
  DetectVerdict verdict = DetectVerdict::Clear;  ///< how clear the winner is

  /// The best candidate (candidates is never empty in a returned result).
  const DetectCandidate& best() const { return candidates.front(); }
  /// Runner-up distance minus the best's, or nullopt when there is one candidate.
  std::optional<size_t> margin() const;
};

/// Ranks the releases in catalog (finals, or all with include_prereleases)
/// by the distance between file_bytes (a customised template, module or
/// bare body; named display_name in messages) and upstream's templates that
/// blobs lists, composed in the file's layout. Each blob is read and each
/// upstream body evaluated once; each distinct composition is diffed once.
Result<DetectResult> detect_version(std::string_view file_bytes, std::string_view display_name,
                                    const VersionCatalog& catalog, BlobCache& blobs,
                                    const DetectOptions& options = {});

}  // namespace kongtpl
