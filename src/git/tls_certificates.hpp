#pragma once
// libgit2 sets up TLS (the system CA bundle, a seeded random generator) and
// libssh2 at init even for purely local reads; kongtpl defers that until a
// network transfer needs it (see tls_certificates.cpp for how, static or
// shared libgit2).
#include "util/result.hpp"

namespace kongtpl {

/// Runs the TLS set-up libgit2 asked for at init (CA certificates) and
/// starts libssh2; call before any clone or fetch. Later calls do nothing.
Status load_tls_certificates();

/// libssh2_init as libgit2's init calls it: recorded until
/// load_tls_certificates(), forwarded after (internal to the interposer).
int defer_ssh_init(int flags);

}  // namespace kongtpl
