# Shared helpers for the benchmarks: whole-process timing, medians, ratios.
# Timings on a shared machine are noisy, so every figure is a median of
# several runs and comparisons are ratios measured side by side.

# bench_build: builds kongtpl in Release (build-bench/) and sets KONGTPL.
bench_build() {
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  cmake -S "$root" -B "$root/build-bench" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
  cmake --build "$root/build-bench" -j2 --target kongtpl >/dev/null
  KONGTPL="$root/build-bench/kongtpl"
}

# bench_bundle_clone DIR: a bare clone of ../shared/kong-templates.bundle.
bench_bundle_clone() {
  local root bundle
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  bundle="$root/../shared/kong-templates.bundle"
  [ -f "$bundle" ] || { echo "bench: $bundle is missing; the benchmarks need ../shared" >&2; exit 2; }
  git clone --quiet --bare "$bundle" "$1"
}

# now_ns: wall clock in nanoseconds.
now_ns() { date +%s%N; }

# time_once CMD...: prints the wall time of one run in milliseconds (float).
time_once() {
  local start end
  start=$(now_ns)
  # Exit status 1 means "differences" for kongtpl and git diff: not a failure.
  "$@" >/dev/null 2>&1 || [ $? -eq 1 ]
  end=$(now_ns)
  awk -v d=$((end - start)) 'BEGIN { printf "%.3f\n", d / 1e6 }'
}

# median: the median of the numbers on stdin.
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# side_by_side RUNS LABEL_A CMD_A LABEL_B CMD_B: alternates the two commands
# RUNS times (so load affects both alike) and prints both medians and the
# ratio A/B. Commands are strings run with bash -c.
side_by_side() {
  local runs=$1 label_a=$2 cmd_a=$3 label_b=$4 cmd_b=$5 i
  local file_a file_b
  file_a=$(mktemp) file_b=$(mktemp)
  for ((i = 0; i < runs; i++)); do
    time_once bash -c "$cmd_a" >>"$file_a"
    time_once bash -c "$cmd_b" >>"$file_b"
  done
  local med_a med_b
  med_a=$(median <"$file_a")
  med_b=$(median <"$file_b")
  rm -f "$file_a" "$file_b"
  printf '%-40s median %10.3f ms\n' "$label_a" "$med_a"
  printf '%-40s median %10.3f ms\n' "$label_b" "$med_b"
  awk -v a="$med_a" -v b="$med_b" -v la="$label_a" -v lb="$label_b" \
    'BEGIN { printf "ratio %s / %s = %.3f\n", la, lb, a / b }'
}

# peak_kib RUNS CMD: the median peak resident memory (KiB, GNU time's %M)
# of RUNS runs of the command string CMD (run with bash -c; the figure is
# the larger of bash and the command, so keep CMD a single process).
peak_kib() {
  local runs=$1 cmd=$2 i
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f %M bash -c "exec $cmd >/dev/null 2>&1" 2>&1 >/dev/null | tail -1
  done | median
}

# bench_kong_like DIR: the Kong-like full repository (bench/kong_like_repo.sh),
# built once and kept in DIR for later runs.
bench_kong_like() {
  [ -f "$1/packed-refs" ] || bash "$(dirname "${BASH_SOURCE[0]}")/kong_like_repo.sh" "$1" >&2
}
