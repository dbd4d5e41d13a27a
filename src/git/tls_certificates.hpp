#pragma once
// libgit2 parses the system CA bundle at init even for purely local reads;
// kongtpl defers that parse until a network transfer needs it (see
// tls_certificates.cpp for how).
#include "util/result.hpp"

namespace kongtpl {

/// Loads the CA certificates libgit2 asked for at init and starts libssh2;
/// call before any clone or fetch. Later calls do nothing.
Status load_tls_certificates();

/// libssh2_init as libgit2's init calls it: recorded until
/// load_tls_certificates(), forwarded after (internal to the interposer).
int defer_ssh_init(int flags);

}  // namespace kongtpl
