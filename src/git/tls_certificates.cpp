// Deferred TLS and ssh start-up.
//
// Debian's libgit2 1.5 is built with mbedTLS, and git_libgit2_init() sets up
// TLS at once: it seeds a random generator (HAVEGE entropy, ~1 million
// instructions) and parses the whole system CA bundle (about 50 million
// instructions), and starts libssh2, which initialises OpenSSL's libcrypto.
// A local command needs none of it. How it is deferred depends on the link:
//
// - Static libgit2 (KONGTPL_STATIC_LIBGIT2, the default; see CMakeLists.txt):
//   the linker's --wrap sends libgit2's call to its own TLS set-up
//   (git_mbedtls_stream_global_init) here; it is recorded and replayed
//   through __real_* by load_tls_certificates(). libssh2 is not linked
//   there: src/git/on_demand/libssh2 records libssh2_init and replays it when
//   it loads the library for a first ssh transfer.
// - Shared libgit2: kongtpl defines the two mbedTLS parse functions libgit2
//   calls for the CA bundle, so the executable's definitions are the ones the
//   dynamic linker binds libgit2 to: they remember the request instead of
//   parsing, and load_tls_certificates() replays it with mbedTLS's own
//   functions (dlsym RTLD_NEXT). libssh2's global init is deferred the same way.
#include "git/tls_certificates.hpp"

#include <dlfcn.h>

#include <mutex>
#include <string>

#if KONGTPL_STATIC_LIBGIT2

extern "C" int __real_git_mbedtls_stream_global_init(void);

namespace kongtpl {
namespace {

struct Deferred {
  std::mutex mutex;
  bool loaded = false;
  bool tls_requested = false;
};

Deferred& deferred() {
  static Deferred state;
  return state;
}

}  // namespace

Status load_tls_certificates() {
  Deferred& d = deferred();
  std::lock_guard lock(d.mutex);
  if (d.loaded) return Status();
  d.loaded = true;
  if (d.tls_requested && __real_git_mbedtls_stream_global_init() != 0)
    return Error{"cannot set up TLS (system certificates in /etc/ssl/certs) for https transfers"};
  return Status();
}

}  // namespace kongtpl

extern "C" int __wrap_git_mbedtls_stream_global_init(void) {
  kongtpl::Deferred& d = kongtpl::deferred();
  {
    std::lock_guard lock(d.mutex);
    if (!d.loaded) {
      d.tls_requested = true;
      return 0;
    }
  }
  return __real_git_mbedtls_stream_global_init();
}

#else  // shared libgit2

namespace kongtpl {
namespace {

using ParseFunction = int (*)(void*, const char*);

struct DeferredParse {
  void* chain = nullptr;  // libgit2's mbedtls_x509_crt, alive while libgit2 is initialised
  std::string path;
  const char* symbol = nullptr;
};

std::mutex& guard() {
  static std::mutex mutex;
  return mutex;
}

DeferredParse& pending() {
  static DeferredParse parse;
  return parse;
}

bool& loaded() {
  static bool value = false;
  return value;
}

/// Records the call, or forwards it when certificates are needed already.
int defer_or_forward(const char* symbol, void* chain, const char* path) {
  std::lock_guard lock(guard());
  if (loaded()) {
    auto real = reinterpret_cast<ParseFunction>(dlsym(RTLD_NEXT, symbol));
    return real ? real(chain, path) : -1;
  }
  pending() = DeferredParse{chain, path ? path : "", symbol};
  return 0;
}

struct DeferredSsh {
  bool requested = false;
  int flags = 0;
};

DeferredSsh& pending_ssh() {
  static DeferredSsh ssh;
  return ssh;
}

}  // namespace

int defer_ssh_init(int flags) {
  std::lock_guard lock(guard());
  if (loaded()) {
    auto real = reinterpret_cast<int (*)(int)>(dlsym(RTLD_NEXT, "libssh2_init"));
    return real ? real(flags) : -1;
  }
  pending_ssh() = DeferredSsh{true, flags};
  return 0;
}

Status load_tls_certificates() {
  std::lock_guard lock(guard());
  if (loaded()) return Status();
  loaded() = true;
  if (pending_ssh().requested) {
    auto real = reinterpret_cast<int (*)(int)>(dlsym(RTLD_NEXT, "libssh2_init"));
    if (!real || real(pending_ssh().flags) != 0) return Error{"cannot initialise libssh2 for ssh transfers"};
  }
  DeferredParse parse = pending();
  if (!parse.symbol) return Status();
  auto real = reinterpret_cast<ParseFunction>(dlsym(RTLD_NEXT, parse.symbol));
  if (!real) return Error{std::string("cannot load TLS certificates: ") + parse.symbol + " not found"};
  // mbedTLS returns a positive count of certificates it could not parse;
  // like libgit2, only a negative result is a failure.
  if (real(parse.chain, parse.path.c_str()) < 0)
    return Error{"cannot load the system's TLS certificates from " + parse.path};
  return Status();
}

}  // namespace kongtpl

// The interposed mbedTLS entry points (C linkage, exported from the binary).
extern "C" int mbedtls_x509_crt_parse_file(void* chain, const char* path) {
  return kongtpl::defer_or_forward("mbedtls_x509_crt_parse_file", chain, path);
}

extern "C" int mbedtls_x509_crt_parse_path(void* chain, const char* path) {
  return kongtpl::defer_or_forward("mbedtls_x509_crt_parse_path", chain, path);
}

// libgit2's init also starts libssh2, which initialises all of OpenSSL's
// libcrypto (about a million instructions): deferred the same way.
extern "C" int libssh2_init(int flags) { return kongtpl::defer_ssh_init(flags); }

#endif  // KONGTPL_STATIC_LIBGIT2
