#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) in build-fuzz and runs
# each for SECONDS (default 60) on a corpus seeded from fixtures/. Exits
# non-zero when a target finds a crash (the input is left in
# build-fuzz/artifacts/). Prints the executions of every target.
#   bash fuzz/run.sh [--ci] [SECONDS] [TARGET...]
# --ci explores deterministically (a fixed seed, a fresh corpus): CI then
# proves the same executions a developer can replay, instead of failing at
# random on what a new seed happens to find. Exploration with a random seed
# (the default) is for developers; what it finds is kept in fuzz/regressions/.
set -euo pipefail
cd "$(dirname "$0")/.."
ci=false
if [ "${1:-}" = --ci ]; then ci=true; shift; fi
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_diff fuzz_merge fuzz_lua fuzz_layout fuzz_rendered fuzz_version fuzz_url)
out=build-fuzz

export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$out" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKONGTPL_FUZZ=ON \
  -DKONGTPL_STATIC_DEPS=OFF \
  -DBUILD_TESTING=OFF "${launcher[@]}" >/dev/null
cmake --build "$out" -j2 --target "${targets[@]}"

# Seeds: the fixtures, in each target's input format (pieces split at NUL).
seeds=$out/seeds
rm -rf "$seeds"
mkdir -p "$seeds"/{fuzz_diff,fuzz_merge,fuzz_lua,fuzz_layout,fuzz_rendered,fuzz_version,fuzz_url}
templates=(fixtures/history/01-1.0.0/kong/templates/*.lua fixtures/custom/*.template fixtures/custom/*.lua)
n=0
for a in "${templates[@]}"; do
  for b in "${templates[@]}"; do
    n=$((n + 1))
    { printf '\003'; cat "$a"; printf '\0'; cat "$b"; } >"$seeds/fuzz_diff/$n"
    { cat "$a"; printf '\0'; cat "$b"; printf '\0'; cat "$a"; printf 'extra line\n'; } >"$seeds/fuzz_merge/$n"
  done
done
for f in "${templates[@]}" fixtures/broken/* fixtures/sandbox/*; do cp "$f" "$seeds/fuzz_lua/${f//\//_}"; done
for f in fixtures/custom/*.template fixtures/custom/*.lua; do cp "$f" "$seeds/fuzz_layout/${f//\//_}"; done
# A rendered copy of each history template (placeholders filled, `>` lines
# dropped) against the template.
for t in fixtures/history/*/kong/templates/*.lua; do
  { sed -e 's/\${{\([A-Z_]*\)}}/value_\1/g' -e '/^>/d' -e 's/\$([^)]*)/v/g' "$t"; printf '\0'; cat "$t"; } \
    >"$seeds/fuzz_rendered/${t//\//_}"
done
grep -v '^#' fixtures/history/tags | awk '{print $2}' | while read -r tag; do
  printf '%s\0%s' "$tag" "2.10.0" >"$seeds/fuzz_version/$tag"
done
i=0
for u in 'Kong/kong.git' 'a/b/c.git' '[::1]/x' 'host:22/path' 'p@th/x.git'; do
  for k in 0 1 2 3 4; do
    i=$((i + 1))
    { printf "\\x0$k"; printf '%s' "$u"; } >"$seeds/fuzz_url/$i"
  done
done

# Inputs that once failed (fuzz/regressions/<target without fuzz_>-*) seed
# their target again.
for f in fuzz/regressions/*; do
  [ -f "$f" ] || continue
  name=$(basename "$f")
  [ -d "$seeds/fuzz_${name%%-*}" ] && cp "$f" "$seeds/fuzz_${name%%-*}/regression-$name"
done

mkdir -p "$out/artifacts"
status=0
seed_option=()
$ci && seed_option=(-seed=1)
for t in "${targets[@]}"; do
  corpus=$out/corpus/$t
  $ci && rm -rf "$corpus"
  mkdir -p "$corpus"
  log=$out/$t.log
  if "$out/fuzz/$t" "${seed_option[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -print_final_stats=1 -artifact_prefix="$out/artifacts/$t-" "$corpus" "$seeds/$t" >"$log" 2>&1; then
    echo "fuzz: $t: $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') executions in ${seconds}s, corpus $(ls "$corpus" | wc -l) inputs"
  else
    echo "fuzz: $t FOUND A CRASH; log: $log; input: $(ls "$out/artifacts/$t-"* 2>/dev/null | head -1)"
    tail -40 "$log"
    status=1
  fi
done
exit $status
