"""The detect extra end to end: real detectors (RapidOCR, MediaPipe face mesh) on real frames,
through ``score_video`` and the CLI, deciding ``garbled_text`` and ``stiff_face`` with the core's
own rules.

Text is rendered with PIL into frames of bikes.mp4: a caption that stays must not be flagged,
letters that change every few frames must be. The carphone talking head (played forward then
backward, 8 s, so the core's 5 s minimum is met) must not be flagged as it is, and must be once
its face is frozen (frame 0's face pasted into every frame) or its blinks are removed (the frames
around each eye closure replaced by the face of the frame before it). The four sample clips flag
neither kind. Nothing here hard-codes a verdict: every clip is encoded to H.264, decoded and read
by the models; thresholds are the core's.
"""

from __future__ import annotations

import json
import pathlib
import sys
from fractions import Fraction

import av
import numpy as np
import pytest

from reelscore import detectors  # noqa: E402  (quiets MediaPipe's logging before it is imported)

pytest.importorskip("rapidocr_onnxruntime", reason="the detect extra (tests/requirements-detect.txt)")
pytest.importorskip("mediapipe", reason="the detect extra (tests/requirements-detect.txt)")

from PIL import Image, ImageDraw, ImageFont  # noqa: E402

import reelscore  # noqa: E402
from reelscore import DetectDefect, ReelscoreError, score_video  # noqa: E402
from reelscore import cli  # noqa: E402

import h264  # noqa: E402
from conftest import CLIPS, clip_dir  # noqa: E402

DETECT_KINDS = {"garbled_text", "stiff_face"}
# Captions without O/0 or I/1/l look-alikes, so "read correctly" is well defined.
CAPTIONS = ["SUMMER SALE 2026", "FRESH BREAD DAILY", "CYCLE THE CITY"]


def decode_rgb(name: str, limit: int | None = None) -> tuple[list[np.ndarray], float]:
    with av.open(str(clip_dir() / name)) as c:
        fps = float(c.streams.video[0].average_rate)
        frames = []
        for f in c.decode(video=0):
            frames.append(f.to_ndarray(format="rgb24"))
            if limit is not None and len(frames) == limit:
                break
    return frames, fps


def write_rgb(path: pathlib.Path, frames: list[np.ndarray], fps: float) -> pathlib.Path:
    h, w = frames[0].shape[:2]
    with av.open(str(path), mode="w") as c:
        s = h264.add_stream(c, w, h, Fraction(fps).limit_denominator(1001))
        h264.mux(c, s, (av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24") for rgb in frames))
    return path


def draw_text(rgb: np.ndarray, text: str, xy: tuple[int, int], size: int = 34) -> np.ndarray:
    img = Image.fromarray(rgb)
    d = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=size)
    d.text(xy, text, font=font, fill=(255, 255, 255), stroke_width=3, stroke_fill=(0, 0, 0))
    return np.asarray(img)


def morph(text: str, rng: np.random.Generator, share: float = 0.4) -> str:
    """``text`` with about ``share`` of its letters replaced by random capitals."""
    out = [c if c == " " or rng.random() > share else chr(int(rng.integers(65, 91))) for c in text]
    return "".join(out)


def kinds_of(take) -> set[str]:
    return {d.kind for d in take.report.defects}


def face_edits(car: list[np.ndarray], boxes: list, ear: np.ndarray) -> tuple[list, list]:
    """The talking head ``car`` (RGB frames; face ``boxes`` and eye aspect ratios ``ear`` from the
    face detector) with frame 0's face pasted into every frame, and with its blinks removed:
    eye closures are where ``ear`` is under 80 % of its median, ±2 frames; each such frame takes
    the face of the last open frame before it (the first open one after, at the very start).
    A face is its box grown by 15 % on every side."""
    h, w = car[0].shape[:2]

    def region(b: list[float], pad: float = 0.15) -> tuple[slice, slice]:
        bw, bh = b[2] - b[0], b[3] - b[1]
        x0, y0 = max(0, int(b[0] - pad * bw)), max(0, int(b[1] - pad * bh))
        x1, y1 = min(w, int(np.ceil(b[2] + pad * bw))), min(h, int(np.ceil(b[3] + pad * bh)))
        return slice(y0, y1), slice(x0, x1)

    ys, xs = region(boxes[0])
    frozen = []
    for f in car:
        g = f.copy()
        g[ys, xs] = car[0][ys, xs]
        frozen.append(g)
    mask = np.zeros(len(car), bool)
    for i in np.flatnonzero(ear < 0.8 * np.median(ear)):
        mask[max(0, i - 2) : i + 3] = True
    no_blinks = [f.copy() for f in car]
    for i in np.flatnonzero(mask):
        src = i
        while src > 0 and mask[src]:
            src -= 1
        if mask[src]:  # a closure at the very start: take the first open frame after it
            src = int(np.flatnonzero(~mask)[0])
        ys, xs = region(boxes[src])
        no_blinks[i][ys, xs] = car[src][ys, xs]
    return frozen, no_blinks


# ------------------------------------------------------------------------------------- the takes


@pytest.fixture(scope="module")
def takes(tmp_path_factory) -> dict[str, pathlib.Path]:
    out = tmp_path_factory.mktemp("detect-takes")
    paths: dict[str, pathlib.Path] = {}
    # Text over the first 120 frames of bikes.mp4 (cuts at 30 and 76: the caption stays on).
    bikes, bfps = decode_rgb("bikes.mp4", 120)
    for i, caption in enumerate(CAPTIONS):
        xy = (40 + 60 * i, 30 + 80 * i)
        paths[f"text-stable-{i}"] = write_rgb(out / f"text-stable-{i}.mp4", [draw_text(f, caption, xy) for f in bikes], bfps)
        rng = np.random.default_rng(100 + i)
        frames, shown = [], caption
        for k, f in enumerate(bikes):
            if k % 3 == 0:  # the letters change every 3 frames (10 times a second)
                shown = morph(caption, rng)
            frames.append(draw_text(f, shown, xy))
        paths[f"text-morph-{i}"] = write_rgb(out / f"text-morph-{i}.mp4", frames, bfps)
    # The carphone talking head: find its face and eye closures with the face detector first.
    car, cfps = decode_rgb("carphone_pristine.mp4")
    probe = write_rgb(out / "probe.mp4", car, cfps)
    ev = score_video(probe, detect=("face",)).detections["face"]
    boxes, ear = ev["boxes"], np.asarray(ev["ear"])
    assert all(b is not None for b in boxes), "the face mesh lost the carphone face"
    assert np.any(ear < 0.8 * np.median(ear)), "no eye closure found in carphone"
    frozen, no_blinks = face_edits(car, boxes, ear)

    def pingpong(frames: list[np.ndarray]) -> list[np.ndarray]:
        return frames + frames[::-1]

    paths["face-clean"] = write_rgb(out / "face-clean.mp4", pingpong(car), cfps)
    paths["face-frozen"] = write_rgb(out / "face-frozen.mp4", pingpong(frozen), cfps)
    paths["face-no-blinks"] = write_rgb(out / "face-no-blinks.mp4", pingpong(no_blinks), cfps)
    return paths


# ------------------------------------------------------------------------------------------ text


@pytest.mark.parametrize("i", range(len(CAPTIONS)))
def test_stable_caption_is_read_and_not_garbled(takes, i):
    t = score_video(takes[f"text-stable-{i}"], detect="text")
    ev = t.detections["text"]
    read = [" ".join(r[0] for r in rs) for rs in ev["readings"]]
    # The OCR really reads the caption (spaces aside) on most sampled frames.
    want = CAPTIONS[i].replace(" ", "").upper()
    hits = sum(want in r.replace(" ", "").upper() for r in read)
    assert hits >= 0.6 * len(read), read
    assert "garbled_text" not in kinds_of(t), (t.reasons(), read)


@pytest.mark.parametrize("i", range(len(CAPTIONS)))
def test_morphing_letters_are_garbled_text(takes, i):
    clean = score_video(takes[f"text-stable-{i}"])
    t = score_video(takes[f"text-morph-{i}"], detect="text")
    assert "garbled_text" in kinds_of(t), (t.reasons(), t.detections["text"]["readings"])
    assert "garbled_text" in t.reasons()
    assert t.score < clean.score
    d = [d for d in t.report.defects if d.kind == "garbled_text"][0]
    assert d.points > 0 and 0 < d.severity <= 1
    assert any(x["kind"] == "garbled_text" for x in t.deductions())


# ----------------------------------------------------------------------------------------- faces


def test_talking_head_blinks_and_is_not_stiff(takes):
    t = score_video(takes["face-clean"], detect=("face",))
    ev = t.detections["face"]
    assert ev["report"]["seconds"] >= 5.0  # long enough for the core to judge
    assert len(ev["blinks"]) >= 2, ev["report"]
    assert "stiff_face" not in kinds_of(t), t.reasons()


@pytest.mark.parametrize("variant", ["face-frozen", "face-no-blinks"])
def test_frozen_face_or_no_blinks_is_stiff(takes, variant):
    clean = score_video(takes["face-clean"], detect="face")
    t = score_video(takes[variant], detect="face")
    ev = t.detections["face"]
    assert ev["report"]["blinks"] == 0, ev["report"]
    assert "stiff_face" in kinds_of(t), (t.reasons(), ev["report"])
    assert t.score < clean.score
    d = [d for d in t.report.defects if d.kind == "stiff_face"][0]
    assert d.start == 0 and d.end == t.frames - 1  # the face is seen throughout
    assert len(ev["ear"]) == t.frames and ev["step"] == 1


# ------------------------------------------------------------------------------- real footage


@pytest.mark.parametrize("name", CLIPS)
def test_sample_clips_flag_neither(name):
    t = score_video(clip_dir() / name, detect=("text", "face"))
    assert not kinds_of(t) & DETECT_KINDS, (t.reasons(), t.detections["text"]["readings"], t.detections["face"]["report"])
    assert set(t.detections) == {"text", "face"}


# ------------------------------------------------------------------------------ the CLI, errors


def test_cli_rank_detect_finds_every_injected_failure(takes, capsys):
    files = [str(p) for p in takes.values()] + [str(clip_dir() / c) for c in CLIPS]
    code = cli.main(["rank", "--detect", "text,face", "--json", "--no-progress", *files])
    assert code in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    by_name = {pathlib.Path(t["path"]).stem: {d["kind"] for d in t["defects"]} for t in doc["takes"]}
    for name, kinds in by_name.items():
        want = {"garbled_text"} if "text-morph" in name else {"stiff_face"} if name in ("face-frozen", "face-no-blinks") else set()
        assert kinds & DETECT_KINDS == want, (name, kinds)
    takes_with = [t for t in doc["takes"] if "detections" in t]
    assert len(takes_with) == len(files)


def test_report_shows_detector_evidence(takes, tmp_path):
    from reelscore import report

    a = score_video(takes["text-morph-0"], detect="text")
    b = score_video(takes["face-frozen"], detect="face")
    html = report.render([a, b])
    assert "OCR readings" in html and "eye aspect ratio" in html
    assert "blinks: 0" in html


def test_missing_extra_says_what_to_install(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    with pytest.raises(ReelscoreError, match=r'pip install "reelscore\[detect\]"'):
        score_video(clip_dir() / "carphone_pristine.mp4", detect="text")
    with pytest.raises(SystemExit) as e:
        cli.main(["score", "--detect", "text", "--no-progress", str(clip_dir() / "carphone_pristine.mp4")])
    assert e.value.code == 2
    assert 'pip install "reelscore[detect]"' in capsys.readouterr().err


def test_bad_detect_options_are_refused():
    clip = clip_dir() / "carphone_pristine.mp4"
    with pytest.raises(ReelscoreError, match="unknown detector 'ocr'"):
        score_video(clip, detect="ocr")
    with pytest.raises(ReelscoreError, match="detect_step"):
        score_video(clip, detect="face", detect_step=0)
    with pytest.raises(ReelscoreError, match="unknown detector defect kind"):
        DetectDefect("blurry_text", id=0, start=0, end=1, severity=0.5)
    with pytest.raises(ReelscoreError, match="start <= end"):
        DetectDefect("garbled_text", id=0, start=5, end=1, severity=0.5)
    with pytest.raises(ReelscoreError, match="severity"):
        DetectDefect("stiff_face", id=0, start=0, end=1, severity=1.5)
    assert detectors.default_step("text", 30.0) == 6 and detectors.default_step("face", 29.97) == 1
    assert reelscore.detectors.parse_kinds("face, text,face") == ("face", "text")


def test_detect_step_maps_defects_to_scored_frames(takes):
    """A coarser step still finds the morphing text, and its frames stay within the clip."""
    t = score_video(takes["text-morph-1"], detect="text", detect_step=4)
    ev = t.detections["text"]
    assert ev["step"] == 4 and ev["frames"][:3] == [0, 4, 8]
    d = [d for d in t.report.defects if d.kind == "garbled_text"]
    assert d and all(0 <= x.start <= x.end < t.frames for x in d)
