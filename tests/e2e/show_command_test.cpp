// `kongtpl show VERSION [TEMPLATE]`: the template's bytes exactly as git
// stores them, or the list of templates at that version.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::ProcessOptions;
using testing::ProcessResult;
using testing::read_file;
using testing::run_kongtpl;
using testing::run_process;
using testing::TempDir;

const std::string kRepo = KONGTPL_FIXTURE_REPO;

ProcessResult show(std::vector<std::string> args) {
  args.insert(args.begin(), {"--repo", kRepo, "show"});
  return run_kongtpl(args);
}

std::string git_show(const std::string& object) {
  static TempDir home;
  ProcessOptions options;
  options.env = {{"HOME", home.path().string()}, {"GIT_CONFIG_NOSYSTEM", "1"}};
  ProcessResult r = run_process({"git", "-C", kRepo, "show", object}, options);
  if (r.status != 0) throw std::runtime_error("git show failed: " + r.err);
  return r.out;
}

TEST(ShowCommand, ListsTheTemplatesAtAVersion) {
  ProcessResult first = show({"1.0.0"});
  EXPECT_EQ(0, first.status) << first.err;
  EXPECT_EQ(
      "kong/templates/kong_defaults.lua\nkong/templates/nginx.lua\nkong/templates/nginx_kong.lua\n"
      "kong/templates/nginx_kong_extra.lua\n",
      first.out);
  // nginx_kong_stream.lua arrives at 1.2.0rc1; nginx_kong_extra.lua leaves at 2.0.0.
  EXPECT_EQ(
      "kong/templates/kong_defaults.lua\nkong/templates/nginx.lua\nkong/templates/nginx_kong.lua\n"
      "kong/templates/nginx_kong_extra.lua\nkong/templates/nginx_kong_stream.lua\n",
      show({"1.2.0rc1"}).out);
  EXPECT_EQ(
      "kong/templates/kong_defaults.lua\nkong/templates/nginx.lua\nkong/templates/nginx_kong.lua\n"
      "kong/templates/nginx_kong_stream.lua\n",
      show({"2.0.0"}).out);
}

TEST(ShowCommand, PrintsATemplateByteForByte) {
  for (const std::string version : {"1.0.0", "1.2.1", "2.9.0", "2.10.0", "next"}) {
    for (const std::string file : {"nginx_kong.lua", "nginx.lua", "kong_defaults.lua"}) {
      ProcessResult r = show({version, file});
      EXPECT_EQ(0, r.status) << version << " " << file << ": " << r.err;
      EXPECT_EQ(git_show(version + ":kong/templates/" + file), r.out) << version << " " << file;
      EXPECT_EQ("", r.err);
    }
  }
  // 2.9.0's stream template has no final newline; show must not add one.
  ProcessResult stream = show({"2.9.0", "nginx_kong_stream.lua"});
  ASSERT_FALSE(stream.out.empty());
  EXPECT_NE('\n', stream.out.back());
  EXPECT_EQ(git_show("2.9.0:kong/templates/nginx_kong_stream.lua"), stream.out);
}

TEST(ShowCommand, TemplateByPathFileNameOrStem) {
  const std::string expected = git_show("2.10.0:kong/templates/nginx_kong_stream.lua");
  for (const std::string name :
       {"kong/templates/nginx_kong_stream.lua", "nginx_kong_stream.lua", "nginx_kong_stream"}) {
    ProcessResult r = show({"2.10.0", name});
    EXPECT_EQ(0, r.status) << name << ": " << r.err;
    EXPECT_EQ(expected, r.out) << name;
  }
}

TEST(ShowCommand, WritesToAFileWithOutput) {
  TempDir dir;
  ProcessResult r = show({"2.0.0", "nginx_kong.lua", "-o", dir / "nginx_kong.lua"});
  EXPECT_EQ(0, r.status) << r.err;
  EXPECT_EQ("", r.out);
  EXPECT_EQ(git_show("2.0.0:kong/templates/nginx_kong.lua"), read_file(dir / "nginx_kong.lua"));
}

TEST(ShowCommand, UnknownTemplateNamesTheOnesThere) {
  ProcessResult r = show({"2.0.0", "nginx_kong_extra.lua"});
  EXPECT_EQ(2, r.status);
  EXPECT_EQ("", r.out);
  EXPECT_EQ(
      "kongtpl: no template 'nginx_kong_extra.lua' at 2.0.0 (templates there: kong_defaults.lua, nginx.lua, "
      "nginx_kong.lua, nginx_kong_stream.lua)\n",
      r.err);
}

}  // namespace
}  // namespace kongtpl
