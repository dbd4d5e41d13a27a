// The merge engine on three inputs (ours, base, theirs). The leading byte
// picks one of four checks, so each execution runs one merge (running all
// four per input made a run ~4x slower, and libFuzzer still explores all of
// them as it mutates that byte):
//   0  merge markers:  a conflicted result resolved all-ours (all-theirs) has,
//   1  diff3 markers:  in each marker block, exactly the lines of that side
//                      the conflict names;
//   2  merge(x, b, b) = x  } when x and b are LF-only and share their
//   3  merge(b, b, x) = x  } final-newline state (x: the first text, b: the second).
// Regression inputs in fuzz/regressions/merge-* are the three texts without
// the leading byte (tests/merge/merge_fuzz_regression_test.cpp reads them).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_input.hpp"
#include "merge/three_way.hpp"
#include "util/lines.hpp"

using namespace kongtpl;

namespace {

bool lf_only(std::string_view s) { return s.find('\r') == std::string_view::npos; }
bool ends_with_newline(std::string_view s) { return !s.empty() && s.back() == '\n'; }

std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size() - 1;
    std::string_view line = text.substr(start, end - start + 1);
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    out.push_back(line);
    start = end + 1;
  }
  return out;
}

// A line written back as the user wrote it. The merge writes every line
// with the file's own terminator (LF or CRLF), so a line may gain or lose
// one CR at its end: "x\r" with no LF at the end of an LF file comes out
// as "x\r\n", a CRLF line in an LF file as "x\n".
bool same_line(std::string_view written, std::string_view original) {
  auto without_cr = [](std::string_view s) { return !s.empty() && s.back() == '\r' ? s.substr(0, s.size() - 1) : s; };
  return written == original || without_cr(written) == original || written == without_cr(original);
}

// The lines of one side of each marker block, in order.
void check_sides(const MergeResult& merged, std::string_view ours, std::string_view theirs, bool diff3) {
  auto out = lines(merged.text);
  auto ours_lines = lines(ours);
  for (const Conflict& c : merged.conflicts) {
    if (c.output.end() > out.size()) fuzz::property_failed("conflict block past the end of the text", merged.text);
    size_t i = c.output.start;
    auto expect_marker = [&](size_t at, const char* marker) {
      if (at >= c.output.end() || !out[at].starts_with(marker))
        fuzz::property_failed("conflict block markers are not where the conflict says", merged.text);
    };
    expect_marker(i, "<<<<<<<");
    std::vector<std::string_view> our_side(out.begin() + i + 1, out.begin() + i + 1 + c.ours.count);
    i += 1 + c.ours.count;
    if (diff3) {
      expect_marker(i, "|||||||");
      i += 1 + c.base.count;
    }
    expect_marker(i, "=======");
    i += 1 + c.theirs.count;
    expect_marker(i, ">>>>>>>");
    if (i + 1 != c.output.end()) fuzz::property_failed("conflict block longer than its sides", merged.text);
    if (c.ours.end() > ours_lines.size()) fuzz::property_failed("conflict names lines past the end of ours", merged.text);
    for (size_t k = 0; k < c.ours.count; ++k)
      if (!same_line(our_side[k], ours_lines[c.ours.start + k]))
        fuzz::property_failed("all-ours resolution lost a line of ours", merged.text);
  }
  (void)theirs;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const int check = data[0] & 3;
  auto pieces = fuzz::split_pieces(fuzz::bytes_of(data + 1, size - 1), 3);
  const std::string& ours = pieces[0];
  const std::string& base = pieces[1];
  const std::string& theirs = pieces[2];
  if (check < 2) {
    const ConflictStyle style = check == 0 ? ConflictStyle::Merge : ConflictStyle::Diff3;
    MergeOptions options;
    options.style = style;
    options.labels = MergeLabels{"ours", "base", "theirs"};
    MergeResult merged = merge_texts(ours, base, theirs, options);
    check_sides(merged, ours, theirs, style == ConflictStyle::Diff3);
    return 0;
  }
  if (!lf_only(ours) || !lf_only(base) || ends_with_newline(ours) != ends_with_newline(base)) return 0;
  if (check == 2) {
    MergeResult unchanged_upstream = merge_texts(ours, base, base);
    if (unchanged_upstream.text != ours || !unchanged_upstream.conflicts.empty())
      fuzz::property_failed("merge(x, b, b) != x", unchanged_upstream.text);
  } else {
    MergeResult unchanged_user = merge_texts(base, base, ours);
    if (unchanged_user.text != ours || !unchanged_user.conflicts.empty())
      fuzz::property_failed("merge(b, b, x) != x", unchanged_user.text);
  }
  return 0;
}
