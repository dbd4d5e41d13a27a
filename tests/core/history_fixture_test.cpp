// template_history and TemplateChangeCounter on the fixture repository, with
// `git diff -w --numstat` and `git diff --raw` as the oracles.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "core/history.hpp"
#include "core/history_format.hpp"
#include "git/temp_repo.hpp"

namespace kongtpl {
namespace {

using testing::git_in;

const std::string kFixture = KONGTPL_FIXTURE_REPO;

struct Fixture {
  Repository repo = Repository::open(kFixture).value();
  VersionCatalog catalog = VersionCatalog::load(repo).value();
  BlobCache blobs{repo, {kHistoryTemplateGlob}};
  ResolvedVersion at(const std::string& spec) { return catalog.resolve(spec, repo).value(); }
};

// git's numstat for a pair, as TemplateChanges (status from --name-status).
std::vector<TemplateChange> git_numstat(const std::string& a, const std::string& b) {
  std::vector<TemplateChange> out;
  std::istringstream numstat(git_in(kFixture, {"diff", "-w", "--numstat", a, b, "--", kHistoryTemplateGlob}));
  std::istringstream status(git_in(kFixture, {"diff", "--name-status", a, b, "--", kHistoryTemplateGlob}));
  std::map<std::string, TemplateStatus> statuses;
  for (std::string letter, path; status >> letter >> path;)
    statuses[path] = letter == "A" ? TemplateStatus::Added : letter == "D" ? TemplateStatus::Removed
                                                                          : TemplateStatus::Changed;
  for (std::string added, removed, path; numstat >> added >> removed >> path;)
    out.push_back(TemplateChange{path, statuses[path], std::stoul(added), std::stoul(removed), false});
  return out;
}

std::vector<std::string> versions_of(const TemplateHistory& history) {
  std::vector<std::string> out;
  for (const auto& r : history.releases) out.push_back(r.version);
  return out;
}

TEST(TemplateHistory, ListsFinalReleasesThatChangedTemplates) {
  Fixture f;
  auto history = template_history(f.catalog, f.blobs, f.at("1.0.0"), f.at("2.10.0"));
  ASSERT_TRUE(history.ok()) << history.error().message;
  // 1.2.1 only realigns whitespace: git -w sees nothing, so it is walked but not listed.
  EXPECT_EQ((std::vector<std::string>{"1.1.0", "1.2.0", "2.0.0", "2.9.0", "2.10.0"}), versions_of(*history));
  EXPECT_EQ(6u, history->releases_walked);
  EXPECT_EQ("1.0.0", history->from);
  EXPECT_EQ("2.10.0", history->to);
  for (const ReleaseChanges& r : history->releases) {
    EXPECT_EQ(git_in(kFixture, {"rev-parse", r.version + "^{commit}"}), r.commit_id);
    EXPECT_EQ(git_numstat(r.previous, r.version), r.templates) << r.previous << ".." << r.version;
  }
  // Each release is compared with the release just before it in the walk
  // (2.0.0 with 1.2.1, which is walked though not listed).
  std::vector<std::string> previous;
  for (const auto& r : history->releases) previous.push_back(r.previous);
  EXPECT_EQ((std::vector<std::string>{"1.0.0", "1.1.0", "1.2.1", "2.0.0", "2.9.0"}), previous);
}

TEST(TemplateHistory, AddedAndRemovedTemplates) {
  Fixture f;
  auto history = template_history(f.catalog, f.blobs, f.at("1.0.0"), f.at("2.0.0")).value();
  ASSERT_EQ(3u, history.releases.size());
  const ReleaseChanges& r120 = history.releases[1];
  ASSERT_EQ("1.2.0", r120.version);
  ASSERT_EQ(3u, r120.templates.size());
  EXPECT_EQ("kong/templates/nginx_kong_stream.lua", r120.templates[2].path);
  EXPECT_EQ(TemplateStatus::Added, r120.templates[2].status);
  EXPECT_EQ(0u, r120.templates[2].removed);
  const ReleaseChanges& r200 = history.releases[2];
  ASSERT_EQ(2u, r200.templates.size());
  EXPECT_EQ("kong/templates/nginx_kong_extra.lua", r200.templates[1].path);
  EXPECT_EQ(TemplateStatus::Removed, r200.templates[1].status);
  EXPECT_EQ(0u, r200.templates[1].added);
  EXPECT_EQ(r200.templates[0].added + r200.templates[1].added, r200.added());
  EXPECT_EQ(r200.templates[0].removed + r200.templates[1].removed, r200.removed());
}

TEST(TemplateHistory, AllIncludesPreReleases) {
  Fixture f;
  HistoryOptions options;
  options.include_prereleases = true;
  auto history = template_history(f.catalog, f.blobs, f.at("1.1.0"), f.at("1.2.1"), options).value();
  EXPECT_EQ((std::vector<std::string>{"1.2.0rc1", "1.2.0"}), versions_of(history));
  EXPECT_EQ("1.2.0rc1", history.releases[1].previous);
  EXPECT_EQ(git_numstat("1.2.0rc1", "1.2.0"), history.releases[1].templates);
}

TEST(TemplateHistory, NamedPreReleaseTargetIsIncluded) {
  Fixture f;
  auto history = template_history(f.catalog, f.blobs, f.at("1.0.0"), f.at("1.2.0rc1")).value();
  EXPECT_EQ((std::vector<std::string>{"1.1.0", "1.2.0rc1"}), versions_of(history));
}

TEST(TemplateHistory, ExactModeListsWhitespaceOnlyRelease) {
  Fixture f;
  HistoryOptions options;
  options.mode = WhitespaceMode::Exact;
  auto history = template_history(f.catalog, f.blobs, f.at("1.2.0"), f.at("1.2.1"), options).value();
  ASSERT_EQ((std::vector<std::string>{"1.2.1"}), versions_of(history));
  std::istringstream numstat(git_in(kFixture, {"diff", "--numstat", "1.2.0", "1.2.1", "--", kHistoryTemplateGlob}));
  size_t added = 0, removed = 0;
  std::string path;
  numstat >> added >> removed >> path;
  EXPECT_EQ(path, history.releases[0].templates.at(0).path);
  EXPECT_EQ(added, history.releases[0].templates[0].added);
  EXPECT_EQ(removed, history.releases[0].templates[0].removed);
}

TEST(TemplateHistory, SameVersionListsNothing) {
  Fixture f;
  auto history = template_history(f.catalog, f.blobs, f.at("2.0.0"), f.at("2.0.0")).value();
  EXPECT_TRUE(history.releases.empty());
  EXPECT_EQ(0u, history.releases_walked);
  EXPECT_EQ(0u, history.blobs_read);
}

TEST(TemplateHistory, RejectsReversedRangeAndNonReleases) {
  Fixture f;
  auto reversed = template_history(f.catalog, f.blobs, f.at("2.0.0"), f.at("1.0.0"));
  ASSERT_FALSE(reversed.ok());
  EXPECT_EQ("FROM (2.0.0) is newer than TO (1.0.0); give the older version first", reversed.error().message);
  auto branch = template_history(f.catalog, f.blobs, f.at("1.0.0"), f.at("next"));
  ASSERT_FALSE(branch.ok());
  EXPECT_EQ("history works on release tags, and 'next' is not one; name a version listed by 'kongtpl versions'",
            branch.error().message);
}

TEST(TemplateHistory, ReadsEachChangedBlobOnceAndSkipsEqualBlobs) {
  Fixture f;
  auto history = template_history(f.catalog, f.blobs, f.at("1.0.0"), f.at("2.10.0")).value();
  // The blobs that differ between consecutive releases, per git diff --raw:
  // exactly those, each once, are read; unchanged ones never are.
  std::set<std::string> blobs;
  size_t pairs = 0;
  std::vector<std::string> walk{"1.0.0", "1.1.0", "1.2.0", "1.2.1", "2.0.0", "2.9.0", "2.10.0"};
  for (size_t i = 1; i < walk.size(); ++i) {
    std::istringstream raw(git_in(kFixture, {"diff", "--raw", "--no-abbrev", walk[i - 1], walk[i], "--",
                                             kHistoryTemplateGlob}));
    for (std::string mode_a, mode_b, blob_a, blob_b, status, path; raw >> mode_a >> mode_b >> blob_a >> blob_b >> status >> path;) {
      ++pairs;
      for (const std::string& b : {blob_a, blob_b})
        if (b != std::string(40, '0')) blobs.insert(b);
    }
  }
  EXPECT_EQ(blobs.size(), history.blobs_read);
  EXPECT_EQ(pairs, history.pairs_diffed);
}

TEST(TemplateChangeCounter, RemembersComparedPairs) {
  Fixture f;
  TemplateChangeCounter counter(f.blobs);
  std::string a = f.at("1.0.0").commit_id, b = f.at("1.1.0").commit_id;
  auto first = counter.between(a, b).value();
  EXPECT_EQ(1u, counter.pairs_diffed());
  size_t read = f.blobs.blobs_read();
  EXPECT_EQ(first, counter.between(a, b).value());
  EXPECT_EQ(1u, counter.pairs_diffed());
  EXPECT_EQ(read, f.blobs.blobs_read());
  EXPECT_TRUE(counter.between(b, b).value().empty());
}

TEST(TemplateChangeCounter, ModeChangeAloneIsListedWithZeroCounts) {
  testing::TempRepo temp;
  temp.write("kong/templates/nginx.lua", "return [[\nuser nobody;\n]]\n");
  std::string one = temp.commit("one");
  temp.git({"update-index", "--chmod=+x", "kong/templates/nginx.lua"});
  temp.git({"commit", "-q", "-m", "two"});
  std::string two = temp.git({"rev-parse", "HEAD"});
  auto repo = Repository::open(temp.path()).value();
  BlobCache blobs(repo, {kHistoryTemplateGlob});
  TemplateChangeCounter counter(blobs);
  auto changes = counter.between(one, two).value();
  EXPECT_EQ((std::vector<TemplateChange>{{"kong/templates/nginx.lua", TemplateStatus::Changed, 0, 0, false}}), changes);
}

TEST(HistoryFormat, AlignsCountsAndMarksAddedAndRemoved) {
  std::vector<TemplateChange> changes{{"kong/templates/nginx.lua", TemplateStatus::Changed, 3, 12, false},
                                      {"kong/templates/nginx_kong_stream.lua", TemplateStatus::Added, 120, 0, false},
                                      {"kong/templates/nginx_kong_extra.lua", TemplateStatus::Removed, 0, 7, false}};
  EXPECT_EQ("    +3 -12  kong/templates/nginx.lua\n"
            "  +120  -0  kong/templates/nginx_kong_stream.lua (added)\n"
            "    +0  -7  kong/templates/nginx_kong_extra.lua (removed)\n",
            render_template_changes(changes, "  "));
  EXPECT_EQ("3 templates, +123 -19", change_summary(changes));
  EXPECT_EQ("1 template, +3 -12", change_summary({changes[0]}));
}

}  // namespace
}  // namespace kongtpl
