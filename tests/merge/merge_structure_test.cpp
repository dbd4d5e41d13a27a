// merge_texts on Kong-shaped templates: the structure rules (issue 8's
// numbered requirements), each on a small literal case.
#include <gtest/gtest.h>

#include <string>

#include "merge/three_way.hpp"

namespace kongtpl {
namespace {

size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

const char* kHttp =
    "http {\n"
    "    lua_shared_dict kong 5m;\n"
    "\n"
    "    server {\n"
    "        listen 8000;\n"
    "    }\n"
    "}\n";

// 2. Two different server blocks appended at one place are never fused into
// one server: each lands whole (the braces of a block are one side's).
TEST(MergeStructure, TwoDifferentInsertedServersAreNeverFused) {
  std::string ours =
      "http {\n"
      "    lua_shared_dict kong 5m;\n"
      "\n"
      "    server {\n"
      "        listen 8000;\n"
      "    }\n"
      "    server {\n"
      "        listen 9100;\n"
      "        location / {\n"
      "        }\n"
      "    }\n"
      "}\n";
  std::string theirs =
      "http {\n"
      "    lua_shared_dict kong 5m;\n"
      "\n"
      "    server {\n"
      "        listen 8000;\n"
      "    }\n"
      "    server {\n"
      "        location / {\n"
      "            content_by_lua_block {\n"
      "                Kong.status()\n"
      "            }\n"
      "        }\n"
      "    }\n"
      "}\n";
  MergeResult r = merge_texts(ours, kHttp, theirs);
  const std::string users =
      "    server {\n"
      "        listen 9100;\n"
      "        location / {\n"
      "        }\n"
      "    }\n";
  const std::string upstreams =
      "    server {\n"
      "        location / {\n"
      "            content_by_lua_block {\n"
      "                Kong.status()\n"
      "            }\n"
      "        }\n"
      "    }\n";
  // Both servers whole (in a conflict or side by side), none sharing a brace.
  EXPECT_NE(std::string::npos, r.text.find(users)) << r.text;
  EXPECT_NE(std::string::npos, r.text.find(upstreams)) << r.text;
  EXPECT_EQ(3u, count(r.text, "    server {\n")) << r.text;

  // The case the issue saw fused: both appended right before http's "}".
  std::string base2 = "http {\n    lua_shared_dict kong 5m;\n}\n";
  std::string ours2 = "http {\n    lua_shared_dict kong 5m;\n" + users + "}\n";
  std::string theirs2 = "http {\n    lua_shared_dict kong 5m;\n" + upstreams + "}\n";
  MergeResult r2 = merge_texts(ours2, base2, theirs2);
  ASSERT_EQ(1u, r2.conflicts.size()) << r2.text;
  EXPECT_NE(std::string::npos, r2.text.find("<<<<<<<\n" + users + "=======\n" + upstreams + ">>>>>>>\n")) << r2.text;
}

// 3. A "}" only matches a "}" at the same depth: a user block closed just
// before upstream's change does not lend its brace to it.
TEST(MergeStructure, ClosingBracesMatchOnlyAtTheirDepth) {
  std::string base =
      "server {\n"
      "    location /a {\n"
      "        proxy_pass x;\n"
      "    }\n"
      "}\n";
  std::string theirs =
      "server {\n"
      "    location /a {\n"
      "        proxy_pass x;\n"
      "    }\n"
      "    location /b {\n"
      "        proxy_pass y;\n"
      "    }\n"
      "}\n";
  std::string ours =
      "server {\n"
      "    location /a {\n"
      "        proxy_pass x;\n"
      "        location /nested {\n"
      "            return 200;\n"
      "        }\n"
      "    }\n"
      "}\n";
  MergeResult r = merge_texts(ours, base, theirs);
  EXPECT_TRUE(r.clean()) << r.text;
  EXPECT_EQ(
      "server {\n"
      "    location /a {\n"
      "        proxy_pass x;\n"
      "        location /nested {\n"
      "            return 200;\n"
      "        }\n"
      "    }\n"
      "    location /b {\n"
      "        proxy_pass y;\n"
      "    }\n"
      "}\n",
      r.text);
}

// 5. A side whose change in a place is only blank lines yields.
TEST(MergeStructure, BlankLineOnlyChangesYield) {
  std::string base = "a;\nb;\nc;\n";
  std::string ours = "a;\n\nb;\nc;\n";        // a blank line where upstream rewrites
  std::string theirs = "a;\nB;\nc;\n";
  MergeResult r = merge_texts(ours, base, theirs);
  EXPECT_TRUE(r.clean()) << r.text;
  EXPECT_NE(std::string::npos, r.text.find("B;")) << r.text;
  EXPECT_EQ(std::string::npos, r.text.find("b;")) << r.text;
}

// 6. Upstream's new lines take the user's indentation for their depth,
// never one found in neither file; tabs stay tabs.
TEST(MergeStructure, InsertedLinesTakeTheUsersIndentationForTheirDepth) {
  std::string base =
      "http {\n"
      "    lua_shared_dict kong 5m;\n"
      "}\n";
  std::string theirs =
      "http {\n"
      "    lua_shared_dict kong 5m;\n"
      "    server {\n"
      "        listen 8100;\n"
      "        location / {\n"
      "            return 200;\n"
      "        }\n"
      "    }\n"
      "}\n";
  std::string two =
      "http {\n"
      "  lua_shared_dict kong 5m;\n"
      "  server {\n"
      "    listen 1;\n"
      "  }\n"
      "}\n";
  MergeResult r = merge_texts(two, base, theirs);
  EXPECT_NE(std::string::npos,
            r.text.find("  server {\n    listen 8100;\n    location / {\n      return 200;\n    }\n  }\n"))
      << r.text;
  std::string tabs = "http {\n\tlua_shared_dict kong 5m;\n}\n";
  r = merge_texts(tabs, base, theirs);
  EXPECT_NE(std::string::npos, r.text.find("\tserver {\n\t\tlisten 8100;\n\t\tlocation / {\n\t\t\treturn 200;\n"))
      << r.text;
}

// 7. The user's own edit of a line upstream did not change is never a
// conflict, even right next to upstream's change; merging again changes
// nothing.
TEST(MergeStructure, UsersEditNextToUpstreamsChangeIsNoConflict) {
  std::string base =
      "server {\n"
      "    ssl_session_cache shared:SSL:10m;\n"
      "    ssl_session_timeout 10m;\n"
      "}\n";
  std::string ours =
      "server {\n"
      "    ssl_session_cache shared:SSL:50m;\n"
      "    ssl_session_timeout 10m;\n"
      "}\n";
  std::string theirs =
      "server {\n"
      "    ssl_protocols TLSv1.2 TLSv1.3;\n"
      "    ssl_session_cache shared:SSL:10m;\n"
      "    ssl_session_timeout 1d;\n"
      "}\n";
  MergeResult r = merge_texts(ours, base, theirs);
  ASSERT_TRUE(r.clean()) << r.text;
  EXPECT_EQ(
      "server {\n"
      "    ssl_protocols TLSv1.2 TLSv1.3;\n"
      "    ssl_session_cache shared:SSL:50m;\n"
      "    ssl_session_timeout 1d;\n"
      "}\n",
      r.text);
  MergeResult again = merge_texts(r.text, base, theirs);
  EXPECT_TRUE(again.clean());
  EXPECT_EQ(r.text, again.text);
}

// 4. A conflict that would cut a "> if" region on one side only is widened:
// keeping either side leaves a template whose "> if"/"> end" balance.
TEST(MergeStructure, ConflictsAreWidenedToKeepIfRegionsWhole) {
  std::string base =
      "http {\n"
      "    include 'nginx-kong.conf';\n"
      "}\n";
  std::string theirs =
      "http {\n"
      "> if #proxy_listeners > 0 then\n"
      "    include 'nginx-kong.conf';\n"
      "> end\n"
      "}\n";
  std::string ours =
      "http {\n"
      "    include 'nginx-kong.conf';\n"
      "    server {\n"
      "        listen 8081;\n"
      "    }\n"
      "}\n";
  MergeResult r = merge_texts(ours, base, theirs);
  ASSERT_FALSE(r.clean()) << r.text;
  const Conflict& c = r.conflicts.front();
  // The conflict holds upstream's "> if" and "> end" together.
  EXPECT_LE(c.theirs.start, 1u);
  EXPECT_GE(c.theirs.end(), 4u);
}

// 8. Upstream changes merged inside a region both sides touched count.
TEST(MergeStructure, CountersIncludeChangesMergedInsideSharedRegions) {
  std::string base = "a;\nb;\nc;\nd;\n";
  std::string ours = "a;\nB;\nc;\nd;\n";
  std::string theirs = "a;\nb;\nC;\nd;\n";  // touches the user's change: one region, both land
  MergeResult r = merge_texts(ours, base, theirs);
  ASSERT_TRUE(r.clean()) << r.text;
  EXPECT_EQ("a;\nB;\nC;\nd;\n", r.text);
  EXPECT_EQ(1u, r.upstream_changes_applied);
}

// 9. The user's own block holding a copy of a line upstream rewrote is
// listed, not changed.
TEST(MergeStructure, CopiesOfRewrittenLinesAreListedToConsider) {
  std::string base =
      "server {\n"
      "    ssl_certificate ${{SSL_CERT}};\n"
      "}\n";
  std::string theirs =
      "server {\n"
      "> for i = 1, #ssl_cert do\n"
      "    ssl_certificate $(ssl_cert[i]);\n"
      "> end\n"
      "}\n";
  std::string ours =
      "server {\n"
      "    ssl_certificate ${{SSL_CERT}};\n"
      "}\n"
      "server {\n"
      "    listen 9443 ssl;\n"
      "    ssl_certificate ${{SSL_CERT}};\n"
      "}\n";
  MergeResult r = merge_texts(ours, base, theirs);
  ASSERT_TRUE(r.clean()) << r.text;
  ASSERT_EQ(1u, r.also_consider.size()) << r.text;
  EXPECT_EQ(5u, r.also_consider[0].ours_line);
  EXPECT_EQ(7u, r.also_consider[0].output_line);
  EXPECT_EQ(1u, r.also_consider[0].base_line);
  EXPECT_EQ((LineRange{1, 3}), r.also_consider[0].theirs);
  EXPECT_EQ(1u, count(r.text, "$(ssl_cert[i])"));
  EXPECT_EQ(1u, count(r.text, "${{SSL_CERT}}"));  // the user's copy, unchanged
}

}  // namespace
}  // namespace kongtpl
