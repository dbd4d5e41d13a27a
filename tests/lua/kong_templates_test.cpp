// Every template module of every Kong release in the shared bundle: it
// extracts to exactly the text between its brackets, compiles, and passes
// the name check against its own release.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <sstream>

#include "lua/lint.hpp"
#include "lua/name_check.hpp"
#include "lua/template_body.hpp"
#include "lua/template_compiler.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

std::string git(const std::string& repo, std::vector<std::string> args) {
  args.insert(args.begin(), {"git", "--git-dir", repo});
  auto r = testing::run_process(args);
  if (r.status != 0) throw std::runtime_error("git failed: " + r.err);
  return r.out;
}

// The Lua definition, computed independently of the extractor: the text
// between the first long bracket "[=*[" and its matching "]=*]", without
// one newline right after the opening bracket.
struct Expected {
  std::string text;
  uint32_t first_line = 0;  // file line of the body's first line
};
Expected between_brackets(const std::string& file) {
  size_t open = file.find('[');
  while (open != std::string::npos) {
    size_t eq = file.find_first_not_of('=', open + 1);
    if (eq != std::string::npos && file[eq] == '[') break;
    open = file.find('[', open + 1);
  }
  if (open == std::string::npos) return {};
  size_t level = file.find_first_not_of('=', open + 1) - open - 1;
  std::string closer = "]" + std::string(level, '=') + "]";
  size_t start = open + level + 2;
  size_t close = file.find(closer, start);
  if (close == std::string::npos) return {};
  uint32_t line = 1 + static_cast<uint32_t>(std::count(file.begin(), file.begin() + static_cast<long>(start), '\n'));
  if (file.compare(start, 2, "\r\n") == 0) start += 2, ++line;
  else if (file[start] == '\n') start += 1, ++line;
  return {file.substr(start, close - start), line};
}

TEST(KongTemplates, EveryReleaseExtractsCompilesAndKnowsItsNames) {
  if (testing::shared_bundle().empty()) GTEST_SKIP() << "no Kong templates bundle at " << KONGTPL_SHARED_DIR;
  std::string repo = testing::shared_bare_clone();
  size_t files = 0;
  std::chrono::nanoseconds extraction{0};
  for (const std::string& tag : lines_of(git(repo, {"tag"}))) {
    std::vector<std::pair<std::string, std::string>> templates;  // path, bytes
    for (const std::string& path : lines_of(git(repo, {"ls-tree", "-r", "--name-only", tag, "kong/templates"})))
      templates.emplace_back(path, git(repo, {"cat-file", "blob", tag + ":" + path}));
    if (templates.empty()) continue;

    std::string defaults;
    std::vector<std::string> upstream_bodies;
    std::vector<std::pair<std::string, TemplateBody>> bodies;
    for (const auto& [path, bytes] : templates) {
      SCOPED_TRACE(tag + ":" + path);
      ++files;
      auto start = std::chrono::steady_clock::now();
      auto body = read_template_body(bytes, path);
      extraction += std::chrono::steady_clock::now() - start;
      ASSERT_TRUE(body.ok()) << body.error().message;
      EXPECT_TRUE(body->is_module);
      Expected expected = between_brackets(bytes);
      ASSERT_EQ(expected.text, body->text);
      for (size_t i = 0; i < body->file_line.size(); ++i)
        ASSERT_EQ(expected.first_line + i, body->file_line[i]) << "body line " << i;
      if (path.ends_with("kong_defaults.lua")) defaults = body->text;
      else if (!is_data_module(path)) upstream_bodies.push_back(body->text);
      bodies.emplace_back(path, std::move(body.value()));
    }

    KnownNames known = known_names(defaults, upstream_bodies);
    EXPECT_FALSE(known.properties.empty()) << tag;
    for (const auto& [path, body] : bodies) {
      SCOPED_TRACE(tag + ":" + path);
      for (const Finding& f : compile_check(body, path))
        ADD_FAILURE() << f.file << ":" << f.line << ": " << f.message << "\n  " << f.source_line;
    }
    for (const auto& [path, bytes] : templates) {
      SCOPED_TRACE(tag + ":" + path);
      for (const Finding& f : lint_template(bytes, path, &known))
        ADD_FAILURE() << f.file << ":" << f.line << ": " << f.message << "\n  " << f.source_line;
    }
  }
  EXPECT_GT(files, 700u);
  std::cout << "extracted " << files << " template files in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(extraction).count() << " ms\n";
}

}  // namespace
}  // namespace kongtpl

namespace kongtpl {
namespace {

// The check can fail: today's nginx_kong.lua uses names the first release
// with kong_defaults.lua never had.
TEST(KongTemplates, NewestTemplateHasUnknownNamesAtTheOldestRelease) {
  if (testing::shared_bundle().empty()) GTEST_SKIP() << "no Kong templates bundle at " << KONGTPL_SHARED_DIR;
  std::string repo = testing::shared_bare_clone();
  auto tags = lines_of(git(repo, {"tag", "--sort=version:refname"}));
  std::string oldest;
  for (const auto& tag : tags)
    if (testing::run_process({"git", "--git-dir", repo, "cat-file", "-e", tag + ":kong/templates/kong_defaults.lua"})
            .status == 0) {
      oldest = tag;
      break;
    }
  ASSERT_FALSE(oldest.empty());
  auto body_at = [&](const std::string& tag, const std::string& name) {
    auto body = read_template_body(git(repo, {"cat-file", "blob", tag + ":kong/templates/" + name}), name);
    EXPECT_TRUE(body.ok());
    return body.ok() ? body->text : std::string();
  };
  KnownNames old_known = known_names(body_at(oldest, "kong_defaults.lua"),
                                     {body_at(oldest, "nginx.lua"), body_at(oldest, "nginx_kong.lua")});
  std::string newest_file = git(repo, {"cat-file", "blob", tags.back() + ":kong/templates/nginx_kong.lua"});
  auto findings = lint_template(newest_file, "nginx_kong.lua", &old_known);
  ASSERT_FALSE(findings.empty());
  for (const Finding& f : findings) {
    EXPECT_EQ("warning", f.severity);
    EXPECT_FALSE(f.name.empty());
    // The finding's line is the file's line, and it shows that line.
    std::istringstream in(newest_file);
    std::string line;
    for (uint32_t i = 0; i < f.line; ++i) std::getline(in, line);
    EXPECT_EQ(line, f.source_line) << f.line;
  }
}

}  // namespace
}  // namespace kongtpl
