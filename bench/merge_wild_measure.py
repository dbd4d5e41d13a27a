#!/usr/bin/env python3
"""Measures the outputs bench/merge_wild.sh collected and prints the table.

Usage: merge_wild_measure.py KONGTPL CASESDIR   (run outside any git repository)

Per case and tool (kongtpl, git merge-file), on the case's base/ours/theirs:
  blocks    conflict blocks (`<<<<<<<` ... `>>>>>>>`)
  lines     conflicting lines: lines inside the blocks, markers excluded
  lost      lines ours or theirs added vs base (whitespace removed, blank lines
            skipped, as a multiset) that are nowhere in the result, conflict
            sections included
  broken    a result without conflict markers that does not compile while
            ours and theirs do
  res       all-ours and all-theirs resolutions (markers stripped, one side
            kept) that do not compile while ours and theirs do (0..2)
  foreign   result lines at an indentation found in neither input: a
            non-blank, non-`>` line whose leading whitespace no line of ours
            or theirs has at the same nginx nesting depth (continuation lines
            of a multi-line directive and # comments aside; depth = `{` minus
            `}` on the lines before it, `${{...}}` ignored, a line starting
            with `}` one level up), counted in the all-ours and all-theirs
            resolutions: a conflict line in its own side's, a line outside
            the conflicts only when foreign in both). Lua code inside
            `*_by_lua_block { }` is not judged (it nests by Lua, not braces);
            the block's opening and closing lines are
  idem      kongtpl only: `--write` then `--check` on the user's file exits 0
            (yes / NO; `-` when the merge was not clean and nothing is written)
  layout    kongtpl only: the layout apply reported, against the one the case
            was built in (ok / WRONG / ERR = exit 2, rerun with --layout)
"Compiles" = `kongtpl lint FILE` outside any repository reports no error:
the Lua module loads in Kong's sandbox and the pl.template code compiles
(`> if`/`> end` balanced, `$(...)` closed, no conflict markers).
"""
import json
import os
import re
import subprocess
import sys
from collections import Counter

KONGTPL, CASES = sys.argv[1], sys.argv[2]


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except FileNotFoundError:
        return None


def lines(text):
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def segments(text):
    """[("line", l)] and [("conflict", ours_lines, theirs_lines)]."""
    out, i, ls = [], 0, lines(text)
    while i < len(ls):
        l = ls[i]
        if l == "<<<<<<<" or l.startswith("<<<<<<< "):
            ours, theirs, part = [], [], "ours"
            i += 1
            while i < len(ls) and not (ls[i] == ">>>>>>>" or ls[i].startswith(">>>>>>> ")):
                if ls[i] == "=======":
                    part = "theirs"
                elif ls[i] == "|||||||" or ls[i].startswith("||||||| "):
                    part = "base"
                elif part == "ours":
                    ours.append(ls[i])
                elif part == "theirs":
                    theirs.append(ls[i])
                i += 1
            out.append(("conflict", ours, theirs))
        else:
            out.append(("line", l))
        i += 1
    return out


def resolve(segs, side):
    out = []
    for s in segs:
        if s[0] == "line":
            out.append(s[1])
        else:
            out.extend(s[1] if side == "ours" else s[2])
    return "\n".join(out) + "\n"


def key(l):
    return re.sub(r"\s+", "", l)


def lost_lines(base, ours, theirs, result_segs):
    have = Counter()
    for s in result_segs:
        for l in ([s[1]] if s[0] == "line" else s[1] + s[2]):
            if key(l):
                have[key(l)] += 1
    b = Counter(key(l) for l in lines(base) if key(l))
    lost = []
    for side in (ours, theirs):
        for k, n in Counter(key(l) for l in lines(side) if key(l)).items():
            want = n - b[k]
            if want > 0 and have[k] < want:
                lost.append((want - have[k], k))
    return lost


PLACEHOLDER = re.compile(r"\$\{\{[^}]*\}\}")
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def code_of(s):
    """An nginx line without placeholders, quoted strings and its # comment."""
    s = QUOTED.sub("''", PLACEHOLDER.sub("", s))
    return s.split("#", 1)[0].rstrip()


def step(stack, line):
    """(depth of this line, whether it is Lua code inside a `*_by_lua_block`,
    the brace stack after it). The stack holds one bool per open `{`: whether
    it opened a Lua block."""
    s = line.strip()
    if s.startswith(">") or not s:
        return len(stack), any(stack), stack
    here = max(len(stack) - 1, 0) if s.startswith("}") else len(stack)
    in_lua = any(stack[:here])
    stack = list(stack)
    for ch in (PLACEHOLDER.sub("", s) if in_lua else code_of(s)):
        if ch == "{":
            stack.append("_by_lua_block" in s and not in_lua)
        elif ch == "}" and stack:
            stack.pop()
    return here, in_lua, stack


def indent_of(l):
    return l[: len(l) - len(l.lstrip(" \t"))]


def judged(l, in_lua):
    return bool(l.strip()) and not l.startswith(">") and not in_lua


def continues(previous):
    """True when the line after `previous` (an nginx line) continues the same
    directive (a multi-line log_format): such lines align to characters, not
    to a nesting depth, and are not judged."""
    code = code_of(previous.strip()) if previous is not None else ";"
    return bool(code) and code[-1] not in ";{}"


def indent_set(text):
    allowed, stack, previous = set(), [], None
    for l in lines(text):
        d, in_lua, stack = step(stack, l)
        if judged(l, in_lua) and not continues(previous):
            allowed.add((d, indent_of(l)))
        if judged(l, in_lua):
            previous = l
    return allowed


def foreign_lines(allowed, segs):
    """Walks the all-ours and the all-theirs resolution. A line of a conflict
    section counts when it is foreign in its own side's walk; a line outside
    the conflicts only when it is foreign in both walks (so one side whose
    braces do not balance does not shift the depth of all that follows).
    Lua code inside `*_by_lua_block { }` is not judged: it follows Lua's
    nesting, which braces do not count."""
    flagged = {}
    for side in (1, 2):
        stack, previous = [], None
        for si, s in enumerate(segs):
            for li, l in enumerate([s[1]] if s[0] == "line" else s[side]):
                d, in_lua, stack = step(stack, l)
                cont = continues(previous)
                if judged(l, in_lua):
                    previous = l
                if judged(l, in_lua) and not cont and (d, indent_of(l)) not in allowed:
                    where = (si, 0, li) if s[0] == "line" else (si, side, li)
                    flagged.setdefault(where, []).append((d, l))
    return [hits[0] for (si, side, _), hits in sorted(flagged.items()) if side != 0 or len(hits) == 2]


def conflict_counts(segs):
    blocks = [s for s in segs if s[0] == "conflict"]
    return len(blocks), sum(len(s[1]) + len(s[2]) for s in blocks)


def main():
    names = sorted(os.listdir(CASES), key=lambda n: (n.split("_")[0], [int(x) for x in re.findall(r"\d+", n)]))
    cases, to_lint = [], []
    for name in names:
        d = os.path.join(CASES, name)
        mode, frm, to, fname, layout = read(os.path.join(d, "meta")).split()
        c = {"name": name, "dir": d, "mode": mode, "layout": layout, "fname": fname}
        for f in ("base", "ours", "theirs"):
            c[f] = read(os.path.join(d, f))
        rc_first, rc = read(os.path.join(d, "kongtpl.rc")).split()
        c["kt_rc_first"], c["kt_rc"] = int(rc_first), int(rc)
        c["kt_err"] = read(os.path.join(d, "kongtpl.err")) or ""
        c["kt_err_first"] = read(os.path.join(d, "kongtpl.err.first"))
        c["idem"] = read(os.path.join(d, "idem.rc")).split()
        # Files to compile-check, named by what they are.
        ext = ".lua" if fname.endswith(".lua") else ".template"
        c["lint"] = {"ours": os.path.join(d, "ours"), "theirs": os.path.join(d, "theirs")}
        for tool, out in (("kt", "kongtpl.out"), ("git", "git.out")):
            text = read(os.path.join(d, out)) or ""
            if c["kt_rc"] == 2 and tool == "kt":
                text = c["ours"]  # kongtpl gave nothing: the user keeps their file
            segs = segments(text)
            c[tool] = {"segs": segs}
            c["lint"][tool] = os.path.join(d, out)
            if any(s[0] == "conflict" for s in segs):
                for side in ("ours", "theirs"):
                    p = os.path.join(d, f"res.{tool}.all-{side}{ext}")
                    with open(p, "w") as fh:
                        fh.write(resolve(segs, side))
                    c["lint"][f"{tool}-{side}"] = p
        to_lint.extend(c["lint"].values())
        cases.append(c)

    # One lint process for every file: compile check only (no repository).
    r = subprocess.run([KONGTPL, "lint", "--format", "json"] + to_lint, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit(f"bench: kongtpl lint failed: {r.stderr.strip()}")
    errors = {}
    for f in json.loads(r.stdout)["findings"]:
        if f["severity"] == "error":
            errors.setdefault(f["file"], []).append(f"{f['line']}: {f['message']} [{f['source_line'].strip()}]")

    cols = ["blocks", "lines", "lost", "broken", "res", "foreign"]
    tot = {t: Counter() for t in ("kt", "git")}
    idem_bad = layout_bad = 0
    rows, worst = [], []
    for c in cases:
        inputs_ok = c["lint"]["ours"] not in errors and c["lint"]["theirs"] not in errors
        allowed = indent_set(c["ours"]) | indent_set(c["theirs"])
        notes = []
        for tool in ("kt", "git"):
            t = c[tool]
            t["blocks"], t["lines"] = conflict_counts(t["segs"])
            lost = lost_lines(c["base"], c["ours"], c["theirs"], t["segs"])
            t["lost"] = sum(n for n, _ in lost)
            out_errs = errors.get(c["lint"][tool], [])
            t["broken"] = int(t["blocks"] == 0 and inputs_ok and bool(out_errs))
            res_fail = [s for s in ("ours", "theirs")
                        if inputs_ok and c["lint"].get(f"{tool}-{s}") in errors]
            t["res"] = len(res_fail)
            foreign = foreign_lines(allowed, t["segs"])
            t["foreign"] = len(foreign)
            for k in cols:
                tot[tool][k] += t[k]
            label = "kongtpl" if tool == "kt" else "git"
            if lost:
                notes.append(f"{label} lost {t['lost']}: " + "; ".join(
                    (f"{n}x " if n > 1 else "") + k for n, k in lost[:6]) + (" ..." if len(lost) > 6 else ""))
            if t["broken"]:
                notes.append(f"{label} clean result does not compile: " + "; ".join(out_errs[:2]))
            for s in res_fail:
                notes.append(f"{label} all-{s} does not compile: " + "; ".join(errors[c['lint'][f'{tool}-{s}']][:2]))
            if foreign:
                notes.append(f"{label} foreign indentation {len(foreign)}: " + "; ".join(
                    f"depth {d} {l[:len(l) - len(l.lstrip())]!r}{l.strip()[:40]}" for d, l in foreign[:3]))
        wrc, crc = c["idem"]
        idem = "-" if wrc != "0" else ("yes" if crc == "0" else "NO")
        if idem == "NO":
            idem_bad += 1
            notes.append("kongtpl --check after --write exits " + crc + ": " +
                         (read(os.path.join(c["dir"], "idem", "check.err")) or "").strip().replace("\n", " | ")[:300])
        m = re.search(r"^kongtpl: [^:\n]*: (.*)$", c["kt_err_first"] or c["kt_err"], re.M)
        said = m.group(1) if m else ""
        if c["mode"] == "merge":
            lay = "n/a"
        elif c["kt_rc_first"] == 2:
            lay = "ERR"
            notes.append("kongtpl exit 2 (rerun with --layout " + c["layout"] + "): " +
                         (c["kt_err_first"] or "").strip().replace("\n", " | ")[:300])
        else:
            want = {"composite": r"composite", "composite:kong": r"composite",
                    "nginx-with-includes": r"include", "template:nginx_kong.lua": r"copy of kong/templates/nginx_kong\.lua"}
            lay = "ok" if re.search(want[c["layout"]], said) else "WRONG"
            if lay == "WRONG":
                notes.append(f"kongtpl took the {c['layout']} file for: {said}")
        if lay in ("ERR", "WRONG"):
            layout_bad += 1
        rows.append((c["name"], c["kt"], c["git"], idem, lay))
        with open(os.path.join(c["dir"], "details.txt"), "w") as fh:
            fh.write(f"layout reported: {said}\n" + "\n".join(notes) + "\n")
        if notes:
            worst.append((c["name"], notes))

    head = ["case", "kt blocks", "kt lines", "kt lost", "kt broken", "kt res", "kt foreign", "kt idem", "kt layout",
            "git blocks", "git lines", "git lost", "git broken", "git res", "git foreign"]
    print("| " + " | ".join(head) + " |")
    print("| --- |" + " ---: |" * (len(head) - 1))
    for name, kt, git, idem, lay in rows:
        print(f"| {name} | " + " | ".join(str(kt[k]) for k in cols) + f" | {idem} | {lay} | " +
              " | ".join(str(git[k]) for k in cols) + " |")
    n = len(rows)
    idem_n = sum(1 for r in rows if r[3] != "-")
    print(f"| **total ({n} cases)** | " + " | ".join(str(tot["kt"][k]) for k in cols) +
          f" | {idem_n - idem_bad}/{idem_n} | {n - layout_bad}/{n} | " +
          " | ".join(str(tot["git"][k]) for k in cols) + " |")
    print()
    # The same per kind of customisation (kongtpl / git).
    kinds = {}
    for name, kt, git, idem, lay in rows:
        a = kinds.setdefault(name.split("_")[0], {"n": 0, "kt": Counter(), "git": Counter(), "idem": 0})
        a["n"] += 1
        a["idem"] += idem == "NO"
        for k in cols:
            a["kt"][k] += kt[k]
            a["git"][k] += git[k]
    print("| kind | cases | " + " | ".join(f"{k} kt / git" for k in cols) + " | not idempotent |")
    print("| --- | ---: |" + " ---: |" * (len(cols) + 1))
    for kind, a in kinds.items():
        print(f"| {kind} | {a['n']} | " + " | ".join(f"{a['kt'][k]} / {a['git'][k]}" for k in cols) +
              f" | {a['idem']} |")
    print()

    k, g = tot["kt"], tot["git"]
    checks = [
        (f"blocks {k['blocks']} <= 50% of git's {g['blocks']}", k["blocks"] * 2 <= g["blocks"]),
        (f"conflicting lines {k['lines']} <= 40% of git's {g['lines']}", k["lines"] * 10 <= g["lines"] * 4),
        (f"lost {k['lost']} = 0", k["lost"] == 0),
        (f"broken clean results {k['broken']} = 0", k["broken"] == 0),
        (f"all-ours/all-theirs not compiling {k['res']} = 0", k["res"] == 0),
        (f"foreign indentation {k['foreign']} = 0", k["foreign"] == 0),
        (f"idempotent {idem_n - idem_bad}/{idem_n}", idem_bad == 0),
    ]
    met = all(ok for _, ok in checks)
    print("Verdict: " + ("MET" if met else "NOT MET") + " — " +
          "; ".join(f"{txt} {'ok' if ok else 'FAIL'}" for txt, ok in checks) +
          f". (Layout read right in {n - layout_bad}/{n} cases.)")
    # Whole-file re-indents make git conflict everywhere; the same ratios without them.
    rk = sum((a["kt"] for kd, a in kinds.items() if "2sp" not in kd and "tab" not in kd), Counter())
    rg = sum((a["git"] for kd, a in kinds.items() if "2sp" not in kd and "tab" not in kd), Counter())
    if rg["blocks"] and rg["lines"]:
        print(f"Without the re-indented cases: blocks {rk['blocks']} vs git {rg['blocks']} "
              f"({100 * rk['blocks'] / rg['blocks']:.0f}%), conflicting lines {rk['lines']} vs git {rg['lines']} "
              f"({100 * rk['lines'] / rg['lines']:.0f}%).")
    if worst:
        print()
        print("### Problems per case")
        print()
        for name, notes in worst:
            print(f"- **{name}**")
            for note in notes:
                print(f"  - {note}")


if __name__ == "__main__":
    main()
