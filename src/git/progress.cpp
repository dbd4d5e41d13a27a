#include "git/progress.hpp"

#include <unistd.h>

#include <cstdio>

#include "git/url.hpp"

namespace kongtpl {
namespace {

std::string percent(unsigned done, unsigned total) {
  return std::to_string(total ? done * 100ull / total : 100) + "%";
}

std::string seconds_text(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f s", seconds);
  return buffer;
}

}  // namespace

std::string format_bytes(uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  static const char* const units[] = {"KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes) / 1024;
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f %s", value, units[unit]);
  return buffer;
}

TransferProgress::TransferProgress(std::string verb, const std::string& url, bool quiet)
    : TransferProgress(std::move(verb), url, quiet, isatty(STDERR_FILENO) == 1,
                       [](std::string_view text) {
                         std::fwrite(text.data(), 1, text.size(), stderr);
                         std::fflush(stderr);
                       },
                       Clock::now()) {}

TransferProgress::TransferProgress(std::string verb, const std::string& url, bool quiet, bool terminal,
                                   Sink sink, Clock::time_point start)
    : verb_(std::move(verb)),
      url_(redact(url)),
      quiet_(quiet),
      terminal_(terminal),
      sink_(std::move(sink)),
      start_(start) {}

void TransferProgress::update(const TransferCounts& counts, Clock::time_point now) {
  counts_ = counts;
  if (quiet_ || !terminal_) return;
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  std::string line;
  bool receiving = counts.total_objects == 0 || counts.received_objects < counts.total_objects;
  if (receiving || counts.total_deltas == 0) {
    double elapsed = std::chrono::duration<double>(now - start_).count();
    uint64_t rate = elapsed > 0 ? static_cast<uint64_t>(static_cast<double>(counts.received_bytes) / elapsed) : 0;
    line = "receiving objects: " + percent(counts.received_objects, counts.total_objects) + " (" +
           std::to_string(counts.received_objects) + "/" + std::to_string(counts.total_objects) + "), " +
           format_bytes(counts.received_bytes) + " | " + format_bytes(rate) + "/s";
  } else {
    line = "resolving deltas: " + percent(counts.indexed_deltas, counts.total_deltas) + " (" +
           std::to_string(counts.indexed_deltas) + "/" + std::to_string(counts.total_deltas) + ")";
  }
  draw(line);
}

void TransferProgress::draw(const std::string& line) {
  std::string text = "\r" + line;
  // Blank out what a longer previous line left on screen.
  if (last_width_ > line.size()) text.append(last_width_ - line.size(), ' ');
  last_width_ = line.size();
  drawn_ = true;
  sink_(text);
}

void TransferProgress::finish(Clock::time_point now) {
  if (quiet_) return;
  double elapsed = std::chrono::duration<double>(now - start_).count();
  std::string summary = verb_ + " " + url_ + ": ";
  if (counts_.total_objects == 0)
    summary += "already up to date (" + seconds_text(elapsed) + ")";
  else
    summary += std::to_string(counts_.received_objects) + " objects, " + format_bytes(counts_.received_bytes) +
               " in " + seconds_text(elapsed);
  print_summary(summary);
}

void TransferProgress::finish_local_copy(Clock::time_point now) {
  if (quiet_) return;
  print_summary(verb_ + " " + url_ + ": copied locally in " +
                seconds_text(std::chrono::duration<double>(now - start_).count()));
}

void TransferProgress::print_summary(const std::string& summary) {
  if (terminal_ && drawn_) {
    draw(summary);
    sink_("\n");
  } else {
    sink_(summary + "\n");
  }
  drawn_ = false;
}

void TransferProgress::abandon() {
  if (quiet_ || !terminal_ || !drawn_) return;
  sink_("\n");
  drawn_ = false;
}

}  // namespace kongtpl
