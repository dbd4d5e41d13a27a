#!/usr/bin/env bash
# First use of a file:// URL: kongtpl's bare clone into its cache (then the
# version listing) against git clone --bare of the same URL and of the plain
# path (git's local clone, hard links), on the Kong-like full repository.
# Each run starts from an empty folder. Usage: bench/local_clone_vs_git.sh [RUNS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs=${1:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bench_build
root=$(cd "$(dirname "$0")/.." && pwd)
full="$root/build-bench/kong-like.git"
bench_kong_like "$full"
url="file://$full"
echo "file:// first use, $runs runs each, Kong-like full repository"
side_by_side "$runs" \
  "kongtpl --repo file:// versions" "rm -rf $work/c && XDG_CACHE_HOME=$work/c $KONGTPL --repo $url -q versions" \
  "git clone --bare file://" "rm -rf $work/g && git clone -q --bare $url $work/g"
side_by_side "$runs" \
  "kongtpl --repo file:// versions" "rm -rf $work/c && XDG_CACHE_HOME=$work/c $KONGTPL --repo $url -q versions" \
  "git clone --bare PATH" "rm -rf $work/g && git clone -q --bare $full $work/g"
