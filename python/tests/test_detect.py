"""Detector outputs: OCR text stability, faces that blink or do not, and subjects whose colours
change across a cut (built from real frames of bikes.mp4)."""

from __future__ import annotations

import av
import numpy as np
import pytest

import reelscore
import reelscore._native
from reelscore import (
    FaceTracker,
    ReelscoreError,
    SubjectTracker,
    TextTracker,
    chroma_signature,
    score_face,
    score_text,
)

from conftest import clip_dir

FPS = 30.0

# MediaPipe mesh indices reelscore reads (eyes p1..p6, eye corners, inner lips, brows, lids).
RIGHT_EYE = [33, 160, 158, 133, 153, 144]
LEFT_EYE = [362, 385, 387, 263, 373, 380]


def mesh_frame(rng: np.random.Generator, ear: float, mouth: float, brow: float, points: int = 478) -> np.ndarray:
    """A (points, 3) mesh: random filler points, with the eyes, lips and brows placed so the
    eye aspect ratio is `ear` and mouth/brow are `mouth`/`brow` inter-ocular distances (60 px)."""
    p = rng.uniform(100, 300, size=(points, 3))
    for eye, x0 in ((RIGHT_EYE, 140.0), (LEFT_EYE, 180.0)):
        hgt = ear * 20.0
        xs = [x0, x0 + 6, x0 + 14, x0 + 20, x0 + 14, x0 + 6]
        ys = [150, 150 - hgt / 2, 150 - hgt / 2, 150, 150 + hgt / 2, 150 + hgt / 2]
        for k, (x, y) in zip(eye, zip(xs, ys)):
            p[k, :2] = (x, y)
    # Outer corners 33 and 263 are 60 px apart already (140 → 200).
    p[263, :2] = (200.0, 150.0)
    p[13, :2] = (170.0, 200.0)
    p[14, :2] = (170.0, 200.0 + mouth * 60.0)
    p[159, :2] = (150.0, 147.0)
    p[386, :2] = (190.0, 147.0)
    p[105, :2] = (150.0, 147.0 - brow * 60.0)
    p[334, :2] = (190.0, 147.0 - brow * 60.0)
    return p


def face_sequence(blinking: bool, talking: bool, seconds: float = 12.0, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = int(seconds * FPS)
    # Natural blinking: intervals 2-6 s, closures of 3-5 frames with a half-closed frame each side.
    closed = np.zeros(n, bool)
    half = np.zeros(n, bool)
    t = int(rng.uniform(1, 3) * FPS)
    while blinking and t < n - 8:
        d = int(rng.integers(3, 6))
        half[t] = half[t + d + 1] = True
        closed[t + 1 : t + 1 + d] = True
        t += int(rng.uniform(2, 6) * FPS)
    frames = []
    for i in range(n):
        ear = 0.30 + rng.normal(0, 0.008)
        ear = 0.04 if closed[i] else 0.16 if half[i] else ear
        mouth = 0.02 + (0.12 * abs(np.sin(i / FPS * 2 * np.pi * 2.5)) if talking else 0.0) + rng.normal(0, 0.002)
        brow = 0.05 + (0.02 * np.sin(i / FPS * 2 * np.pi * 0.7) if talking else 0.0) + rng.normal(0, 0.001)
        frames.append(mesh_frame(rng, ear, max(mouth, 0.0), brow))
    return np.stack(frames)


def test_natural_blinking_is_alive_and_frozen_face_is_stiff():
    alive = score_face(face_sequence(blinking=True, talking=True), fps=FPS)
    still_but_blinking = score_face(face_sequence(blinking=True, talking=False), fps=FPS)
    talking_no_blink = score_face(face_sequence(blinking=False, talking=True), fps=FPS)
    frozen = score_face(face_sequence(blinking=False, talking=False), fps=FPS)
    assert 8 <= alive["blink_rate"] <= 40, alive
    assert alive["defect"] is None and still_but_blinking["defect"] is None
    assert frozen["blinks"] == 0 and frozen["defect"] is not None
    d = frozen["defect"]
    assert d.kind == "stiff_face" and d.start == 0 and d.end == 359 and d.severity > 0.9
    assert talking_no_blink["defect"] is not None  # never blinking is enough on its own
    assert frozen["stiffness"] > talking_no_blink["stiffness"] > alive["stiffness"]


def test_68_point_and_468_layouts_and_blendshapes():
    seq = face_sequence(blinking=True, talking=True, seconds=6)[:, :468, :2]
    r468 = score_face(seq, fps=FPS)
    assert r468["blinks"] >= 1
    # The same eyes in the 68-point layout: EAR equal frame by frame.
    f68 = np.zeros((len(seq), 68, 2))
    f68[:, 36:42] = seq[:, RIGHT_EYE]
    f68[:, 42:48] = seq[:, LEFT_EYE]
    f68[:, 45] = seq[:, 263]
    f68[:, 62], f68[:, 66] = seq[:, 13], seq[:, 14]
    f68[:, 19], f68[:, 37 - 0] = seq[:, 105], seq[:, 160]
    f68[:, 24] = seq[:, 334]
    r68 = score_face(f68, fps=FPS)
    assert r68["blinks"] == r468["blinks"]
    assert r68["mean_ear"] == pytest.approx(r468["mean_ear"], rel=1e-6)
    # Blendshapes: eyeBlinkLeft/Right are 9 and 10.
    t = FaceTracker(fps=FPS)
    for i in range(200):
        b = np.zeros(52, np.float32)
        b[9] = b[10] = 0.9 if i % 60 in (30, 31, 32) else 0.05
        t.push_blendshapes(b)
    assert t.report()["blinks"] == 3
    with pytest.raises(ReelscoreError, match="landmarks"):
        score_face(np.zeros((3, 50, 2)), fps=FPS)
    with pytest.raises(ReelscoreError, match="inter-ocular"):
        score_face(np.zeros((3, 68, 2)), fps=FPS)
    with pytest.raises(ReelscoreError, match="fps"):
        FaceTracker(fps=0.0)


WORDS = ["SALE", "5ALE", "SA1E", "SAIE", "$ALE", "SALF"]


def test_stable_captions_pass_and_morphing_characters_are_garbled():
    captions = ["Welcome back", "Today we cook pasta", "First, boil the water"]
    frames = []
    for f in range(180):
        caption = (([10, 400, 300, 430], captions[f // 60], 0.93))
        # A sign whose letters change every 4 frames, as a quadrilateral (EasyOCR's format).
        quad = [[400, 50], [520, 50], [520, 90], [400, 90]]
        sign = (quad, WORDS[(f // 4) % len(WORDS)] + " 50% OFF", 0.7)
        frames.append([caption, sign])
    r = score_text(frames)
    assert r["regions"] == 2
    kinds = [(d.kind, d.id) for d in r["defects"]]
    assert kinds == [("garbled_text", 1)], r
    assert r["defects"][0].start == 0 and r["defects"][0].end == 179
    captions_only = score_text([[fr[0]] for fr in frames])
    assert captions_only["defects"] == [] and captions_only["changes"] == 2
    # Low-confidence reading of still text.
    blurry = score_text([[([0, 0, 50, 20], "???", 0.2)]] * 10)
    assert [d.kind for d in blurry["defects"]] == ["garbled_text"]
    t = TextTracker()
    with pytest.raises(ReelscoreError, match="confidence"):
        t.push([([0, 0, 1, 1], "x", 2.0)])
    with pytest.raises(TypeError, match="box"):
        t.push([("nope", "x", 0.5)])
    assert t.frames == 0


@pytest.fixture(scope="module")
def bikes() -> list[np.ndarray]:
    with av.open(str(clip_dir() / "bikes.mp4")) as c:
        return [f.to_ndarray(format="rgb24") for _, f in zip(range(40), c.decode(video=0))]


def recolour(frame: np.ndarray, box) -> np.ndarray:
    """The subject's clothes change colour: red and blue swapped inside the box, blue pushed."""
    x0, y0, x1, y1 = (int(v) for v in box)
    out = frame.copy()
    patch = out[y0:y1, x0:x1].astype(np.float64)[..., ::-1] * [1.0, 0.8, 1.3]
    out[y0:y1, x0:x1] = np.clip(patch, 0, 255).astype(np.uint8)
    return out


def run_subject(frames, change: bool, new_id: bool = False):
    """Real bikes.mp4 frames 0-29 (its first shot; its own first cut is at frame 30): a cut is
    made before frame 15 (shot 2 is frames 15-29 mirrored, a new camera angle on the same
    subject); optionally the subject's colours change there."""
    h, w, _ = frames[0].shape
    box = [w * 0.3, h * 0.25, w * 0.6, h * 0.85]
    mirrored_box = [w - box[2], box[1], w - box[0], box[3]]
    t = SubjectTracker()
    for i, f in enumerate(frames[:30]):
        if i < 15:
            t.push(f, [(1, box)], new_shot=False)
        else:
            g = np.ascontiguousarray(f[:, ::-1])
            if change:
                g = recolour(g, mirrored_box)
            t.push(g, [(2 if new_id else 1, mirrored_box)], new_shot=(i == 15))
    return t.report()


def test_clothes_that_change_colour_after_a_cut_are_flagged(bikes):
    shifted = run_subject(bikes, change=True)
    assert [(d.kind, d.id, d.start) for d in shifted] == [("appearance_shift", 1, 15)]
    assert shifted[0].severity > 0.5
    assert run_subject(bikes, change=False) == []
    assert run_subject(bikes, change=True, new_id=True) == []  # a new subject: no penalty


def test_within_shot_shift_and_embeddings(bikes):
    h, w, _ = bikes[0].shape
    box = [w * 0.3, h * 0.25, w * 0.6, h * 0.85]
    t = SubjectTracker()
    for i, f in enumerate(bikes[:30]):
        t.push(recolour(f, box) if i >= 15 else f, [(4, box)])
    d = t.report()
    assert [(x.kind, x.start, x.end) for x in d] == [("appearance_shift", 15, 29)]
    # Same colours, but the identity embedding turns after the cut.
    e1, e2 = np.ones(128, np.float32), np.ones(128, np.float32)
    e2[:96] = -1
    t = SubjectTracker()
    for i, f in enumerate(bikes[:30]):
        t.push(f, [(5, box)], new_shot=(i == 15), embeddings=[e1 if i < 15 else e2])
    assert [(x.kind, x.id, x.start) for x in t.report()] == [("appearance_shift", 5, 15)]
    sig = chroma_signature(bikes[0], box)
    assert sig.shape == (reelscore._native.SIGNATURE_BINS,) and sig.sum() == pytest.approx(1.0, abs=1e-5)
    with pytest.raises(ReelscoreError, match="box"):
        chroma_signature(bikes[0], [w + 5, 0, w + 10, 10])
    with pytest.raises(ReelscoreError, match="embeddings"):
        t.push(bikes[0], [(5, box)], embeddings=[])
