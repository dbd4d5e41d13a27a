// GSSAPI loaded on first use (src/git/gssapi): local work never loads
// libgssapi_krb5, and libgit2's calls reach the real library once made.
// Only the static build binds libgit2 to kongtpl's functions; with the
// shared libgit2 the library is linked as usual and these tests skip.
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <string>
#include <thread>

#include "git/gssapi/gssapi_on_demand.hpp"
#include "git/remote_cache.hpp"
#include "git/repository.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

#if KONGTPL_STATIC_LIBGIT2

bool gssapi_in_process() {
  void* handle = dlopen(kGssapiLibrary, RTLD_NOLOAD | RTLD_LAZY);
  if (handle == nullptr) return false;
  dlclose(handle);
  return true;
}

bool has_oid(gss_OID_set set, const std::string& bytes) {
  for (size_t i = 0; set != nullptr && i < set->count; ++i) {
    const gss_OID_desc_struct& oid = set->elements[i];
    if (oid.length == bytes.size() && std::memcmp(oid.elements, bytes.data(), bytes.size()) == 0) return true;
  }
  return false;
}

/// Answers every request on 127.0.0.1 with 401 and a Negotiate challenge,
/// as a Kerberos-protected git server does.
class NegotiateServer {
 public:
  NegotiateServer() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    listen(fd_, 8);
    thread_ = std::thread([this] {
      for (;;) {
        int client = accept(fd_, nullptr, nullptr);
        if (client < 0) return;
        char request[4096];
        ssize_t got = read(client, request, sizeof request);
        (void)got;
        ++requests_;
        const char reply[] =
            "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Negotiate\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        ssize_t ignored = write(client, reply, sizeof reply - 1);
        (void)ignored;
        close(client);
      }
    });
  }
  ~NegotiateServer() {
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  int port() const { return port_; }
  int requests() const { return requests_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<int> requests_{0};
  std::thread thread_;
};

TEST(GssapiOnDemand, LocalWorkNeverLoadsTheLibrary) {
  ASSERT_FALSE(gssapi_in_process()) << "loaded before main: linked instead of loaded on demand";
  auto fixture = Repository::open(KONGTPL_FIXTURE_REPO);
  ASSERT_TRUE(fixture.ok()) << fixture.error().message;
  ASSERT_TRUE(fixture->find_tag("1.0.0").ok());
  EXPECT_FALSE(gssapi_in_process());
}

TEST(GssapiOnDemand, CallsReachTheRealLibrary) {
  OM_uint32 minor = 0;
  gss_OID_set mechs = nullptr;
  ASSERT_EQ(0u, gss_indicate_mechs(&minor, &mechs));
  EXPECT_TRUE(gssapi_in_process());
  // Kerberos 5 (1.2.840.113554.1.2.2) and SPNEGO (1.3.6.1.5.5.2), as libgit2 looks for.
  EXPECT_TRUE(has_oid(mechs, "\x2a\x86\x48\x86\xf7\x12\x01\x02\x02"));
  EXPECT_TRUE(has_oid(mechs, "\x2b\x06\x01\x05\x05\x02"));
  EXPECT_EQ(0u, gss_release_oid_set(&minor, &mechs));

  // kongtpl's copy of the host-based service name type is accepted as the library's own.
  std::string service = "HTTP@kong.example";
  gss_buffer_desc_struct name_buffer{service.size(), service.data()};
  gss_name_t name = nullptr;
  ASSERT_EQ(0u, gss_import_name(&minor, &name_buffer, GSS_C_NT_HOSTBASED_SERVICE, &name));
  EXPECT_NE(nullptr, name);
  EXPECT_EQ(0u, gss_release_name(&minor, &name));

  gss_buffer_desc_struct message{0, nullptr};
  OM_uint32 context = 0;
  ASSERT_EQ(0u, gss_display_status(&minor, 13u << 16, 1 /* GSS_C_GSS_CODE */, nullptr, &context, &message));
  EXPECT_GT(message.length, 0u);
  EXPECT_EQ(0u, gss_release_buffer(&minor, &message));
}

TEST(GssapiOnDemand, NegotiateChallengeFromAServerUsesIt) {
  auto fixture = Repository::open(KONGTPL_FIXTURE_REPO);
  ASSERT_TRUE(fixture.ok()) << fixture.error().message;
  NegotiateServer server;
  testing::TempDir cache;
  RemoteOptions options;
  options.quiet = true;
  options.cache_root = cache / "cache";
  auto cloned = ensure_cached("http://127.0.0.1:" + std::to_string(server.port()) + "/kong.git", options);
  ASSERT_FALSE(cloned.ok());
  EXPECT_GE(server.requests(), 1);
  // libgit2 asked GSSAPI for a Kerberos token; there is no ticket here, and
  // the error is the library's own ("No credentials were supplied, ...").
  EXPECT_TRUE(gssapi_in_process()) << cloned.error().message;
  EXPECT_NE(std::string::npos, cloned.error().message.find("negotiate failure: ")) << cloned.error().message;
}

#else

TEST(GssapiOnDemand, SharedLibgit2LinksTheLibrary) {
  GTEST_SKIP() << "libgit2 is linked as a shared library: it loads GSSAPI itself";
}

#endif

}  // namespace
}  // namespace kongtpl
