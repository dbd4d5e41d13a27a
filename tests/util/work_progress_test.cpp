// WorkProgress: silent for short work, then a line redrawn in place at most
// ten times a second, ended with ", done."; nothing when disabled.
#include "util/work_progress.hpp"

#include <gtest/gtest.h>

#include <string>

namespace kongtpl {
namespace {

using Clock = WorkProgress::Clock;
using std::chrono::milliseconds;

struct Recorded {
  std::string text;
  WorkProgress::Sink sink() {
    return [this](std::string_view s) { text += s; };
  }
};

TEST(WorkProgress, WorkDoneWithinHalfASecondPrintsNothing) {
  Recorded out;
  const Clock::time_point t0{};
  {
    WorkProgress progress("detect", "releases", 10, true, out.sink(), t0);
    for (size_t i = 1; i <= 10; ++i) progress.update(i, "v" + std::to_string(i), t0 + milliseconds(45 * i));
  }
  EXPECT_EQ("", out.text);
}

TEST(WorkProgress, LongWorkRedrawsOneLineAtMostTenTimesASecondAndEndsIt) {
  Recorded out;
  const Clock::time_point t0{};
  WorkProgress progress("history", "releases", 200, true, out.sink(), t0);
  size_t draws = 0;
  for (size_t i = 1; i <= 200; ++i) {
    size_t before = out.text.size();
    progress.update(i, i == 120 ? "2.8.10" : "1.0", t0 + milliseconds(10 * i));  // 2 s in all
    if (out.text.size() != before) ++draws;
  }
  EXPECT_EQ(std::string::npos, out.text.find('\n')) << "a line ended before the work did";
  progress.finish();
  progress.finish();  // once only
  // From 500 ms to 2 s, every 100 ms: 16 draws at most.
  EXPECT_GE(draws, 10u);
  EXPECT_LE(draws, 16u);
  EXPECT_EQ(0u, out.text.rfind("\rkongtpl: history: 50/200 releases (1.0)", 0)) << out.text;
  // A shorter line wipes what a longer one left.
  EXPECT_NE(std::string::npos, out.text.find("\rkongtpl: history: 130/200 releases (1.0)   ")) << out.text;
  std::string last = out.text.substr(out.text.rfind('\r'));
  EXPECT_EQ("\rkongtpl: history: 200/200 releases, done.\n", last);
}

TEST(WorkProgress, DisabledPrintsNothing) {
  Recorded out;
  const Clock::time_point t0{};
  {
    WorkProgress progress("detect", "releases", 3, false, out.sink(), t0);
    progress.update(1, "a", t0 + milliseconds(5000));
  }
  EXPECT_EQ("", out.text);
}

TEST(WorkProgress, APercentUnitShowsAPercentageAsGitDoes) {
  Recorded out;
  const Clock::time_point t0{};
  {
    WorkProgress progress("merge 3.4.0", "%", 100, true, out.sink(), t0);
    progress.update(0, "diffs", t0);
    progress.update(57, "regions", t0 + milliseconds(900));
    progress.update(100, "done", t0 + milliseconds(1200));
  }
  // Nothing for the first half second; a shorter line wipes the longer one.
  EXPECT_EQ("\rkongtpl: merge 3.4.0: 57% (regions)\rkongtpl: merge 3.4.0: 100% (done)  "
            "\rkongtpl: merge 3.4.0: 100%, done.\n",
            out.text);
}

}  // namespace
}  // namespace kongtpl
