"""Writes the block of python/reelscore/_native.pyi that the bindings' tables generate.

The Python functions and constants of the core's tables (``reelscore::engage_surface!``,
``reelscore::metrics_surface!``) are written by a macro in python/src/table.rs, which also
keeps their stub lines (``_native._TABLE_STUBS``). This script puts those lines between the
block's markers in the ``.pyi``; with ``--check`` it only reports whether the block is stale
(python/tests/test_surface.py runs that check).

    python scripts/table_stubs.py [--check]     # with the built extension installed
"""

from __future__ import annotations

import pathlib
import re
import sys
import textwrap

STUBS = pathlib.Path(__file__).resolve().parent.parent / "python" / "reelscore" / "_native.pyi"
BEGIN = "# --- Generated from the bindings' tables by scripts/table_stubs.py: do not edit by hand."
END = "# --- End of the generated block."


def block() -> str:
    """The generated block, markers included."""
    from reelscore import _native

    lines: list[str] = list(_native._TABLE_STUBS)  # type: ignore[attr-defined]
    names = sorted(re.match(r"(?:def )?(\w+)", line)[1] for line in lines)
    quoted = ", ".join(f'"{n}"' for n in names) + ","
    listed = textwrap.wrap(quoted, width=100, initial_indent="    ", subsequent_indent="    ")
    return "\n".join([BEGIN, "__all__ += [", *listed, "]", "", *lines, END])


def main() -> int:
    text = STUBS.read_text()
    start, end = text.index(BEGIN), text.index(END) + len(END)
    fresh = text[:start] + block() + text[end:]
    if fresh == text:
        return 0
    if "--check" in sys.argv[1:]:
        print(f"{STUBS} is stale: run python scripts/table_stubs.py", file=sys.stderr)
        return 1
    STUBS.write_text(fresh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
