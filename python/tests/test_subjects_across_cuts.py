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
import pathlib

import pytest

from reelscore import detectors  # noqa: F401  (quiets MediaPipe's logging before it is imported)

pytest.importorskip("mediapipe", reason="the detect extra (tests/requirements-detect.txt)")

from conftest import CLIPS, clip_dir  # noqa: E402
from recoloured import CUT, decode_yuv, encode, two_shots  # noqa: E402

from reelscore import cli, report, score_video  # noqa: E402
from reelscore.detectors import CLOTHES_TRACK  # noqa: E402


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


def test_the_tie_alone_is_the_clothes_and_the_salient_region_sees_it_too(scored):
    t = scored[1]["green tie"]
    assert [tr for tr, _ in t.detections["face"]["subjects"]["shifts"]] == [CLOTHES_TRACK]
    # Without the detector the clip scorer's salient region finds it at the same cut
    # (test_salient_across_cuts.py).
    plain = score_video(scored[0]["green tie"])
    assert [d.start for d in shifts(plain)] == [CUT], plain.reasons()


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
