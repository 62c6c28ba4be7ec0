#!/usr/bin/env python3
"""Lists the panic paths left in each wrapper of `src/main.rs` (a diagnostic, not a test).

Builds the crate with `--features sites` (the wrappers without `#[no_panic]`, kept out of line)
in the release profile of the proof plus line tables, disassembles it and follows direct calls
and jumps from each wrapper. Every call or jump into a panicking function (`core::panicking`,
the slice-index and `unwrap` failures) is one site, reported with its innermost source line.
Indirect calls are not followed. Usage: `python3 tests/no_panic/sites.py [wrapper ...]`
(default: every wrapper with a site; `-a` lists every wrapper).
"""

import collections
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET = os.path.join(HERE, "target", "sites")
BIN = os.path.join(TARGET, "release", "reelscore-no-panic")
CRATE = "reelscore_no_panic::"

# Functions whose call is a panic path (demangled names, hash stripped).
PANIC = re.compile(
    r"^(core::panicking::|std::panicking::|core::slice::index::slice_\w*fail|"
    r"core::slice::<impl \[T\]>::copy_from_slice::len_mismatch_fail|"
    r"core::(option|result)::\w*(unwrap|expect)\w*fail|core::cell::panic_|"
    r"core::str::slice_error_fail|core::fmt::.*panic|core::array::.*fail|"
    r"\w+::panic::)"
)


def build():
    env = dict(os.environ, CARGO_TARGET_DIR=TARGET, CARGO_PROFILE_RELEASE_DEBUG="line-tables-only")
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--features", "sites"],
        cwd=HERE,
        env=env,
        check=True,
    )


def disassemble():
    """Function name -> list of (address, callee name) of direct calls and jumps out."""
    out = subprocess.run(
        ["objdump", "-d", "-C", "--no-show-raw-insn", BIN],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    funcs = collections.defaultdict(list)
    cur = None
    head = re.compile(r"^[0-9a-f]+ <(.*)>:$")
    insn = re.compile(r"^\s*([0-9a-f]+):\s+(call|jmp|j\w+)\s+[0-9a-f]+ <(.*)>$")
    for line in out.splitlines():
        m = head.match(line)
        if m:
            cur = strip(m.group(1))
            funcs[cur]
            continue
        m = insn.match(line)
        if m and cur is not None:
            target = strip(re.sub(r"\+0x[0-9a-f]+$", "", m.group(3)))
            if target != cur and not target.endswith("@plt") or PANIC.match(target):
                funcs[cur].append((int(m.group(1), 16), target))
    return funcs


def strip(name):
    return re.sub(r"::h[0-9a-f]{16}$", "", name)


def lines(addrs):
    """Innermost source location of each address (`file:line`, relative to the repository)."""
    if not addrs:
        return {}
    out = subprocess.run(
        ["addr2line", "-e", BIN, "-i", "-a"] + [hex(a) for a in addrs],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    frames, cur = collections.defaultdict(list), None
    root = os.path.dirname(os.path.dirname(HERE)) + "/"
    for line in out.splitlines():
        if line.startswith("0x"):
            cur = int(line, 16)
        elif cur is not None:
            frames[cur].append(re.sub(r" \(discriminator \d+\)", "", line.replace(root, "")))
    # The innermost frame in this repository with a line number (not the standard library's).
    result = {}
    for a, fs in frames.items():
        ours = [f for f in fs if not f.startswith("/")]
        known = [f for f in ours if not f.endswith(":?")]
        result[a] = (known or ours or fs or ["?"])[0]
    return result


def sites(funcs, root):
    """Panic call sites reachable from `root`: list of (function, address, panic function)."""
    seen, todo, found = {root}, [root], []
    while todo:
        f = todo.pop()
        for addr, callee in funcs.get(f, []):
            if PANIC.match(callee):
                found.append((f, addr, callee))
            elif callee in funcs and callee not in seen:
                seen.add(callee)
                todo.append(callee)
    return found


def main(argv):
    build()
    funcs = disassemble()
    every = "-a" in argv
    names = [a for a in argv if a != "-a"]
    wrappers = [f for f in funcs if f.startswith(CRATE) and f.count("::") == 1 and f != CRATE + "main"]
    if names:
        wrappers = [CRATE + n for n in names]
    found = {w: sites(funcs, w) for w in wrappers}
    where = lines(sorted({a for s in found.values() for _, a, _ in s}))
    for w in sorted(found):
        s = found[w]
        if not s and not every:
            continue
        distinct = len({where.get(a, "?") for _, a, _ in s})
        print(f"{w[len(CRATE):]}: {len(s)} panic site(s) at {distinct} source line(s)")
        for f, a, callee in sorted(s, key=lambda t: where.get(t[1], "")):
            print(f"    {where.get(a, '?')}  {callee.split('::')[-1]}  (in {f})")


if __name__ == "__main__":
    main(sys.argv[1:])
