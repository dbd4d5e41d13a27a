// packed-refs slices (src/git/packed_refs): the binary search over a sorted
// file finds exactly the records a scan of every line finds, for random
// files with names on both sides of the prefix and peeled records; and on a
// file git itself packed.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "git/packed_refs.hpp"
#include "git/temp_repo.hpp"

namespace kongtpl {
namespace {

struct Expected {
  std::string name, target, peeled;
  bool operator==(const Expected&) const = default;
};

std::vector<Expected> as_expected(const std::vector<PackedRef>& refs) {
  std::vector<Expected> out;
  for (const auto& ref : refs) out.push_back({std::string(ref.name), std::string(ref.target), std::string(ref.peeled)});
  return out;
}

std::string hex_id(std::mt19937& rng) {
  static const char digits[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 40; ++i) id += digits[rng() % 16];
  return id;
}

TEST(PackedRefs, BinarySearchFindsWhatAScanFinds) {
  // Names around "refs/tags/" in byte order: "refs/tag", "refs/tags-old/",
  // "refs/tags/" itself, "refs/tagsX", and the usual namespaces.
  const std::vector<std::string> stems = {"refs/heads/feature-", "refs/pull/", "refs/remotes/origin/pr-",
                                          "refs/tag",            "refs/tags-old/", "refs/tags/",
                                          "refs/tags/nested/",   "refs/tagsX",  "refs/z/"};
  const std::vector<std::string> prefixes = {"refs/tags/", "refs/heads/", "refs/", "refs/tags/nested/", "refs/zz/"};
  std::mt19937 rng(20261128);
  for (int round = 0; round < 400; ++round) {
    std::set<std::string> names;
    size_t count = rng() % 60;
    for (size_t i = 0; i < count; ++i) names.insert(stems[rng() % stems.size()] + std::to_string(rng() % 500));
    std::vector<Expected> records;
    for (const auto& name : names) records.push_back({name, hex_id(rng), rng() % 3 == 0 ? hex_id(rng) : ""});
    bool sorted = rng() % 4 != 0;
    if (!sorted) std::shuffle(records.begin(), records.end(), rng);
    bool crlf = rng() % 10 == 0;
    std::string eol = crlf ? "\r\n" : "\n";
    std::string text = rng() % 5 == 0 ? "" : std::string("# pack-refs with: peeled fully-peeled ") + (sorted ? "sorted " : "") + eol;
    for (const auto& r : records) {
      text += r.target + " " + r.name + eol;
      if (!r.peeled.empty()) text += "^" + r.peeled + eol;
    }
    if (!text.empty() && rng() % 4 == 0) text.resize(text.size() - eol.size());  // no final newline
    PackedRefs packed = PackedRefs::of_text(text);
    for (const auto& prefix : prefixes) {
      std::vector<Expected> expected;
      for (const auto& r : records)
        if (r.name.starts_with(prefix)) expected.push_back(r);
      EXPECT_EQ(expected, as_expected(packed.with_prefix(prefix))) << "round " << round << " prefix " << prefix << "\n"
                                                                  << text;
    }
  }
}

TEST(PackedRefs, TraitsFromTheHeader) {
  std::string both = "# pack-refs with: peeled fully-peeled sorted \n";
  EXPECT_TRUE(PackedRefs::of_text(both).sorted());
  EXPECT_TRUE(PackedRefs::of_text(both).peel_recorded());
  std::string none = "# pack-refs with: \n";
  EXPECT_FALSE(PackedRefs::of_text(none).sorted());
  EXPECT_FALSE(PackedRefs::of_text(none).peel_recorded());
  EXPECT_FALSE(PackedRefs::of_text("").sorted());
}

TEST(PackedRefs, FileGitPackedAgreesWithGit) {
  testing::TempRepo temp;
  temp.write("kong/templates/nginx.lua", "return [[\n]]\n");
  temp.commit("one");
  for (int i = 0; i < 120; ++i) temp.git({"branch", "feature-" + std::to_string(i)});
  for (int i = 0; i < 40; ++i) temp.git({"tag", "-a", "-m", "t", "1." + std::to_string(i) + ".0"});
  temp.git({"tag", "light"});
  temp.git({"pack-refs", "--all"});
  auto packed = PackedRefs::open(temp.path() + "/.git/packed-refs");
  ASSERT_TRUE(packed.ok()) << packed.error().message;
  EXPECT_TRUE(packed->sorted());
  std::string listing;
  for (const auto& ref : packed->with_prefix("refs/tags/")) {
    listing += std::string(ref.target) + " " + std::string(ref.name) + "\n";
    if (!ref.peeled.empty()) {
      EXPECT_EQ(temp.git({"rev-parse", std::string(ref.name) + "^{}"}), ref.peeled);
    }
  }
  EXPECT_EQ(temp.git({"for-each-ref", "--format=%(objectname) %(refname)", "refs/tags/"}) + "\n", listing);

  auto missing = PackedRefs::open(temp.path() + "/.git/no-such-file");
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(missing->with_prefix("refs/").empty());
}

}  // namespace
}  // namespace kongtpl
