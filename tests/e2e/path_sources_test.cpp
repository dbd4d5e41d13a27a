// Versions that are paths, end to end: an installed Kong tree, a .tar, a
// .tar.gz, a real .deb (dpkg-deb --build), a docker save archive and a .rock,
// all built here from Kong's sources at two releases, against each other
// and against the tags they came from. The tags are the oracle: a path must
// give exactly what its tag gives.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "e2e/kong_sources.hpp"
#include "support/archive_writer.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

namespace fs = std::filesystem;
using testing::ArchiveKind;
using testing::ArchiveMember;
using testing::run_kongtpl;
using testing::run_process;

const std::string kLua = "usr/local/share/lua/5.1/";

void check(const testing::ProcessResult& r, const std::string& what) {
  if (r.status != 0) throw std::runtime_error(what + " failed: " + r.err);
}

/// Kong's sources at two releases in every shape a path version takes, built once.
struct Packages {
  std::string repo;
  testing::TempDir dir;
  std::map<std::string, std::string> at;  // shape → path

  explicit Packages(std::string repository) : repo(std::move(repository)) {
    for (const std::string version : {"3.4.1", "3.9.3"}) {
      // git archive is the oracle's own writer: a tar of exactly the tag's files.
      std::string tar = dir / ("kong-" + version + ".tar");
      check(run_process({"git", "--git-dir", repo, "archive", "-o", tar, "--prefix=" + kLua, version, "kong"}),
            "git archive");
      at["tar-" + version] = tar;
      std::string tgz = dir / ("kong-" + version + ".tar.gz");
      check(run_process({"git", "--git-dir", repo, "archive", "-o", tgz, "--prefix=" + kLua, version, "kong"}),
            "git archive");
      at["tgz-" + version] = tgz;
      std::string tree = dir / ("tree-" + version);
      fs::create_directories(tree);
      check(run_process({"tar", "-xf", tar, "-C", tree}), "tar -x");
      at["dir-" + version] = tree + "/" + kLua;
    }
    // A .deb as distributions build it.
    if (run_process({"dpkg-deb", "--version"}).status == 0) {
      std::string staged = dir / "deb";
      fs::create_directories(staged + "/DEBIAN");
      fs::copy(dir / "tree-3.4.1/usr", staged + "/usr", fs::copy_options::recursive);
      testing::write_file(staged + "/DEBIAN/control",
                 "Package: kong\nVersion: 3.4.1\nArchitecture: all\nMaintainer: test <t@example.org>\nDescription: test\n");
      std::string deb = dir / "kong_3.4.1_all.deb";
      check(run_process({"dpkg-deb", "--root-owner-group", "--build", staged, deb}), "dpkg-deb --build");
      at["deb-3.4.1"] = deb;
    }
    // docker save: 3.4.1 at the bottom, an opaque whiteout of the templates,
    // 3.9.3 on top; the outer archive lists the layers top first.
    std::string opaque = testing::write_archive({ArchiveMember(kLua + "kong/templates/.wh..wh..opq")}, ArchiveKind::Tar);
    std::string manifest =
        R"([{"Config":"cfg.json","RepoTags":["kong:3.9.3"],"Layers":["l1/layer.tar","l2/layer.tar","l3/layer.tar"]}])";
    std::string image = dir / "kong-image.tar";
    testing::write_file(image, testing::write_archive({{"l3/layer.tar", testing::read_file(at["tar-3.9.3"])},
                                              {"l2/layer.tar", opaque},
                                              {"l1/layer.tar", testing::read_file(at["tar-3.4.1"])},
                                              {"cfg.json", "{}"},
                                              {"manifest.json", manifest}},
                                             ArchiveKind::Tar));
    at["image-3.9.3"] = image;
    // A binary rock: a zip with the Lua tree under lua/.
    std::vector<ArchiveMember> rock;
    for (const auto& entry : fs::recursive_directory_iterator(at["dir-3.9.3"] + "kong"))
      if (entry.is_regular_file())
        rock.emplace_back("lua/" + fs::relative(entry.path(), at["dir-3.9.3"]).generic_string(),
                          testing::read_file(entry.path().string()));
    std::string rock_path = dir / "kong-3.9.3-0.all.rock";
    testing::write_file(rock_path, testing::write_archive(rock, ArchiveKind::Zip));
    at["rock-3.9.3"] = rock_path;
  }
};

class PathSources : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string repo = testing::sources_clone();
    if (!repo.empty()) packages_ = new Packages(repo);
  }
  static void TearDownTestSuite() {
    delete packages_;
    packages_ = nullptr;
  }
  void SetUp() override {
    if (!packages_) GTEST_SKIP() << "no " << KONGTPL_SHARED_DIR << "/kong-sources.bundle: Kong's sources are not here";
  }
  const std::string& repo() const { return packages_->repo; }
  const std::string& at(const std::string& shape) {
    if (!packages_->at.count(shape)) throw std::runtime_error("no " + shape + " package (dpkg-deb missing?)");
    return packages_->at.at(shape);
  }
  static Packages* packages_;
};
Packages* PathSources::packages_ = nullptr;

TEST_F(PathSources, EveryShapeDiffsAndPatchesExactlyAsItsTag) {
  auto by_tags = run_kongtpl({"--repo", repo(), "diff", "3.4.1", "3.9.3"});
  auto patch_by_tags = run_kongtpl({"--repo", repo(), "patch", "3.4.1", "3.9.3"});
  ASSERT_EQ(by_tags.status, 1) << by_tags.err;
  std::vector<std::string> olds{"dir-3.4.1", "tar-3.4.1", "tgz-3.4.1"}, news{"3.9.3", "tgz-3.9.3", "image-3.9.3", "rock-3.9.3"};
  if (run_process({"dpkg-deb", "--version"}).status == 0) olds.push_back("deb-3.4.1");
  for (const std::string& old_shape : olds) {
    for (const std::string& new_shape : news) {
      std::string to = new_shape == "3.9.3" ? "3.9.3" : at(new_shape);
      auto diff = run_kongtpl({"--repo", repo(), "diff", at(old_shape), to});
      EXPECT_EQ(diff.status, 1) << old_shape << " → " << new_shape << ": " << diff.err;
      EXPECT_EQ(diff.out, by_tags.out) << old_shape << " → " << new_shape;
      auto patch = run_kongtpl({"--repo", repo(), "patch", at(old_shape), to});
      EXPECT_EQ(patch.out, patch_by_tags.out) << old_shape << " → " << new_shape;
    }
  }
  // A path and its own tag: no difference, in every template.
  for (const std::string& shape : olds) {
    auto same = run_kongtpl({"--repo", repo(), "diff", "--templates", "kong/templates/*", at(shape), "3.4.1"});
    EXPECT_EQ(same.status, 0) << shape << ": " << same.err << same.out;
  }
}

TEST_F(PathSources, ApplyBetweenPackagesMergesAsBetweenTags) {
  testing::TempDir work;
  std::string composite = testing::upstream_composite(repo(), "3.4.1");
  std::string custom = testing::replaced(composite, "server_tokens off;", "server_tokens off;\n    # ours: kept\n");
  std::string file = work / "custom_nginx.template";
  testing::write_file(file, custom);
  auto by_tags = run_kongtpl({"--repo", repo(), "apply", "--from", "3.4.1", "--to", "3.9.3", file});
  ASSERT_EQ(by_tags.status, 0) << by_tags.err;
  ASSERT_NE(by_tags.out.find("# ours: kept"), std::string::npos);
  std::string from = run_process({"dpkg-deb", "--version"}).status == 0 ? at("deb-3.4.1") : at("tgz-3.4.1");
  auto by_packages = run_kongtpl({"--repo", repo(), "apply", "--from", from, "--to", at("image-3.9.3"), file});
  EXPECT_EQ(by_packages.status, 0) << by_packages.err;
  EXPECT_EQ(by_packages.out, by_tags.out);
  // Mixed: a package and a tag.
  auto mixed = run_kongtpl({"--repo", repo(), "apply", "--from", "3.4.1", "--to", at("rock-3.9.3"), file});
  EXPECT_EQ(mixed.out, by_tags.out) << mixed.err;
}

TEST_F(PathSources, DetectRanksAListOfPackages) {
  testing::TempDir work;
  std::string file = work / "custom_nginx.template";
  testing::write_file(file, testing::upstream_composite(repo(), "3.9.3"));
  auto r = run_kongtpl({"--repo", repo(), "detect", file, "--versions", at("tgz-3.4.1"), at("image-3.9.3"), "3.4.1"});
  ASSERT_EQ(r.status, 0) << r.err;
  // The version shown for a path is meta.lua's, with the path.
  EXPECT_NE(r.out.find("consistent with 3.9.3 (" + at("image-3.9.3") + ") (exact match"), std::string::npos) << r.out;
  auto json = nlohmann::json::parse(
      run_kongtpl({"--repo", repo(), "detect", file, "--format", "json", "--versions", at("tgz-3.4.1"), at("image-3.9.3")}).out);
  EXPECT_EQ(json["versions_compared"], 2);
  EXPECT_EQ(json["distance"], 0);
}

TEST_F(PathSources, LintAtAPathNeedsNoRepository) {
  testing::TempDir work;
  std::string file = work / "t.template";
  testing::write_file(file, "pid pids/nginx.pid;\nerror_log ${{NO_SUCH_PROPERTY}} ${{LOG_LEVEL}};\n");
  testing::ProcessOptions outside;
  outside.cwd = work.path().string();
  outside.unset_env = {"KONGTPL_REPO"};
  auto r = run_kongtpl({"lint", "--version", at("tgz-3.4.1"), file}, outside);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("KT104"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("check skipped"), std::string::npos) << r.err;  // the whole Lua tree is there
  // The same checks at the tag give the same findings.
  auto tag = run_kongtpl({"--repo", repo(), "lint", "--version", "3.4.1", file});
  EXPECT_EQ(r.out, tag.out);

  // Templates only: the checks that need Kong's other sources say they could not run.
  std::string templates_only = work / "templates-only.tar.gz";
  check(run_process({"git", "--git-dir", repo(), "archive", "-o", templates_only, "3.4.1", "kong/templates"}),
        "git archive");
  auto partial = run_kongtpl({"lint", "--version", templates_only, file}, outside);
  EXPECT_EQ(partial.status, 1) << partial.err;
  EXPECT_NE(partial.err.find("check skipped"), std::string::npos) << partial.err;
  EXPECT_NE(partial.err.find("prefix_handler.lua"), std::string::npos) << partial.err;

  // A tag without a repository: one line saying so.
  auto no_repo = run_kongtpl({"diff", at("dir-3.4.1"), "3.9.3"}, outside);
  EXPECT_EQ(no_repo.status, 2);
  EXPECT_NE(no_repo.err.find("no Kong repository"), std::string::npos) << no_repo.err;
  // Two paths need none.
  auto two_paths = run_kongtpl({"diff", "--stat", at("dir-3.4.1"), at("tgz-3.9.3")}, outside);
  EXPECT_EQ(two_paths.status, 1) << two_paths.err;
}

TEST(PathSourceRefusals, HostileArchivesExitTwoWithOneLine) {
  testing::TempDir work;
  struct Case {
    std::string name;
    std::vector<ArchiveMember> members;
    std::string says;
  };
  std::vector<Case> cases{
      {"absolute.tar", {ArchiveMember("/usr/local/share/lua/5.1/kong/templates/nginx.lua", "x")}, "absolute path"},
      {"dotdot.tar", {ArchiveMember("kong/templates/../../../etc/nginx.lua", "x")}, "escapes the archive"},
      {"loop.tar",
       {ArchiveMember("kong/templates/nginx.lua", "", "nginx_kong.lua"),
        ArchiveMember("kong/templates/nginx_kong.lua", "", "nginx.lua")},
       "symlink loop"},
      {"empty.tar", {ArchiveMember("README", "not kong")}, "holds no kong/templates/"},
  };
  for (const Case& c : cases) {
    std::string path = work / c.name;
    testing::write_file(path, testing::write_archive(c.members, ArchiveKind::Tar));
    auto r = run_kongtpl({"diff", path, path});
    EXPECT_EQ(r.status, 2) << c.name;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << c.name << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << c.name << ": " << r.err;
    EXPECT_TRUE(r.out.empty());
  }
  // A decompression bomb stops at the documented cap.
  std::string bomb = work / "bomb.tar.gz";
  testing::write_file(bomb, testing::write_archive({ArchiveMember("zeros", std::string(32 << 20, '\0')),
                                           ArchiveMember("kong/templates/nginx.lua", "return [[]]")},
                                          ArchiveKind::TarGz));
  testing::ProcessOptions capped;
  capped.env = {{"KONGTPL_MAX_ARCHIVE_SIZE", "4M"}};
  auto r = run_kongtpl({"show", bomb}, capped);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("more than 4 MiB"), std::string::npos) << r.err;
  auto uncapped = run_kongtpl({"show", bomb});
  EXPECT_EQ(uncapped.status, 0) << uncapped.err;
  EXPECT_EQ(uncapped.out, "kong/templates/nginx.lua\n");
}

TEST(NonOssTagsCli, VersionsAndHistoryLeaveThemOutByDefault) {
  std::string repo = testing::shared_bare_clone();
  if (repo.empty()) GTEST_SKIP() << "no " << KONGTPL_SHARED_DIR << "/kong-templates.bundle";
  auto all = run_kongtpl({"--repo", repo, "versions", "0.*"});
  EXPECT_NE(all.out.find("\n0.29\n0.30\n0.33\n"), std::string::npos) << all.out;
  auto oss = run_kongtpl({"--repo", repo, "versions", "--oss-only", "0.*"});
  EXPECT_EQ(oss.out.find("0.29"), std::string::npos);
  EXPECT_NE(oss.out.find("0.15.0\n"), std::string::npos);
  auto history = run_kongtpl({"--repo", repo, "history", "0.14.1", "1.0.0", "--format", "json"});
  ASSERT_EQ(history.status, 0) << history.err;
  auto walked = nlohmann::json::parse(history.out)["releases"];
  for (const auto& release : walked) EXPECT_NE(release["version"], "0.33");
  testing::ProcessOptions include;
  include.env = {{"KONGTPL_NON_OSS_TAGS", "include"}};
  auto with = run_kongtpl({"--repo", repo, "history", "0.14.1", "1.0.0", "--format", "json"}, include);
  EXPECT_GT(nlohmann::json::parse(with.out)["releases_walked"], nlohmann::json::parse(history.out)["releases_walked"]);
  // By exact name they are still versions.
  EXPECT_EQ(run_kongtpl({"--repo", repo, "show", "0.33"}).status, 0);
}

}  // namespace
}  // namespace kongtpl
