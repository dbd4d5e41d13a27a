// Tags without listing every ref: Repository::list_tags reads only the
// refs/tags/ slice of packed-refs plus loose tags (no object read),
// peel_tag and find_tag name the commit, checked against the git CLI for
// annotated, lightweight, nested, blob and tree tags, loose and packed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "git/repository.hpp"
#include "git/temp_repo.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::TempRepo;

/// A repository with every kind of tag, plus many refs that are not tags.
struct TagKinds {
  TempRepo temp;
  std::string first, second;
  TagKinds() {
    temp.write("kong/templates/nginx.lua", "return [[\n]]\n");
    first = temp.commit("one");
    temp.git({"tag", "-a", "-m", "annotated", "1.0.0"});
    temp.git({"tag", "-a", "-m", "nested", "wrapped", "1.0.0"});
    temp.git({"tag", "blob-tag", "HEAD:kong/templates/nginx.lua"});
    temp.git({"tag", "-a", "-m", "tree", "tree-tag", "HEAD^{tree}"});
    temp.git({"tag", "nested/2.0.0-rc.1"});
    second = temp.commit("two");
    temp.git({"tag", "1.1.0"});
    for (int i = 0; i < 50; ++i) temp.git({"branch", "feature-" + std::to_string(i)});
    temp.git({"update-ref", "refs/pull/1/head", first});
  }
  Repository open() const { return Repository::open(temp.path()).value(); }
  /// What git says refs/tags/<name> peels to, or "" when not a commit.
  std::string git_commit(const std::string& name) const {
    if (temp.git({"cat-file", "-t", "refs/tags/" + name + "^{}"}) != "commit") return "";
    return temp.git({"rev-parse", "refs/tags/" + name + "^{commit}"});
  }
};

const std::vector<std::string> kAllTags = {"1.0.0", "1.1.0", "blob-tag", "nested/2.0.0-rc.1", "tree-tag", "wrapped"};

void expect_matches_git(const TagKinds& kinds, const Repository& repo) {
  auto listed = repo.list_tags();
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  std::vector<std::string> names;
  for (const auto& tag : *listed) {
    names.push_back(tag.name);
    EXPECT_EQ(kinds.temp.git({"rev-parse", "refs/tags/" + tag.name}), tag.target_id) << tag.name;
    auto peeled = repo.peel_tag(tag);
    ASSERT_TRUE(peeled.ok()) << peeled.error().message;
    auto found = repo.find_tag(tag.name);
    ASSERT_TRUE(found.ok()) << found.error().message;
    std::string expected = kinds.git_commit(tag.name);
    bool annotated = kinds.temp.git({"cat-file", "-t", "refs/tags/" + tag.name}) == "tag";
    for (const auto* answer : {&*peeled, &*found}) {
      ASSERT_EQ(!expected.empty(), answer->has_value()) << tag.name;
      if (!expected.empty()) {
        EXPECT_EQ(expected, (*answer)->commit_id) << tag.name;
        EXPECT_EQ(annotated, (*answer)->annotated) << tag.name;
        EXPECT_EQ(tag.name, (*answer)->name);
      }
    }
  }
  EXPECT_EQ(kAllTags, names);
}

TEST(TagLookup, LooseTagsListedAndPeeledAsGitDoes) {
  TagKinds kinds;
  expect_matches_git(kinds, kinds.open());
  auto listed = kinds.open().list_tags().value();
  for (const auto& tag : listed) EXPECT_FALSE(tag.peel_recorded) << tag.name;
}

TEST(TagLookup, PackedTagsListedFromPackedRefsWithRecordedPeels) {
  TagKinds kinds;
  kinds.temp.git({"pack-refs", "--all"});
  ASSERT_FALSE(std::filesystem::exists(kinds.temp.path() + "/.git/refs/tags/1.0.0"));
  expect_matches_git(kinds, kinds.open());
  auto listed = kinds.open().list_tags().value();
  for (const auto& tag : listed) {
    EXPECT_TRUE(tag.peel_recorded) << tag.name;
    // packed-refs records the peel of exactly the tag objects.
    bool annotated = kinds.temp.git({"cat-file", "-t", "refs/tags/" + tag.name}) == "tag";
    EXPECT_EQ(annotated, !tag.peeled_id.empty()) << tag.name;
  }
}

TEST(TagLookup, UnsortedPackedRefsWithoutTraits) {
  // An older or hand-made packed-refs: no header, tags between other refs.
  TagKinds kinds;
  kinds.temp.git({"pack-refs", "--all"});
  const std::string path = kinds.temp.path() + "/.git/packed-refs";
  std::vector<std::string> records;  // each ref line with its "^" line
  std::istringstream in(testing::read_file(path));
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("#")) continue;
    if (line.starts_with("^")) records.back() += "\n" + line;
    else records.push_back(line);
  }
  std::reverse(records.begin(), records.end());  // tags first, branches after
  std::string text;
  for (const auto& record : records) text += record + "\n";
  testing::write_file(path, text);
  expect_matches_git(kinds, kinds.open());
  auto listed = kinds.open().list_tags().value();
  for (const auto& tag : listed) EXPECT_FALSE(tag.peel_recorded) << tag.name;
}

TEST(TagLookup, LooseTagOverridesItsPackedEntry) {
  TagKinds kinds;
  kinds.temp.git({"pack-refs", "--all"});
  kinds.temp.git({"tag", "-f", "1.0.0", kinds.second});  // now a loose lightweight tag
  Repository repo = kinds.open();
  auto listed = repo.list_tags().value();
  auto it = std::find_if(listed.begin(), listed.end(), [](const TagListing& t) { return t.name == "1.0.0"; });
  ASSERT_NE(listed.end(), it);
  EXPECT_EQ(kinds.second, it->target_id);
  EXPECT_FALSE(it->peel_recorded);
  EXPECT_EQ(kinds.second, repo.peel_tag(*it).value()->commit_id);
  EXPECT_EQ(kinds.second, repo.find_tag("1.0.0").value()->commit_id);
  EXPECT_EQ(listed.size(), kAllTags.size());
}

TEST(TagLookup, FindTagOnlyFindsTags) {
  TagKinds kinds;
  Repository repo = kinds.open();
  for (std::string name : {"feature-1", "main", "HEAD", "1.0.0^", "1.0.0~1", "no-such-tag", "", "a..b", "refs/tags/1.0.0"}) {
    auto found = repo.find_tag(name);
    ASSERT_TRUE(found.ok()) << name << ": " << found.error().message;
    EXPECT_FALSE(found->has_value()) << name;
  }
}

TEST(TagLookup, BundleCloneTagsAgreeWithGit) {
  std::string clone = testing::shared_bare_clone();
  if (clone.empty()) GTEST_SKIP() << "../shared/kong-templates.bundle is absent";
  Repository repo = Repository::open(clone).value();
  auto listed = repo.list_tags().value();
  ASSERT_EQ(178u, listed.size());
  // git for-each-ref prints each tag with what it peels to.
  std::string out = testing::git_in(clone, {"for-each-ref", "--format=%(refname:lstrip=2) %(objecttype) %(*objectname)%(objectname)", "refs/tags/"});
  std::map<std::string, std::pair<bool, std::string>> git;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string name, type, ids;
    words >> name >> type >> ids;
    git[name] = {type == "tag", ids.substr(0, 40)};  // a tag: its commit first
  }
  size_t annotated = 0;
  for (const auto& tag : listed) {
    auto found = repo.find_tag(tag.name).value();
    auto peeled = repo.peel_tag(tag).value();
    ASSERT_TRUE(found && peeled) << tag.name;
    EXPECT_EQ(git.at(tag.name).second, found->commit_id) << tag.name;
    EXPECT_EQ(git.at(tag.name).second, peeled->commit_id) << tag.name;
    EXPECT_EQ(git.at(tag.name).first, found->annotated) << tag.name;
    EXPECT_EQ(git.at(tag.name).first, peeled->annotated) << tag.name;
    annotated += found->annotated;
  }
  EXPECT_EQ(118u, annotated);  // as ../shared/README.md says
}

}  // namespace
}  // namespace kongtpl
