// TemplateSet: the templates at one version and their text, read lazily.
#include "core/template_set.hpp"

#include <gtest/gtest.h>

#include "git/temp_repo.hpp"

namespace kongtpl {
namespace {

using testing::git_in;

const std::string kFixture = KONGTPL_FIXTURE_REPO;

TEST(TemplateSet, FilesAndTextAtAVersion) {
  auto repo = Repository::open(kFixture).value();
  auto catalog = VersionCatalog::load(repo).value();
  auto version = catalog.resolve("1.2", repo).value();
  auto set = TemplateSet::load(repo, version, {"kong/templates/nginx_kong*.lua"});
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ("1.2.1", set->version().label);
  std::vector<std::string> paths;
  for (const auto& file : set->files()) paths.push_back(file.path);
  EXPECT_EQ((std::vector<std::string>{"kong/templates/nginx_kong.lua", "kong/templates/nginx_kong_extra.lua",
                                      "kong/templates/nginx_kong_stream.lua"}),
            paths);
  for (const auto& path : paths) {
    auto text = set->text(path);
    ASSERT_TRUE(text.ok()) << text.error().message;
    EXPECT_EQ(git_in(kFixture, {"show", "1.2.1:" + path}) + "\n", *text);
    EXPECT_EQ(git_in(kFixture, {"rev-parse", "1.2.1:" + path}), set->find(path)->blob_id);
  }
  EXPECT_EQ(nullptr, set->find("kong/templates/nginx.lua"));  // not matched by the glob
  auto missing = set->text("kong/templates/nginx.lua");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ("'kong/templates/nginx.lua' is not a template at 1.2.1", missing.error().message);
}

TEST(TemplateSet, RemovedTemplateIsAbsentLater) {
  auto repo = Repository::open(kFixture).value();
  auto set = TemplateSet::load(repo, {"2.0.0", repo.resolve_commit("2.0.0").value()}, {"kong/templates/*.lua"}).value();
  EXPECT_EQ(nullptr, set.find("kong/templates/nginx_kong_extra.lua"));
  EXPECT_NE(nullptr, set.find("kong/templates/nginx_kong_stream.lua"));
  EXPECT_EQ(4u, set.files().size());
}

TEST(TemplateSet, TextIsReadOnceAndCached) {
  testing::TempRepo temp;
  temp.write("kong/templates/nginx.lua", "return [[\nuser nobody;\n]]\n");
  std::string commit = temp.commit("one");
  auto repo = Repository::open(temp.path()).value();
  auto set = TemplateSet::load(repo, {"one", commit}, {"kong/templates/*.lua"}).value();
  EXPECT_EQ("return [[\nuser nobody;\n]]\n", set.text("kong/templates/nginx.lua").value());
  // With the object gone from the repository only the cache can answer.
  std::string blob = set.find("kong/templates/nginx.lua")->blob_id;
  std::filesystem::remove(temp.path() + "/.git/objects/" + blob.substr(0, 2) + "/" + blob.substr(2));
  EXPECT_FALSE(repo.read_blob(blob).ok());
  EXPECT_EQ("return [[\nuser nobody;\n]]\n", set.text("kong/templates/nginx.lua").value());
}

TEST(TemplateSet, UnreadableCommitIsAnError) {
  auto repo = Repository::open(kFixture).value();
  auto set = TemplateSet::load(repo, {"bogus", std::string(40, 'b')}, {"*"});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(0u, set.error().message.rfind("cannot list the templates of bogus: ", 0)) << set.error().message;
}

}  // namespace
}  // namespace kongtpl
