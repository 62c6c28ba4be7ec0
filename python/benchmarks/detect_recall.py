"""Recall and false flags of the detect extra on synthetic text and face failures in real frames.

  python python/benchmarks/detect_recall.py [--out build/detect-recall]

A wider grid than python/tests/test_detect_models.py, built the same way (its helpers):
- text over bikes.mp4 (first 120 frames): 6 captions at different places, each stable (must
  not be flagged) and with ~40 % of its letters replaced every 3, 5 and 8 frames (must be
  flagged ``garbled_text``);
- faces: carphone_pristine and carphone_distorted (the same talking head, heavily compressed),
  each played forward then backward: as is (must not be flagged), face frozen, blinks removed
  (must be flagged ``stiff_face``).
Prints one row per take and the counts.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests"))

from test_detect_models import decode_rgb, draw_text, face_edits, morph, write_rgb  # noqa: E402

from reelscore import score_video  # noqa: E402

CAPTIONS = ["SUMMER SALE 2026", "FRESH BREAD DAILY", "CYCLE THE CITY", "GRAND PRIX FINAL", "HAPPY BIRTHDAY MAYA", "NEW MENU THIS WEEK"]


def face_variants(name: str, out: pathlib.Path) -> dict[str, pathlib.Path]:
    car, fps = decode_rgb(name)
    probe = write_rgb(out / f"probe-{name}", car, fps)
    ev = score_video(probe, detect="face").detections["face"]
    frozen, no_blinks = face_edits(car, ev["boxes"], np.asarray(ev["ear"]))
    stem = name.removesuffix(".mp4")
    return {
        f"{stem}-clean": write_rgb(out / f"{stem}-clean.mp4", car + car[::-1], fps),
        f"{stem}-frozen": write_rgb(out / f"{stem}-frozen.mp4", frozen + frozen[::-1], fps),
        f"{stem}-no-blinks": write_rgb(out / f"{stem}-no-blinks.mp4", no_blinks + no_blinks[::-1], fps),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="build/detect-recall")
    out = pathlib.Path(ap.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    bikes, fps = decode_rgb("bikes.mp4", 120)
    for i, cap in enumerate(CAPTIONS):
        xy = (30 + 50 * i, 20 + 40 * i)
        p = write_rgb(out / f"text-stable-{i}.mp4", [draw_text(f, cap, xy) for f in bikes], fps)
        rows.append(("text", f"stable-{i}", False, "garbled_text" in {d.kind for d in score_video(p, detect="text").report.defects}))
        for every in (3, 5, 8):
            rng = np.random.default_rng(1000 * i + every)
            frames, shown = [], cap
            for k, f in enumerate(bikes):
                if k % every == 0:
                    shown = morph(cap, rng)
                frames.append(draw_text(f, shown, xy))
            p = write_rgb(out / f"text-morph-{i}-{every}.mp4", frames, fps)
            rows.append(("text", f"morph-{i}-every{every}", True, "garbled_text" in {d.kind for d in score_video(p, detect="text").report.defects}))
    for name in ("carphone_pristine.mp4", "carphone_distorted.mp4"):
        for label, p in face_variants(name, out).items():
            t = score_video(p, detect="face")
            rows.append(("face", label, not label.endswith("clean"), "stiff_face" in {d.kind for d in t.report.defects}))
    for kind, label, want, got in rows:
        print(f"{kind:5} {label:32} injected={want!s:5} flagged={got!s:5} {'ok' if want == got else 'WRONG'}")
    for kind in ("text", "face"):
        pos = [g for k, _, w, g in rows if k == kind and w]
        neg = [g for k, _, w, g in rows if k == kind and not w]
        print(f"{kind}: recall {sum(pos)}/{len(pos)}, false flags {sum(neg)}/{len(neg)}")


if __name__ == "__main__":
    main()
