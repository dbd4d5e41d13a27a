#!/usr/bin/env bash
# bench/kong_like_repo.sh DIR: a bare repository shaped like a full Kong clone.
#
# The bundle holds only kong/templates/ at each of Kong's 178 tags (677
# objects, 178 refs). A real clone has ~10,000 refs in packed-refs and a few
# hundred thousand objects in one pack, which is what makes tag listing and
# object lookups cost what they cost. This script adds, to a bare clone of the
# bundle:
#   - a side history of COMMITS commits (default 2,000), each changing 100
#     files in a 40-folder tree: ~250,000 objects (blobs, trees, commits);
#   - REFS refs (default 10,000) pointing into it: refs/heads/feature-N,
#     refs/remotes/origin/pr-N and refs/pull/N/head, so refs/tags/ is a
#     small slice of packed-refs, as in Kong;
# then `git pack-refs --all` and `git repack -adq` (one pack, packed refs
# with peeled tags, as `git clone` leaves them). Deterministic; ~1-2 minutes.
set -euo pipefail
dir=$1
commits=${COMMITS:-2000}
refs=${REFS:-10000}
bundle="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/../shared/kong-templates.bundle"
[ -f "$bundle" ] || { echo "kong_like_repo: $bundle is missing" >&2; exit 2; }
rm -rf "$dir"
git clone --quiet --bare "$bundle" "$dir"
export GIT_DIR="$dir"
base=$(git rev-parse 'refs/tags/3.9.3^{commit}')

# The side history as a fast-import stream (awk: deterministic pseudo-random
# file contents, no external input). Marks :1..:COMMITS are the commits.
awk -v commits="$commits" -v refs="$refs" -v base="$base" 'BEGIN {
  seed = 12345
  for (c = 1; c <= commits; c++) {
    print "commit refs/heads/side"
    print "mark :" c
    print "committer Bench <bench@example.invalid> " (1500000000 + c * 600) " +0000"
    msg = "side commit " c
    print "data " length(msg); print msg
    if (c == 1) print "from " base
    for (f = 0; f < 100; f++) {
      seed = (seed * 1103515245 + 12345) % 2147483648
      path = "src/mod" (seed % 40) "/file" (seed % 997) ".lua"
      body = ""
      for (l = 0; l < 12; l++) {
        seed = (seed * 1103515245 + 12345) % 2147483648
        body = body "local v" l " = " seed " -- commit " c "\n"
      }
      print "M 100644 inline " path
      print "data " length(body); printf "%s", body
    }
    print ""
  }
  for (r = 1; r <= refs; r++) {
    c = 1 + (r * 7919) % commits
    kind = r % 3
    if (kind == 0) name = "refs/heads/feature-" r
    else if (kind == 1) name = "refs/remotes/origin/pr-" r
    else name = "refs/pull/" r "/head"
    print "reset " name
    print "from :" c
    print ""
  }
}' | git fast-import --quiet
git pack-refs --all
git repack -adq
git count-objects -v | sed -n 's/^in-pack: /objects in pack: /p'
echo "refs in packed-refs: $(grep -vc '^[#^]' "$dir/packed-refs")"
