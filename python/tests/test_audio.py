"""Audio scoring: shared vectors, the real 5.1 AAC track of bigbuckbunny.mp4, espeak-ng speech
at a flat and a lively pitch range, and the API's error handling."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
import wave

import av
import numpy as np
import pytest

import reelscore
from reelscore import AudioScorer, ReelscoreError, score_audio

from conftest import ROOT, VECTORS, clip_dir

sys.path.insert(0, str(ROOT / "tests"))
import audio_recipes  # noqa: E402
import gen_audio_vectors as gen  # noqa: E402

DOC = json.loads((VECTORS / "audio.json").read_text())
TOL = DOC["tolerances"]


def test_vectors_are_fresh():
    assert DOC["generator_sha256"] == gen.source_digest(), (
        "tests/vectors/audio.json is stale: run python3 tests/gen_audio_vectors.py"
    )


@pytest.mark.parametrize("case", DOC["cases"], ids=[c["name"] for c in DOC["cases"]])
def test_audio_vectors(case):
    r = case["recipe"]
    samples, _ = audio_recipes.build(r)
    ch = len(r["channels"])
    rep = score_audio(samples, r["rate"], ch)
    # Streaming in uneven (frames, channels) blocks gives the same report.
    s = AudioScorer(r["rate"], ch)
    frames = samples.reshape(-1, ch)
    for i in range(0, len(frames), 1111):
        s.push(frames[i : i + 1111])
    assert s.report().metrics == pytest.approx(rep.metrics, rel=1e-9, abs=1e-9)
    m, e = rep.metrics, case["expected"]
    ff = e["ffmpeg"]
    pyln_tol = TOL["integrated_lu"] if r["rate"] >= TOL["pyloudnorm_full_bar_min_rate"] else TOL["pyloudnorm_low_rate_lu"]
    assert m["integrated_lufs"] == pytest.approx(e["pyloudnorm_integrated"], abs=pyln_tol)
    assert m["integrated_lufs"] == pytest.approx(ff["integrated"], abs=TOL["integrated_lu"])
    if "skip_true_peak" not in case:
        assert m["true_peak_dbtp"] == pytest.approx(ff["true_peak_dbtp"], abs=TOL["true_peak_db"])
    if ff["momentary_max"] is not None:
        assert m["momentary_max_lufs"] == pytest.approx(ff["momentary_max"], abs=TOL["momentary_lu"])
    if ff["short_term_max"] is not None:
        assert m["short_term_max_lufs"] == pytest.approx(ff["short_term_max"], abs=TOL["momentary_lu"])
    if case.get("compare_lra"):
        assert m["loudness_range_lu"] == pytest.approx(ff["lra"], abs=TOL["lra_lu"])
    assert m["sample_peak_dbfs"] == pytest.approx(e["sample_peak_dbfs"], abs=TOL["sample_peak_db"])
    if case.get("compare_pitch"):
        y = e["yin"]
        assert m["f0_median_hz"] == pytest.approx(y["median_f0"], rel=TOL["f0_rel"])
        assert m["f0_spread_semitones"] == pytest.approx(y["spread_semitones"], abs=TOL["spread_semitones_abs"])
        assert m["voiced_fraction"] == pytest.approx(y["voiced_fraction"], abs=TOL["voiced_fraction_abs"])
    assert sorted({d.kind for d in rep.defects}) == case["designed_defects"]
    for d in rep.defects:
        assert 0 <= d.start <= d.end <= m["duration"] + 1e-9 and 0 <= d.severity <= 1


def decode_audio(path: pathlib.Path) -> tuple[np.ndarray, int, str]:
    with av.open(str(path)) as c:
        stream = c.streams.audio[0]
        planes = [f.to_ndarray() for f in c.decode(stream)]
        return np.concatenate(planes, axis=1).T.astype(np.float64), stream.rate, stream.layout.name


def test_bigbuckbunny_5_1_aac_matches_pyloudnorm_and_ffmpeg():
    x, rate, layout = decode_audio(clip_dir() / "bigbuckbunny.mp4")
    assert layout == "5.1" and x.shape[1] == 6
    rep = score_audio(np.ascontiguousarray(x.astype(np.float32)), rate)
    m = rep.metrics
    import pyloudnorm

    pyln = pyloudnorm.Meter(rate).integrated_loudness(gen.non_lfe(x))
    ff = gen.ffmpeg_ebur128(x, rate)
    assert m["integrated_lufs"] == pytest.approx(pyln, abs=0.1)
    assert m["integrated_lufs"] == pytest.approx(ff["integrated"], abs=0.1)
    assert m["true_peak_dbtp"] == pytest.approx(ff["true_peak_dbtp"], abs=0.2)
    assert m["momentary_max_lufs"] == pytest.approx(ff["momentary_max"], abs=0.1)
    # The trailer's 5 s of music: quiet (about -34 LUFS), never clipped or silent.
    kinds = {d.kind for d in rep.defects}
    assert "too_quiet" in kinds and "clipping" not in kinds and "silence" not in kinds
    # The LFE channel (index 3) does not count: zeroing it changes nothing.
    y = x.copy()
    y[:, 3] = 0.5 * np.sin(np.arange(len(y)) * 0.01)
    assert score_audio(y.astype(np.float32), rate).metrics["integrated_lufs"] == pytest.approx(m["integrated_lufs"], abs=1e-9)


SENTENCE = (
    "The quick brown fox jumps over the lazy dog. "
    "Would you like some tea or coffee this morning?"
)


def espeak(tmp_path: pathlib.Path, pitch_range: str, voice: str | None = None) -> tuple[np.ndarray, int]:
    """SENTENCE spoken by espeak-ng (``voice``: its default, or e.g. ``en+f3``) at an SSML pitch
    range, as 16-bit mono PCM and its rate."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("espeak-ng is missing (scripts/test.sh installs it)")
        pytest.skip("espeak-ng not installed")
    out = tmp_path / f"{pitch_range}-{voice or 'default'}.wav"
    ssml = f'<speak><prosody range="{pitch_range}">{SENTENCE}</prosody></speak>'
    subprocess.run([exe, "-m", "-w", str(out), *(["-v", voice] if voice else []), ssml], check=True)
    with wave.open(str(out)) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16), w.getframerate()


def test_espeak_flat_voice_is_monotone_and_lively_is_not(tmp_path):
    flat, rate = espeak(tmp_path, "x-low")
    lively, rate2 = espeak(tmp_path, "x-high")
    rf, rl = score_audio(flat, rate), score_audio(lively, rate2)
    assert rf.metrics["voiced_fraction"] > 0.1 and rl.metrics["voiced_fraction"] > 0.1
    assert rf.metrics["f0_spread_semitones"] < reelscore.MONOTONE_SPREAD_SEMITONES
    assert rl.metrics["f0_spread_semitones"] > 2 * reelscore.MONOTONE_SPREAD_SEMITONES
    assert "monotone_voice" in {d.kind for d in rf.defects}
    assert "monotone_voice" not in {d.kind for d in rl.defects}
    # Speech has pauses between words but no long silence, and espeak-ng never clips.
    for r in (rf, rl):
        assert not {"silence", "clipping"} & {d.kind for d in r.defects}
    # Same report from float input.
    f32 = (flat.astype(np.float32) / 32768).astype(np.float32)
    assert score_audio(f32, rate).metrics["f0_median_hz"] == pytest.approx(rf.metrics["f0_median_hz"], rel=1e-3)


def test_audio_api_errors():
    assert reelscore.DEFAULT_TARGET_LUFS == -14.0  # spelled out in the PyO3 signatures
    with pytest.raises(ReelscoreError, match="sample rate"):
        AudioScorer(4000, 1)
    with pytest.raises(ReelscoreError, match="channels"):
        AudioScorer(48000, 3)
    with pytest.raises(ReelscoreError, match="target loudness"):
        AudioScorer(48000, 2, target_lufs=5.0)
    s = AudioScorer(48000, 2)
    with pytest.raises(ReelscoreError, match="length mismatch"):
        s.push(np.zeros(3, np.float32))
    with pytest.raises(ReelscoreError, match=r"\(frames, 2\)"):
        s.push(np.zeros((4, 3), np.float32))
    with pytest.raises(TypeError, match="float32, int16 or float64"):
        s.push(np.zeros(4, np.int32))
    with pytest.raises(TypeError, match="numpy array"):
        s.push([0.0, 0.0])
    with pytest.raises(ReelscoreError, match=r"audio sample = NaN is invalid: must be finite"):
        s.push(np.array([0.0, np.nan], np.float32))
    assert s.frames == 0
    s.push(np.zeros(4, np.float64))
    assert s.frames == 2 and s.rate == 48000 and s.channels == 2
    s.reset()
    assert s.frames == 0
    r = score_audio(np.zeros(48000, np.int16), 48000)
    assert r.metrics["integrated_lufs"] == reelscore.LOUDNESS_FLOOR_LUFS
    assert [d.kind for d in r.defects] == ["silence"]
    assert set(reelscore.AUDIO_DEFECT_KINDS) == {"clipping", "too_quiet", "too_loud", "silence", "monotone_voice"}


def test_any_memory_layout_reads_frames_by_channels():
    # Regression: a Fortran-ordered (frames, channels) block (what `planes.T` gives) was read in
    # memory order, i.e. as if transposed, and silently scored as different sound.
    rate = 48_000
    t = np.arange(2 * rate) / rate
    left, right = 0.3 * np.sin(2 * np.pi * 220 * t), np.zeros_like(t)
    right[rate // 2 :] = 0.3 * np.sin(2 * np.pi * 330 * t[rate // 2 :])
    c_order = np.stack([left, right], axis=1).astype(np.float32)
    expect = score_audio(c_order, rate).metrics
    strided = np.zeros((len(t), 4), np.float32)
    strided[:, ::2] = c_order
    for x in (np.asfortranarray(c_order), np.stack([left, right]).T.astype(np.float32), strided[:, ::2]):
        assert not x.flags.c_contiguous
        assert score_audio(x, rate).metrics == expect
    pcm = (c_order * 32767).astype(np.int16)
    assert score_audio(np.asfortranarray(pcm), rate).metrics == score_audio(pcm, rate).metrics


def test_loudness_series_follows_a_tone_then_silence_per_100_ms():
    # Ground truth by construction: BS.1770 reads a 997 Hz sine at -20 dBFS in one channel as
    # -23.01 LUFS and its peak is -20 dBFS; then 1 s of digital silence. Pushed in uneven
    # int16 and float32 pieces, the series has one entry per 100 ms sub-block.
    rate = 48_000
    t = np.arange(rate) / rate
    x = np.concatenate([0.1 * np.sin(2 * np.pi * 997 * t), np.zeros(rate)]).astype(np.float32)
    s = AudioScorer(rate, 1)
    for k, piece in enumerate(np.array_split(x, 37)):
        s.push(piece if k % 2 else np.round(piece * 32767).astype(np.int16))
    series = s.loudness_series()
    assert set(series) == {"time", "momentary_lufs", "peak_dbfs"}
    np.testing.assert_allclose(series["time"], np.arange(1, 21) * 0.1)
    np.testing.assert_allclose(series["momentary_lufs"][3:10], -23.01, atol=0.05)
    np.testing.assert_allclose(series["peak_dbfs"][:10], -20.0, atol=0.02)
    assert (series["momentary_lufs"][14:] == reelscore._native.LOUDNESS_FLOOR_LUFS).all()
    assert (series["peak_dbfs"][10:] == reelscore._native.PEAK_FLOOR_DB).all()
    s.reset()
    assert len(s.loudness_series()["time"]) == 0
