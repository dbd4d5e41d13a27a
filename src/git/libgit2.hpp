#pragma once
/// libgit2's process-wide state: initialised on first use and shut down only
/// when the last holder (every open Repository holds one) is gone, so no
/// handle can outlive the library.
#include <memory>
#include <string>

namespace kongtpl {

/// A share in libgit2 staying initialised; keep it while using libgit2.
using LibGit2Session = std::shared_ptr<const void>;

/// Initialises libgit2 if needed and returns a share in it.
LibGit2Session libgit2_session();

/// libgit2's message for the last failed call on this thread, or fallback
/// when it left none.
std::string libgit2_error(const std::string& fallback);

}  // namespace kongtpl
