// TLS set-up deferred until a transfer needs it (src/git/tls_certificates):
// after local reads, an https clone still sets TLS up and reaches the TLS
// handshake. The server here answers in plain text, so the handshake must
// fail with libgit2's TLS error (not a crash, not a connection error).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <thread>

#include "git/remote_cache.hpp"
#include "git/repository.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

/// Accepts one connection on 127.0.0.1 and answers it in plain text.
class PlainTextServer {
 public:
  PlainTextServer() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    listen(fd_, 1);
    thread_ = std::thread([this] {
      int client = accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      const char reply[] = "HTTP/1.0 400 not tls\r\n\r\n";
      ssize_t ignored = write(client, reply, sizeof reply - 1);
      (void)ignored;
      close(client);
    });
  }
  ~PlainTextServer() {
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

TEST(TlsDeferral, HttpsAfterLocalReadsReachesTheHandshake) {
  // A local read first: libgit2 is initialised with TLS deferred.
  auto fixture = Repository::open(KONGTPL_FIXTURE_REPO);
  ASSERT_TRUE(fixture.ok()) << fixture.error().message;
  ASSERT_TRUE(fixture->find_tag("1.0.0").ok());

  PlainTextServer server;
  testing::TempDir cache;
  RemoteOptions options;
  options.quiet = true;
  options.cache_root = cache / "cache";
  auto cloned = ensure_cached("https://127.0.0.1:" + std::to_string(server.port()) + "/kong.git", options);
  ASSERT_FALSE(cloned.ok());
  const std::string& message = cloned.error().message;
  // mbedTLS reports the failed handshake; a set-up never replayed would crash.
  EXPECT_NE(std::string::npos, message.find(": SSL error: ")) << message;
}

}  // namespace
}  // namespace kongtpl
