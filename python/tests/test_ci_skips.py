"""The CI plugin (ci_skips.py) turns skips into failures under CI=true and only then."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent

SAMPLE = """
import pytest

missing = pytest.importorskip("a_module_that_is_not_installed_anywhere")
"""

SAMPLE_IN_TEST = """
import pytest

def test_needs_tool():
    pytest.skip("espeak-ng not installed")

def test_runs():
    assert True
"""


def run(tmp_path: pathlib.Path, source: str, ci: str | None) -> subprocess.CompletedProcess:
    (tmp_path / "test_sample.py").write_text(source)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = str(HERE)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "ci_skips", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )


def test_skip_in_a_test_fails_in_ci_and_skips_locally(tmp_path):
    ci = run(tmp_path, SAMPLE_IN_TEST, "true")
    assert ci.returncode == 1, ci.stdout
    assert "skipped in CI" in ci.stdout and "espeak-ng not installed" in ci.stdout
    assert "1 failed, 1 passed" in ci.stdout
    local = run(tmp_path, SAMPLE_IN_TEST, None)
    assert local.returncode == 0, local.stdout
    assert "1 passed, 1 skipped" in local.stdout


def test_module_level_importorskip_fails_in_ci(tmp_path):
    ci = run(tmp_path, SAMPLE, "true")
    assert ci.returncode != 0, ci.stdout
    assert "a_module_that_is_not_installed_anywhere" in ci.stdout
    local = run(tmp_path, SAMPLE, "")
    assert local.returncode in (0, 5), local.stdout  # 5: pytest collected no test to run
    assert "skipped" in local.stdout
