#pragma once
// Progress of a clone or fetch on stderr: one line redrawn in place (at most
// ten times a second) when stderr is a terminal, a single summary line
// otherwise, nothing when quiet. Only redacted URLs are ever printed.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace kongtpl {

/// What a transfer has done so far (libgit2's indexer counters).
struct TransferCounts {
  unsigned received_objects = 0;  ///< objects downloaded
  unsigned total_objects = 0;     ///< objects in the pack
  unsigned indexed_deltas = 0;    ///< deltas resolved
  unsigned total_deltas = 0;      ///< deltas in the pack
  uint64_t received_bytes = 0;    ///< bytes downloaded
};

/// "512 B", "1.5 KiB", "5.6 MiB", "1.2 GiB".
std::string format_bytes(uint64_t bytes);

/// Reports one clone or fetch.
class TransferProgress {
 public:
  using Clock = std::chrono::steady_clock;
  /// Receives the text to print (already with "\r" / "\n").
  using Sink = std::function<void(std::string_view)>;

  /// Reports to stderr, redrawing only when stderr is a terminal; verb is
  /// "cloned" or "fetched", url is redacted before printing.
  TransferProgress(std::string verb, const std::string& url, bool quiet);
  /// Reports to sink as if on a terminal or not, starting at start (tests).
  TransferProgress(std::string verb, const std::string& url, bool quiet, bool terminal, Sink sink,
                   Clock::time_point start);

  /// Records the latest counts; redraws when on a terminal and 100 ms have
  /// passed since the last redraw.
  void update(const TransferCounts& counts, Clock::time_point now = Clock::now());
  /// Prints the summary line, e.g. "fetched URL: 1234 objects, 5.6 MiB in
  /// 3.2 s" or "fetched URL: already up to date (0.1 s)", replacing the
  /// in-place line on a terminal.
  void finish(Clock::time_point now = Clock::now());
  /// The summary of a clone made by copying a local repository's object
  /// files (no transfer to count): "cloned URL: copied locally in 0.1 s".
  void finish_local_copy(Clock::time_point now = Clock::now());
  /// Ends a half-drawn line after a failure so the error starts on its own line.
  void abandon();

 private:
  void draw(const std::string& line);
  void print_summary(const std::string& summary);

  std::string verb_;
  std::string url_;
  bool quiet_;
  bool terminal_;
  Sink sink_;
  Clock::time_point start_;
  Clock::time_point last_draw_{};
  bool drawn_ = false;
  size_t last_width_ = 0;
  TransferCounts counts_;
};

}  // namespace kongtpl
