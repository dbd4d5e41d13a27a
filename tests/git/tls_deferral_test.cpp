// TLS set-up deferred until a transfer needs it (src/git/tls_certificates):
// after local reads, an https clone still sets TLS up and reaches the TLS
// handshake. The server here answers in plain text, so the handshake must
// fail with libgit2's TLS error (not a crash, not a connection error).
#include <gtest/gtest.h>

#include "git/remote_cache.hpp"
#include "git/repository.hpp"
#include "support/loopback_server.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

TEST(TlsDeferral, HttpsAfterLocalReadsReachesTheHandshake) {
  // A local read first: libgit2 is initialised with TLS deferred.
  auto fixture = Repository::open(KONGTPL_FIXTURE_REPO);
  ASSERT_TRUE(fixture.ok()) << fixture.error().message;
  ASSERT_TRUE(fixture->find_tag("1.0.0").ok());

  // Plain text where the TLS handshake expects a server hello.
  testing::CannedServer server("HTTP/1.0 400 not tls\r\n\r\n", false);
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
