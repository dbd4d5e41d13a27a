#!/usr/bin/env bash
# kongtpl history over every consecutive pair of final releases of the
# bundle (first final to last final) against a shell loop of
# `git diff -w --numstat` per pair (bench/history_anchor.sh), whole process,
# side by side. Usage: bench/history_vs_git.sh [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
runs=${1:-11}
glob='kong/templates/nginx*.lua'
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bench_build
bench_bundle_clone "$work/kong.git"
# The final releases in version order (kongtpl's order; pre-releases out).
"$KONGTPL" --repo "$work/kong.git" versions | grep -Ev '(alpha|beta|rc|pre)' >"$work/finals"
first=$(head -n1 "$work/finals") last=$(tail -n1 "$work/finals")
pairs=$(($(wc -l <"$work/finals") - 1))
echo "kongtpl history vs git diff -w --numstat per pair: $pairs consecutive pairs of finals ($first .. $last), $runs runs each"
side_by_side "$runs" \
  "git diff -w --numstat loop ($pairs pairs)" "bash $here/history_anchor.sh $work/kong.git $work/finals '$glob'" \
  "kongtpl history $first $last" "$KONGTPL --repo $work/kong.git history -q --templates '$glob' $first $last"
