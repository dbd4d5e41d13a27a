#!/usr/bin/env bash
# kongtpl apply against git merge-file on the customised-template cases that
# tests/e2e/apply_kong_test.cpp builds from real Kong releases (a Lua module
# copy of nginx_kong.lua, a bare nginx_kong_stream.lua body and a composite
# custom_nginx.template, each with quiet and busy customisations, over short
# and long release jumps), then kongtpl merge against git merge-file on a
# large synthetic triple, timed side by side.
#
# Per case: conflicts (<<<<<<< blocks), conflicting lines (lines inside the
# blocks, markers excluded) and lost lines: a line the user added or upstream
# added (base -> ours, base -> theirs, compared ignoring whitespace) that is
# nowhere in the result, conflict sections included.
#
# Usage: bench/merge_vs_git.sh [RUNS] [LINES]
#   RUNS  timing runs per command (default 11); LINES  synthetic size (default 200000)
#   KONGTPL_E2E_TESTS=path/to/e2e_tests reuses a built test binary to export the cases;
#   KONGTPL=path/to/kongtpl measures that binary instead of building one.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs=${1:-11}
lines=${2:-200000}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -n "${KONGTPL:-}" ] || bench_build
bench_bundle_clone "$work/kong.git"
tests=${KONGTPL_E2E_TESTS:-}
if [ -z "$tests" ]; then
  cmake -S "$root" -B "$root/build-bench-cases" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$root/build-bench-cases" -j2 --target e2e_tests >/dev/null
  tests="$root/build-bench-cases/e2e_tests"
fi
KONGTPL_EXPORT_MERGE_CASES="$work/cases" "$tests" \
  --gtest_filter='KongCarryForward.BusyCustomisationsLandOrSitInAConflict' >"$work/export.log" 2>&1 || {
  echo "bench: exporting the cases failed (the test's own failures are in $work/export.log):" >&2
  tail -20 "$work/export.log" >&2
}
[ -d "$work/cases" ] || { echo "bench: no cases exported" >&2; exit 2; }

# conflict_counts FILE: "<conflicts> <conflicting lines>" (merge-style markers).
conflict_counts() {
  awk 'BEGIN { c = 0; n = 0; inside = 0 }
       /^<<<<<<< / || $0 == "<<<<<<<" { c++; inside = 1; next }
       /^>>>>>>> / || $0 == ">>>>>>>" { inside = 0; next }
       inside && ($0 == "=======" || /^\|\|\|\|\|\|\| / || $0 == "|||||||") { next }
       inside { n++ }
       END { print c, n }' "$1"
}

# lost_lines BASE OURS THEIRS RESULT: how many lines the user or upstream
# added (multiset, whitespace ignored, blank lines skipped) the result lacks.
lost_lines() {
  awk 'function key(s) { gsub(/[ \t\r]/, "", s); return s }
       FILENAME == ARGV[1] { k = key($0); if (k != "") base[k]++; next }
       FILENAME == ARGV[2] { k = key($0); if (k != "") ours[k]++; next }
       FILENAME == ARGV[3] { k = key($0); if (k != "") theirs[k]++; next }
       { k = key($0); if (k != "") result[k]++ }
       END {
         lost = 0
         for (k in ours) { want = ours[k] - base[k]; if (want > 0 && result[k] < want) lost += want - result[k] }
         for (k in theirs) { want = theirs[k] - base[k]; if (want > 0 && result[k] < want) lost += want - result[k] }
         print lost
       }' "$1" "$2" "$3" "$4"
}

echo "## kongtpl apply vs git merge-file on customised templates from real releases"
echo
printf '| %-40s | %9s | %9s | %9s | %9s | %9s | %9s |\n' case "kt confl" "kt lines" "kt lost" "git confl" "git lines" "git lost"
printf '| %-40s | %9s | %9s | %9s | %9s | %9s | %9s |\n' --- ---: ---: ---: ---: ---: ---:
tk_c=0 tk_l=0 tk_x=0 tg_c=0 tg_l=0 tg_x=0 cases=0
for dir in $(ls -d "$work"/cases/*/ | sort -V); do
  name=$(basename "$dir")
  read -r from to <"$dir/versions"
  # kongtpl sees the user's file alone and reads upstream from the repository.
  if [[ $name == module-* ]]; then file="$dir/nginx_kong.lua"; else file="$dir/custom_nginx.template"; fi
  cp "$dir/ours" "$file"
  set +e
  "$KONGTPL" --repo "$work/kong.git" apply --from "$from" --to "$to" "$file" >"$dir/kongtpl.out" 2>"$dir/kongtpl.err"
  kt_status=$?
  git merge-file -p "$dir/ours" "$dir/base" "$dir/theirs" >"$dir/git.out" 2>/dev/null
  set -e
  if [ "$kt_status" -gt 1 ]; then
    echo "bench: kongtpl failed on $name: $(cat "$dir/kongtpl.err")" >&2
    exit 2
  fi
  read -r kc kl < <(conflict_counts "$dir/kongtpl.out")
  read -r gc gl < <(conflict_counts "$dir/git.out")
  kx=$(lost_lines "$dir/base" "$dir/ours" "$dir/theirs" "$dir/kongtpl.out")
  gx=$(lost_lines "$dir/base" "$dir/ours" "$dir/theirs" "$dir/git.out")
  printf '| %-40s | %9d | %9d | %9d | %9d | %9d | %9d |\n' "$name" "$kc" "$kl" "$kx" "$gc" "$gl" "$gx"
  tk_c=$((tk_c + kc)) tk_l=$((tk_l + kl)) tk_x=$((tk_x + kx))
  tg_c=$((tg_c + gc)) tg_l=$((tg_l + gl)) tg_x=$((tg_x + gx))
  cases=$((cases + 1))
done
printf '| %-40s | %9d | %9d | %9d | %9d | %9d | %9d |\n' "**total ($cases cases)**" "$tk_c" "$tk_l" "$tk_x" "$tg_c" "$tg_l" "$tg_x"
echo
verdict=ok
[ "$tk_c" -lt "$tg_c" ] || verdict=FAIL
[ "$tk_l" -lt "$tg_l" ] || verdict=FAIL
[ "$tk_x" -eq 0 ] || verdict=FAIL
echo "kongtpl fewer conflicts ($tk_c < $tg_c), fewer conflicting lines ($tk_l < $tg_l), nothing lost ($tk_x): $verdict"
echo

# A large synthetic triple: nginx-shaped lines, the user editing one line in
# every 500 and upstream another, disjoint (both tools merge it cleanly).
awk -v n="$lines" -v dir="$work" 'BEGIN {
  for (i = 0; i < n; i++) {
    k = i % 6
    if (k == 0) l = "server {"
    else if (k == 1) l = "    listen " (8000 + i % 1000) ";"
    else if (k == 2) l = "    location /p" i " {"
    else if (k == 3) l = "        proxy_pass http://u" (i % 97) ";"
    else if (k == 4) l = "    }"
    else l = "}"
    print l > (dir "/big.base")
    print (i % 500 == 100 ? "    # mine " i : l) > (dir "/big.ours")
    print (i % 500 == 350 ? "    # upstream " i : l) > (dir "/big.theirs")
  }
}'
"$KONGTPL" merge "$work/big.ours" "$work/big.base" "$work/big.theirs" >"$work/big.kongtpl" 2>/dev/null
git merge-file -p "$work/big.ours" "$work/big.base" "$work/big.theirs" >"$work/big.git"
same=$(cmp -s "$work/big.kongtpl" "$work/big.git" && echo "identical output" || echo "OUTPUTS DIFFER")
echo "## kongtpl merge vs git merge-file, $lines-line triple, $runs runs each ($same)"
echo
side_by_side "$runs" \
  "kongtpl merge" "$KONGTPL merge $work/big.ours $work/big.base $work/big.theirs" \
  "git merge-file -p" "git merge-file -p $work/big.ours $work/big.base $work/big.theirs"
side_by_side "$runs" \
  "kongtpl merge --no-lint" "$KONGTPL merge --no-lint $work/big.ours $work/big.base $work/big.theirs" \
  "git merge-file -p" "git merge-file -p $work/big.ours $work/big.base $work/big.theirs"
