#!/usr/bin/env bash
# A first clone through kongtpl (--repo git://..., cold cache) against
# `git clone --bare` of the same repository, both from a `git daemon` on
# 127.0.0.1 serving a bare clone of the bundle; whole process, side by side.
# Target: ratio of medians <= 1.1. Usage: bench/clone_vs_git.sh [RUNS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs=${1:-11}
work=$(mktemp -d)
daemon_pid=
cleanup() {
  [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
bench_build
mkdir "$work/served"
bench_bundle_clone "$work/served/kong.git"

# A loopback port nothing answers on.
port=$((20000 + RANDOM % 20000))
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
"$(git --exec-path)/git-daemon" --reuseaddr --export-all --base-path="$work/served" \
  --listen=127.0.0.1 --port="$port" "$work/served" 2>/dev/null &
daemon_pid=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
url="git://127.0.0.1:$port/kong.git"

objects=$(git --git-dir "$work/served/kong.git" count-objects -v | awk '/^(count|in-pack):/ { n += $2 } END { print n }')
size=$(git --git-dir "$work/served/kong.git" count-objects -vH | awk -F': ' '/^size-pack:/ { print $2 }')
echo "first clone from $url ($objects objects, pack $size), $runs runs each"
# Each run starts from nothing: a fresh cache root / target folder.
side_by_side "$runs" \
  "kongtpl --repo URL versions (cold cache)" \
  "rm -rf $work/cache && XDG_CACHE_HOME=$work/cache $KONGTPL --repo $url -q versions" \
  "git clone --bare URL" \
  "rm -rf $work/git.git && git clone -q --bare $url $work/git.git"
