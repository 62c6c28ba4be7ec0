"""One verdict per clip: the sound track and detector outputs join the clip report.

Takes with sound are written here with PyAV (H.264 video, 16-bit PCM audio in Matroska so
clipped samples survive exactly); the defects are injected at known times, which are the
oracle: each must come back as a defect on the frames showing those times, and the score must
follow the documented formula with ``DEFECT_WEIGHTS``.
"""

from __future__ import annotations

import pathlib

import av
import numpy as np
import pytest
import pyloudnorm

import reelscore
from reelscore import ClipScorer, FaceTracker, ReelscoreError, TextTracker, demo

import h264
from conftest import clip_dir

RATE = 48_000
FPS = 25


@pytest.fixture(scope="module")
def frames() -> list:
    yuv, _ = demo.decode_yuv(clip_dir() / "carphone_pristine.mp4", 100)
    return yuv  # 100 frames = 4 s at 25 fps


def tone(seconds: float, amplitude: float = 0.2, channels: int = 2) -> np.ndarray:
    """A tone gliding between 300 and 600 Hz once a second (a steady pitch would rightly be a
    monotone voice), (samples, channels) float64; 0.2 peak ≈ -14.5 LUFS in stereo."""
    t = np.arange(int(seconds * RATE)) / RATE
    f = 300 * 2 ** (0.5 + 0.5 * np.sin(2 * np.pi * t))
    phase = 2 * np.pi * np.cumsum(f) / RATE
    return np.repeat((amplitude * np.sin(phase))[:, None], channels, axis=1)


def write_take(
    path: pathlib.Path, frames: list, sound: np.ndarray | None, layout: str = "stereo", codec: str = "pcm_s16le"
) -> pathlib.Path:
    """H.264 yuv420p video at 25 fps and, with ``sound``, s16 PCM (Matroska) or AAC (MP4)."""
    h, w = frames[0][0].shape
    with av.open(str(path), mode="w") as c:
        vs = h264.add_stream(c, w, h, FPS)
        if sound is not None:
            aus = c.add_stream(codec, rate=RATE, layout=layout)
            if codec == "pcm_s16le":
                pcm = np.clip(np.rint(sound * 32768), -32768, 32767).astype(np.int16)
                parts = [(0, av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout=layout))]
            else:  # AAC: float planes, 1024 samples per frame
                parts = [
                    (i, av.AudioFrame.from_ndarray(np.ascontiguousarray(sound[i : i + 1024].T, dtype=np.float32), format="fltp", layout=layout))
                    for i in range(0, len(sound), 1024)
                ]
            for pts, af in parts:
                af.sample_rate, af.pts = RATE, pts
                for p in aus.encode(af):
                    c.mux(p)
            for p in aus.encode(None):
                c.mux(p)

        def limited(y: np.ndarray, u: np.ndarray, v: np.ndarray) -> av.VideoFrame:
            lim = np.rint(y.astype(np.float32) * (219 / 255) + 16).astype(np.uint8)
            return av.VideoFrame.from_ndarray(np.concatenate([lim, u.reshape(h // 4, w), v.reshape(h // 4, w)]), format="yuv420p")

        h264.mux(c, vs, (limited(*f) for f in frames))
    return path


def expected_score(base, frames: int, defects: list) -> float:
    """The documented verdict: each defect multiplies by 1 - w·severity·(0.5 + 0.5·coverage),
    starting from ``base`` (a report) when it has defects, else from 100·F, the near-miss floor
    (a take with a defect scores below every take without one)."""
    floor = 100.0 * float(np.prod([1.0 - r["near_share"] for r in reelscore.DEFECT_RULES.values()]))
    s = base.score if base.defects else floor
    for d in defects:
        coverage = (d.end - d.start + 1) / frames
        s *= 1 - reelscore.DEFECT_WEIGHTS[d.kind] * d.severity * (0.5 + 0.5 * coverage)
    return s


def test_sound_defects_land_on_the_frames_of_their_times(tmp_path, frames):
    sound = tone(4.0)
    sound[int(1.0 * RATE) : int(2.4 * RATE)] = 0  # 1.4 s of digital silence
    clipped = tone(4.0, amplitude=0.2)
    clipped[int(2.0 * RATE) : int(2.5 * RATE)] *= 8  # driven into the rails for 0.5 s
    clean = write_take(tmp_path / "clean.mkv", frames, tone(4.0))
    gap = write_take(tmp_path / "gap.mkv", frames, sound)
    clip = write_take(tmp_path / "clip.mkv", frames, np.clip(clipped, -1, 1))
    mute = write_take(tmp_path / "mute.mkv", frames, None)

    r_clean, r_gap, r_clip, r_mute = (reelscore.score_video(p) for p in (clean, gap, clip, mute))
    # No sound track: no audio metrics and nothing charged for its absence.
    assert r_mute.report.audio is None
    assert r_clean.report.audio is not None and r_clean.report.defects == []
    assert r_clean.score == pytest.approx(r_mute.score, abs=1e-12)
    # Loudness of the decoded track agrees with pyloudnorm on the signal that was written.
    expect_lufs = pyloudnorm.Meter(RATE).integrated_loudness(tone(4.0))
    assert r_clean.report.audio["integrated_lufs"] == pytest.approx(expect_lufs, abs=0.1)

    (silence,) = [d for d in r_gap.report.defects if d.kind == "silence"]
    # Silence is judged on 100 ms sub-blocks: the run ends exactly where the tone returns and
    # may start one sub-block late while the K-weighting filter's tail rings out.
    assert 1.0 - 1 / FPS <= r_gap.time(silence.start) <= 1.1 + 1 / FPS
    assert r_gap.time(silence.end + 1) == pytest.approx(2.4, abs=1 / FPS)
    (clipping,) = [d for d in r_clip.report.defects if d.kind == "clipping"]
    assert r_clip.time(clipping.start) == pytest.approx(2.0, abs=1 / FPS)
    assert r_clip.time(clipping.end + 1) == pytest.approx(2.5, abs=1 / FPS)
    assert r_clip.report.audio["clipped_fraction"] > 0
    for r in (r_gap, r_clip):
        assert r.score == pytest.approx(expected_score(r_mute.report, r.frames, r.report.defects), rel=1e-12)
        assert r.score < r_clean.score and r.verdict == "reject"
    # `audio=False` ignores the track.
    assert reelscore.score_video(gap, audio=False).report.audio is None


def test_other_layouts_are_downmixed_and_json_carries_the_audio(tmp_path, frames):
    quad = write_take(tmp_path / "quad.mkv", frames[:50], tone(2.0, channels=4), layout="quad")
    r = reelscore.score_video(quad)
    assert r.report.audio is not None and r.report.audio["duration"] == pytest.approx(2.0, abs=1e-3)
    doc = r.to_dict()
    assert doc["audio"]["integrated_lufs"] == pytest.approx(r.report.audio["integrated_lufs"])


def test_bigbuckbunny_trailer_sound_is_too_quiet():
    r = reelscore.score_video(clip_dir() / "bigbuckbunny.mp4")
    silent = reelscore.score_video(clip_dir() / "bigbuckbunny.mp4", audio=False)
    (quiet,) = [d for d in r.report.defects if d.kind == "too_quiet"]
    assert (quiet.start, quiet.end) == (0, r.frames - 1)  # the whole take
    assert r.report.audio["integrated_lufs"] == pytest.approx(-34.0, abs=0.1)  # FFmpeg ebur128: -34.01
    assert r.score == pytest.approx(expected_score(silent.report, r.frames, [quiet]), rel=1e-12)


WORDS = ["SALE", "SA1E", "5ALE", "SAIE", "SLAE"]


def test_detector_defects_join_the_report(frames):
    def scorer() -> ClipScorer:
        s = ClipScorer(176, 144, fps=FPS)
        for y, u, v in frames[:60]:
            s.push_yuv420(y, u, v)
        return s

    plain = scorer().finish()
    text = TextTracker()
    for f in range(60):
        text.push([([10, 100, 160, 130], "Fresh pasta", 0.95), ([20, 10, 90, 40], WORDS[(f // 3) % 5] + " 50%", 0.6)])
    steady_face = FaceTracker(fps=FPS)
    for _ in range(60):
        steady_face.skip()  # no face in view: no report, nothing charged
    r = scorer().finish(detectors=[text, steady_face])
    garbled = [d for d in r.defects if d.kind == "garbled_text"]
    assert len(garbled) == 1
    (g,) = text.report()["defects"]
    assert (garbled[0].start, garbled[0].end, garbled[0].severity) == (g.start, g.end, g.severity)
    assert r.score == pytest.approx(expected_score(plain, 60, garbled), rel=1e-12)
    assert r.audio is None
    with pytest.raises(TypeError, match="TextTracker, FaceTracker, SubjectTracker or DetectDefect"):
        scorer().finish(detectors=[object()])
    with pytest.raises(TypeError):
        scorer().finish(audio=text)  # type: ignore[arg-type]


def test_audio_scorer_folds_into_a_hand_fed_clip(frames):
    s = ClipScorer(176, 144, fps=FPS)
    for y, u, v in frames[:10]:
        s.push_yuv420(y, u, v)
    a = reelscore.AudioScorer(RATE, 2)
    a.push(tone(0.4).astype(np.float32))
    r = s.finish(audio=a)
    assert r.audio is not None and r.audio["duration"] == pytest.approx(0.4)
    assert set(reelscore.DEFECT_WEIGHTS) == set(reelscore.DEFECT_KINDS)
    assert all(0 < w < 1 for w in reelscore.DEFECT_WEIGHTS.values())
    with pytest.raises(ReelscoreError):
        ClipScorer(176, 144, fps=FPS).finish(audio=a)  # no frames: refused, no crash
