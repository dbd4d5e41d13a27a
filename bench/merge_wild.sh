#!/usr/bin/env bash
# kongtpl apply against git merge-file on customised templates of the kinds
# operators keep ("from the wild"), built from ../shared/kong-templates.bundle
# by bench/merge_wild_cases.py: composites at 0.x..3.x with customised
# nginx.lua lines, 2-space and tab re-indents, include-style files with the
# user's own servers, module copies with blocks inserted where upstream also
# inserts, moved location blocks, edits of lines upstream keeps or changes,
# and rendered (placeholder-free) copies, over short and long release jumps.
#
# kongtpl runs as a user would: `kongtpl apply --from F --to T FILE`, reading
# upstream from the clone and detecting the layout itself (rendered copies are
# plain files: `kongtpl merge ours base theirs`). git gets the same user file
# with base/theirs composed in the same layout: `git merge-file -p`. The
# figures are measured by bench/merge_wild_measure.py (definitions there and
# in bench/README.md).
#
# Usage: bench/merge_wild.sh [KONGTPL_BINARY]
#   without a binary, builds kongtpl in Release (build-bench/, bench/lib.sh).
#   KEEP=dir   keep the cases and every output in dir (created; must be empty)
#   CASE=pat   only the cases whose name matches the glob or contains pat
#   MERGE_WILD_SWEEP=1  every kind over every minor release and long jumps
#              (360 cases, the robustness sweep; bench/README.md)
# Exit status: 0 whether or not the targets are met; 2 on trouble.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"

if [ $# -ge 1 ]; then
  KONGTPL=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  [ -x "$KONGTPL" ] || { echo "bench: $1 is not an executable" >&2; exit 2; }
else
  bench_build
fi
command -v python3 >/dev/null || { echo "bench: python3 is needed" >&2; exit 2; }

if [ -n "${KEEP:-}" ]; then
  mkdir -p "$KEEP"
  [ -z "$(ls -A "$KEEP")" ] || { echo "bench: KEEP=$KEEP is not empty" >&2; exit 2; }
  work=$(cd "$KEEP" && pwd)
  # kongtpl merge and lint look for a repository around the current folder.
  if git -C "$work" rev-parse --git-dir >/dev/null 2>&1; then
    echo "bench: KEEP=$KEEP is inside a git repository; choose a folder outside (e.g. under /tmp)" >&2
    exit 2
  fi
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
# Lint must run outside any git repository (compile check only).
unset KONGTPL_REPO GIT_DIR GIT_WORK_TREE

bench_bundle_clone "$work/kong.git"
# A private copy, so that a rebuild during the run cannot swap the binary.
cp "$KONGTPL" "$work/kongtpl"
KONGTPL="$work/kongtpl"
count=$(python3 "$here/merge_wild_cases.py" "$work/kong.git" "$work/cases" "${CASE:-}")
[ "$count" -gt 0 ] || { echo "bench: no case matches CASE=${CASE:-}" >&2; exit 2; }

# Per case: kongtpl on a fresh copy of the user's file in kt/ (the merge) and
# idem/ (--write, then --check), git merge-file on ours/base/theirs.
for dir in "$work"/cases/*/; do
  dir=${dir%/}
  read -r mode from to file layout <"$dir/meta"
  mkdir -p "$dir/kt" "$dir/idem"
  set +e
  if [ "$mode" = apply ]; then
    cp "$dir/ours" "$dir/kt/$file"
    (cd "$dir/kt" && "$KONGTPL" --repo "$work/kong.git" apply --from "$from" --to "$to" "$file") \
      >"$dir/kongtpl.out" 2>"$dir/kongtpl.err"
    rc=$?
    layout_opt=()
    if [ "$rc" -eq 2 ]; then
      # Trouble (e.g. the layout was not recognised): record it, then measure
      # the merge with the layout named, as the error message advises.
      mv "$dir/kongtpl.err" "$dir/kongtpl.err.first"
      layout_opt=(--layout "$layout")
      (cd "$dir/kt" && "$KONGTPL" --repo "$work/kong.git" apply "${layout_opt[@]}" --from "$from" --to "$to" "$file") \
        >"$dir/kongtpl.out" 2>"$dir/kongtpl.err"
      echo "$rc $?" >"$dir/kongtpl.rc"
    else
      echo "$rc $rc" >"$dir/kongtpl.rc"
    fi
    cp "$dir/ours" "$dir/idem/$file"
    (cd "$dir/idem" && "$KONGTPL" --repo "$work/kong.git" apply "${layout_opt[@]}" --from "$from" --to "$to" --write "$file") \
      >/dev/null 2>"$dir/idem/write.err"
    wrc=$?
    crc=-
    if [ "$wrc" -eq 0 ]; then
      (cd "$dir/idem" && "$KONGTPL" --repo "$work/kong.git" apply "${layout_opt[@]}" --from "$from" --to "$to" --check "$file") \
        >/dev/null 2>"$dir/idem/check.err"
      crc=$?
    fi
  else
    cp "$dir/ours" "$dir/kt/$file"
    (cd "$dir/kt" && "$KONGTPL" merge "$file" ../base ../theirs) >"$dir/kongtpl.out" 2>"$dir/kongtpl.err"
    rc=$?
    echo "$rc $rc" >"$dir/kongtpl.rc"
    cp "$dir/ours" "$dir/idem/$file"
    (cd "$dir/idem" && "$KONGTPL" merge --write "$file" ../base ../theirs) >/dev/null 2>"$dir/idem/write.err"
    wrc=$?
    crc=-
    if [ "$wrc" -eq 0 ]; then
      (cd "$dir/idem" && "$KONGTPL" merge --check "$file" ../base ../theirs) >/dev/null 2>"$dir/idem/check.err"
      crc=$?
    fi
  fi
  echo "$wrc $crc" >"$dir/idem.rc"
  git merge-file -p "$dir/ours" "$dir/base" "$dir/theirs" >"$dir/git.out" 2>"$dir/git.err"
  grc=$?
  set -e
  echo "$grc" >"$dir/git.rc"
  if [ "$grc" -lt 0 ] || [ "$grc" -gt 127 ]; then
    echo "bench: git merge-file failed on $(basename "$dir"): $(cat "$dir/git.err")" >&2
    exit 2
  fi
done

echo "## kongtpl apply vs git merge-file on customised templates from the wild"
echo
(cd "$work" && python3 "$here/merge_wild_measure.py" "$KONGTPL" "$work/cases")
if [ -n "${KEEP:-}" ]; then
  echo
  echo "Cases and outputs kept in $work/cases (per case: ours base theirs, kongtpl.out/.err, git.out, res.*, details.txt)."
fi
