// Property test: over many random edit pairs, merge_texts never drops a
// user line or an upstream change, and agrees with the merge algebra.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>
#include <string>
#include <vector>

#include "merge/three_way.hpp"

namespace kongtpl {
namespace {

// Lines are "<indent><token>" with tokens unique per origin: b<n> from base,
// o<n> written by the user, t<n> written by upstream, c<n> written by both
// (the same change made on both sides).
struct Side {
  std::vector<std::string> lines;
  std::string text() const {
    std::string s;
    for (const auto& l : lines) s += l + "\n";
    return s;
  }
};

std::string token(const std::string& line) {
  std::string t;
  for (char c : line)
    if (c != ' ' && c != '\t') t += c;
  return t;
}

std::string indent(std::mt19937& rng) {
  return std::string(4 * std::uniform_int_distribution<int>(0, 2)(rng), ' ');
}

// A random edit of base: keeps, deletes, rewrites, inserts and re-indents
// lines; new lines get tokens with `prefix`.
Side edit(const Side& base, char prefix, std::mt19937& rng, bool whitespace, int rate = 100) {
  Side out;
  std::uniform_int_distribution<int> pick(0, rate - 1);
  int next = 0;
  auto fresh = [&] { return indent(rng) + prefix + std::to_string(next++); };
  for (const std::string& line : base.lines) {
    int p = pick(rng);
    if (p < 8) out.lines.push_back(fresh());  // insert before
    p = pick(rng);
    if (p < 10) continue;                        // delete
    if (p < 20) {                                // rewrite
      out.lines.push_back(fresh());
      continue;
    }
    if (whitespace && p < 30) {  // same token, other whitespace
      out.lines.push_back((pick(rng) < 50 ? "\t" : "  ") + line + (pick(rng) < 30 ? " " : ""));
      continue;
    }
    out.lines.push_back(line);
  }
  if (pick(rng) < 10) out.lines.push_back(fresh());  // append
  return out;
}

// The merged file with every conflict resolved to one side.
std::vector<std::string> resolve(const std::string& text, bool take_ours) {
  std::vector<std::string> lines;
  enum { Outside, Ours, Base, Theirs } state = Outside;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.rfind("<<<<<<<", 0) == 0) state = Ours;
    else if (line.rfind("|||||||", 0) == 0) state = Base;
    else if (line.rfind("=======", 0) == 0) state = Theirs;
    else if (line.rfind(">>>>>>>", 0) == 0) state = Outside;
    else if (state == Outside || (state == Ours && take_ours) || (state == Theirs && !take_ours))
      lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> tokens_with(const std::vector<std::string>& lines, char prefix) {
  std::vector<std::string> out;
  for (const auto& l : lines)
    if (std::string t = token(l); !t.empty() && t[0] == prefix) out.push_back(t);
  return out;
}

bool contains(const std::vector<std::string>& tokens, const std::string& t) {
  return std::find(tokens.begin(), tokens.end(), t) != tokens.end();
}

TEST(MergeProperty, NothingIsDroppedOverRandomEdits) {
  std::mt19937 rng(20240611);
  size_t conflicted = 0, clean = 0;
  for (int iteration = 0; iteration < 2000; ++iteration) {
    SCOPED_TRACE("iteration " + std::to_string(iteration));
    std::string inputs;
    Side base;
    int n = std::uniform_int_distribution<int>(0, 12)(rng);
    for (int i = 0; i < n; ++i) base.lines.push_back(indent(rng) + "b" + std::to_string(i));
    int shape = std::uniform_int_distribution<int>(0, 9)(rng);
    // Some changes are made by both sides, so that conflicts hold lines the
    // sides agree on.
    Side common = shape >= 5 ? edit(base, 'c', rng, false, 300) : base;
    Side ours = shape == 0 ? base : edit(common, 'o', rng, true);
    Side theirs = shape == 1 ? base : shape == 2 ? ours : edit(common, 't', rng, true);
    MergeOptions options;
    options.style = iteration % 2 ? ConflictStyle::Diff3 : ConflictStyle::Merge;
    MergeResult r = merge_texts(ours.text(), base.text(), theirs.text(), options);
    SCOPED_TRACE("ours:\n" + ours.text() + "base:\n" + base.text() + "theirs:\n" + theirs.text());
    (r.clean() ? clean : conflicted)++;

    std::vector<std::string> as_ours = resolve(r.text, true), as_theirs = resolve(r.text, false);
    // Every line the user wrote is there, in order, exactly once.
    EXPECT_EQ(tokens_with(ours.lines, 'o'), tokens_with(as_ours, 'o')) << r.text;
    // Every line upstream wrote is there (or in a conflict), in order.
    EXPECT_EQ(tokens_with(theirs.lines, 't'), tokens_with(as_theirs, 't')) << r.text;
    // Lines both sides wrote: a side's own are all there in order; any
    // other one came from the other side (which kept it, the first deleted
    // it later: a one-sided insertion).
    for (auto [side, other, resolved] : {std::tuple{&ours, &theirs, &as_ours}, std::tuple{&theirs, &ours, &as_theirs}}) {
      std::vector<std::string> mine = tokens_with(side->lines, 'c'), got = tokens_with(*resolved, 'c');
      std::vector<std::string> got_mine;
      for (const auto& t : got) {
        if (contains(mine, t)) {
          got_mine.push_back(t);
        } else {
          EXPECT_TRUE(contains(tokens_with(other->lines, 'c'), t)) << t << "\n" << r.text;
        }
      }
      EXPECT_EQ(mine, got_mine) << r.text;
    }
    // A base line survives only if the side it is resolved to kept it, and
    // disappears only if the other side removed it.
    for (auto [side, other, resolved] : {std::tuple{&ours, &theirs, &as_ours}, std::tuple{&theirs, &ours, &as_theirs}}) {
      std::vector<std::string> kept = tokens_with(side->lines, 'b'), other_kept = tokens_with(other->lines, 'b');
      std::vector<std::string> got = tokens_with(*resolved, 'b');
      for (const auto& t : got) EXPECT_TRUE(contains(kept, t)) << t << " resurrected\n" << r.text;
      for (const auto& t : kept) {
        if (!contains(got, t)) {
          EXPECT_FALSE(contains(other_kept, t)) << t << " dropped\n" << r.text;
        }
      }
    }
    // The user's own lines, and base lines the user re-indented, keep their
    // exact bytes.
    for (const auto& line : as_ours) {
      std::string t = token(line);
      if (t.empty()) continue;
      if (t[0] == 'o' || (t[0] == 'c' && contains(tokens_with(ours.lines, 'c'), t))) {
        EXPECT_TRUE(std::find(ours.lines.begin(), ours.lines.end(), line) != ours.lines.end()) << line;
      } else if (t[0] == 'b') {
        auto mine = std::find_if(ours.lines.begin(), ours.lines.end(), [&](const std::string& l) { return token(l) == t; });
        auto original = std::find_if(base.lines.begin(), base.lines.end(), [&](const std::string& l) { return token(l) == t; });
        if (mine != ours.lines.end() && *mine != *original) {
          EXPECT_EQ(*mine, line) << r.text;
        }
      }
    }
    // The algebra.
    if (shape == 0) {
      EXPECT_EQ(theirs.text(), r.text);
    } else if (shape == 1 || shape == 2) {
      EXPECT_EQ(ours.text(), r.text);
    }
    if (shape <= 2) {
      EXPECT_TRUE(r.clean());
    }
    for (const Conflict& c : r.conflicts) EXPECT_FALSE(c.reason.empty());
  }
  // The generator must exercise both outcomes to mean anything.
  EXPECT_GT(conflicted, 100u);
  EXPECT_GT(clean, 100u);
}

}  // namespace
}  // namespace kongtpl
