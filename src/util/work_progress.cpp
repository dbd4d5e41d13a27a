#include "util/work_progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace kongtpl {
namespace {

constexpr auto kQuietPeriod = std::chrono::milliseconds(500);  // short work shows nothing
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);

}  // namespace

WorkProgress::WorkProgress(std::string title, std::string unit, size_t total, bool quiet)
    : WorkProgress(std::move(title), std::move(unit), total, !quiet && ::isatty(STDERR_FILENO),
                   [](std::string_view text) {
                     std::fwrite(text.data(), 1, text.size(), stderr);
                     std::fflush(stderr);
                   },
                   Clock::now()) {}

WorkProgress::WorkProgress(std::string title, std::string unit, size_t total, bool enabled, Sink sink,
                           Clock::time_point start)
    : title_(std::move(title)), unit_(std::move(unit)), total_(total), enabled_(enabled), sink_(std::move(sink)),
      start_(start) {}

WorkProgress::~WorkProgress() { finish(); }

void WorkProgress::update(size_t done, std::string_view item, Clock::time_point now) {
  done_ = done;
  if (!enabled_ || finished_ || now - start_ < kQuietPeriod) return;
  if (drawn_ && now - last_draw_ < kRedrawEvery) return;
  std::string line = "kongtpl: " + title_ + ": " + count(done);
  if (!item.empty()) line += " (" + std::string(item) + ")";
  size_t width = line.size();
  if (width < last_width_) line.append(last_width_ - width, ' ');  // wipe the longer line before
  last_width_ = width;
  sink_("\r" + line);
  drawn_ = true;
  last_draw_ = now;
}

std::string WorkProgress::count(size_t done) const {
  if (unit_ == "%") return std::to_string(total_ ? done * 100 / total_ : 100) + "%";  // "57%", as git's
  return std::to_string(done) + "/" + std::to_string(total_) + " " + unit_;
}

void WorkProgress::finish() {
  if (finished_) return;
  finished_ = true;
  if (!drawn_) return;
  std::string line = "kongtpl: " + title_ + ": " + count(done_) + ", done.";
  if (line.size() < last_width_) line.append(last_width_ - line.size(), ' ');
  sink_("\r" + line + "\n");
}

std::function<void(size_t, size_t, const std::string&)> progress_callback(std::unique_ptr<WorkProgress>& holder,
                                                                          std::string title, std::string unit,
                                                                          bool quiet) {
  return [&holder, title = std::move(title), unit = std::move(unit), quiet](size_t done, size_t total,
                                                                            const std::string& item) {
    if (!holder) holder = std::make_unique<WorkProgress>(title, unit, total, quiet);
    holder->update(done, item);
  };
}

}  // namespace kongtpl
