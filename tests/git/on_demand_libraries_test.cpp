// Libraries libgit2 calls, loaded on first use (src/git/on_demand): local
// work loads neither libgssapi_krb5 nor libssh2 (nor OpenSSL's libcrypto
// behind it), and libgit2's calls reach the real libraries once a server
// needs them. Only the static build binds libgit2 to kongtpl's functions;
// with the shared libgit2 they are linked as usual and these tests skip.
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

#include "git/on_demand/gssapi.hpp"
#include "git/on_demand/libssh2.hpp"
#include "git/remote_cache.hpp"
#include "git/repository.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

#if KONGTPL_STATIC_LIBGIT2

bool in_process(const char* library) {
  void* handle = dlopen(library, RTLD_NOLOAD | RTLD_LAZY);
  if (handle == nullptr) return false;
  dlclose(handle);
  return true;
}

bool gssapi_in_process() { return in_process(kGssapiLibrary); }

bool has_oid(gss_OID_set set, const std::string& bytes) {
  for (size_t i = 0; set != nullptr && i < set->count; ++i) {
    const gss_OID_desc_struct& oid = set->elements[i];
    if (oid.length == bytes.size() && std::memcmp(oid.elements, bytes.data(), bytes.size()) == 0) return true;
  }
  return false;
}

/// Answers every connection on 127.0.0.1 with `reply` (after reading what
/// the client sends first, unless it waits for the server to speak).
class CannedServer {
 public:
  CannedServer(std::string reply, bool read_first) : reply_(std::move(reply)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    listen(fd_, 8);
    thread_ = std::thread([this, read_first] {
      for (;;) {
        int client = accept(fd_, nullptr, nullptr);
        if (client < 0) return;
        char request[4096];
        if (read_first) {
          ssize_t got = read(client, request, sizeof request);
          (void)got;
        }
        ++requests_;
        ssize_t ignored = write(client, reply_.data(), reply_.size());
        (void)ignored;
        close(client);
      }
    });
  }
  ~CannedServer() {
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  int port() const { return port_; }
  int requests() const { return requests_; }

 private:
  std::string reply_;
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
  // A 401 with a Negotiate challenge, as a Kerberos-protected git server answers.
  CannedServer server(
      "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Negotiate\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
      true);
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

TEST(Libssh2OnDemand, LocalWorkNeverLoadsTheLibrary) {
  ASSERT_FALSE(in_process(kLibssh2Library)) << "loaded before main: linked instead of loaded on demand";
  ASSERT_FALSE(in_process("libcrypto.so.3"));
  auto fixture = Repository::open(KONGTPL_FIXTURE_REPO);
  ASSERT_TRUE(fixture.ok()) << fixture.error().message;
  ASSERT_TRUE(fixture->find_tag("1.0.0").ok());
  EXPECT_FALSE(in_process(kLibssh2Library));
  EXPECT_FALSE(libssh2_unavailable().has_value());
}

TEST(Libssh2OnDemand, SshServerIsReachedThroughTheRealLibrary) {
  auto fixture = Repository::open(KONGTPL_FIXTURE_REPO);  // libgit2's init: libssh2_init recorded
  ASSERT_TRUE(fixture.ok()) << fixture.error().message;
  // An ssh server's banner, then nothing: libssh2 starts the key exchange
  // and fails when the server closes.
  CannedServer server("SSH-2.0-kongtpl_test\r\n", false);
  testing::TempDir cache;
  RemoteOptions options;
  options.quiet = true;
  options.cache_root = cache / "cache";
  auto cloned = ensure_cached("ssh://git@127.0.0.1:" + std::to_string(server.port()) + "/kong.git", options);
  ASSERT_FALSE(cloned.ok());
  EXPECT_GE(server.requests(), 1);
  EXPECT_TRUE(in_process(kLibssh2Library)) << cloned.error().message;
  EXPECT_FALSE(libssh2_unavailable().has_value());
  // libssh2's own words for the key exchange the server broke off.
  EXPECT_NE(std::string::npos, cloned.error().message.find("Unable to exchange encryption keys"))
      << cloned.error().message;
}

#else

TEST(GssapiOnDemand, SharedLibgit2LinksTheLibrary) {
  GTEST_SKIP() << "libgit2 is linked as a shared library: it loads GSSAPI itself";
}

#endif

}  // namespace
}  // namespace kongtpl
