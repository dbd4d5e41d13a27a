#!/usr/bin/env bash
# Short commands where users wait, kongtpl against git, whole processes side
# by side (bench/paired_runs.py: medians of wall and CPU time, ratios, peak
# memory), on a Kong-like full repository
# (bench/kong_like_repo.sh: the bundle plus ~10,000 refs and ~215,000
# objects, built once into build-bench/kong-like.git) and on a bare clone of
# the templates-only bundle.
# Usage: bench/full_repo_vs_git.sh [RUNS]   (KONGTPL=path times another binary)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs=${1:-21}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "${KONGTPL:-}" ]; then bench_build; fi
root=$(cd "$(dirname "$0")/.." && pwd)
full="$root/build-bench/kong-like.git"
bench_kong_like "$full"
bench_bundle_clone "$work/bundle.git"
glob='kong/templates/nginx_kong*.lua'
paired="python3 $(dirname "$0")/paired_runs.py"
for repo in "$full" "$work/bundle.git"; do
  echo "== $( [ "$repo" = "$full" ] && echo "Kong-like full repository" || echo "templates-only bundle" ), $runs runs each"
  $paired "$runs" "kongtpl diff 2.0.0 2.7.0=$KONGTPL --repo $repo diff --color=never 2.0.0 2.7.0" \
    "git diff -w 2.0.0 2.7.0=git --git-dir $repo diff --no-color -w 2.0.0 2.7.0 -- $glob"
  $paired "$runs" "kongtpl diff 2.8 latest=$KONGTPL --repo $repo diff --color=never 2.8 latest" \
    "git diff -w 2.8.4 3.9.3=git --git-dir $repo diff --no-color -w 2.8.4 3.9.3 -- $glob"
done
echo "== start-up, $runs runs each"
$paired "$runs" "kongtpl --version=$KONGTPL --version" "git --version=git --version"
