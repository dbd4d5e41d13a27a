#!/usr/bin/env bash
# The anchor for bench/history_vs_git.sh: what `kongtpl history FIRST LAST`
# computes, done with git alone: `git diff -w --numstat` for every
# consecutive pair of the versions listed (one per line, in version order)
# over the same template globs.
# Usage: bench/history_anchor.sh GIT_DIR VERSIONS_FILE GLOB...
set -euo pipefail
git_dir=$1 versions=$2
shift 2
previous=
while IFS= read -r version; do
  if [ -n "$previous" ]; then
    echo "== $version (since $previous)"
    git --git-dir "$git_dir" diff --no-color -w --numstat "$previous" "$version" -- "$@"
  fi
  previous=$version
done <"$versions"
