#!/usr/bin/env bash
# Short commands where users wait, kongtpl against git, whole processes side
# by side (medians, ratio) and peak memory, on a Kong-like full repository
# (bench/kong_like_repo.sh: the bundle plus ~10,000 refs and ~215,000
# objects, built once into build-bench/kong-like.git) and on a bare clone of
# the templates-only bundle.
# Usage: bench/full_repo_vs_git.sh [RUNS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs=${1:-21}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bench_build
root=$(cd "$(dirname "$0")/.." && pwd)
full="$root/build-bench/kong-like.git"
bench_kong_like "$full"
bench_bundle_clone "$work/bundle.git"
glob='kong/templates/nginx_kong*.lua'
for repo in "$full" "$work/bundle.git"; do
  echo "== $( [ "$repo" = "$full" ] && echo "Kong-like full repository" || echo "templates-only bundle" ), $runs runs each"
  side_by_side "$runs" \
    "kongtpl diff 2.0.0 2.7.0" "$KONGTPL --repo $repo diff --color=never 2.0.0 2.7.0" \
    "git diff -w 2.0.0 2.7.0" "git --git-dir $repo diff --no-color -w 2.0.0 2.7.0 -- '$glob'"
  side_by_side "$runs" \
    "kongtpl diff 2.8 latest" "$KONGTPL --repo $repo diff --color=never 2.8 latest" \
    "git diff -w 2.8.4 3.9.3" "git --git-dir $repo diff --no-color -w 2.8.4 3.9.3 -- '$glob'"
  echo "peak KiB: kongtpl diff $(peak_kib 5 "$KONGTPL --repo $repo diff --color=never 2.0.0 2.7.0")," \
       "git diff -w $(peak_kib 5 "git --git-dir $repo diff --no-color -w 2.0.0 2.7.0 -- '$glob'")"
done
