"""The bindings' tables (``reelscore::engage_surface!``, ``reelscore::metrics_surface!`` in the
core) write Python functions, constants and their stubs: the stub block in ``_native.pyi`` must
be the one the built extension carries."""

import pathlib
import re
import subprocess
import sys

from reelscore import _native

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_stub_block_is_the_tables():
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "table_stubs.py"), "--check"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr


def test_every_table_name_is_in_the_module():
    names = [re.match(r"(?:def )?(\w+)", line)[1] for line in _native._TABLE_STUBS]
    assert len(set(names)) == len(names) > 0
    for line, name in zip(_native._TABLE_STUBS, names):
        value = getattr(_native, name)
        if line.startswith("def "):
            assert callable(value), name
        else:
            assert isinstance(value, float if line.endswith("float") else int), name
