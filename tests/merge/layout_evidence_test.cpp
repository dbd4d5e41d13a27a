#include "merge/layout_evidence.hpp"

#include <gtest/gtest.h>

#include "layout_test_bodies.hpp"

namespace kongtpl {
namespace {

using Words = std::vector<std::string>;

TEST(LayoutEvidence, TopLevelDirectivesAtDepthZeroOnly) {
  EXPECT_EQ((Words{"pid", "events", "http"}),
            top_level_nginx_directives("pid pids/nginx.pid; # ours\nevents {}\nhttp {\n    server {\n    }\n}\n"));
  // Inside http {}: not top level.
  EXPECT_EQ(Words{"http"}, top_level_nginx_directives("http {\n    daemon off;\n    stream {\n    }\n}\n"));
  EXPECT_EQ(Words{}, top_level_nginx_directives("charset UTF-8;\nserver {\n    listen 8000;\n}\n"));
}

TEST(LayoutEvidence, BracesInPlaceholdersQuotesCommentsAndLuaLinesDoNotNest) {
  const char* body =
      "worker_processes ${{NGINX_WORKER_PROCESSES}};\n"
      "> if x then -- {\n"
      "error_log '{' $(log_level({})); # {{\n"
      "> end\n"
      "daemon ${{NGINX_DAEMON}};\n"
      "stream{\n"
      "}\n";
  EXPECT_EQ((Words{"worker_processes", "daemon", "stream"}), top_level_nginx_directives(body));
}

TEST(LayoutEvidence, IndentedTopLevelStillCounts) {
  EXPECT_EQ((Words{"pid", "http"}), top_level_nginx_directives("\tpid nginx.pid;\n\thttp {\n\t\tdaemon on;\n\t}\n"));
}

TEST(LayoutEvidence, SharedLinesAreLeftOutOfAShare) {
  // Two of the three distinctive lines are the other template's too: only
  // "tcp_nodelay on;" is this one's own.
  const char* whole = "lua_package_path x;\nlua_socket_pool_size 30;\ntcp_nodelay on;\n";
  const char* other = "lua_package_path x;\nlua_socket_pool_size 30;\n";
  EXPECT_DOUBLE_EQ(2.0 / 3, distinctive_share(whole, other));
  EXPECT_DOUBLE_EQ(0.0, distinctive_share(whole, other, false, {other}));
  EXPECT_DOUBLE_EQ(1.0, distinctive_share(whole, "  tcp_nodelay   on;\n", false, {other}));
}

TEST(LayoutEvidence, SkeletonLeavesOutIncludeAndLuaLines) {
  EXPECT_DOUBLE_EQ(1.0, distinctive_share(testing::kTinyNginx,
                                          "pid pids/nginx.pid;\nerror_log logs/error.log notice;\n"
                                          "events {\nworker_connections 1024;\n}\nstream {\n",
                                          true));
}

TEST(LayoutEvidence, GathersIncludesAndShares) {
  LayoutEvidence e = gather_layout_evidence(testing::kTinyNginx, testing::tiny_bodies());
  EXPECT_TRUE(e.includes_kong);
  EXPECT_TRUE(e.includes_stream);
  EXPECT_TRUE(e.stream_exists);
  EXPECT_DOUBLE_EQ(1.0, e.nginx_share);
  EXPECT_DOUBLE_EQ(0.0, e.kong_share);
  EXPECT_EQ((Words{"pid", "events", "http", "stream"}), e.top_level);
}

}  // namespace
}  // namespace kongtpl
