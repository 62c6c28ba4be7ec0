"""Writing test takes with PyAV: an H.264 stream (libx264, CRF 16, ``veryfast``, yuv420p) and
the encode-and-flush loop every writer shares."""

from __future__ import annotations

from collections.abc import Iterable

import av


def add_stream(c: av.container.OutputContainer, w: int, h: int, rate) -> av.VideoStream:
    """A ``w``×``h`` H.264 stream at frame rate ``rate`` in the output container ``c``."""
    s = c.add_stream("libx264", rate=rate)
    s.width, s.height, s.pix_fmt = w, h, "yuv420p"
    s.options = {"crf": "16", "preset": "veryfast"}
    return s


def mux(c: av.container.OutputContainer, s: av.VideoStream, frames: Iterable[av.VideoFrame]) -> None:
    """Encodes ``frames`` into ``s`` with time stamps 0, 1, 2, …, then flushes the encoder."""
    for i, f in enumerate(frames):
        f.pts = i
        for p in s.encode(f):
            c.mux(p)
    for p in s.encode(None):
        c.mux(p)
