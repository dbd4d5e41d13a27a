#!/usr/bin/env bash
# kongtpl lint over every template module at every tag of the bundle, in one
# process: once with the name check (against the latest release, so old
# modules collect unknown-name warnings and their history notes), once with
# the compile check only (no repository). Prints the total and the cost per
# template (median total / number of files). Usage: bench/lint_all.sh [RUNS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs=${1:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bench_build
bench_bundle_clone "$work/kong.git"
# Every tag's kong/templates/*.lua under $work/tree/<tag>/.
for tag in $(git --git-dir "$work/kong.git" tag); do
  git --git-dir "$work/kong.git" archive --prefix="$tag/" "$tag" -- kong/templates 2>/dev/null |
    tar -x -C "$work" --transform "s,^,tree/," 2>/dev/null || true  # tags before kong/templates (< 0.9.0)
done
find "$work/tree" -name '*.lua' | sort >"$work/files"
files=$(wc -l <"$work/files")
mkdir "$work/outside"  # no repository around it: compile check only
echo "kongtpl lint over $files modules (every kong/templates/*.lua at every tag), one process, $runs runs each"
# Relative paths keep the command line short; lint exits 1 on findings.
side_by_side "$runs" \
  "lint, name check at latest" "cd $work/tree && env -u KONGTPL_REPO $KONGTPL lint --repo $work/kong.git \$(sed 's,^$work/tree/,,' $work/files) || true" \
  "lint, compile check only" "cd $work/outside && env -u KONGTPL_REPO $KONGTPL lint \$(cat $work/files) || true" |
  tee "$work/result"
awk -v n="$files" '/median/ { ms = $(NF - 1); sub(/ +median.*/, ""); printf "%-40s %8.3f ms per template\n", $0, ms / n }' "$work/result"
