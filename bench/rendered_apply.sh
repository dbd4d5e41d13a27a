#!/usr/bin/env bash
# kongtpl apply on rendered copies against git merge-file (see
# bench/rendered_apply.py for what each column is).
# Usage: bench/rendered_apply.sh [KONGTPL_BINARY]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
if [ $# -ge 1 ]; then
  KONGTPL=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
else
  bench_build
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset KONGTPL_REPO GIT_DIR GIT_WORK_TREE
bench_bundle_clone "$work/kong.git"
python3 "$here/rendered_apply.py" "$KONGTPL" "$work/kong.git" "$work"
