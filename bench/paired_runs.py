#!/usr/bin/env python3
"""Whole processes side by side, without a shell in between.

Runs each command in turn, RUNS rounds (so load on a shared machine falls on
all of them alike), straight through posix_spawn, and reads each child's own
figures from wait4(): wall time, CPU time (user + system: what a loaded
machine inflates least). Peak resident memory comes from five more runs
under GNU time (a child spawned from Python inherits Python's own peak in
ru_maxrss). Prints the medians and each command's ratio to the last one
(the reference, e.g. git).

  bench/paired_runs.py RUNS 'LABEL=COMMAND' ['LABEL=COMMAND' ...]

COMMAND is split like a shell would (shlex) but never run by one; an exit
status of 0 or 1 (differences) counts as success.
"""
import os
import shlex
import statistics
import sys
import tempfile
import time


def run_once(argv):
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        start = time.perf_counter()
        pid = os.posix_spawnp(argv[0], argv, os.environ,
                              file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
    finally:
        os.close(devnull)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"paired_runs: {shlex.join(argv)} exited with {code}")
    return wall * 1e3, (usage.ru_utime + usage.ru_stime) * 1e3


def peak_kib(argv):
    with tempfile.NamedTemporaryFile("r") as out:
        run_once(["/usr/bin/time", "-f", "%M", "-o", out.name] + argv)
        return int(out.read().split()[-1])


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    runs = int(sys.argv[1])
    commands = []
    for spec in sys.argv[2:]:
        label, _, command = spec.partition("=")
        commands.append((label, shlex.split(command)))
    samples = {label: [] for label, _ in commands}
    for _ in range(runs):
        for label, argv in commands:
            samples[label].append(run_once(argv))
    reference = commands[-1][0]
    med = {label: [statistics.median(s[i] for s in samples[label]) for i in range(2)] for label in samples}
    for label, argv in commands:
        med[label].append(statistics.median(peak_kib(argv) for _ in range(5)))
    print(f"{'command':<36} {'wall ms':>9} {'cpu ms':>8} {'peak KiB':>9}   vs {reference}: wall cpu peak")
    for label, _ in commands:
        wall, cpu, peak = med[label]
        ref = med[reference]
        print(f"{label:<36} {wall:9.2f} {cpu:8.2f} {peak:9.0f}   {wall / ref[0]:.2f} {cpu / ref[1]:.2f} {peak / ref[2]:.2f}")


if __name__ == "__main__":
    main()
