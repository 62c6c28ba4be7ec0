"""Clipping that survived lossy coding: sound driven into the rails, then coded with AAC, Opus or
MP3 the way generated takes are delivered, must still come back as ``clipping``; clean sound
peaking at full scale must not.

The oracle is the construction: where the signal was clipped before coding is known. Decoded
clipped sound often overshoots full scale in runs, which the exact-run rule finds; where it does
not (MP3 usually, and any coded clip trimmed by half a dB afterwards), the pinned-sub-block rule
must. Each test that relies on the pinned rule alone checks that premise on the decoded sound.
Limitation (not tested as a success): sound whose decoded overshoot is later normalised away
(peak-normalised to just below full scale) drops its plateau below -1 dBFS and is missed.
Coding is FFmpeg's, through PyAV.
"""

from __future__ import annotations

import io
import pathlib

import av
import numpy as np
import pytest

import reelscore
from reelscore import demo

from conftest import clip_dir
from test_audio import espeak
from test_clip_senses import FPS, tone, write_take

RATE = 48_000
FULL_SCALE = 32767 / 32768
TRIM = 0.95  # -0.45 dB


def code(x: np.ndarray, codec: str, bit_rate: int) -> np.ndarray:
    """``x`` (samples, 2) float in ±1 through ``codec`` at ``bit_rate`` and back, float32."""
    buf = io.BytesIO()
    fmt = {"aac": "mp4", "libopus": "ogg", "libmp3lame": "mp3"}[codec]
    with av.open(buf, "w", format=fmt) as c:
        s = c.add_stream(codec, rate=RATE, layout="stereo")
        s.bit_rate = bit_rate
        frame_len = 960 if codec == "libopus" else 1152 if codec == "libmp3lame" else 1024
        for i in range(0, len(x), frame_len):
            part = np.ascontiguousarray(x[i : i + frame_len].T.astype(np.float32))
            if part.shape[1] < frame_len:  # fixed-frame encoders want whole frames
                part = np.pad(part, ((0, 0), (0, frame_len - part.shape[1])))
            f = av.AudioFrame.from_ndarray(part, format="fltp", layout="stereo")
            f.sample_rate, f.pts = RATE, i
            for p in s.encode(f):
                c.mux(p)
        for p in s.encode(None):
            c.mux(p)
    buf.seek(0)
    out = []
    with av.open(buf) as c:
        resample = av.AudioResampler(format="flt", layout="stereo", rate=RATE)
        for f in c.decode(audio=0):
            out += [g.to_ndarray().reshape(-1, 2) for g in resample.resample(f)]
    return np.concatenate(out)


def longest_full_scale_run(x: np.ndarray) -> int:
    best = 0
    for ch in x.T:
        at = np.abs(ch) >= FULL_SCALE
        edges = np.flatnonzero(np.diff(np.concatenate([[0], at.astype(np.int8), [0]])))
        if len(edges):
            best = max(best, int((edges[1::2] - edges[::2]).max()))
    return best


def clipping(x: np.ndarray) -> list:
    r = reelscore.score_audio(np.ascontiguousarray(x, dtype=np.float32), RATE)
    return [d for d in r.defects if d.kind == "clipping"]


@pytest.fixture(scope="module")
def speech(tmp_path_factory) -> np.ndarray:
    pcm, rate = espeak(tmp_path_factory.mktemp("speech"), "medium")
    x = pcm.astype(np.float64) / 32768
    if rate != RATE:  # espeak-ng speaks at 22.05 kHz
        t = np.arange(int(len(x) * RATE / rate)) / RATE
        x = np.interp(t, np.arange(len(x)) / rate, x)
    x = np.repeat(x[:, None], 2, axis=1)
    return x / np.abs(x).max()  # peak at full scale


@pytest.fixture(scope="module")
def music() -> np.ndarray:
    """The bigbuckbunny trailer's score (music and effects), stereo, peak at full scale."""
    with av.open(str(clip_dir() / "bigbuckbunny.mp4")) as c:
        resample = av.AudioResampler(format="flt", layout="stereo", rate=RATE)
        x = np.concatenate([g.to_ndarray().reshape(-1, 2) for f in c.decode(audio=0) for g in resample.resample(f)])
    x = np.asarray(x, dtype=np.float64)
    return x / np.abs(x).max()


CODECS = [("aac", 128_000), ("aac", 64_000), ("libopus", 96_000), ("libmp3lame", 128_000)]


@pytest.mark.parametrize(("codec", "bit_rate"), CODECS)
def test_clean_sound_at_full_scale_is_not_pinned(speech, music, codec, bit_rate):
    # Peak-normalised to 0 dBFS, so its loudest sub-blocks reach into the near-full-scale band.
    # A decoder may overshoot full scale on such sound (which is why delivery specs ask for
    # -1 dBTP); those samples would clip on playback and are found by the exact-run rule. Apart
    # from such runs, clean sound is never clipping.
    for x in (speech, music):
        y = code(x, codec, bit_rate)
        assert np.abs(y).max() > 0.9
        if longest_full_scale_run(y) >= 3:
            y = np.clip(y, -0.999, 0.999)  # the overshoot runs alone taken out
        assert clipping(y) == [], codec


@pytest.mark.parametrize(("codec", "bit_rate"), CODECS)
@pytest.mark.parametrize("drive", [2.0, 4.0])
def test_speech_clipped_then_coded_is_clipping(speech, codec, bit_rate, drive):
    y = code(np.clip(speech * drive, -1, 1), codec, bit_rate)
    found = clipping(y)
    assert found, f"{codec} {bit_rate} drive {drive}"
    assert max(d.severity for d in found) > 0.5


@pytest.mark.parametrize(
    ("source", "drive", "codec", "bit_rate", "trim"),
    [
        ("speech", 2.0, "libmp3lame", 128_000, TRIM),
        ("speech", 4.0, "libmp3lame", 128_000, TRIM),
        ("speech", 2.0, "aac", 128_000, TRIM),
        ("music", 2.0, "aac", 128_000, 1.0),
        ("music", 4.0, "aac", 128_000, TRIM),
        ("music", 4.0, "libmp3lame", 128_000, TRIM),
    ],
)
def test_pinned_sub_blocks_find_what_full_scale_runs_miss(speech, music, source, drive, codec, bit_rate, trim):
    x = {"speech": speech, "music": music}[source]
    y = code(np.clip(x * drive, -1, 1), codec, bit_rate) * trim
    assert longest_full_scale_run(y) < 3  # the exact-run rule alone sees nothing here
    assert clipping(y)


def test_coded_clipping_is_found_where_it_happened():
    # A gliding tone at a quarter of full scale, driven 8× into the rails from 2.0 to 2.5 s.
    t = np.arange(4 * RATE) / RATE
    f = 300 * 2 ** (0.5 + 0.5 * np.sin(2 * np.pi * t))
    x = 0.25 * np.sin(2 * np.pi * np.cumsum(f) / RATE)
    x[2 * RATE : int(2.5 * RATE)] *= 8
    x = np.repeat(np.clip(x, -1, 1)[:, None], 2, axis=1)
    assert clipping(x)  # uncoded: full-scale runs
    for codec, bit_rate in CODECS:
        y = code(x, codec, bit_rate)  # both rules at work: overshoot runs and pinned blocks
        # Decoders add the encoder's priming delay (AAC 1024 samples, Opus 312, MP3 1105).
        delay = np.argmax(np.abs(y[:, 0]) > 0.1) / RATE - np.argmax(np.abs(x[:, 0]) > 0.1) / RATE
        (d,) = clipping(y)
        # Pinned sub-blocks are 100 ms: the edges land within one sub-block of the truth.
        assert d.start == pytest.approx(2.0 + delay, abs=0.1), codec
        assert d.end == pytest.approx(2.5 + delay, abs=0.1), codec


def test_steady_tone_below_full_scale_is_not_clipping():
    # A steady tone's amplitude density peaks at its crest, so one within 1 dB of full scale
    # pins (documented at PINNED_DENSITY_RATIO); 3 dB below it does not, coded or not.
    t = np.arange(3 * RATE) / RATE
    x = np.repeat((0.7 * np.sin(2 * np.pi * 440 * t))[:, None], 2, axis=1)
    assert clipping(x) == []
    assert clipping(code(x, "aac", 128_000)) == []


def test_clipped_take_in_mp4_with_aac(tmp_path: pathlib.Path):
    # End to end: H.264 + AAC in MP4, as generators deliver takes; clipping from 2.0 to 2.5 s
    # lands on those frames of the clip report.
    yuv, _ = demo.decode_yuv(clip_dir() / "carphone_pristine.mp4", 100)  # 4 s at 25 fps
    x = tone(4.0)
    x[2 * RATE : int(2.5 * RATE)] *= 8
    r = reelscore.score_video(write_take(tmp_path / "take.mp4", yuv, np.clip(x, -1, 1), codec="aac"))
    (d,) = [d for d in r.report.defects if d.kind == "clipping"]
    assert r.time(d.start) == pytest.approx(2.0, abs=0.1 + 1 / FPS)
    assert r.time(d.end + 1) == pytest.approx(2.5, abs=0.1 + 1 / FPS)
    assert r.verdict == "reject"
