#!/usr/bin/env bash
# kongtpl diff --body 2.0.0 2.7.0 (every module read through Lua) against
# kongtpl diff 2.0.0 2.7.0 (the Lua files as text), whole process, side by
# side on a bare clone of the bundle. Target: ratio of medians <= 1.5.
# Usage: bench/body_vs_raw.sh [RUNS]
# (diff exits 1 on differences; "|| true" keeps set -e in lib.sh going.)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs=${1:-21}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bench_build
bench_bundle_clone "$work/kong.git"
echo "kongtpl diff --body vs kongtpl diff, $runs runs each, bare clone of the bundle"
side_by_side "$runs" \
  "kongtpl diff --body 2.0.0 2.7.0" "$KONGTPL --repo $work/kong.git diff --body --color=never 2.0.0 2.7.0 || true" \
  "kongtpl diff 2.0.0 2.7.0" "$KONGTPL --repo $work/kong.git diff --color=never 2.0.0 2.7.0 || true"
