// `kongtpl apply` on rendered copies, end to end on the fixture repository:
// nginx_kong.lua at 1.2.0 rendered the way Kong would (values for every
// placeholder, `> if` regions resolved, loops run) and then edited, carried
// to 2.10.0.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "e2e/apply_support.hpp"

namespace kongtpl::e2e {
namespace {

using testing::read_file;
using testing::write_file;

// The template rendered: each ${{NAME}} becomes "v_name" (lower case), each
// `> if` takes its first branch, each loop runs once with "$(...)" as
// "listen_value" and `>` lines disappear.
std::string rendered(const std::string& body) {
  std::string out;
  std::vector<bool> in_first;  // per open `> if`: still in its first branch
  for (const std::string& line : lines_of(body)) {
    if (line.rfind(">", 0) == 0) {
      std::string code = line.substr(1);
      code.erase(0, code.find_first_not_of(' '));
      if (code.rfind("if ", 0) == 0) {
        in_first.push_back(true);
      } else if (code.rfind("else", 0) == 0 && !in_first.empty()) {
        in_first.back() = false;
      } else if (code.rfind("end", 0) == 0 && !in_first.empty()) {
        in_first.pop_back();
      }
      continue;
    }
    bool live = true;
    for (bool first : in_first) live = live && first;
    if (!live) continue;
    std::string text = std::regex_replace(line, std::regex(R"(\$\{\{([A-Z_]+)\}\})"), "v_$1");
    text = std::regex_replace(text, std::regex(R"(\$\([^)]*\))"), "listen_value");
    out += text + "\n";
  }
  return out;
}

TEST(ApplyRendered, ARenderedCopyIsMergedAgainstTemplatesRenderedLikeIt) {
  TempDir dir;
  const std::string file = dir / "nginx-kong.conf";
  std::string mine = rendered(show_body(kRepo, "1.2.0", "nginx_kong.lua"));
  ASSERT_EQ(std::string::npos, mine.find("${{"));
  // The operator's own edit of a rendered line.
  const std::string before = "lua_shared_dict kong_locks";
  size_t at = mine.find(before);
  ASSERT_NE(std::string::npos, at);
  mine.insert(mine.find('\n', at) + 1, "lua_shared_dict ops_cache 10m;\n");
  write_file(file, mine);

  ProcessResult r = apply("1.2.0", "2.10.0", {file});
  ASSERT_TRUE(r.status == 0 || r.status == 1) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("nginx-kong.conf is a rendered copy")) << r.err;
  EXPECT_EQ(0, count_markers(r.out, "<<<<<<<")) << r.out;
  EXPECT_TRUE(has_line(r.out, "lua_shared_dict ops_cache 10m;")) << r.out;
  // Upstream's new lines arrive; the placeholders the file gave values for
  // are filled in, and any template syntax left is named on stderr.
  std::string upstream = show_body(kRepo, "2.10.0", "nginx_kong.lua");
  EXPECT_NE(std::string::npos, upstream.find("kong_secrets"));
  EXPECT_NE(std::string::npos, r.out.find("kong_secrets")) << r.out;
  bool syntax_left = r.out.find("${{") != std::string::npos || r.out.find("\n> ") != std::string::npos;
  EXPECT_EQ(syntax_left, r.err.find("line(s) of upstream's template syntax") != std::string::npos) << r.err;
}

TEST(ApplyRendered, ATemplateIsNeverTakenForARenderedCopy) {
  TempDir dir;
  const std::string file = dir / "nginx_kong.lua";
  write_file(file, read_file(kCustom + "nginx_kong.lua"));
  ProcessResult r = apply("1.2.0", "2.10.0", {file});
  EXPECT_EQ(std::string::npos, r.err.find("rendered copy")) << r.err;
}

}  // namespace
}  // namespace kongtpl::e2e
