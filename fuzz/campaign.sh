#!/usr/bin/env bash
# A long local fuzzing campaign: runs the targets one after another, round
# after round, each for SECONDS on one core at the lowest priority (so it
# can run beside builds), from run.sh's seeds and the growing corpus, and
# appends one line per run to build-fuzz/campaign.log:
#   DATE TARGET EXECUTIONS SECONDS MAX_LEN STATUS
# Stops after ROUNDS rounds (default: until killed). A target that crashes
# (the input is in build-fuzz/artifacts/, the log in
# build-fuzz/campaign-TARGET.log) is left out of the later rounds. Build and
# seed first with `bash fuzz/run.sh 1`.
#   bash fuzz/campaign.sh SECONDS MAX_LEN [ROUNDS] [TARGET...]
# FUZZ_TIMEOUT (default 10) is libFuzzer's -timeout, in wall-clock seconds:
# at nice 19 beside builds an input that takes 1.5 s of CPU (a module the
# Lua sandbox stops at its CPU deadline) can take more than 10 s of wall
# time; give such a machine 30. Allocation stacks are not recorded
# (ASAN_OPTIONS=malloc_context_size=0 unless ASAN_OPTIONS is set): 10% more
# inputs a second; every error is still caught, and re-running the saved
# input prints the full report.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?SECONDS}
max_len=${2:?MAX_LEN}
rounds=${3:-0}
shift 3 2>/dev/null || shift $#
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_diff fuzz_merge fuzz_lua fuzz_layout fuzz_rendered fuzz_url)
out=build-fuzz
[ -d "$out/seeds" ] || { echo "campaign: run 'bash fuzz/run.sh 1' first (builds and seeds)" >&2; exit 2; }
log=$out/campaign.log
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0}
round=0
failed=()
while [ "$rounds" -eq 0 ] || [ "$round" -lt "$rounds" ]; do
  round=$((round + 1))
  for t in "${targets[@]}"; do
    mkdir -p "$out/corpus/$t"
    run_log=$out/campaign-$t.log
    nice -n 19 "$out/fuzz/$t" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 \
      -max_len="$max_len" -print_final_stats=1 -artifact_prefix="$out/artifacts/$t-" \
      "$out/corpus/$t" "$out/seeds/$t" >"$run_log" 2>&1
    status=$?
    runs=$(grep -h -o "stat::number_of_executed_units: *[0-9]*" "$run_log" | grep -o "[0-9]*$" | tail -1)
    rm -f fuzz-*.log
    echo "$(date -u +%FT%TZ) $t ${runs:-0} $seconds $max_len $status" >>"$log"
    if [ "$status" -ne 0 ]; then
      echo "campaign: $t failed (status $status), see $run_log" >&2
      cp "$run_log" "$out/campaign-$t.failed.log"
      failed+=("$t")
    fi
  done
  remaining=()
  for t in "${targets[@]}"; do [[ " ${failed[*]:-} " == *" $t "* ]] || remaining+=("$t"); done
  [ ${#remaining[@]} -gt 0 ] || exit 1
  targets=("${remaining[@]}")
done
