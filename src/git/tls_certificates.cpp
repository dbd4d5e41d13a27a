// Deferred loading of the system CA bundle.
//
// Debian's libgit2 1.5 is built with mbedTLS, and git_libgit2_init() parses
// the whole system CA bundle (/etc/ssl/certs/ca-certificates.crt) into the
// TLS configuration: about 50 million instructions, more than everything
// else a `kongtpl diff` does, and only needed for https. kongtpl defines the
// two mbedTLS parse functions libgit2 calls for this, so the executable's
// definitions are the ones the dynamic linker binds libgit2 to: they remember
// the request instead of parsing. load_tls_certificates() replays it with
// mbedTLS's own functions before the first network transfer. libssh2's
// global init is deferred the same way.
#include "git/tls_certificates.hpp"

#include <dlfcn.h>

#include <mutex>
#include <string>

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
