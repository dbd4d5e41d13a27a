#!/usr/bin/env bash
# Regenerates cmake/link_order.txt: the functions kongtpl runs in the short
# commands users wait for, in the order they first run, for the linker to
# place side by side (lld --symbol-ordering-file; see CMakeLists.txt).
#
# Why: the kernel maps a binary's code in 64 KiB windows around every page
# a process touches, so the peak memory of a short command is about the
# number of windows its code is spread over. Linked in archive order, a
# `kongtpl diff` touched 875 pages (3.5 MB) of code; side by side they fit
# in a few hundred (bench/README.md, "Kong-like full repository").
#
# Needs valgrind (callgrind lists every function a run executes) and
# ../shared/kong-templates.bundle. Names that a later compiler no longer
# emits are ignored by the linker, so a stale list costs memory, never
# correctness. Usage: bench/link_order.sh [KONGTPL]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/.." && pwd)
kongtpl=${1:-$root/build/kongtpl}
command -v valgrind >/dev/null || { echo "link_order: valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bench_bundle_clone "$work/kong.git"
# A customised module: a line of the operator's own in the first server block.
git --git-dir "$work/kong.git" show 2.8.0:kong/templates/nginx_kong.lua |
  awk '{ print } /^server \{/ && !done { print "    client_max_body_size 64m;  # ours"; done = 1 }' >"$work/custom.lua"
git --git-dir "$work/kong.git" show 3.9.3:kong/templates/nginx_kong.lua >"$work/nginx_kong.lua"

n=0
profile() {
  n=$((n + 1))
  valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/profile.$n" "$kongtpl" "$@" >/dev/null 2>&1 || true
}
profile --version
profile --repo "$work/kong.git" diff --color=never 2.0.0 2.7.0
profile --repo "$work/kong.git" diff --color=never 2.8 latest
profile --repo "$work/kong.git" patch 2.8.0 3.0.0
profile --repo "$work/kong.git" show 3.0.0
profile --repo "$work/kong.git" versions
profile lint "$work/nginx_kong.lua"
profile --repo "$work/kong.git" apply --from 2.8.0 --to 3.0.0 "$work/custom.lua"

# Every function of the kongtpl binary that ran, in first-seen order.
python3 - "$work" "$(basename "$kongtpl")" >"$root/cmake/link_order.txt" <<'PY'
import glob, re, sys
work, binary = sys.argv[1], sys.argv[2]
seen, order = set(), []
for path in sorted(glob.glob(f"{work}/profile.*"), key=lambda p: int(p.rsplit(".", 1)[1])):
    objects, names, current = {}, {}, None
    for line in open(path, errors="replace"):
        m = re.match(r"^(c?ob)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if m:
            if m.group(3):
                objects[m.group(2)] = m.group(3)
            if m.group(1) == "ob":
                current = objects.get(m.group(2), "")
            continue
        m = re.match(r"^(c?fn)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if m:
            if m.group(3):
                names[m.group(2)] = m.group(3)
            name = names.get(m.group(2), "").split("'")[0]
            if m.group(1) == "fn" and current.endswith("/" + binary) and name and not name.startswith(("0x", "(")):
                if name not in seen:
                    seen.add(name)
                    order.append(name)
for name in order:
    print(name)
PY
echo "link_order: $(wc -l <"$root/cmake/link_order.txt") functions in cmake/link_order.txt" >&2
