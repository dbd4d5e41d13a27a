#pragma once
// libssh2 (ssh remotes), loaded only when an ssh transfer needs it.
//
// Debian's libssh2 does its cryptography with OpenSSL's libcrypto. Linked
// statically, libcrypto's tables made 14,365 of the binary's 22,927
// pointers the dynamic loader relocates at every start-up, and its pages
// part of every command's memory (bench/README.md, "Kong-like full
// repository"). In the static build (KONGTPL_STATIC_LIBGIT2) kongtpl defines
// the 37 libssh2 functions libgit2 calls: libssh2_init (which libgit2's own
// init calls) is only recorded; the first other call dlopen()s
// libssh2.so.1, replays libssh2_init and passes every call on. Without the
// library the calls fail as libssh2 does when it cannot allocate, and
// libssh2_unavailable() says why for the error message.
#include <optional>
#include <string>

namespace kongtpl {

/// The shared library the calls are passed to.
inline constexpr const char* kLibssh2Library = "libssh2.so.1";

/// Why an ssh call could not be made, once one failed to load the library:
/// "cannot load libssh2.so.1 (...)". Empty while ssh has not been needed or works.
std::optional<std::string> libssh2_unavailable();

}  // namespace kongtpl
