"""Who is in the shot, across cuts: the face mesh anchors the person, the core compares them.

The two-shot carphone take (frames 0-59, then 60-119 reframed 1.2x: a clean cut) is built in
YUV 4:2:0 (as ``test_shots.py`` does), encoded to H.264 and scored by ``score_video`` with
``detect=("face",)``. Recoloured clothes (the suit's region pushed purple, or only the red bow
tie turned green) must give ``appearance_shift`` at the cut from the face-anchored subject;
the same take relit (luma only, or a gain on R, G and B) or left as it is must not; a
different person in shot two (scikit-image's astronaut photo, panned) is flagged: a generated
take should keep its subject. The four sample clips flag no ``appearance_shift``. The
thresholds were set on these carphone takes; the sample clips and the astronaut are held out.
"""

from __future__ import annotations

import json
import math
import pathlib
from fractions import Fraction

import av
import numpy as np
import pytest

from reelscore import detectors  # noqa: F401  (quiets MediaPipe's logging before it is imported)

pytest.importorskip("mediapipe", reason="the detect extra (tests/requirements-detect.txt)")

import skimage.data  # noqa: E402
from PIL import Image  # noqa: E402

import takes  # noqa: E402
from conftest import CLIPS, clip_dir  # noqa: E402
from reelscore import cli, report, score_video  # noqa: E402
from reelscore.detectors import CLOTHES_TRACK  # noqa: E402
from reelscore.inject import _u8  # noqa: E402

CUT = 60


def reframe(plane: np.ndarray, zoom: float) -> np.ndarray:
    """Centre crop by ``zoom``, scaled back to the plane's size (nearest neighbour)."""
    h, w = plane.shape
    ch, cw = int(h / zoom), int(w / zoom)
    y0, x0 = (h - ch) // 2, (w - cw) // 2
    return np.ascontiguousarray(plane[y0 + np.arange(h) * ch // h][:, x0 + np.arange(w) * cw // w])


def tie_mask(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The red bow tie in carphone's chroma planes: reddish (Cr − 128 > 12, Cb − 128 > −9,
    which leaves out his skin) in the lower third, grown by one chroma pixel."""
    rows = np.arange(u.shape[0])[:, None]
    m = (v.astype(int) - 128 > 12) & (u.astype(int) - 128 > -9) & (rows >= u.shape[0] * 2 // 3)
    p = np.pad(m, 1)
    return m | p[:-2, 1:-1] | p[2:, 1:-1] | p[1:-1, :-2] | p[1:-1, 2:]


def astronaut_shot(n: int, size: tuple[int, int]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Another person: the astronaut photo's head and shoulders at carphone's size, panned
    one pixel a frame (luma scaled to video range, like the carphone planes)."""
    w, h = size
    photo = skimage.data.astronaut()[20:330, 60:440]
    small = np.asarray(Image.fromarray(photo).resize((w + n, h + n * h // w), Image.LANCZOS))
    shots = [takes.rgb_to_yuv420(np.ascontiguousarray(small[:h, i : i + w])) for i in range(n)]
    return [(_u8(16 + y * (219 / 255)), u, v) for y, u, v in shots]


def decode_yuv(name: str) -> tuple[list[tuple[np.ndarray, np.ndarray, np.ndarray]], float]:
    """The clip's own Y, U and V planes (luma left in video range: it is re-encoded as is)."""
    out = []
    with av.open(str(clip_dir() / name)) as c:
        fps = float(c.streams.video[0].average_rate)
        for f in c.decode(video=0):
            a, h, w = f.to_ndarray(format="yuv420p"), f.height, f.width
            out.append((a[:h], a[h : h + h // 4].reshape(h // 2, w // 2), a[h + h // 4 :].reshape(h // 2, w // 2)))
    return out, fps


def two_shots(variant: str) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    clip, _ = decode_yuv("carphone_pristine.mp4")
    out = list(clip[:CUT])
    if variant == "other person":
        h, w = clip[0][0].shape
        return out + astronaut_shot(len(clip) - CUT, (w, h))
    for y, u, v in clip[CUT:]:
        y, u, v = (reframe(p, 1.2).astype(np.float64) for p in (y, u, v))
        h, w = u.shape
        if variant == "purple suit":  # test_shots.py's region and shift
            u[h // 2 :, w // 4 : 3 * w // 4] += 30
            v[h // 2 :, w // 4 : 3 * w // 4] += 30
        elif variant == "green tie":  # chroma turned 126°: red to green
            m = tie_mask(u, v)
            cu, cv, a = u - 128, v - 128, math.radians(126)
            u = np.where(m, 128 + cu * math.cos(a) - cv * math.sin(a), u)
            v = np.where(m, 128 + cu * math.sin(a) + cv * math.cos(a), v)
        elif variant.startswith("luma"):  # lighting on luma only
            y *= float(variant.split()[1])
        elif variant.startswith("gain"):  # the same gain on R, G and B
            k = float(variant.split()[1])
            y, u, v = y * k, 128 + (u - 128) * k, 128 + (v - 128) * k
        out.append((_u8(y), _u8(u), _u8(v)))
    return out


def encode(path: pathlib.Path, frames, fps: float) -> pathlib.Path:
    h, w = frames[0][0].shape
    with av.open(str(path), mode="w") as c:
        s = c.add_stream("libx264", rate=Fraction(fps).limit_denominator(1001))
        s.width, s.height, s.pix_fmt = w, h, "yuv420p"
        s.options = {"crf": "16", "preset": "veryfast"}
        for i, (y, u, v) in enumerate(frames):
            f = av.VideoFrame.from_ndarray(np.concatenate([y.ravel(), u.ravel(), v.ravel()]).reshape(h * 3 // 2, w), format="yuv420p")
            f.pts = i
            for p in s.encode(f):
                c.mux(p)
        for p in s.encode(None):
            c.mux(p)
    return path


VARIANTS = ["as is", "purple suit", "green tie", "luma 0.75", "luma 1.3", "gain 0.75", "gain 1.3", "other person"]
FLAGGED = {"purple suit", "green tie", "other person"}


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    d = tmp_path_factory.mktemp("subjects")
    fps = decode_yuv("carphone_pristine.mp4")[1]
    files = {v: encode(d / f"{v.replace(' ', '-')}.mp4", two_shots(v), fps) for v in VARIANTS}
    return files, {v: score_video(p, detect=("face",)) for v, p in files.items()}


def shifts(t):
    return [d for d in t.report.defects if d.kind == "appearance_shift"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_person_is_compared_across_the_cut(scored, variant):
    t = scored[1][variant]
    sub = t.detections["face"]["subjects"]
    assert t.report.cuts == [CUT] and sub["cuts"] == [CUT], (variant, t.report.cuts)
    # The face was found in both shots, so the subject was compared at the cut.
    assert {0, 1} <= {tr for tr, _, _ in sub["samples"].get(CUT - 1, [])}, variant
    assert {0, 1} <= {tr for tr, _, _ in sub["samples"].get(CUT, [])} or variant == "other person", variant
    found = [f for _, f in sub["shifts"]]
    if variant in FLAGGED:
        assert found and set(found) == {CUT}, (variant, t.reasons())
        assert any(d.start == CUT for d in shifts(t)), (variant, t.reasons())
        assert t.verdict == "reject"
    else:
        assert found == [] and shifts(t) == [], (variant, t.reasons())


def test_the_tie_alone_is_the_clothes_and_only_the_anchored_subject_sees_it(scored):
    t = scored[1]["green tie"]
    assert [tr for tr, _ in t.detections["face"]["subjects"]["shifts"]] == [CLOTHES_TRACK]
    # The whole-frame palette at the cut (the clip scorer alone) does not see so small a change.
    plain = score_video(scored[0]["green tie"])
    assert shifts(plain) == [], plain.reasons()


@pytest.mark.parametrize("name", CLIPS)
def test_sample_clips_show_no_appearance_shift(name):
    t = score_video(clip_dir() / name, detect=("face",))
    assert shifts(t) == [], (name, t.report.cuts, t.detections["face"]["subjects"]["shifts"], t.reasons())


def test_cli_flags_the_recoloured_takes(scored, capsys):
    files = [str(p) for p in scored[0].values()]
    code = cli.main(["rank", "--detect", "face", "--json", "--no-progress", *files])
    assert code in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    for tk in doc["takes"]:
        variant = pathlib.Path(tk["path"]).stem.replace("-", " ")
        at_cut = [d for d in tk["defects"] if d["kind"] == "appearance_shift" and d["start_frame"] == CUT]
        assert bool(at_cut) == (variant in FLAGGED), (variant, tk["defects"])


def test_report_shows_the_two_shots_side_by_side(scored):
    t = scored[1]["green tie"]
    html = report.render([t, scored[1]["as is"]])
    assert html.count('class="subjects"') == 1 and f'data-cut="{CUT}"' in html
    block = html[html.index('class="subjects"') :]
    assert "last frame before the cut: frame 59" in block and "first frame after: frame 60" in block
    assert block.count("data:image/png;base64,") == 2 and block.count('class="swatch"') == 4
    assert "clothes changed" in block
