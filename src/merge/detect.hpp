#pragma once
/// `kongtpl detect`: the range of Kong versions a customised template is
/// consistent with. At every release the file's layout is judged from its
/// signs (layout_detect) and the file is compared, whitespace-insensitively,
/// with upstream's templates composed in each plausible layout; the
/// smallest distance wins. Releases whose composed text is identical form
/// one candidate (a range: any of them is the same merge base). Releases
/// that share blobs share one judgement, one composition and one diff.
#include <cstddef>
#include <functional>
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
  std::optional<Layout> layout;      ///< --layout; judged from the file at each release otherwise
  /// Called as releases are judged and scored: (done, total, release name).
  std::function<void(size_t, size_t, const std::string&)> on_progress;
};

/// One distinct upstream text and how far the file is from it.
struct DetectCandidate {
  std::string version;                 ///< the oldest release with this upstream text
  std::string commit_id;               ///< its commit
  std::vector<std::string> same_text;  ///< the later releases whose upstream text is the same, in order
  Layout layout;                       ///< the layout the text was composed in
  size_t distance = 0;                 ///< added + removed lines (git diff -w --numstat between upstream and file)
  size_t added = 0;                    ///< lines in the file that upstream does not have (customisations)
  size_t removed = 0;                  ///< upstream lines the file does not have

  /// The newest release with this text (version when same_text is empty).
  const std::string& last() const { return same_text.empty() ? version : same_text.back(); }
  /// Every release with this text, oldest first.
  std::vector<std::string> versions() const;
  /// "2.0.0 .. 2.8.5", or "2.3.0" for a single release.
  std::string range() const;
};

/// How clearly the best candidate beats the runner-up.
enum class DetectVerdict {
  Clear,      ///< the runner-up is at least max(3, 10% of the best distance) lines further
  Ambiguous,  ///< the runner-up is closer than that, or as close
};

/// How much the evidence supports the answer.
enum class DetectConfidence {
  High,    ///< a clear winner, layout certain from the file's signs, the file mostly upstream's text
  Medium,  ///< a clear winner, but the layout was settled by distance
  Low,     ///< other versions fit nearly as well, the layout is uncertain, or the file is mostly its own
};

/// The text for a verdict: "clear" or "ambiguous".
const char* verdict_name(DetectVerdict verdict);
/// The text for a confidence: "high", "medium" or "low".
const char* confidence_name(DetectConfidence confidence);

/// The ranking.
struct DetectResult {
  Layout layout;                            ///< the best candidate's layout (module_wrapped from the file)
  std::vector<Layout> layout_candidates;    ///< layouts that fit the best releases about as well; size 1: certain
  bool layout_by_distance = false;          ///< the file's signs allowed several layouts; distance chose
  std::vector<DetectCandidate> candidates;  ///< every distinct upstream text, best first
  size_t versions_compared = 0;             ///< releases whose templates were composed in a layout
  size_t versions_skipped = 0;              ///< releases lacking a template the layout needs, or like no layout
  size_t file_lines = 0;                    ///< lines of the file's body
  DetectVerdict verdict = DetectVerdict::Clear;        ///< how clear the winner is
  DetectConfidence confidence = DetectConfidence::High;  ///< how much to trust the answer
  std::vector<std::string> doubts;          ///< why confidence is not high, one phrase each

  /// The best candidate (candidates is never empty in a returned result).
  const DetectCandidate& best() const { return candidates.front(); }
  /// Runner-up distance minus the best's, or nullopt when there is one candidate.
  std::optional<size_t> margin() const;
  /// More than one layout fits.
  bool layout_uncertain() const { return layout_candidates.size() > 1; }
};

/// Ranks the releases in catalog (finals, or all with include_prereleases)
/// by the distance between file_bytes (a customised template, module or
/// bare body; named display_name in messages) and upstream's templates that
/// blobs lists, composed in the layout the file has at each release.
Result<DetectResult> detect_version(std::string_view file_bytes, std::string_view display_name,
                                    const VersionCatalog& catalog, BlobCache& blobs,
                                    const DetectOptions& options = {});

}  // namespace kongtpl
