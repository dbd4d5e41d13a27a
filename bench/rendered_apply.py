"""Rendered copies under `kongtpl apply`: for each release pair, the
operator's file is the composite template at FROM rendered (bench/
merge_wild_cases.py's render(): placeholders filled, first branches, loops
dropped) and edited as case_rendered edits it. kongtpl gets only that file
and the repository (`apply --from F --to T`). git merge-file gets it twice:
with upstream's templates as base/theirs (what `git merge-file` can do with
Kong's repository) and with base/theirs rendered by the same renderer (the
best case for git: the operator rendered both versions with `kong prepare`).

Usage: python3 bench/rendered_apply.py KONGTPL REPO_GIT_DIR WORKDIR
Prints a markdown table: conflict blocks / conflicting lines per tool, and
the lines of template syntax kongtpl left in its result (named on stderr).
"""
import os
import random
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import merge_wild_cases as cases  # noqa: E402

PAIRS = ["0.14.1-1.5.0", "1.5.0-2.8.0", "2.0.0-2.7.0", "2.8.0-3.4.0", "3.0.0-3.9.0", "3.4.0-3.9.0"]


def conflicts(text):
    blocks = lines = 0
    inside = False
    for line in text.split("\n"):
        if line.startswith("<<<<<<<"):
            blocks += 1
            inside = True
        elif line.startswith(">>>>>>>"):
            inside = False
        elif inside and not line.startswith("=======") and not line.startswith("|||||||"):
            lines += 1
    return blocks, lines


def git_merge(ours, base, theirs):
    return subprocess.run(["git", "merge-file", "-p", ours, base, theirs], capture_output=True, text=True).stdout


def main():
    kongtpl, repo, work = sys.argv[1:4]
    print("| pair | kongtpl apply blocks / lines | template lines left | git, template base/theirs | git, rendered base/theirs |")
    print("| --- | --- | --- | --- | --- |")
    total = [0] * 8
    for pair in PAIRS:
        frm, to = cases.PAIRS[pair]
        _, _, _, ours, rbase, rtheirs = cases.case_rendered(repo, frm, to, random.Random(pair))
        inl = cases.composite_inlines(repo, frm)
        tbase, ttheirs = cases.compose(repo, frm, inl), cases.compose(repo, to, inl)
        d = os.path.join(work, pair)
        os.makedirs(d, exist_ok=True)
        files = {"nginx.conf": ours, "tbase": tbase, "ttheirs": ttheirs, "rbase": rbase, "rtheirs": rtheirs}
        for name, text in files.items():
            with open(os.path.join(d, name), "w") as fh:
                fh.write(text)
        r = subprocess.run([kongtpl, "--repo", repo, "apply", "--from", frm, "--to", to, "nginx.conf"],
                           cwd=d, capture_output=True, text=True)
        if r.returncode not in (0, 1):
            sys.exit(f"bench: kongtpl apply failed on {pair}: {r.stderr.strip()}")
        kt = conflicts(r.stdout)
        left = sum(1 for l in r.stdout.split("\n") if "${{" in l or "$(" in l or l.startswith(">"))
        gt = conflicts(git_merge(os.path.join(d, "nginx.conf"), os.path.join(d, "tbase"), os.path.join(d, "ttheirs")))
        gr = conflicts(git_merge(os.path.join(d, "nginx.conf"), os.path.join(d, "rbase"), os.path.join(d, "rtheirs")))
        for i, v in enumerate((*kt, left, *gt, *gr)):
            total[i] += v
        print(f"| {pair} | {kt[0]} / {kt[1]} | {left} | {gt[0]} / {gt[1]} | {gr[0]} / {gr[1]} |")
    print(f"| total | {total[0]} / {total[1]} | {total[2]} | {total[3]} / {total[4]} | {total[5]} / {total[6]} |")


if __name__ == "__main__":
    main()
