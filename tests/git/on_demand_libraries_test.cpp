// Libraries libgit2 calls, loaded on first use (src/git/on_demand): local
// work loads neither libgssapi_krb5 nor libssh2 (nor OpenSSL's libcrypto
// behind it), and libgit2's calls reach the real libraries once a server
// needs them. Only the static build binds libgit2 to kongtpl's functions;
// with the shared libgit2 they are linked as usual and these tests skip.
#include <dlfcn.h>

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "git/on_demand/gssapi.hpp"
#include "git/on_demand/libssh2.hpp"
#include "git/remote_cache.hpp"
#include "git/repository.hpp"
#include "support/loopback_server.hpp"
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

/// A clone of url into a fresh cache, which must fail: the servers here
/// only start a conversation.
std::string failed_clone(const std::string& url) {
  testing::TempDir cache;
  RemoteOptions options;
  options.quiet = true;
  options.cache_root = cache / "cache";
  auto cloned = ensure_cached(url, options);
  EXPECT_FALSE(cloned.ok());
  return cloned.ok() ? std::string() : cloned.error().message;
}

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
  testing::CannedServer server(
      "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Negotiate\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
      true);
  std::string message = failed_clone("http://127.0.0.1:" + std::to_string(server.port()) + "/kong.git");
  EXPECT_GE(server.connections(), 1);
  // libgit2 asked GSSAPI for a Kerberos token; there is no ticket here, and
  // the error is the library's own ("No credentials were supplied, ...").
  EXPECT_TRUE(gssapi_in_process()) << message;
  EXPECT_NE(std::string::npos, message.find("negotiate failure: ")) << message;
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
  testing::CannedServer server("SSH-2.0-kongtpl_test\r\n", false);
  std::string message = failed_clone("ssh://git@127.0.0.1:" + std::to_string(server.port()) + "/kong.git");
  EXPECT_GE(server.connections(), 1);
  EXPECT_TRUE(in_process(kLibssh2Library)) << message;
  EXPECT_FALSE(libssh2_unavailable().has_value());
  // libssh2's own words for the key exchange the server broke off.
  EXPECT_NE(std::string::npos, message.find("Unable to exchange encryption keys")) << message;
}

#else

TEST(GssapiOnDemand, SharedLibgit2LinksTheLibrary) {
  GTEST_SKIP() << "libgit2 is linked as a shared library: it loads GSSAPI itself";
}

#endif

}  // namespace
}  // namespace kongtpl
