"""Scoring video files: decode with PyAV (FFmpeg), feed the clip scorer, rank many takes.

:func:`score_video` decodes one file and pushes the decoder's own Y, U and V planes into
:class:`reelscore.ClipScorer` as numpy views (no copy; the row padding FFmpeg adds becomes the
plane stride). The first audio track, when there is one, is decoded in the same pass and fed to
:class:`reelscore.AudioScorer` (FFmpeg converts it to interleaved float32; layouts other than
mono, stereo and 5.1 are downmixed to stereo, rates outside 8–192 kHz resampled to 48 kHz);
its defects and metrics join the clip's report. Limited-range luma (16–235, what nearly all
H.264/HEVC/VP9 video carries) is expanded to full range by the scorer
(``push_yuv420(..., limited_range=True)``, into one buffer reused frame after frame);
full-range (JPEG) video is pushed as is. Other pixel formats are converted to 8-bit 4:2:0 by
FFmpeg first.

:func:`rank` scores many files in parallel on a thread pool (the core and the decoder release
the GIL; threads beat processes here, see ``python/benchmarks/bench_rank.py``) and orders them
keepers first. A file that cannot be scored becomes an error entry; the run always finishes.

All scoring logic (the 0–100 score, the defects, the ranking order) is the Rust core's; this
module only decodes, converts units (frames → seconds) and arranges results.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import math
import os
import pathlib
import signal
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from fractions import Fraction
from typing import Any, Optional

import numpy as np

from reelscore import detectors
from reelscore._native import DEFAULT_TARGET_LUFS, KEEPER_SCORE, AudioScorer, ClipReport, ClipScorer, ReelscoreError, rank_reports
from reelscore.settings import NAMES as SETTING_NAMES, Settings, resolve, split_overrides

#: A take with no defect and at least this score is a keeper (verdict ``"keep"``); the core's
#: ``reelscore::clip::config::KEEPER_SCORE``.
KEEP_SCORE = KEEPER_SCORE

#: File name suffixes a directory is searched for (case-insensitive).
VIDEO_SUFFIXES = frozenset(
    {".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mpg", ".mpeg", ".ts", ".mts", ".m2ts", ".flv", ".wmv", ".ogv", ".gif", ".y4m", ".3gp"}
)

#: Tolerated shortfall between the frames a container declares and those that decode (some
#: muxers count a frame or two differently); more is reported as a truncated or corrupt file.
SHORTFALL_FRAMES = 2
SHORTFALL_SHARE = 0.02


@dataclasses.dataclass(frozen=True)
class Limits:
    """What :func:`score_video` refuses before decoding (raise any of them if you need to).

    Checked against the container's header before a frame is decoded, and again while decoding
    (headers can lie). ``frames`` and ``duration`` apply to the part that would be decoded, so a
    long file with ``max_frames`` set is fine.
    """

    #: Largest frame width and height, pixels.
    width: int = 8192
    height: int = 8192
    #: Largest frame area, pixels (8192 × 4320, 8K DCI).
    pixels: int = 8192 * 4320
    #: Most frames decoded from one file.
    frames: int = 500_000
    #: Longest clip, seconds (4 hours).
    duration: float = 4 * 3600.0
    #: Highest frame rate accepted from a header, frames per second.
    fps: float = 1000.0


DEFAULT_LIMITS = Limits()


@dataclasses.dataclass(frozen=True)
class Thumbnail:
    """A small still of one frame: its source frame index, MIME type and encoded bytes."""

    frame: int
    mime: str
    data: bytes


@dataclasses.dataclass
class TakeScore:
    """One file's result: the core's :class:`ClipReport` plus where it came from.

    Frame indices in ``report`` count *scored* frames (every ``stride``-th decoded frame);
    :meth:`time` converts them to seconds. On failure ``report`` is None and ``error`` says why.
    """

    path: str
    report: Optional[ClipReport] = None
    error: Optional[str] = None
    #: Source frame rate (frames per second).
    fps: float = 0.0
    #: Frames pushed to the scorer.
    frames: int = 0
    #: Frames decoded (``frames`` × ``stride``, roughly).
    decoded: int = 0
    stride: int = 1
    width: int = 0
    height: int = 0
    #: Factor the frames were binned by before their statistics were measured (1: as they are;
    #: see ``analysis_pixels``). 0 when nothing was scored.
    analysis_factor: int = 0
    #: Wall-clock seconds spent decoding and scoring.
    elapsed: float = 0.0
    thumbnails: list[Thumbnail] = dataclasses.field(default_factory=list)
    #: The detectors' own evidence when ``detect`` was given (see :mod:`reelscore.detectors`):
    #: ``{"text": {step, frames, readings, report}, "face": {step, frames, ear, mouth, brow,
    #: blinks, boxes, report, subjects}}``, frame indices in scored frames; ``subjects`` holds
    #: the face and clothes boxes and signatures per sample, the frames kept either side of
    #: cuts and the cuts (see :mod:`reelscore.detectors`).
    detections: Optional[dict[str, Any]] = None
    #: The flights of small moving objects the scorer judged (``ClipScorer.flights()``: per
    #: flight its ``verdict``, ``start``, ``end`` and per point ``frames``, ``x``, ``y`` in
    #: scored frames and pixels of the frame); the implausible ones are the
    #: ``impossible_motion`` defects' evidence (:meth:`flight_behind`).
    flights: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    #: The sound track's loudness over time (``AudioScorer.loudness_series``: ``time``,
    #: ``momentary_lufs``, ``peak_dbfs`` per 100 ms) plus the ``target_lufs`` it was judged
    #: against; None without sound.
    audio_series: Optional[dict[str, Any]] = None
    #: 1-based position after :func:`rank` (None for failures and outside :func:`rank`).
    rank: Optional[int] = None
    #: Set by :func:`rank`: within ``top``, or (without ``top``) verdict ``"keep"``.
    keeper: bool = False
    #: The keeper threshold this take is judged by (``Settings.keep_score``).
    keep_score: float = KEEP_SCORE

    @property
    def ok(self) -> bool:
        return self.report is not None

    @property
    def name(self) -> str:
        return pathlib.Path(self.path).name

    @property
    def score(self) -> Optional[float]:
        return None if self.report is None else self.report.score

    @property
    def verdict(self) -> str:
        """``"keep"`` (no defect, score ≥ :attr:`keep_score`), ``"reject"`` or ``"error"``."""
        if self.report is None:
            return "error"
        return "keep" if not self.report.defects and self.report.score >= self.keep_score else "reject"

    @property
    def duration(self) -> float:
        """Seconds of video scored."""
        return self.time(self.frames)

    def time(self, index: float) -> float:
        """Seconds from the start at scored frame ``index``."""
        return index * self.stride / self.fps if self.fps > 0 else 0.0

    def flight_behind(self, defect: Any) -> Optional[dict[str, Any]]:
        """The implausible flight behind an ``impossible_motion`` defect: of the scorer's
        flights that are not ``plausible``, the one sharing most frames with the defect (None
        for other kinds, or when none overlaps)."""
        if defect.kind != "impossible_motion":
            return None
        best, most = None, 0
        for f in self.flights:
            shared = min(f["end"], defect.end) - max(f["start"], defect.start) + 1
            if f["verdict"] != "plausible" and shared > most:
                best, most = f, shared
        return best

    def flight_path(self, flight: dict[str, Any]) -> list[tuple[float, float]]:
        """``flight``'s points as ``(x, y)`` shares of the frame (a pixel's centre at
        ``(index + 0.5) / side``)."""
        w, h = max(self.width, 1), max(self.height, 1)
        return [((float(x) + 0.5) / w, (float(y) + 0.5) / h) for x, y in zip(flight["x"], flight["y"])]

    def defect_spans(self) -> list[dict[str, Any]]:
        """Defects with frame ranges (scored frames, inclusive) and times in seconds
        (``start`` at the first frame, ``end`` at the end of the last one)."""
        if self.report is None:
            return []
        return [
            {
                "kind": d.kind,
                "start_frame": d.start,
                "end_frame": d.end,
                "start": self.time(d.start),
                "end": self.time(d.end + 1),
                "severity": d.severity,
                "points": d.points,
            }
            for d in self.report.defects
        ]

    def deductions(self) -> list[dict[str, Any]]:
        """Why the score is not 100, most points first: each defect's kind, seconds and the
        points it costs (``"near": None``), or, for a take without defects, each kind it came
        near to (``"near"``: how near, 0–1, over the whole take); the points add up to
        ``100 - score`` (the core's verdict)."""
        rows = [{**{k: s[k] for k in ("kind", "start", "end", "points")}, "near": None} for s in self.defect_spans()]
        if self.report is not None:
            end = self.time(int(self.report.metrics["frames"]))
            rows += [{"kind": k, "start": 0.0, "end": end, "points": p, "near": c} for k, c, p in self.report.near_misses]
        return sorted(rows, key=lambda r: -r["points"])

    def reasons(self) -> str:
        """One line: the defects with their time ranges, or the error."""
        if self.report is None:
            return self.error or "failed"
        spans = self.defect_spans()
        if not spans:
            line = "no defect" if self.verdict == "keep" else f"no defect, score below {self.keep_score:g}"
            near = sorted((m for m in self.report.near_misses if m[2] >= 0.05), key=lambda m: -m[2])
            if near:
                line += "; near " + ", ".join(f"{k} (−{p:.1f} pts)" for k, _, p in near)
            return line
        return ", ".join(
            f"{s['kind']} {s['start']:.2f}–{s['end']:.2f} s (severity {s['severity']:.2f}, −{s['points']:.1f} pts)" for s in spans
        )

    def _repr_html_(self) -> str:
        """Jupyter's view: thumbnails (if kept), score, verdict, defects, a small plot."""
        from reelscore.notebook import take_html

        return take_html(self)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (see ``reelscore --help`` and the README for the schema)."""
        r = self.report
        out: dict[str, Any] = {
            "path": self.path,
            "status": "ok" if r is not None else "error",
            "error": self.error,
            "rank": self.rank,
            "keeper": self.keeper,
            "verdict": self.verdict,
            "score": _finite(r.score) if r is not None else None,
            "fps": _finite(self.fps),
            "width": self.width,
            "height": self.height,
            "stride": self.stride,
            "analysis_factor": self.analysis_factor,
            "frames": self.frames,
            "duration": _finite(self.duration),
            "defects": [{k: _finite(v) for k, v in s.items()} for s in self.defect_spans()],
            "deductions": [{k: _finite(v) for k, v in s.items()} for s in self.deductions()],
            "cuts": [{"frame": c, "time": self.time(c)} for c in r.cuts] if r is not None else [],
            "metrics": {k: _finite(v) for k, v in r.metrics.items()} if r is not None else {},
            "audio": {k: _finite(v) for k, v in r.audio.items()} if r is not None and r.audio is not None else None,
        }
        if self.detections is not None:
            out["detections"] = {
                k: {"step": v["step"], **{m: _finite(x) for m, x in v["report"].items()}} for k, v in self.detections.items()
            }
        return out


class Takes(list):  # type: ignore[type-arg]
    """The list :func:`rank` returns: a plain ``list`` of :class:`TakeScore` that also renders
    as a table in Jupyter and converts with :meth:`to_pandas`."""

    def _repr_html_(self) -> str:
        from reelscore.notebook import takes_html

        return takes_html(self)

    def to_pandas(self) -> Any:
        """One row per take (:func:`reelscore.to_pandas`)."""
        from reelscore.notebook import to_pandas

        return to_pandas(self)

    def to_dict(self) -> list[dict[str, Any]]:
        """Each take's :meth:`TakeScore.to_dict`, in order."""
        return [t.to_dict() for t in self]


def _finite(x: Any) -> Any:
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


class _Cancelled(Exception):
    pass


def _describe_error(path: str, e: BaseException) -> str:
    import av

    if isinstance(e, IsADirectoryError):
        return "is a directory, not a video file"
    if isinstance(e, FileNotFoundError):
        return "no such file"
    if isinstance(e, PermissionError):
        return "permission denied"
    if isinstance(e, av.error.InvalidDataError):
        return "not a video file, or a corrupt or truncated one (FFmpeg: invalid data)"
    if isinstance(e, av.FFmpegError):
        return f"cannot decode: {e.strerror or e}"
    if isinstance(e, OSError):
        return f"cannot read: {e.strerror or e}"
    return str(e)


def _rate(stream: Any) -> Optional[float]:
    for r in (stream.average_rate, stream.guessed_rate, stream.base_rate):
        if r:
            f = float(r)
            if math.isfinite(f) and f > 0:
                return f
    return None


def _declared_frames(stream: Any, container: Any, fps: float) -> int:
    if stream.frames:
        return int(stream.frames)
    if stream.duration and stream.time_base:
        return int(round(float(stream.duration * stream.time_base) * fps))
    if container.duration:
        return int(round(container.duration / 1_000_000 * fps))
    return 0


def _planes(frame: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Numpy views of a yuv420p/yuvj420p frame's planes: visible width, line-size stride."""
    out = []
    for p in frame.planes:
        a = np.frombuffer(p, np.uint8)
        out.append(a[: p.line_size * p.height].reshape(p.height, p.line_size)[:, : p.width])
    return out[0], out[1], out[2]


_FULL_RANGE_FORMATS = {"yuvj420p"}
_DIRECT_FORMATS = {"yuv420p", "yuvj420p"}


def _thumbnail(frame: Any, index: int, width: int) -> Thumbnail:
    """A JPEG (PyAV's MJPEG encoder) still, ``width`` pixels wide; PNG if JPEG fails."""
    w, h = even_size(frame.width, frame.height, width)
    return still(frame.reformat(width=w, height=h, format="rgb24").to_ndarray(), index)


def even_size(width: int, height: int, target: int) -> tuple[int, int]:
    """``target`` wide (at most ``width``), height to scale, both even and at least 2."""
    w = max(2, min(target, width) // 2 * 2)
    return w, max(2, int(round(height * w / width / 2)) * 2)


def still(rgb: np.ndarray, index: int) -> Thumbnail:
    """An ``(H, W, 3)`` uint8 frame (even sides) as a JPEG :class:`Thumbnail` of frame ``index``;
    PNG if JPEG fails."""
    import av

    h, w = rgb.shape[:2]
    try:
        cc = av.CodecContext.create("mjpeg", "w")
        cc.width, cc.height, cc.pix_fmt = w, h, "yuvj420p"
        cc.time_base = Fraction(1, 25)
        cc.options = {"qmin": "2", "qmax": "6"}
        src = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24").reformat(format="yuvj420p")
        packets = cc.encode(src) + cc.encode(None)
        return Thumbnail(index, "image/jpeg", b"".join(bytes(p) for p in packets))
    except (av.FFmpegError, ValueError):
        return Thumbnail(index, "image/png", png(rgb))


def scored_frames(path: str | os.PathLike[str], wanted: Iterable[int], *, stride: int = 1, width: int = 320) -> Iterator[tuple[int, np.ndarray]]:
    """Decodes ``path`` again and yields ``(index, rgb)`` for each wanted *scored* frame index
    (decoded frame ``index × stride``, counted as :func:`score_video` counts), in order, as
    ``(H, W, 3)`` uint8 arrays ``width`` pixels wide (even sides). Stops after the last wanted
    frame; indices past the end are skipped. For reports: the frames at a defect."""
    import av

    todo = sorted({int(i) * stride for i in wanted if i >= 0})
    if not todo:
        return
    want = set(todo)
    with av.open(os.fspath(path), mode="r") as container:
        stream = container.streams.video[0]
        stream.codec_context.thread_type = "AUTO"
        size: Optional[tuple[int, int]] = None
        for n, frame in enumerate(container.decode(stream)):
            if n in want:
                size = size or even_size(frame.width, frame.height, width)
                yield n // stride, frame.reformat(width=size[0], height=size[1], format="rgb24").to_ndarray()
            if n >= todo[-1]:
                break


def sound_spans(path: str | os.PathLike[str], spans: Sequence[tuple[float, float]], *, rate: int = 48000) -> Optional[tuple[list[np.ndarray], str]]:
    """Decodes the first audio track of ``path`` again and returns, per ``(start, end)`` span in
    seconds, its samples as a ``(channels, samples)`` float32 array at ``rate`` Hz (``round(start
    · rate)`` to ``round(end · rate)``; zeros past the end of the track), and the layout, ``"mono"``
    or ``"stereo"`` (more channels are downmixed). Time 0 is the track's first sample, as for
    :func:`score_video`'s audio defects. None when the file has no audio track. For reports: the
    sound at a defect."""
    import av

    bounds = [(max(0, round(a * rate)), max(0, round(b * rate))) for a, b in spans]
    last = max((b for _, b in bounds), default=0)
    with av.open(os.fspath(path), mode="r") as container:
        if not container.streams.audio:
            return None
        stream = container.streams.audio[0]
        layout = "mono" if stream.codec_context.channels == 1 else "stereo"
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=rate)
        chunks: list[np.ndarray] = []
        have = 0
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray())
                have += chunks[-1].shape[1]
            if have >= last:
                break
        else:
            chunks.extend(out.to_ndarray() for out in resampler.resample(None))
    channels = 1 if layout == "mono" else 2
    track = np.concatenate(chunks, axis=1) if chunks else np.zeros((channels, 0), np.float32)
    cut = []
    for a, b in bounds:
        part = np.zeros((channels, max(b - a, 0)), np.float32)
        got = track[:, a : max(a, min(b, track.shape[1]))]
        part[:, : got.shape[1]] = got
        cut.append(part)
    return cut, layout


def png(rgb: np.ndarray) -> bytes:
    """An ``(H, W, 3)`` or ``(H, W)`` uint8 array as PNG bytes (zlib, no other dependency)."""
    a = np.ascontiguousarray(rgb, dtype=np.uint8)
    h, w = a.shape[:2]
    color = 2 if a.ndim == 3 else 0
    raw = b"".join(b"\x00" + a[y].tobytes() for y in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, color, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def score_video(
    path: str | os.PathLike[str],
    /,
    *,
    stride: int = 1,
    max_frames: Optional[int] = None,
    limits: Limits = DEFAULT_LIMITS,
    thumbnails: int = 0,
    thumbnail_width: int = 160,
    decoder_threads: int = 0,
    audio: bool = True,
    analysis_pixels: Optional[int] = None,
    progress: Optional[Callable[[int], None]] = None,
    detect: str | Sequence[str] = (),
    detect_step: Optional[int] = None,
    settings: Optional[Settings] = None,
    _cancel: Optional[threading.Event] = None,
    **overrides: Any,
) -> TakeScore:
    """Decodes ``path`` with PyAV and scores it with the clip scorer.

    ``stride``: score every ``stride``-th frame (the scorer sees ``fps / stride``);
    ``max_frames``: stop after this many scored frames; ``limits``: what to refuse before
    decoding (:class:`Limits`); ``thumbnails``: keep that many evenly spaced stills (JPEG) for
    reports; ``decoder_threads``: FFmpeg decoding threads (0 = FFmpeg's choice);
    ``audio``: also score the first audio track, if any (``report.audio`` is None otherwise);
    ``analysis_pixels``: frames larger than this are measured on a binned copy (default
    :data:`ANALYSIS_PIXELS`, 1280×720; :data:`FAST_ANALYSIS_PIXELS` bins 720p too: about 2×
    less scoring work there, but a slight blur goes unseen);
    ``progress``: called with the number of frames decoded since its last call;
    ``detect``: detectors to run, ``("text", "face")`` or ``"text,face"`` (the ``detect`` extra,
    :mod:`reelscore.detectors`): their ``garbled_text`` and ``stiff_face`` defects, and with
    ``"face"`` the ``appearance_shift`` of the person it anchors across cuts, join the verdict;
    their evidence is ``TakeScore.detections``; ``detect_step``: run them on every
    ``detect_step``-th scored frame (default: from the frame rate, per detector).
    ``settings``: a :class:`reelscore.Settings` (default: the ``reelscore.toml`` or
    ``[tool.reelscore]`` found upward from the working directory, else the defaults);
    ``overrides``: setting names as keywords (``keep_score=70``, ``ignore=("noise",)``,
    ``weights={"blur": 0.2}``, ``target_lufs=-16``) applied over it. The weights and ignored
    kinds go to the core verdict; ``target_lufs`` to the audio scorer.

    Raises :class:`ReelscoreError` for a missing, unreadable, corrupt, truncated or non-video
    file, or one over the limits; the message starts with the path.
    """
    import av

    _check_options(stride=stride, max_frames=max_frames, analysis_pixels=analysis_pixels, detect_step=detect_step)
    unknown = sorted(set(overrides) - set(SETTING_NAMES))
    if unknown:
        raise TypeError(f"score_video() got an unexpected keyword argument {unknown[0]!r} (settings: {', '.join(SETTING_NAMES)})")
    s = resolve(settings, **overrides)
    kinds = detectors.parse_kinds(detect)
    detectors.require(kinds)
    name = os.fspath(path)
    t0 = time.perf_counter()
    try:
        return _score(
            name, stride, max_frames, limits, thumbnails, thumbnail_width, decoder_threads, audio, analysis_pixels, progress, _cancel, t0,
            kinds, detect_step, s,
        )
    except ReelscoreError:
        raise
    except (OSError, av.FFmpegError) as e:
        raise ReelscoreError(f"{name}: {_describe_error(name, e)}") from e


def _score(
    name: str,
    stride: int,
    max_frames: Optional[int],
    limits: Limits,
    n_thumbs: int,
    thumb_width: int,
    decoder_threads: int,
    with_audio: bool,
    analysis_pixels: Optional[int],
    progress: Optional[Callable[[int], None]],
    cancel: Optional[threading.Event],
    t0: float,
    kinds: tuple[str, ...] = (),
    detect_step: Optional[int] = None,
    settings: Settings = Settings(),
) -> TakeScore:
    import av

    p = pathlib.Path(name)
    if p.is_dir():
        raise IsADirectoryError(name)
    with av.open(name, mode="r") as container:
        if not container.streams.video:
            kinds = sorted({s.type for s in container.streams}) or ["none"]
            raise ReelscoreError(f"{name}: no video stream (streams: {', '.join(kinds)})")
        stream = container.streams.video[0]
        cc = stream.codec_context
        if decoder_threads > 0:
            cc.thread_count = decoder_threads
            cc.thread_type = "FRAME" if decoder_threads > 1 else "SLICE"
        else:
            cc.thread_type = "AUTO"
        width, height = cc.width, cc.height
        _check_size(name, width, height, limits)
        fps = _rate(stream)
        if fps is None:
            fps = 30.0
        if fps > limits.fps:
            raise ReelscoreError(f"{name}: declared frame rate {fps:g} fps is over the limit of {limits.fps:g} (Limits.fps)")
        declared = _declared_frames(stream, container, fps)
        to_decode = declared if max_frames is None else min(declared, max_frames * stride)
        if to_decode > limits.frames:
            raise ReelscoreError(f"{name}: {to_decode} frames to decode, over the limit of {limits.frames} (Limits.frames; or pass max_frames)")
        if to_decode / fps > limits.duration:
            raise ReelscoreError(
                f"{name}: {to_decode / fps:.0f} s of video, over the limit of {limits.duration:.0f} s (Limits.duration; or pass max_frames)"
            )
        thumb_at: set[int] = set()
        if n_thumbs > 0 and to_decode > 0:
            thumb_at = {int((k + 0.5) * to_decode / n_thumbs) for k in range(n_thumbs)}
        thumbs: list[Thumbnail] = []
        scorer: Optional[ClipScorer] = None
        detection = detectors.Detection(kinds, fps=fps / stride, step=detect_step) if kinds else None
        decoded = scored = pending = 0
        last_frame = None
        sound = _Sound.open(container, settings.target_lufs) if with_audio else None
        try:
            for frame in _decode(container, stream, sound):
                if frame is None:
                    continue  # an audio frame, fed to `sound`
                if cancel is not None and cancel.is_set():
                    raise _Cancelled()
                index = decoded
                decoded += 1
                pending += 1
                if progress is not None and pending >= 8:
                    progress(pending)
                    pending = 0
                if decoded > limits.frames:
                    raise ReelscoreError(f"{name}: more than {limits.frames} frames (Limits.frames)")
                if decoded > limits.duration * fps:
                    raise ReelscoreError(f"{name}: longer than {limits.duration:.0f} s (Limits.duration)")
                if scorer is None:
                    width, height = frame.width, frame.height
                    _check_size(name, width, height, limits)
                    scorer = ClipScorer(width, height, fps=fps / stride, analysis_pixels=analysis_pixels)
                elif (frame.width, frame.height) != (width, height):
                    raise ReelscoreError(
                        f"{name}: frame {index} is {frame.width}×{frame.height} but the clip started at {width}×{height}"
                    )
                if index in thumb_at:
                    thumbs.append(_thumbnail(frame, index, thumb_width))
                last_frame = frame
                if index % stride:
                    continue
                fmt = frame.format.name
                src = frame if fmt in _DIRECT_FORMATS else frame.reformat(format="yuv420p")
                y, u, v = _planes(src)
                full = fmt in _FULL_RANGE_FORMATS or frame.color_range == 2  # AVCOL_RANGE_JPEG
                scorer.push_yuv420(y, u, v, limited_range=not full)
                if detection is not None and detection.anchors_subjects:
                    candidates = scorer.cuts_if_ended()
                    if candidates and candidates[-1] == scored:
                        detection.cut_at(scored)
                if detection is not None and detection.wants(scored):
                    detection.feed(scored, frame.to_ndarray(format="rgb24"))
                scored += 1
                if max_frames is not None and scored >= max_frames:
                    break
        except (av.FFmpegError, OSError) as e:
            why = e.strerror if isinstance(e, av.FFmpegError) and e.strerror else _describe_error(name, e)
            raise ReelscoreError(f"{name}: corrupt video: decoding failed after {decoded} frames (FFmpeg: {why})") from e
        finally:
            if progress is not None and pending:
                progress(pending)
        if scorer is None or scored == 0:
            raise ReelscoreError(f"{name}: no video frame could be decoded (corrupt, truncated or empty file)")
        complete = max_frames is None or scored < max_frames
        if complete and declared > 0 and decoded < declared - max(SHORTFALL_FRAMES, SHORTFALL_SHARE * declared):
            raise ReelscoreError(f"{name}: truncated or corrupt: decoded {decoded} of the {declared} frames the file declares")
        if n_thumbs > 0 and not thumbs and last_frame is not None:
            thumbs.append(_thumbnail(last_frame, decoded - 1, thumb_width))
        found, evidence = detection.finish(scorer.cuts_if_ended()) if detection is not None else ([], None)
        loudness = None
        if sound is not None and sound.scorer.frames > 0:
            loudness = {**sound.scorer.loudness_series(), "target_lufs": settings.target_lufs}
        report = scorer.finish(
            audio=sound.scorer if sound is not None and sound.scorer.frames > 0 else None,
            detectors=found,
            weights=dict(settings.weights),
            ignore=list(settings.ignore),
        )
        flights = scorer.flights()
    return TakeScore(
        path=name,
        report=report,
        fps=fps,
        frames=scored,
        decoded=decoded,
        stride=stride,
        width=width,
        height=height,
        analysis_factor=scorer.analysis_factor,
        elapsed=time.perf_counter() - t0,
        thumbnails=thumbs,
        detections=evidence,
        flights=flights,
        audio_series=loudness,
        keep_score=settings.keep_score,
    )


class _Sound:
    """The first audio track's decoder output, converted and fed to an :class:`AudioScorer`."""

    #: Channel layouts whose order is BS.1770's (L, R, C, LFE, Ls, Rs) or plain mono/stereo.
    _LAYOUTS = {1: None, 2: None, 6: {"5.1", "5.1(side)"}}

    def __init__(self, stream: Any, target_lufs: float = DEFAULT_TARGET_LUFS) -> None:
        import av

        self.stream = stream
        channels = stream.codec_context.channels
        allowed = self._LAYOUTS.get(channels, set())
        layout = stream.layout.name if allowed is None or stream.layout.name in allowed else "stereo"
        rate = stream.rate if 8000 <= (stream.rate or 0) <= 192000 else 48000
        self.resampler = av.AudioResampler(format="flt", layout=layout, rate=rate)
        self.scorer = AudioScorer(rate, {"mono": 1, "stereo": 2}.get(layout, channels), target_lufs=target_lufs)

    @classmethod
    def open(cls, container: Any, target_lufs: float = DEFAULT_TARGET_LUFS) -> Optional["_Sound"]:
        return cls(container.streams.audio[0], target_lufs) if container.streams.audio else None

    def feed(self, frame: Any) -> None:
        for out in self.resampler.resample(frame):
            self.scorer.push(out.to_ndarray().reshape(-1))

    def flush(self) -> None:
        for out in self.resampler.resample(None):
            self.scorer.push(out.to_ndarray().reshape(-1))


def _decode(container: Any, video: Any, sound: Optional[_Sound]) -> Iterable[Any]:
    """Video frames of ``video`` in order; with ``sound``, the audio track is demuxed in the
    same pass, its frames fed to ``sound`` (yielding None for each so callers stay responsive)."""
    if sound is None:
        yield from container.decode(video)
        return
    for packet in container.demux(video, sound.stream):
        if packet.stream.index == sound.stream.index:
            for frame in packet.decode():
                sound.feed(frame)
                yield None
        else:
            yield from packet.decode()
    sound.flush()


def _check_size(name: str, width: int, height: int, limits: Limits) -> None:
    if width > limits.width or height > limits.height or width * height > limits.pixels:
        raise ReelscoreError(
            f"{name}: {width}×{height} frames are over the limits "
            f"({limits.width}×{limits.height}, {limits.pixels} pixels; see reelscore.Limits)"
        )


def folder_videos(folder: str | os.PathLike[str], *, recursive: bool = True) -> list[str]:
    """The video files (by suffix) in ``folder``; with ``recursive``, in its subfolders too
    (hidden ones, named ``.*``, skipped; symbolic links to folders not followed). Sorted by
    path, a folder's files before its subfolders', so the order never depends on the file
    system."""
    root = os.fspath(folder)
    out: list[str] = []
    for here, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith(".")) if recursive else []
        out.extend(os.path.join(here, f) for f in sorted(files) if pathlib.Path(f).suffix.lower() in VIDEO_SUFFIXES)
    return [f for f in out if os.path.isfile(f)]


def video_files(inputs: Iterable[str | os.PathLike[str]], *, recursive: bool = True) -> list[str]:
    """Expands directories (:func:`folder_videos`: their video files by suffix, sorted,
    subfolders too unless ``recursive`` is False); other paths are kept as given, so missing
    files are reported by the scorer."""
    out: list[str] = []
    for item in _one_or_many(inputs):
        if os.path.isdir(item):
            out.extend(folder_videos(item, recursive=recursive))
        else:
            out.append(os.fspath(item))
    return out


def _file_size(name: str) -> int:
    """Bytes of ``name``, 0 when it cannot be read (the scorer reports why)."""
    try:
        return os.stat(name).st_size
    except OSError:
        return 0


def default_workers(n_files: int) -> int:
    """One worker per core, at most one per file."""
    return max(1, min(n_files, os.cpu_count() or 1))


def _check_options(**options: Any) -> None:
    """Raises :class:`ReelscoreError` for a ``stride``, ``max_frames`` or ``analysis_pixels``
    that is not a positive integer (the last two may be None); other options pass."""

    def positive(x: Any) -> bool:
        return not isinstance(x, bool) and isinstance(x, int) and x >= 1

    if "stride" in options and not positive(options["stride"]):
        raise ReelscoreError(f"stride must be a positive integer, got {options['stride']!r}")
    for key in ("max_frames", "analysis_pixels", "detect_step"):
        if options.get(key) is not None and not positive(options[key]):
            raise ReelscoreError(f"{key} must be a positive integer or None, got {options[key]!r}")


#: Seconds the thread waiting for a pool's results sleeps at most between looks at signals.
WAIT_SLICE = 0.1


def _block_stop_signals() -> None:
    """Pool threads (and the FFmpeg threads they start) leave SIGINT and SIGTERM to the main
    thread, whose Python handlers stop the run."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})


def score_many(
    paths: Sequence[str | os.PathLike[str]],
    *,
    workers: Optional[int] = None,
    on_done: Optional[Callable[[TakeScore], None]] = None,
    cancel: Optional[threading.Event] = None,
    **options: Any,
) -> list[TakeScore]:
    """Scores every file (input order kept); failures become entries with ``error`` set.

    Runs ``workers`` threads (default :func:`default_workers`); each decoder keeps FFmpeg's own
    threading (measured best on 2 cores when clip sizes differ: the largest file otherwise
    decodes on one core while the other idles). ``options`` go to
    :func:`score_video`. ``cancel`` (a ``threading.Event``) stops the run between frames:
    a KeyboardInterrupt in the caller should set it. ``settings`` and setting overrides
    among ``options`` are resolved once for the whole run (:func:`reelscore.settings.resolve`).
    """
    names = [os.fspath(p) for p in _one_or_many(paths)]
    given, options = split_overrides(dict(options))
    options["settings"] = given if given is not None else resolve()
    if workers is None:
        workers = default_workers(len(names))
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ReelscoreError(f"workers must be a positive integer or None, got {workers!r}")
    _check_options(**options)  # a bad option is the caller's error, not each file's
    detectors.require(detectors.parse_kinds(options.get("detect", ())))  # so is a missing extra
    cancel = cancel or threading.Event()

    def one(name: str) -> TakeScore:
        t0 = time.perf_counter()
        try:
            result = score_video(name, _cancel=cancel, **options)
        except ReelscoreError as e:
            msg = str(e)
            prefix = f"{name}: "
            result = TakeScore(path=name, error=msg[len(prefix):] if msg.startswith(prefix) else msg, elapsed=time.perf_counter() - t0)
        if on_done is not None:
            on_done(result)
        return result

    if workers == 1 or len(names) <= 1:
        return [one(n) for n in names]
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="reelscore", initializer=_block_stop_signals)
    futures: dict[int, concurrent.futures.Future[TakeScore]] = {}
    try:
        # Largest files first (longest-processing-time-first scheduling): a big take started
        # last would run alone at the end while the other workers idle.
        for i in sorted(range(len(names)), key=lambda i: -_file_size(names[i])):
            futures[i] = pool.submit(one, names[i])
        # Wait in short slices, not on one future: a signal's Python handler (KeyboardInterrupt)
        # runs only when the main thread runs Python code, and the future it would wait on may
        # be scheduled last.
        pending = set(futures.values())
        while pending:
            _, pending = concurrent.futures.wait(pending, timeout=WAIT_SLICE)
        return [futures[i].result() for i in range(len(names))]
    except BaseException:
        cancel.set()
        for f in futures.values():
            f.cancel()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def order(results: Sequence[TakeScore], *, top: Optional[int] = None) -> list[TakeScore]:
    """Keepers first, then the other scored takes, then failures (input order).

    The order among scored takes is the core's :func:`reelscore.rank_reports` (score
    descending, ties keep input order). The keepers are the takes whose verdict is ``"keep"``
    (no defect, score >= their ``keep_score``); with ``top``, at most the best ``top`` of them:
    a rejected take is never a keeper, so ``top`` may find fewer than ``top``. Sets ``rank``
    and ``keeper``.
    """
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 0):
        raise ReelscoreError(f"top must be a non-negative integer or None, got {top!r}")
    ok = [r for r in results if r.report is not None]
    by_report = {id(r.report): r for r in ok}
    ranked = [by_report[id(rep)] for rep in rank_reports([r.report for r in ok])]
    keepers = [r for r in ranked if r.verdict == "keep"]
    if top is not None:
        keepers = keepers[:top]
    chosen = {id(r) for r in keepers}
    rest = [r for r in ranked if id(r) not in chosen]
    out = keepers + rest
    for i, r in enumerate(out, 1):
        r.rank = i
        r.keeper = i <= len(keepers)
    failed = [r for r in results if r.report is None]
    for r in failed:
        r.rank, r.keeper = None, False
    return out + failed


def rank(
    paths: Iterable[str | os.PathLike[str]],
    /,
    *,
    top: Optional[int] = None,
    workers: Optional[int] = None,
    **options: Any,
) -> Takes:
    """Scores video files in parallel and returns every one of them, keepers first.

    ``paths`` may contain directories (their video files are taken); a single string or path
    is one file or folder (``rank("takes/")``), not a sequence of characters. Each entry is a
    :class:`TakeScore` with ``rank`` and ``keeper`` set; files that could not be scored come
    last, with ``error`` set and ``report`` None: one bad file never stops the run.
    The keepers are the takes whose verdict is ``"keep"``; with ``top``, at most the best
    ``top`` of them (a rejected take is never a keeper). ``workers``: threads (default one per core). ``options`` go to
    :func:`score_video` (``stride``, ``max_frames``, ``limits``, ``thumbnails``…), including
    ``settings`` and setting overrides (``keep_score=70``, ``ignore=("noise",)``,
    ``weights={"blur": 0.2}``, ``target_lufs=-16``, ``recursive=False``), resolved once.
    """
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 0):
        raise ReelscoreError(f"top must be a non-negative integer or None, got {top!r}")
    given, options = split_overrides(dict(options))
    s = given if given is not None else resolve()
    results = score_many(video_files(_one_or_many(paths), recursive=s.recursive), workers=workers, settings=s, **options)
    return Takes(order(results, top=top))


def _one_or_many(paths: Any) -> Any:
    """A lone ``str``/``bytes``/path is one input, not an iterable of characters."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        return [os.fsdecode(paths)]
    return paths
