// False positives are defects: every template module Kong shipped, at every
// tag of the sources bundle, and each upstream composite (nginx.lua with its
// includes inlined, as a custom_nginx.template is made), linted by the real
// binary at its own version with every upgrade check, gives no error.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>
#include <sstream>

#include "e2e/kong_sources.hpp"

namespace kongtpl {
namespace {

using testing::run_process;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

TEST(UpstreamLintClean, EveryModuleAndCompositeAtEveryTagHasNoError) {
  std::string repo = testing::sources_clone();
  if (repo.empty()) GTEST_SKIP() << "no kong-sources.bundle in " << KONGTPL_SHARED_DIR;
  auto start = std::chrono::steady_clock::now();
  testing::TempDir dir;
  size_t files = 0, warnings = 0, tags = 0;
  for (const std::string& tag : lines_of(run_process({"git", "--git-dir", repo, "tag"}).out)) {
    auto listed = run_process({"git", "--git-dir", repo, "ls-tree", "--name-only", tag, "kong/templates/"});
    ASSERT_EQ(0, listed.status) << listed.err;
    std::vector<std::string> paths = lines_of(listed.out);
    if (paths.empty()) continue;  // before Kong had template modules
    ++tags;
    std::vector<std::string> args = {"--repo", repo, "lint", "--version", tag, "--format", "json"};
    for (const std::string& path : paths) {
      std::string copy = dir / (tag + "/" + std::filesystem::path(path).filename().string());
      testing::write_file(copy, run_process({"git", "--git-dir", repo, "show", tag + ":" + path}).out);
      args.push_back(copy);
    }
    std::string composite = dir / (tag + "/custom_nginx.template");
    testing::write_file(composite, testing::upstream_composite(repo, tag));
    args.push_back(composite);
    files += args.size() - 7;

    auto r = testing::run_kongtpl(args);
    ASSERT_NE(2, r.status) << tag << ": " << r.err;
    auto report = nlohmann::json::parse(r.out);
    for (const auto& f : report.at("findings")) {
      EXPECT_NE("error", f.at("severity")) << tag << ": " << f.dump();
      if (f.at("severity") == "warning") ++warnings;
    }
  }
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ measured ] " << tags << " tags, " << files << " files (modules and composites) linted with "
            << warnings << " warning(s) in " << seconds << " s\n";
  EXPECT_GT(tags, 140u);
}

}  // namespace
}  // namespace kongtpl
