#!/usr/bin/env python3
"""Lists the panic paths left in each wrapper of `src/main.rs` (a diagnostic, not a test).

Builds the crate with `--features sites` (the wrappers without `#[no_panic]`, kept out of line)
in the release profile of the proof plus line tables, disassembles it and follows direct calls
and jumps from each wrapper. Every call or jump into a panicking function (`core::panicking`,
the slice-index and `unwrap` failures) is one site, reported with its innermost source line.

An indirect call (through a `dyn` vtable or a function pointer) is a site too: the optimiser
cannot tell that an unknown callee does not unwind, so `#[no_panic]` fails on it even when no
callee panics. It is listed as `indirect call`, and its possible callees are followed as well:
every function whose address a reachable function takes (`lea` of the function, or of a vtable
in `.data.rel.ro` whose slots the dynamic relocations fill), their sites marked `(via
indirect)`. Calls into the C library through the GOT (`memcpy`) are not sites.

Usage: `python3 tests/no_panic/sites.py [wrapper ...]` (default: every wrapper with a site;
`-a` lists every wrapper).
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


# Marks an indirect call or tail call in the per-function lists of `disassemble`.
INDIRECT = "<indirect call>"
# What a register holds after `movslq` from a jump table (not a function).
TABLE = "<jump table>"
# Registers a call clobbers (System V): a function address loaded into one does not survive it.
CLOBBERED = {"rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11"}


def wide(reg):
    """The 64-bit register a name writes (`eax`, `ax`, `al` -> `rax`; `r15d` -> `r15`)."""
    m = re.fullmatch(r"(r\d+)[dwb]?", reg)
    if m:
        return m.group(1)
    m = re.fullmatch(r"e?([abcd])[xlh]|e?(si|di|bp|sp)l?|r(\w\w)", reg)
    if m and m.group(1):
        return "r" + m.group(1) + "x"
    if m and m.group(2):
        return "r" + m.group(2)
    return reg


def got():
    """Address -> what the dynamic relocation there stores: a function address
    (`R_X86_64_RELATIVE`: vtables, function-pointer tables, GOT entries of local functions) or
    the name of a shared-library symbol (`R_X86_64_GLOB_DAT`: `memcpy`)."""
    out = subprocess.run(["readelf", "-rW", BIN], capture_output=True, text=True, check=True).stdout
    slots = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4 and f[2] == "R_X86_64_RELATIVE":
            slots[int(f[0], 16)] = int(f[3], 16)
        elif len(f) >= 5 and f[2] == "R_X86_64_GLOB_DAT":
            slots[int(f[0], 16)] = f[4]
    return slots


def disassemble(slots):
    """Function name -> list of (address, callee) of direct calls and jumps out, and of indirect
    calls (callee `INDIRECT`); function name -> addresses it takes (`lea ...(%rip)`); and
    address -> function name of every function start.

    A call through a GOT entry (`call *x(%rip)`, or `mov x(%rip),%reg` then `call *%reg` with
    the register not written in between, read in address order) is a direct call to what the
    entry holds; a shared-library symbol there (`memcpy`) is not followed."""
    out = subprocess.run(
        ["objdump", "-d", "-C", "--no-show-raw-insn", BIN],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    head = re.compile(r"^([0-9a-f]+) <(.*)>:$")
    starts = {}
    for line in out.splitlines():
        m = head.match(line)
        if m:
            starts[int(m.group(1), 16)] = strip(m.group(2))
    funcs, taken = collections.defaultdict(list), collections.defaultdict(set)
    cur, regs = None, {}
    insn = re.compile(r"^\s*([0-9a-f]+):\s+(call|jmp|j\w+)\s+[0-9a-f]+ <(.*)>$")
    # `call *%rax`, `call *0x18(%rax)`, `call *x(%rip)  # slot`.
    indirect = re.compile(
        r"^\s*([0-9a-f]+):\s+(call|jmp)\s+\*(%(\w+)|\S*\((%\w+)\))(\s+# ([0-9a-f]+))?"
    )
    load = re.compile(r"^\s*[0-9a-f]+:\s+mov\s+\S*\(%rip\),%(\w+)\s+# ([0-9a-f]+)")
    lea = re.compile(r"^\s*[0-9a-f]+:\s+lea\s+\S*\(%rip\),%\w+\s+# ([0-9a-f]+)")
    written = re.compile(r",%(\w+)\s*(#.*)?$")
    # A jump table: `movslq (%base,%index,4),%reg`, `add %base,%reg`, `jmp *%reg`.
    table = re.compile(r"^\s*[0-9a-f]+:\s+movslq\s+\(%\w+,%\w+,4\),%(\w+)\s*$")
    for line in out.splitlines():
        m = head.match(line)
        if m:
            cur, regs = strip(m.group(2)), {}
            funcs[cur]
            continue
        if cur is None or not line.strip():
            continue
        m = insn.match(line)
        if m:
            target = strip(re.sub(r"\+0x[0-9a-f]+$", "", m.group(3)))
            if target != cur and not target.endswith("@plt") or PANIC.match(target):
                funcs[cur].append((int(m.group(1), 16), target))
        m = indirect.match(line)
        if m:
            addr, reg, base, slot = int(m.group(1), 16), m.group(4), m.group(5), m.group(7)
            known = slots.get(int(slot, 16)) if base == "%rip" and slot else regs.get(reg)
            if isinstance(known, int) and known in starts:
                if starts[known] != cur:
                    funcs[cur].append((addr, starts[known]))
            elif isinstance(known, str):
                pass  # a shared-library function (`memcpy`), or a jump table's entry
            else:
                funcs[cur].append((addr, INDIRECT))
        if re.search(r"\s(call|jmp)\s", line):
            for r in CLOBBERED:
                regs.pop(r, None)
        else:
            m, w, t = load.match(line), written.search(line), table.match(line)
            if m and int(m.group(2), 16) in slots:
                regs[m.group(1)] = slots[int(m.group(2), 16)]
            elif t:
                regs[t.group(1)] = TABLE
            elif w and not (regs.get(wide(w.group(1))) == TABLE and re.search(r"\sadd\s", line)):
                regs.pop(wide(w.group(1)), None)
        m = lea.match(line)
        if m:
            taken[cur].add(int(m.group(1), 16))
    return funcs, taken, starts


def callees_of_taken(addrs, slots, starts):
    """Functions an indirect call may reach through the addresses `addrs` a function takes: a
    function's own address, or the slots of a table from there (a Rust vtable: drop, size,
    align, then the methods) up to the first slot past the third that no relocation fills."""
    found = set()
    for a in addrs:
        if a in starts:
            found.add(starts[a])
            continue
        k = 0
        while a + 8 * k in slots or k < 3:
            t = slots.get(a + 8 * k)
            if isinstance(t, int) and t in starts:
                found.add(starts[t])
            k += 1
    return found


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


def sites(funcs, taken, slots, starts, root):
    """Panic call sites and indirect calls reachable from `root`: list of (function, address,
    panic function or `INDIRECT`, reached only through an indirect call)."""
    seen, todo, found = {root: False}, [root], []
    while todo:
        f = todo.pop()
        via = seen[f]
        for addr, callee in funcs.get(f, []):
            if callee == INDIRECT or PANIC.match(callee):
                found.append((f, addr, callee, via))
            elif callee in funcs and callee not in seen:
                seen[callee] = via
                todo.append(callee)
        for callee in callees_of_taken(taken.get(f, ()), slots, starts):
            if callee in funcs and callee not in seen:
                seen[callee] = True
                todo.append(callee)
    return found


def main(argv):
    build()
    slots = got()
    funcs, taken, starts = disassemble(slots)
    every = "-a" in argv
    names = [a for a in argv if a != "-a"]
    wrappers = [f for f in funcs if f.startswith(CRATE) and f.count("::") == 1 and f != CRATE + "main"]
    if names:
        wrappers = [CRATE + n for n in names]
    found = {w: sites(funcs, taken, slots, starts, w) for w in wrappers}
    where = lines(sorted({a for s in found.values() for _, a, _, _ in s}))
    for w in sorted(found):
        s = found[w]
        if not s and not every:
            continue
        distinct = len({where.get(a, "?") for _, a, _, _ in s})
        print(f"{w[len(CRATE):]}: {len(s)} panic site(s) at {distinct} source line(s)")
        for f, a, callee, via in sorted(s, key=lambda t: where.get(t[1], "")):
            what = "indirect call" if callee == INDIRECT else callee.split("::")[-1]
            how = " (via indirect)" if via else ""
            print(f"    {where.get(a, '?')}  {what}  (in {f}){how}")


if __name__ == "__main__":
    main(sys.argv[1:])
