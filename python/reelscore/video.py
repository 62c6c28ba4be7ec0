"""Decoding video files into frames with PyAV (FFmpeg)."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import numpy as np

from reelscore._native import expand_limited_range


def luma_frames(path: str | pathlib.Path, *, full_range: bool = True, max_frames: int | None = None) -> Iterator[np.ndarray]:
    """Yields each frame's luma as an ``(H, W)`` uint8 array.

    ``full_range=True`` expands limited-range (16–235) video to 0–255 exactly as FFmpeg's
    ``-pix_fmt gray`` does, which is what most reference tools measure on.
    """
    import av  # imported lazily: only video helpers need PyAV

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for n, frame in enumerate(container.decode(stream)):
            if max_frames is not None and n >= max_frames:
                break
            y = np.ascontiguousarray(frame.to_ndarray(format="yuv420p")[: frame.height])
            yield expand_limited_range(y) if full_range else y
