#!/usr/bin/env bash
# kongtpl diff 2.0.0 2.7.0 against git diff -w on a bare clone of the bundle,
# whole process, side by side. Usage: bench/diff_vs_git.sh [RUNS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs=${1:-21}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bench_build
bench_bundle_clone "$work/kong.git"
echo "kongtpl diff vs git diff -w, $runs runs each, bare clone of the bundle"
side_by_side "$runs" \
  "kongtpl diff 2.0.0 2.7.0" "$KONGTPL --repo $work/kong.git diff --color=never 2.0.0 2.7.0" \
  "git diff -w 2.0.0 2.7.0" "git --git-dir $work/kong.git diff --no-color -w 2.0.0 2.7.0 -- 'kong/templates/nginx_kong*.lua'"
