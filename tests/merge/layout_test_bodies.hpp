#pragma once
// Tiny upstream templates shaped like Kong's, shared by the layout tests.
#include "merge/layout.hpp"

namespace kongtpl::testing {

inline const char* kTinyNginx =
    "pid pids/nginx.pid;\n"
    "error_log logs/error.log notice;\n"
    "\n"
    "events {\n"
    "    worker_connections 1024;\n"
    "}\n"
    "\n"
    "> if #proxy_listeners > 0 then\n"
    "http {\n"
    "    include 'nginx-kong.conf';\n"
    "}\n"
    "> end\n"
    "\n"
    "> if #stream_listeners > 0 then\n"
    "stream {\n"
    "    include 'nginx-kong-stream.conf';\n"
    "}\n"
    "> end\n";

inline const char* kTinyKong =
    "charset UTF-8;\n"
    "server_tokens off;\n"
    "> if anonymous_reports then\n"
    "lua_shared_dict kong_reports 1m;\n"
    "> end\n"
    "\n"
    "server {\n"
    "    server_name kong;\n"
    "    listen 8000;\n"
    "}\n";

inline const char* kTinyStream =
    "lua_shared_dict stream_kong 5m;\n"
    "lua_socket_log_errors off;\n"
    "tcp_nodelay on;\n";

/// The three tiny templates at one version.
inline UpstreamBodies tiny_bodies() {
  return UpstreamBodies{{std::string(kNginxTemplate), kTinyNginx},
                        {std::string(kNginxKongTemplate), kTinyKong},
                        {std::string(kNginxKongStreamTemplate), kTinyStream}};
}

}  // namespace kongtpl::testing
