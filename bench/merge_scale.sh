#!/usr/bin/env bash
# kongtpl merge against git merge-file on large generated triples, whole
# processes side by side (medians, ratio) and peak memory:
#   dense-200k  200,000 nginx-shaped lines, each side editing ~2% of them
#               (one line in 50, at different places);
#   dense-1M    the same at 1,000,000 lines (growth should be linear);
#   disjoint    two 50,000-line sides with no line in common with each other
#               or with the 50,000-line base.
# Usage: bench/merge_scale.sh [RUNS]   (KONGTPL=path times another binary)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs=${1:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "${KONGTPL:-}" ]; then bench_build; fi

# triple NAME LINES EVERY: base/ours/theirs with one line in EVERY edited per side.
triple() {
  awk -v n="$2" -v every="$3" -v out="$work/$1" 'BEGIN {
    for (i = 0; i < n; i++) {
      k = i % 6
      if (k == 0) l = "server {"
      else if (k == 1) l = "    listen " (8000 + i % 1000) ";"
      else if (k == 2) l = "    location /p" i " {"
      else if (k == 3) l = "        proxy_pass http://u" (i % 97) ";"
      else if (k == 4) l = "    }"
      else l = "}"
      print l > (out ".base")
      print (i % every == 7 ? "    # mine " i : l) > (out ".ours")
      print (i % every == 31 ? "    # upstream " i : l) > (out ".theirs")
    }
  }'
}
triple dense-200k 200000 50
triple dense-1M 1000000 50
awk -v out="$work/disjoint" 'BEGIN {
  for (i = 0; i < 50000; i++) {
    print "base_" i ";" > (out ".base"); print "ours_" i ";" > (out ".ours"); print "theirs_" i ";" > (out ".theirs")
  }
}'
for name in dense-200k dense-1M disjoint; do
  f="$work/$name"
  "$KONGTPL" merge --no-lint "$f.ours" "$f.base" "$f.theirs" >"$f.kongtpl" 2>/dev/null || true
  git merge-file -p "$f.ours" "$f.base" "$f.theirs" >"$f.git" 2>/dev/null || true
  same=$(cmp -s "$f.kongtpl" "$f.git" && echo "identical output" || echo "outputs differ")
  conflicts_k=$(grep -c '^<<<<<<<' "$f.kongtpl" || true)
  conflicts_g=$(grep -c '^<<<<<<<' "$f.git" || true)
  echo "== $name ($same; conflicts kongtpl $conflicts_k, git $conflicts_g), $runs runs each"
  side_by_side "$runs" \
    "kongtpl merge --no-lint" "$KONGTPL merge --no-lint $f.ours $f.base $f.theirs" \
    "git merge-file -p" "git merge-file -p $f.ours $f.base $f.theirs"
  echo "peak KiB: kongtpl $(peak_kib 3 "$KONGTPL merge --no-lint $f.ours $f.base $f.theirs")," \
       "git $(peak_kib 3 "git merge-file -p $f.ours $f.base $f.theirs")"
done
