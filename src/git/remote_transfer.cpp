#include "git/remote_transfer.hpp"

#include <git2.h>

#include "git/libgit2.hpp"

#include "git/progress.hpp"
#include "git/tls_certificates.hpp"
#if KONGTPL_STATIC_LIBGIT2
#include "git/on_demand/libssh2.hpp"
#endif
#include "git/url.hpp"

namespace kongtpl {
namespace {

/// libgit2 is refcounted; this keeps it initialised while kongtpl runs.
/// libgit2 initialised, with the CA certificates a transfer may need.
void ensure_libgit2() {
  static LibGit2Session session = libgit2_session();
  (void)load_tls_certificates();  // a failure shows as libgit2's TLS error on https
}

/// What the libgit2 callbacks of one transfer share.
struct TransferState {
  TransferProgress* progress;
  int credential_attempts = 0;
};

int on_transfer(const git_indexer_progress* stats, void* payload) {
  auto* state = static_cast<TransferState*>(payload);
  state->progress->update({stats->received_objects, stats->total_objects, stats->indexed_deltas,
                           stats->total_deltas, stats->received_bytes});
  return 0;
}

/// ssh: try the agent once; an https server asking for Negotiate: the
/// user's Kerberos ticket, as git does; everything else: libgit2's own
/// handling (e.g. credentials inside an https URL). Never prompts, never loops.
int on_credentials(git_credential** out, const char* /*url*/, const char* username_from_url,
                   unsigned int allowed_types, void* payload) {
  auto* state = static_cast<TransferState*>(payload);
  if (state->credential_attempts++ > 0) return GIT_EUSER;
  const char* user = username_from_url && *username_from_url ? username_from_url : "git";
  if (allowed_types & GIT_CREDENTIAL_SSH_KEY) return git_credential_ssh_key_from_agent(out, user);
  if (allowed_types & GIT_CREDENTIAL_DEFAULT) return git_credential_default_new(out);
  if (allowed_types & GIT_CREDENTIAL_USERNAME) return git_credential_username_new(out, user);
  return GIT_PASSTHROUGH;
}

void set_callbacks(git_remote_callbacks& callbacks, TransferState& state) {
  callbacks.transfer_progress = on_transfer;
  callbacks.credentials = on_credentials;
  callbacks.payload = &state;
}

/// libgit2's last error, redacted; a failed credentials callback says so,
/// and so does an ssh transfer without libssh2 (static build: loaded on demand).
std::string last_error(const TransferState& state) {
  const git_error* e = git_error_last();
  std::string message = e && e->message ? redact_text(e->message) : "unknown error";
  if (state.credential_attempts > 1) message += " (authentication failed: check your ssh agent or credentials)";
#if KONGTPL_STATIC_LIBGIT2
  if (auto missing = libssh2_unavailable()) message += " (" + *missing + ")";
#endif
  return message;
}

int create_mirror_remote(git_remote** out, git_repository* repo, const char* name, const char* url, void*) {
  return git_remote_create_with_fetchspec(out, repo, name, url, "+refs/heads/*:refs/heads/*");
}

}  // namespace

Status clone_bare(const std::string& url, const std::string& directory, bool quiet) {
  ensure_libgit2();
  TransferProgress progress("cloned", url, quiet);
  TransferState state{&progress};
  git_clone_options options = GIT_CLONE_OPTIONS_INIT;
  options.bare = 1;
  options.checkout_opts.checkout_strategy = GIT_CHECKOUT_NONE;
  options.fetch_opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;
  options.remote_cb = create_mirror_remote;
  // A file:// URL (or a path) is cloned by copying the object files
  // (hard-linked when on the same file system) instead of packing and
  // indexing every object again as the file:// transport would.
  options.local = GIT_CLONE_LOCAL;
  set_callbacks(options.fetch_opts.callbacks, state);
  git_repository* repo = nullptr;
  if (git_clone(&repo, url.c_str(), directory.c_str(), &options) != 0) {
    progress.abandon();
    return Error{"cannot clone " + redact(url) + ": " + last_error(state) +
                 "; check the URL and your network, or pass a local clone with --repo PATH"};
  }
  // The cache's config must not keep credentials; fetches pass the URL anew.
  std::string shown = redact(url);
  int rc = shown == url ? 0 : git_remote_set_url(repo, "origin", shown.c_str());
  git_repository_free(repo);
  if (rc != 0) return Error{"cannot update the cached clone of " + shown + ": " + last_error(state)};
  if (url.starts_with("file://"))
    progress.finish_local_copy();
  else
    progress.finish();
  return {};
}

Status fetch_all(const std::string& repo_path, const std::string& url, bool prune, bool quiet) {
  ensure_libgit2();
  git_repository* repo = nullptr;
  if (git_repository_open_bare(&repo, repo_path.c_str()) != 0) {
    const git_error* e = git_error_last();
    return Error{"the cache " + repo_path + " is not a usable repository (" + (e ? e->message : "?") +
                 "); remove it and run again to clone anew"};
  }
  TransferProgress progress("fetched", url, quiet);
  TransferState state{&progress};
  git_remote* remote = nullptr;
  Status status;
  if (git_remote_create_anonymous(&remote, repo, url.c_str()) != 0) {
    status = Error{"cannot fetch " + redact(url) + ": " + last_error(state)};
  } else {
    char heads[] = "+refs/heads/*:refs/heads/*";
    char tags[] = "+refs/tags/*:refs/tags/*";
    char* specs[] = {heads, tags};
    git_strarray refspecs{specs, 2};
    git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
    options.prune = prune ? GIT_FETCH_PRUNE : GIT_FETCH_NO_PRUNE;
    options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;  // the tags refspec already takes them all
    set_callbacks(options.callbacks, state);
    if (git_remote_fetch(remote, &refspecs, &options, nullptr) != 0) {
      progress.abandon();
      status = Error{"cannot fetch " + redact(url) + ": " + last_error(state) +
                     "; check the URL and your network, or use --offline to work with the cached versions"};
    } else {
      progress.finish();
    }
  }
  git_remote_free(remote);
  git_repository_free(repo);
  return status;
}

}  // namespace kongtpl
