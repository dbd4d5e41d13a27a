#!/usr/bin/env python3
"""Builds the cases of bench/merge_wild.sh: customised Kong templates of the
kinds operators keep, made from a clone of ../shared/kong-templates.bundle.

Usage: merge_wild_cases.py REPO OUTDIR [PATTERN]

With MERGE_WILD_SWEEP=1 every kind runs over a sweep of release pairs
instead (each minor release to the next from 0.11.0 to 3.9.0, and long
jumps): the robustness sweep, for lost lines, broken results and
idempotence more than for counts; a kind a version cannot make (no such
block there) is skipped with a note on stderr.

Each case is a folder OUTDIR/<name>/ holding
  meta    "mode from to file layout" (mode: apply or merge; layout: what the
          user's file is, for the record: composite, composite:kong,
          nginx-with-includes, template:nginx_kong.lua, rendered)
  ours    the user's customised file (made at FROM)
  base    upstream at FROM, composed in the user's layout
  theirs  upstream at TO, composed the same way
Deterministic: every random choice is seeded by the case name.
"""
import difflib
import fnmatch
import os
import random
import re
import subprocess
from collections import Counter
import sys

KONG = "kong/templates/nginx_kong.lua"
STREAM = "kong/templates/nginx_kong_stream.lua"
NGINX = "kong/templates/nginx.lua"

_cache = {}


def module(repo, version, path):
    """The Lua module text at a version, or None when it does not exist."""
    key = (version, path)
    if key not in _cache:
        r = subprocess.run(["git", "--git-dir", repo, "show", f"{version}:{path}"],
                           capture_output=True, text=True)
        _cache[key] = r.stdout if r.returncode == 0 else None
    return _cache[key]


LONG_STRING = re.compile(r"return\s*\[(=*)\[\n?(.*?)\]\1\]", re.S)


def body(repo, version, path):
    """The template text a module returns (`return [[...]]`, any `=` level)."""
    text = module(repo, version, path)
    if text is None:
        return None
    m = LONG_STRING.search(text)
    if not m:
        raise SystemExit(f"cases: {version}:{path} is not a `return [[...]]` module")
    return m.group(2)


def lines(text):
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def join(ls):
    return "\n".join(ls) + "\n"


def squeeze(s):
    return re.sub(r"\s+", "", s)


def indent_of(s):
    return s[: len(s) - len(s.lstrip(" \t"))]


def include_target(line):
    m = re.match(r"\s*include\s+'(nginx-kong(?:-stream)?\.conf)';\s*$", line)
    return m.group(1) if m else None


def compose(repo, version, inline=("kong", "stream"), indent=None):
    """custom_nginx.template: nginx.lua's body with nginx_kong(_stream).lua's
    bodies inlined at their include lines (at the include line's indentation
    unless `indent` is given; `>` lines and blank lines stay as they are), as
    kongtpl's composite layout composes it. Only the modules in `inline` are
    inlined; other include lines stay."""
    out = []
    bodies = {"nginx-kong.conf": ("kong", KONG), "nginx-kong-stream.conf": ("stream", STREAM)}
    for line in lines(body(repo, version, NGINX)):
        target = include_target(line)
        if target and bodies[target][0] in inline and body(repo, version, bodies[target][1]) is not None:
            ind = indent_of(line) if indent is None else indent
            for b in lines(body(repo, version, bodies[target][1])):
                out.append(b if (b.strip() == "" or b.startswith(">")) else ind + b)
        else:
            out.append(line)
    return join(out)


def depth_info(ls):
    """Per line: (brace depth before the line, whether it is inside a Lua block)."""
    info, stack = [], []
    for line in ls:
        s = line.strip()
        if s.startswith(">"):
            info.append((len(stack), any(stack)))
            continue
        d = len(stack) - (1 if s.startswith("}") else 0)
        info.append((max(d, 0), any(stack[:max(d, 0)])))
        for ch in re.sub(r"\$\{\{[^}]*\}\}", "", s):
            if ch == "{":
                stack.append("_by_lua_block" in s)
            elif ch == "}" and stack:
                stack.pop()
    return info


def find(ls, anchor, start=0):
    a = squeeze(anchor)
    for i in range(start, len(ls)):
        if squeeze(ls[i]) == a:
            return i
    return -1


def find_re(ls, pattern):
    for i, l in enumerate(ls):
        if re.search(pattern, l):
            return i
    return -1


def bump_value(line, rng):
    """A user's edit of a directive line: a number doubled, else a comment."""
    m = list(re.finditer(r"(?<![\w.$])(\d+)(?=[a-z]*;|[a-z]*\s)", line))
    m = [x for x in m if "${{" not in line[: x.start()].rsplit(" ", 1)[-1]]
    if m:
        x = rng.choice(m)
        return line[: x.start()] + str(int(x.group(1)) * 2) + line[x.end():]
    return line.rstrip() + "  # ops: reviewed"


def is_directive(line):
    s = line.strip()
    return bool(s) and not s.startswith((">", "#", "}")) and s.endswith(";") and not s.startswith("$(")


# ----------------------------------------------------------------- edits
def edit_nginx_lines(ls, unit="    "):
    """Customised nginx.lua lines: pid with a comment, events tweaks, own
    error_log, worker_processes."""
    i = find(ls, "pid pids/nginx.pid;")
    if i >= 0:
        ls[i] = indent_of(ls[i]) + "pid pids/nginx.pid;  # systemd reads it"
    j = find_re(ls, r"^\s*worker_processes ")
    if j >= 0:
        ls[j] = indent_of(ls[j]) + "worker_processes 4;"
    elif i >= 0:
        ls.insert(i + 1, "worker_processes auto;")
    j = find_re(ls, r"^error_log ")
    if j >= 0:
        ls[j] = "error_log /var/log/kong/error.log warn;"
    j = find(ls, "events {")
    if j >= 0:
        ls.insert(j + 1, indent_of(ls[j]) + unit + "use epoll;")
        ls.insert(j + 2, indent_of(ls[j]) + unit + "worker_connections 8192;")
    j = find(ls, "multi_accept on;")
    if j >= 0:
        ls[j] = indent_of(ls[j]) + "multi_accept off;"
    return ls


def reindent(text, unit):
    """Each 4-space level of indentation becomes `unit` (2 spaces or a tab)."""
    out = []
    for line in lines(text):
        ind = indent_of(line)
        if "\t" in ind or line.startswith(">"):
            out.append(line)
            continue
        out.append(unit * (len(ind) // 4) + " " * (len(ind) % 4) + line[len(ind):])
    return join(out)


def user_server(ind, unit, port):
    return [ind + l for l in [
        "server {",
        f"{unit}listen 0.0.0.0:{port};",
        f"{unit}server_name ops-{port};",
        f"{unit}location /healthz {{",
        f"{unit}{unit}access_log off;",
        f"{unit}{unit}return 200 'ok';",
        f"{unit}}}",
        "}",
    ]]


def user_location(ind, unit, path):
    return [ind + l for l in [
        f"location {path} {{",
        f"{unit}proxy_set_header X-Ops-Route {path.strip('/').replace('/', '-') or 'root'};",
        f"{unit}proxy_pass http://127.0.0.1:9901;",
        "}",
    ]]


def upstream_insert_points(base_ls, theirs_ls):
    """Base line indexes where upstream inserts lines (whitespace-insensitive
    diff), with the brace depth there, outside Lua blocks and `> if` bodies
    of depth above 1."""
    sm = difflib.SequenceMatcher(None, [squeeze(l) for l in base_ls], [squeeze(l) for l in theirs_ls],
                                 autojunk=False)
    info = depth_info(base_ls)
    points = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "insert" or (tag == "replace" and j2 - j1 > i2 - i1):
            at = i1 if tag == "insert" else i2
            if at >= len(base_ls):
                at = len(base_ls) - 1
            d, in_lua = info[at]
            if d <= 1 and not in_lua:
                points.append((at, d))
    return points


def changed_base_lines(base_ls, theirs_ls):
    sm = difflib.SequenceMatcher(None, [squeeze(l) for l in base_ls], [squeeze(l) for l in theirs_ls],
                                 autojunk=False)
    changed, same = [], []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        (same if tag == "equal" else changed).extend(range(i1, i2) if tag != "insert" else [])
    return changed, same


def location_blocks(ls):
    """(start, end) of every `location` block at depth 1 (inside a server)."""
    info = depth_info(ls)
    blocks = []
    for i, l in enumerate(ls):
        if re.match(r"\s*location\b.*\{\s*$", l) and info[i][0] == 1:
            for j in range(i + 1, len(ls)):
                if ls[j].strip() == "}" and info[j][0] == 1:
                    blocks.append((i, j))
                    break
    return blocks


# ----------------------------------------------------------- rendering
VALUES = {
    "NGINX_USER": "kong kong", "NGINX_WORKER_PROCESSES": "auto", "NGINX_DAEMON": "off",
    "PROXY_ERROR_LOG": "logs/error.log", "LOG_LEVEL": "notice", "WORKER_RLIMIT": "65536",
    "WORKER_CONNECTIONS": "16384", "MEM_CACHE_SIZE": "128m", "PREFIX": "/usr/local/kong",
    "PROXY_ACCESS_LOG": "logs/access.log", "ADMIN_ACCESS_LOG": "logs/admin_access.log",
    "ADMIN_ERROR_LOG": "logs/error.log", "SSL_CERT": "/usr/local/kong/ssl/kong-default.crt",
    "SSL_CERT_KEY": "/usr/local/kong/ssl/kong-default.key", "CLIENT_MAX_BODY_SIZE": "0",
    "CLIENT_BODY_BUFFER_SIZE": "8k", "LUA_SOCKET_POOL_SIZE": "30", "LUA_SSL_VERIFY_DEPTH": "1",
    "LUA_PACKAGE_PATH": "./?.lua;./?/init.lua;", "LUA_PACKAGE_CPATH": "",
}


def render(text):
    """A rendered copy: `> if` taking its first branch, `> for` bodies
    dropped, other `>` lines dropped, `${{NAME}}` and `$(expr)` replaced."""
    out, stack = [], []  # stack entries: "take" / "skip" / "done"
    for line in lines(text):
        s = line.strip()
        if line.startswith(">"):
            code = s[1:].strip()
            if re.match(r"if\b", code):
                parent_live = all(x == "take" for x in stack)
                stack.append("take" if parent_live else "skip")
            elif re.match(r"for\b", code):
                stack.append("skip")
            elif re.match(r"(elseif|else)\b", code) and stack:
                stack[-1] = "done" if stack[-1] in ("take", "done") else "skip"
                if stack[-1] == "skip" and all(x == "take" for x in stack[:-1]):
                    stack[-1] = "done"  # an earlier branch was taken or skipped: keep it simple
            elif re.match(r"end\b", code) and stack:
                stack.pop()
            continue
        if not all(x == "take" for x in stack):
            continue
        line = re.sub(r"\$\{\{([A-Za-z0-9_]+)\}\}",
                      lambda m: VALUES.get(m.group(1).upper(), "/etc/kong/" + m.group(1).lower()), line)
        line = re.sub(r"\$\(([^()]*(?:\([^()]*\)[^()]*)*)\)",
                      lambda m: re.sub(r"\W+", "_", m.group(1)).strip("_") or "v", line)
        out.append(line)
    return join(out)


# ------------------------------------------------------------- the cases
PAIRS = {
    "0.13.1-0.14.1": ("0.13.1", "0.14.1"),
    "0.14.1-1.5.0": ("0.14.1", "1.5.0"),
    "1.0.0-1.5.0": ("1.0.0", "1.5.0"),
    "1.5.0-2.8.0": ("1.5.0", "2.8.0"),
    "1.5.0-2.0.0": ("1.5.0", "2.0.0"),
    "2.0.0-2.7.0": ("2.0.0", "2.7.0"),
    "2.8.0-3.4.0": ("2.8.0", "3.4.0"),
    "3.0.0-3.9.0": ("3.0.0", "3.9.0"),
    "3.4.0-3.9.0": ("3.4.0", "3.9.0"),
}
ALL = [p for p in PAIRS if p != "1.5.0-2.0.0"]
SPREAD = ["0.14.1-1.5.0", "1.5.0-2.8.0", "2.8.0-3.4.0", "3.0.0-3.9.0"]


def composite_inlines(repo, frm):
    return ("kong", "stream") if body(repo, frm, STREAM) is not None else ("kong",)


def case_composite_nginx(repo, frm, to, rng):
    inl = composite_inlines(repo, frm)
    ours = edit_nginx_lines(lines(compose(repo, frm, inl)))
    return ("apply", "custom_nginx.template", "composite" if len(inl) == 2 else "composite:kong",
            join(ours), compose(repo, frm, inl), compose(repo, to, inl))


def case_composite_reindent(unit):
    def make(repo, frm, to, rng):
        inl = composite_inlines(repo, frm)
        ls = edit_nginx_lines(lines(compose(repo, frm, inl)))
        i = find_re(ls, r"ssl_session_cache\s+shared:SSL:")
        if i >= 0:
            ls[i] = re.sub(r"SSL:\d+m", "SSL:50m", ls[i])
        ours = reindent(join(ls), unit)
        return ("apply", "custom_nginx.template", "composite" if len(inl) == 2 else "composite:kong",
                ours, compose(repo, frm, inl), compose(repo, to, inl))
    return make


def case_include_servers(repo, frm, to, rng):
    base = body(repo, frm, NGINX)
    ls = lines(base)
    i = find(ls, "include 'nginx-kong.conf';")
    ls[i + 1:i + 1] = [""] + user_server(indent_of(ls[i]), "    ", 8081) + [""] + \
        user_server(indent_of(ls[i]), "    ", 8082)
    j = find(ls, "include 'nginx-kong-stream.conf';")
    if j >= 0:
        ind = indent_of(ls[j])
        ls[j + 1:j + 1] = [ind + "server {", ind + "    listen 5555;",
                           ind + "    proxy_pass 127.0.0.1:6666;", ind + "}"]
    k = find(ls, "pid pids/nginx.pid;")
    if k >= 0:
        ls[k] = "pid pids/nginx.pid;  # systemd reads it"
    return ("apply", "custom_nginx.template", "nginx-with-includes", join(ls), base, body(repo, to, NGINX))


def case_module_inserts(repo, frm, to, rng):
    base, theirs = module(repo, frm, KONG), module(repo, to, KONG)
    bl, tl = lines(base), lines(theirs)
    points = upstream_insert_points(bl, tl)
    rng.shuffle(points)
    chosen = sorted(points[:3], reverse=True)
    ls = list(bl)
    for n, (at, d) in enumerate(chosen):
        if d == 0:
            block = user_server("", "    ", 9100 + n) + [""]
        else:
            block = user_location("    ", "    ", f"/ops/{n}/")
        ls[at:at] = block
    return ("apply", "nginx_kong.lua", "template:nginx_kong.lua", join(ls), base, theirs)


def case_module_moved(repo, frm, to, rng):
    base, theirs = module(repo, frm, KONG), module(repo, to, KONG)
    bl, tl = lines(base), lines(theirs)
    changed, _ = changed_base_lines(bl, tl)
    changed = set(changed)
    blocks = location_blocks(bl)
    touched = [b for b in blocks if any(i in changed for i in range(b[0], b[1] + 1))]
    pick = rng.choice(touched or blocks)
    # Move it up, before the first location block of its server (or just
    # after the server's previous location when it is the first one).
    same_server = [b for b in blocks if b[1] < pick[0] and
                   all(depth_info(bl)[k][0] >= 1 for k in range(b[0], pick[0]))]
    ls = list(bl)
    moved = ls[pick[0]:pick[1] + 1]
    del ls[pick[0]:pick[1] + 1]
    if pick[1] + 1 <= len(ls) and ls[pick[0]:pick[0] + 1] == [""]:
        del ls[pick[0]]
    if same_server:
        at = same_server[0][0]
        ls[at:at] = moved + [""]
    else:  # first location of its server: move it to the server's end
        info = depth_info(ls)
        end = next(k for k in range(pick[0], len(ls)) if ls[k].strip() == "}" and info[k][0] == 0)
        ls[end:end] = [""] + moved
    return ("apply", "nginx_kong.lua", "template:nginx_kong.lua", join(ls), base, theirs)


def case_edit(layout, which):
    """User edits of lines upstream leaves unchanged (`which` = "same") or
    changes ("changed"), as a module copy or a composite."""
    def make(repo, frm, to, rng):
        if layout == "module":
            base, theirs = module(repo, frm, KONG), module(repo, to, KONG)
            meta = ("nginx_kong.lua", "template:nginx_kong.lua")
        else:
            inl = composite_inlines(repo, frm)
            base, theirs = compose(repo, frm, inl), compose(repo, to, inl)
            meta = ("custom_nginx.template", "composite" if len(inl) == 2 else "composite:kong")
        bl, tl = lines(base), lines(theirs)
        changed, same = changed_base_lines(bl, tl)
        fixed = []
        if which == "same":
            # The lines operators often tune, where the diff leaves them alone.
            for pattern in (r"ssl_session_cache\s+shared:SSL:", r"^\s*server 0\.0\.0\.1"):
                i = find_re(bl, pattern)
                if i >= 0 and i in same:
                    fixed.append(i)
            # Others truly left alone: once in base and in theirs, and so are both neighbours.
            base_n, theirs_n = Counter(squeeze(l) for l in bl), Counter(squeeze(l) for l in tl)
            kept = set(same)
            same = [i for i in same if base_n[squeeze(bl[i])] == 1 and theirs_n[squeeze(bl[i])] == 1
                    and i - 1 in kept and i + 1 in kept]
        info = depth_info(bl)
        pool = [i for i in (same if which == "same" else changed)
                if is_directive(bl[i]) and not info[i][1] and "${{" not in bl[i]]
        ls = list(bl)
        pool = [i for i in pool if i not in fixed]
        picks = fixed + rng.sample(pool, min(4 - len(fixed), len(pool)))
        for i in picks:
            ls[i] = bump_value(ls[i], rng) if re.search(r"\d", ls[i]) else ls[i].rstrip() + "  # ops: reviewed"
        return ("apply", meta[0], meta[1], join(ls), base, theirs)
    return make


def case_rendered(repo, frm, to, rng):
    inl = composite_inlines(repo, frm)
    base, theirs = render(compose(repo, frm, inl)), render(compose(repo, to, inl))
    ls = lines(base)
    ls = edit_nginx_lines(ls)
    i = find_re(ls, r"ssl_session_cache\s+shared:SSL:")
    if i >= 0:
        ls[i] = re.sub(r"SSL:\d+m", "SSL:50m", ls[i])
    j = find_re(ls, r"^\s*server_tokens off;")
    if j >= 0:
        ls[j + 1:j + 1] = [indent_of(ls[j]) + "more_clear_headers X-Powered-By;"]
    return ("merge", "nginx.conf", "rendered", join(ls), base, theirs)


KINDS = [
    ("composite-nginx", case_composite_nginx, ALL),
    ("composite-2sp", case_composite_reindent("  "), SPREAD),
    ("composite-tab", case_composite_reindent("\t"), SPREAD),
    ("include-servers", case_include_servers, ["0.14.1-1.5.0", "1.0.0-1.5.0", "1.5.0-2.0.0", "1.5.0-2.8.0",
                                               "2.8.0-3.4.0", "3.0.0-3.9.0"]),
    ("module-inserts", case_module_inserts, ALL),
    ("module-moved", case_module_moved, ["0.14.1-1.5.0", "1.5.0-2.8.0", "2.0.0-2.7.0", "2.8.0-3.4.0",
                                         "3.0.0-3.9.0"]),
    ("module-same-edit", case_edit("module", "same"), SPREAD),
    ("composite-same-edit", case_edit("composite", "same"), ["2.0.0-2.7.0", "3.4.0-3.9.0"]),
    ("module-changed-edit", case_edit("module", "changed"), SPREAD),
    ("rendered", case_rendered, SPREAD),
]


SWEEP_MINORS = ["0.11.0", "0.12.0", "0.13.0", "0.14.0", "0.15.0", "1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0",
                "1.5.0", "2.0.0", "2.1.0", "2.2.0", "2.3.0", "2.4.0", "2.5.0", "2.6.0", "2.7.0", "2.8.0", "3.0.0",
                "3.1.0", "3.2.0", "3.3.0", "3.4.0", "3.5.0", "3.6.0", "3.7.0", "3.8.0", "3.9.0"]
SWEEP_JUMPS = [("0.11.0", "1.0.0"), ("0.14.0", "2.0.0"), ("1.0.0", "2.0.0"), ("1.0.0", "3.0.0"), ("2.0.0", "3.0.0"),
               ("2.0.0", "3.9.0"), ("0.14.0", "3.9.0")]


def sweep_pairs():
    pairs = list(zip(SWEEP_MINORS, SWEEP_MINORS[1:])) + SWEEP_JUMPS
    return {f"{a}-{b}": (a, b) for a, b in pairs}


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    repo, outdir = sys.argv[1], sys.argv[2]
    pattern = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else "*"
    sweep = os.environ.get("MERGE_WILD_SWEEP") == "1"
    pair_table = sweep_pairs() if sweep else PAIRS
    n = 0
    for kind, make, pairs in KINDS:
        for pair in (list(pair_table) if sweep else pairs):
            name = f"{kind}_{pair}"
            if not fnmatch.fnmatch(name, pattern) and pattern not in name:
                continue
            frm, to = pair_table[pair]
            rng = random.Random(name)
            try:
                mode, fname, layout, ours, base, theirs = make(repo, frm, to, rng)
            except Exception as e:  # a kind this version cannot make
                if not sweep:
                    raise
                print(f"merge_wild_cases: {name}: skipped ({type(e).__name__}: {e})", file=sys.stderr)
                continue
            d = os.path.join(outdir, name)
            os.makedirs(d, exist_ok=True)
            for f, t in (("ours", ours), ("base", base), ("theirs", theirs)):
                with open(os.path.join(d, f), "w") as fh:
                    fh.write(t)
            with open(os.path.join(d, "meta"), "w") as fh:
                fh.write(f"{mode} {frm} {to} {fname} {layout}\n")
            n += 1
    print(n)


if __name__ == "__main__":
    main()
