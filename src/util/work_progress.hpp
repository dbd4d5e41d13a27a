#pragma once
// Progress of long local work (detect over many releases, history over many
// templates) on stderr, as git shows it: nothing for work done within half
// a second, then one line redrawn in place ("kongtpl: detect: 57/178
// releases (2.8.1)") at most ten times a second, ended with ", done.".
// Only on a terminal: a pipe or a log file never sees it.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace kongtpl {

class WorkProgress {
 public:
  using Clock = std::chrono::steady_clock;
  /// Receives the text to print ("\r" and "\n" included).
  using Sink = std::function<void(std::string_view)>;

  /// Reports to stderr when it is a terminal and quiet is false. title is
  /// e.g. "detect", unit e.g. "releases" ("57/178 releases"), or "%"
  /// ("57%": done of total as a percentage).
  WorkProgress(std::string title, std::string unit, size_t total, bool quiet);
  /// Reports to sink when enabled, counting time from start (tests).
  WorkProgress(std::string title, std::string unit, size_t total, bool enabled, Sink sink, Clock::time_point start);
  ~WorkProgress();
  WorkProgress(const WorkProgress&) = delete;
  WorkProgress& operator=(const WorkProgress&) = delete;

  /// done of total units finished; item names the current one.
  void update(size_t done, std::string_view item = {}, Clock::time_point now = Clock::now());
  /// Ends the line with ", done." when anything was drawn; idempotent.
  void finish();

 private:
  std::string count(size_t done) const;  // "57/178 releases" or "57%"

  std::string title_, unit_;
  size_t total_;
  bool enabled_;
  Sink sink_;
  Clock::time_point start_;
  Clock::time_point last_draw_{};
  bool drawn_ = false;
  bool finished_ = false;
  size_t last_width_ = 0;
  size_t done_ = 0;
};

/// A (done, total, item) callback for a library loop that creates holder's
/// progress on its first call (when total is known). Reset holder, or call
/// finish, when the work is over.
std::function<void(size_t, size_t, const std::string&)> progress_callback(std::unique_ptr<WorkProgress>& holder,
                                                                          std::string title, std::string unit,
                                                                          bool quiet);

}  // namespace kongtpl
