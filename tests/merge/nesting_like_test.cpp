// line_nesting_like takes a reference text's scan for lines byte-equal to
// the reference's (ours and theirs of a merge are mostly base); its result
// must be line_nesting's, line for line, whatever the edits: depths shifted
// by unbalanced edits, clamped at zero by stray closers, Lua blocks opened
// and closed, "> if" regions. Checked on many random Kong-shaped texts.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "merge/nesting.hpp"
#include "util/lines.hpp"

namespace kongtpl {
namespace {

// Lines that move the nesting in every way line_nesting knows of.
const std::vector<std::string> kPool = {
    "server {",
    "    location /status {",
    "}",
    "    }",
    "{",
    "} else {",
    "  }}",
    "server{",
    "content_by_lua_block {",
    "    access_by_lua_block {",
    "        local t = { a = 1 }",
    "        ngx.say(\"}\")",
    "        -- a comment }",
    "        if x then",
    "        end",
    "        return '{'",
    "    set $x \"{\";",
    "    # a comment {",
    "    listen ${{PROXY_LISTEN}};",
    "    add $(f(x, '{')) {",
    "> if ssl then",
    "> for _, l in ipairs(listeners) do",
    "> else",
    "> elseif x then",
    "> end",
    "> local t = { }",
    "    directive value;",
    "",
    "   ",
};

struct Pair {
  std::string base, side;
  std::vector<int32_t> twins;  // side line -> a base line with the same bytes, or -1
};

Pair random_pair(std::mt19937& rng, bool any_twin) {
  auto below = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  std::vector<std::string> base, side;
  const size_t n = 1 + below(150);
  for (size_t i = 0; i < n; ++i) base.push_back(kPool[below(kPool.size())]);
  std::vector<long> origin;  // base line a side line was kept from, -1 when new
  for (size_t j = 0; j < base.size(); ++j) {
    const size_t roll = below(20);
    if (roll == 0) continue;  // deleted
    if (roll == 1) {          // replaced
      side.push_back(kPool[below(kPool.size())]);
      origin.push_back(-1);
      continue;
    }
    if (roll == 2) {  // inserted before
      side.push_back(kPool[below(kPool.size())]);
      origin.push_back(-1);
    }
    side.push_back(base[j]);
    origin.push_back(static_cast<long>(j));
  }
  Pair pair;
  for (const std::string& l : base) pair.base += l + "\n";
  for (const std::string& l : side) pair.side += l + "\n";
  for (size_t i = 0; i < side.size(); ++i) {
    long twin = origin[i];
    if (any_twin) {  // any base line with the same bytes, or none
      std::vector<long> same;
      for (size_t j = 0; j < base.size(); ++j)
        if (base[j] == side[i]) same.push_back(static_cast<long>(j));
      same.push_back(-1);
      twin = same[below(same.size())];
    } else if (below(10) == 0) {
      twin = -1;  // a kept line prepare_like did not pair
    }
    pair.twins.push_back(static_cast<int32_t>(twin));
  }
  return pair;
}

void expect_like_line_nesting(const Pair& pair, unsigned seed) {
  const std::vector<Line> base = split_lines(pair.base), side = split_lines(pair.side);
  StructurePrefix base_structure, side_structure;
  std::vector<LuaBlockState> states;
  const std::vector<LineNesting> base_nesting = line_nesting(base, &base_structure, &states);
  const std::vector<LineNesting> like =
      line_nesting_like(side, pair.twins, NestingReference{&base_nesting, &base_structure, &states}, &side_structure);
  const std::vector<LineNesting> expected = line_nesting(side);
  ASSERT_EQ(like.size(), expected.size());
  for (size_t i = 0; i < side.size(); ++i) {
    SCOPED_TRACE("seed " + std::to_string(seed) + ", line " + std::to_string(i) + ": " + std::string(side[i].bytes));
    EXPECT_EQ(like[i].blocks, expected[i].blocks);
    EXPECT_EQ(like[i].control, expected[i].control);
    EXPECT_EQ(like[i].blocks_after, expected[i].blocks_after);
    EXPECT_EQ(like[i].control_after, expected[i].control_after);
    EXPECT_EQ(like[i].lua_block_opener, expected[i].lua_block_opener);
  }
  // The prefix line_nesting_like fills is the scan's own (braces inside a
  // Lua block counted as Lua's); line_nesting's is the reference for it.
  StructurePrefix scanned;
  line_nesting(side, &scanned);
  for (size_t from = 0; from <= side.size(); ++from)
    for (size_t to = from; to <= side.size(); to += 1 + from % 7)
      EXPECT_EQ(side_structure.between(from, to), scanned.between(from, to)) << "seed " << seed;
  EXPECT_EQ(side_structure.balanced(), scanned.balanced()) << "seed " << seed;
}

TEST(NestingLike, MatchesLineNestingOnEditedTexts) {
  for (unsigned seed = 1; seed <= 400; ++seed) {
    std::mt19937 rng(seed);
    expect_like_line_nesting(random_pair(rng, false), seed);
    if (HasFailure()) return;
  }
}

TEST(NestingLike, MatchesLineNestingWhateverByteEqualLineIsTaken) {
  for (unsigned seed = 1; seed <= 400; ++seed) {
    std::mt19937 rng(seed * 7919u);
    expect_like_line_nesting(random_pair(rng, true), seed);
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace kongtpl
