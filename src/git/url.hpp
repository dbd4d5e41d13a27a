#pragma once
// Repository URLs as `--repo` accepts them: telling a URL from a local path,
// naming its cache folder, hiding credentials before anything is printed, and
// refusing transports that would run commands.
#include <string>

#include "util/result.hpp"

namespace kongtpl {

/// True when spec names a remote repository (scheme://..., user@host:path,
/// <transport>::...) rather than a local path; an existing path never is one.
bool is_remote_url(const std::string& spec);

/// Ok when url uses a transport kongtpl fetches with (https, http, ssh, git,
/// file, scp-like); an Error for `ext::`, `fd::` and every other
/// `<transport>::` form, unknown schemes and option-like hosts.
Status check_url_allowed(const std::string& url);

/// A readable, filesystem-safe folder name for url's cache, from its host and
/// path plus a short hash (e.g. "github.com-Kong-kong-3f2a9c1e"); never holds
/// credentials, and the same repository with or without ".git" or
/// credentials gets the same name.
std::string cache_name_for(const std::string& url);

/// url without `user:password@` credentials (and without the user of an
/// http(s) URL, which is often a token), for printing.
std::string redact(const std::string& url);

/// Any text (e.g. a libgit2 error message) with the credentials of every
/// URL inside it removed as redact does.
std::string redact_text(const std::string& text);

}  // namespace kongtpl
