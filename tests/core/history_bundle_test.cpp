// template_history over all of Kong's final releases, checked pair by pair
// against `git diff -w --numstat` on a clone of the shared bundle.
#include <gtest/gtest.h>

#include <map>

#include "core/history.hpp"
#include "git/temp_repo.hpp"

namespace kongtpl {
namespace {

using testing::run_process;

TEST(TemplateHistoryKong, EveryConsecutivePairOfFinalsMatchesGitNumstat) {
  std::string clone = testing::shared_bare_clone();
  if (clone.empty()) GTEST_SKIP() << "no " << KONGTPL_SHARED_DIR << "/kong-templates.bundle: Kong history test skipped";
  auto repo = Repository::open(clone).value();
  auto catalog = VersionCatalog::load(repo).value();
  std::vector<VersionTag> finals = catalog.finals();
  BlobCache blobs(repo, {kHistoryTemplateGlob});
  auto history = template_history(catalog, blobs, {finals.front().name(), finals.front().commit_id},
                                  {finals.back().name(), finals.back().commit_id});
  ASSERT_TRUE(history.ok()) << history.error().message;
  EXPECT_EQ(finals.size() - 1, history->releases_walked);

  std::map<std::string, const ReleaseChanges*> listed;
  for (const ReleaseChanges& r : history->releases) listed[r.version] = &r;
  size_t with_changes = 0;
  for (size_t i = 1; i < finals.size(); ++i) {
    auto git = run_process({"git", "--git-dir", clone, "diff", "-w", "--numstat", finals[i - 1].name(),
                            finals[i].name(), "--", kHistoryTemplateGlob});
    ASSERT_EQ(0, git.status) << git.err;
    with_changes += git.out.empty() ? 0 : 1;
    std::string ours;
    if (auto it = listed.find(finals[i].name()); it != listed.end()) {
      EXPECT_EQ(finals[i - 1].name(), it->second->previous);
      for (const TemplateChange& c : it->second->templates)
        ours += std::to_string(c.added) + "\t" + std::to_string(c.removed) + "\t" + c.path + "\n";
    }
    EXPECT_EQ(git.out, ours) << finals[i - 1].name() << ".." << finals[i].name();
  }
  EXPECT_EQ(with_changes, history->releases.size());
  EXPECT_GT(with_changes, 40u);  // Kong changes its templates in most minor releases
}

}  // namespace
}  // namespace kongtpl
