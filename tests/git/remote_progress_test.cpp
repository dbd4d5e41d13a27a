// Transfer progress: in-place redraws on a terminal, one summary otherwise.
#include <gtest/gtest.h>

#include "git/progress.hpp"

namespace kongtpl {
namespace {

using Clock = TransferProgress::Clock;
using std::chrono::milliseconds;

struct Recorder {
  std::string text;
  TransferProgress::Sink sink() {
    return [this](std::string_view s) { text.append(s); };
  }
};

TEST(FormatBytes, Units) {
  EXPECT_EQ(format_bytes(0), "0 B");
  EXPECT_EQ(format_bytes(1023), "1023 B");
  EXPECT_EQ(format_bytes(1536), "1.5 KiB");
  EXPECT_EQ(format_bytes(5872026), "5.6 MiB");
  EXPECT_EQ(format_bytes(3ull << 30), "3.0 GiB");
}

TEST(TransferProgress, NotATerminalPrintsOneSummaryWithoutCredentials) {
  Recorder out;
  Clock::time_point t0{};
  TransferProgress progress("fetched", "https://u:secret@github.com/Kong/kong", false, false, out.sink(), t0);
  progress.update({10, 1234, 0, 0, 1024}, t0 + milliseconds(500));
  progress.update({1234, 1234, 0, 0, 5872026}, t0 + milliseconds(3000));
  EXPECT_EQ(out.text, "");
  progress.finish(t0 + milliseconds(3200));
  EXPECT_EQ(out.text, "fetched https://github.com/Kong/kong: 1234 objects, 5.6 MiB in 3.2 s\n");
}

TEST(TransferProgress, TerminalRedrawsInPlaceAtMostTenTimesASecond) {
  Recorder out;
  Clock::time_point t0{};
  TransferProgress progress("cloned", "git://127.0.0.1/kong.git", false, true, out.sink(), t0);
  progress.update({5, 10, 0, 0, 1024}, t0 + milliseconds(500));
  const std::string receiving = "receiving objects: 50% (5/10), 1.0 KiB | 2.0 KiB/s";
  EXPECT_EQ(out.text, "\r" + receiving);
  out.text.clear();
  progress.update({6, 10, 0, 0, 1100}, t0 + milliseconds(550));  // 50 ms later: throttled
  EXPECT_EQ(out.text, "");
  progress.update({10, 10, 1, 4, 2048}, t0 + milliseconds(650));
  const std::string resolving = "resolving deltas: 25% (1/4)";
  // Blanks cover the rest of the longer line before it.
  EXPECT_EQ(out.text, "\r" + resolving + std::string(receiving.size() - resolving.size(), ' '));
  out.text.clear();
  progress.finish(t0 + milliseconds(1000));
  EXPECT_EQ(out.text, "\rcloned git://127.0.0.1/kong.git: 10 objects, 2.0 KiB in 1.0 s\n");
}

TEST(TransferProgress, NothingTransferredIsUpToDate) {
  Recorder out;
  Clock::time_point t0{};
  TransferProgress progress("fetched", "git://h/kong.git", false, false, out.sink(), t0);
  progress.finish(t0 + milliseconds(120));
  EXPECT_EQ(out.text, "fetched git://h/kong.git: already up to date (0.1 s)\n");
}

TEST(TransferProgress, LocalCopySaysSo) {
  Recorder out;
  Clock::time_point t0{};
  TransferProgress progress("cloned", "file:///srv/kong.git", false, false, out.sink(), t0);
  progress.finish_local_copy(t0 + milliseconds(250));
  EXPECT_EQ(out.text, "cloned file:///srv/kong.git: copied locally in 0.2 s\n");
}

TEST(TransferProgress, AbandonEndsTheLineOnlyWhenOneWasDrawn) {
  Recorder out;
  Clock::time_point t0{};
  TransferProgress idle("cloned", "git://h/k", false, true, out.sink(), t0);
  idle.abandon();
  EXPECT_EQ(out.text, "");
  TransferProgress busy("cloned", "git://h/k", false, true, out.sink(), t0);
  busy.update({1, 2, 0, 0, 10}, t0 + milliseconds(1000));
  out.text.clear();
  busy.abandon();
  EXPECT_EQ(out.text, "\n");
}

TEST(TransferProgress, QuietPrintsNothing) {
  Recorder out;
  Clock::time_point t0{};
  for (bool terminal : {true, false}) {
    TransferProgress progress("cloned", "git://h/k", true, terminal, out.sink(), t0);
    progress.update({1, 2, 0, 0, 10}, t0 + milliseconds(1000));
    progress.finish(t0 + milliseconds(2000));
  }
  EXPECT_EQ(out.text, "");
}

}  // namespace
}  // namespace kongtpl
