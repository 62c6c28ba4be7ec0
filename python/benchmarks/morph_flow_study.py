"""Can dense optical flow tell a morphing region from real motion? An upper bound for any
block-matching rule, measured.

  python python/benchmarks/morph_flow_study.py collect [--out DIR] [--seeds 0,1] [--strengths 1,2]
  python python/benchmarks/morph_flow_study.py analyse [--out DIR]

``morph_study.py`` measured the best block-matching candidate (a region that swims in a still
picture) and found it misses the morph on subjects that move by themselves and flags the clean
``carphone_distorted`` head. This study asks the question with a better motion estimate than
the scorer could afford: scikit-image's TV-L1 optical flow (Zach, Pock & Bischof 2007; Wedel
et al. 2009) on the scorer's working copy (``morph_study.working``), between frames K = 6 apart,
every K frames. Per pair it keeps three signals a person would name:

- **strain** — the flow less the best global affine motion (least squares, refit once without
  the worst 20 % of pixels: camera pans, zooms and rotations are affine), smoothed by a
  Gaussian of 2 px, and the Frobenius norm of its Jacobian. A region that bends and stretches
  has it; a rigid pan, zoom or rotation does not; an object moving over a still background has
  it only along its outline.
- **torn** — the warping error (Lai et al., ECCV 2018) after the flow, ``|I_t − warp(I_{t−K})|``,
  smoothed likewise: real objects uncover and cover background along their outline; a smooth
  warp covers nothing.
- **texture** — the local mean absolute deviation (flow is not defined on flat areas).

Five candidate scores, each the largest over a take (the clean take: over all its pairs but
those across a cut; an injected take: over the pairs after the morph's grow-in, frames 26..50):

- **dense strain** — per pair, the 99th percentile of the strain over textured, untorn pixels
  at least 8 px from the frame's edge;
- **cell shear** — what block matching on the scorer's 16×16 grid could see: each cell's mean
  residual flow over its textured pixels (cells under half textured or with torn pixels
  dropped), and the largest difference between neighbours per pixel of their distance;
- **cell bend** — the largest distance of a cell's vector from the mean of its four
  neighbours' (the second difference: zero for any affine motion);
- **cell bend held 3 pairs** — the bend, grown over a 3×3 neighbourhood, that stays in the
  same place over three consecutive pairs (a warp sits where it is; an outline moves on);
- **cell bend coherent 3 pairs** — the length of a cell's bend vector averaged over three
  consecutive pairs (a bump turns slowly, so its bend adds up; noise cancels).

The split of bases into calibration and validation follows ``verdict_eval.split_of_sources``
(by source: bigbuckbunny, bikes, coffee, rocket calibrate; carphone, chelsea, motorcycle,
astronaut validate). A threshold set on the calibration takes (5 % above the largest clean
score there, i.e. at most one clean take in ten flagged) is applied to the validation takes.
The figures and what they show are in docs/morphing.md: every score finds the morph over a
still photograph and none over a subject that moves, because the morph's own displacement
over K frames is a fraction of the subject's motion there.
"""

from __future__ import annotations

import argparse
import functools
import pathlib
import sys

import numpy as np
from scipy.ndimage import gaussian_filter, map_coordinates, maximum_filter, uniform_filter

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

K, FRAMES, START, END = 6, 60, 20, 50
SMOOTH, TEXTURE, TORN = 2.0, 4.0, 6.0
CLIPS = {"carphone_pristine": "carphone", "carphone_distorted": "carphone", "bikes": "bikes", "bigbuckbunny": "bigbuckbunny"}
CUTS = {"bikes": (30,)}


@functools.lru_cache(maxsize=None)
def split_of(source: str) -> str:
    """The split ``verdict_eval.split_of_sources`` deals ``source`` to."""
    from verdict_eval import corpus_bases, split_of_sources

    return split_of_sources(corpus_bases())[source]


def bases() -> dict[str, tuple[str, list]]:
    import skimage.data
    from morph_study import PHOTOS
    from takes import decode, pan

    out = {n: (src, decode(f"{n}.mp4", FRAMES)[0]) for n, src in CLIPS.items()}
    out.update({f"{p} pan": (p, pan(f(), FRAMES)) for p, f in PHOTOS.items()})
    del skimage
    return out


def affine_residual(u: np.ndarray, v: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The flow less its least-squares affine fit over ``weight`` pixels, refit once without the
    worst 20 % of them."""
    h, w = u.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    a = np.stack([np.ones_like(xx), xx / w, yy / h], -1).reshape(-1, 3)
    keep = weight.reshape(-1)
    uv = np.stack([u.reshape(-1), v.reshape(-1)], -1)
    for _ in range(2):
        coef, *_ = np.linalg.lstsq(a[keep], uv[keep], rcond=None)
        res = uv - a @ coef
        err = np.hypot(res[:, 0], res[:, 1])
        keep = keep & (err <= np.quantile(err[keep], 0.8))
    return res[:, 0].reshape(h, w), res[:, 1].reshape(h, w)


def pair_maps(prev: np.ndarray, cur: np.ndarray) -> np.ndarray:
    """strain, torn, texture maps and the flow less the camera's affine motion (u, v): 5×h×w,
    float32, for one pair of working frames."""
    from skimage.registration import optical_flow_tvl1

    # Flow (v, u) with cur(y + v, x + u) ≈ prev(y, x); TV-L1's weights are set for [0, 1] images.
    v, u = optical_flow_tvl1(prev / 255.0, cur / 255.0)
    h, w = prev.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    back = map_coordinates(cur, [yy + v, xx + u], order=1, mode="nearest")
    torn = gaussian_filter(np.abs(prev - back), SMOOTH)
    texture = uniform_filter(np.abs(prev - uniform_filter(prev, 9)), 9)
    fu, fv = affine_residual(u, v, texture >= TEXTURE)
    ru, rv = gaussian_filter(fu, SMOOTH), gaussian_filter(fv, SMOOTH)
    uy, ux = np.gradient(ru)
    vy, vx = np.gradient(rv)
    strain = np.sqrt(ux**2 + uy**2 + vx**2 + vy**2)
    return np.stack([strain, torn, texture, fu, fv]).astype(np.float32)


def collect(out: pathlib.Path, seeds: list[int], strengths: list[float]) -> None:
    from morph_study import working

    from reelscore.inject import inject_artefact

    out.mkdir(parents=True, exist_ok=True)
    for name, (source, clip) in bases().items():
        takes = {"clean": clip}
        for s in strengths:
            for k in seeds:
                takes[f"s{s:g}_seed{k}"] = inject_artefact(clip, "morphing", START, END, seed=k, strength=s)
        for tag, take in takes.items():
            path = out / f"{name.replace(' ', '_')}__{tag}.npz"
            if path.exists():
                continue
            wk = [working(y) for y, _, _ in take]
            ts = list(range(K, len(wk), K))
            maps = np.stack([pair_maps(wk[t - K], wk[t]) for t in ts])
            np.savez_compressed(path, maps=maps, t=np.array(ts), source=source)
            print(name, tag, flush=True)


def inner(mask: np.ndarray, margin: int = 8) -> np.ndarray:
    """``mask`` without a ``margin`` along the frame's edges (flow there is a guess)."""
    out = np.zeros_like(mask)
    out[margin:-margin, margin:-margin] = mask[margin:-margin, margin:-margin]
    return out


def cell_vectors(maps: np.ndarray, grid: int = 16) -> np.ndarray:
    """Each cell's mean flow (less the camera's affine motion) over its textured pixels; NaN
    where under half the cell is textured or a tenth of it is torn (occlusion)."""
    _, torn, texture, fu, fv = maps
    h, w = fu.shape
    ye = [-(-c * h // grid) for c in range(grid + 1)]
    xe = [-(-c * w // grid) for c in range(grid + 1)]
    vec = np.full((grid, grid, 2), np.nan)
    for j in range(grid):
        for i in range(grid):
            sl = (slice(ye[j], ye[j + 1]), slice(xe[i], xe[i + 1]))
            ok = texture[sl] >= TEXTURE
            if ok.mean() >= 0.5 and np.quantile(torn[sl], 0.9) < TORN:
                vec[j, i] = fu[sl][ok].mean(), fv[sl][ok].mean()
    return vec


def cell_bend(maps: np.ndarray) -> float:
    """The largest distance of an inner cell's vector from the mean of its four neighbours'
    (the field's second difference: zero for any affine motion, a pan, zoom, rotation or
    shear), px, over cells whose five vectors are all defined."""
    vec = cell_vectors(maps)
    mid = vec[1:-1, 1:-1]
    around = (vec[:-2, 1:-1] + vec[2:, 1:-1] + vec[1:-1, :-2] + vec[1:-1, 2:]) / 4
    d = np.linalg.norm(mid - around, axis=2)
    d = d[np.isfinite(d)]
    return float(d.max()) if d.size else 0.0


def bend_vectors(maps: np.ndarray) -> np.ndarray:
    """Per inner cell, its vector less the mean of its four neighbours' (NaN where undefined)."""
    vec = cell_vectors(maps)
    around = (vec[:-2, 1:-1] + vec[2:, 1:-1] + vec[1:-1, :-2] + vec[1:-1, 2:]) / 4
    return vec[1:-1, 1:-1] - around


def bend_map(maps: np.ndarray) -> np.ndarray:
    """Per inner cell, the length of its bend vector (0 where undefined), grown to the largest
    over its 3×3 neighbourhood."""
    return maximum_filter(np.nan_to_num(np.linalg.norm(bend_vectors(maps), axis=2)), 3)


def dense_score(maps: np.ndarray) -> float:
    """The 99th percentile of the strain over textured, untorn pixels."""
    strain, torn, texture = maps[:3]
    ok = inner(texture >= TEXTURE) & (torn < TORN)
    return float(np.quantile(strain[ok], 0.99)) if ok.sum() >= 20 else 0.0


def cell_score(maps: np.ndarray, grid: int = 16) -> float:
    """What block matching on the scorer's 16×16 grid could see of the same thing: the largest
    difference between two neighbouring cells' vectors (:func:`cell_vectors`), per pixel of
    their distance."""
    h, w = maps.shape[1:]
    vec = cell_vectors(maps, grid)
    dx = np.linalg.norm(vec[:, 1:] - vec[:, :-1], axis=2) / (w / grid)
    dy = np.linalg.norm(vec[1:] - vec[:-1], axis=2) / (h / grid)
    both = np.concatenate([dx.ravel(), dy.ravel()])
    both = both[np.isfinite(both)]
    return float(both.max()) if both.size else 0.0


SCORES = {"dense strain": dense_score, "cell shear": cell_score, "cell bend": cell_bend,
          "cell bend held 3 pairs": None, "cell bend coherent 3 pairs": None}


def take_scores(path: pathlib.Path, fn, injected: bool) -> float:
    d = np.load(path)
    ts = d["t"]
    cuts = CUTS.get(path.stem.split("__")[0].split("_")[0], ())
    ok = [i for i, t in enumerate(ts) if not any(t - K < c <= t for c in cuts)]
    if injected:
        # The pairs inside the morph after its grow-in.
        ok = [i for i in ok if START + 6 <= ts[i] - K and ts[i] <= END]
    return max(fn(d["maps"][i]) for i in ok)


def runs(path: pathlib.Path, injected: bool, run: int = 3) -> tuple[list, list[int]]:
    """The take's maps and the first pair of each ``run`` consecutive pairs not across a cut
    (and, for an injected take, inside the morph after its grow-in)."""
    d = np.load(path)
    ts = d["t"]
    cuts = CUTS.get(path.stem.split("__")[0].split("_")[0], ())
    first = []
    for i in range(len(ts) - run + 1):
        span = ts[i : i + run]
        if any(t - K < c <= t for t in span for c in cuts):
            continue
        if injected and not (START + K <= span[0] - K and span[-1] <= END):
            continue
        first.append(i)
    return list(d["maps"]), first


def held_bend(path: pathlib.Path, injected: bool, run: int = 3) -> float:
    """The bend (:func:`bend_map`) that stays in one place over ``run`` consecutive pairs: per
    cell the least of its grown bend over the run, the largest over cells and runs."""
    maps, first = runs(path, injected, run)
    bends = [bend_map(m) for m in maps]
    return max((float(np.min(bends[i : i + run], axis=0).max()) for i in first), default=0.0)


def coherent_bend(path: pathlib.Path, injected: bool, run: int = 3) -> float:
    """The bend that keeps its direction over ``run`` consecutive pairs (a bump turns slowly;
    noise does not add up): per cell the length of its mean bend vector over the run, where
    all of them are defined, the largest over cells and runs."""
    maps, first = runs(path, injected, run)
    bends = [bend_vectors(m) for m in maps]
    best = 0.0
    for i in first:
        st = np.stack(bends[i : i + run])
        ok = np.all(np.isfinite(st[..., 0]), axis=0)
        if ok.any():
            best = max(best, float(np.linalg.norm(st.mean(axis=0), axis=2)[ok].max()))
    return best


def analyse(out: pathlib.Path) -> None:
    SCORES["cell bend held 3 pairs"] = held_bend
    SCORES["cell bend coherent 3 pairs"] = coherent_bend
    signal_to_motion(out)
    for label_, fn in SCORES.items():
        print(f"\n== {label_} (clean: largest over the take; injected: over frames {START + 6}..{END})")
        rows: dict[str, dict] = {}
        for path in sorted(out.glob("*.npz")):
            base, tag = path.stem.split("__")
            score = (lambda inj: fn(path, inj)) if fn in (held_bend, coherent_bend) else (
                lambda inj: take_scores(path, fn, inj))
            rows.setdefault(base, {})[tag] = score(tag != "clean")
            if tag == "clean":
                # The clean take over the injected takes' pairs: what the morph adds there.
                rows[base]["clean in span"] = score(True)
            rows[base]["source"] = str(np.load(path)["source"])
        print(f"{'base':22s} {'split':12s} {'clean':>7s} {'in span':>7s}  injected per strength: min / median")
        for base, r in rows.items():
            inj: dict[str, list] = {}
            for tag, val in r.items():
                if "_seed" in tag:
                    inj.setdefault(tag.split("_")[0], []).append(val)
            cells = "  ".join(f"{s}: {min(v):.3f}/{np.median(v):.3f}" for s, v in sorted(inj.items()))
            print(f"{base:22s} {split_of(r['source']):12s} {r['clean']:7.3f} {r['clean in span']:7.3f}  {cells}")
        cal_clean = sorted(r["clean"] for r in rows.values() if split_of(r["source"]) == "calibration")
        # The smallest threshold above all but a tenth of the calibration clean takes.
        thr = cal_clean[-1 - int(0.1 * len(cal_clean))] * 1.05
        for strength in sorted({t.split("_")[0] for r in rows.values() for t in r if "_seed" in t}):
            for split in ("calibration", "validation"):
                mine = [r for r in rows.values() if split_of(r["source"]) == split]
                clean = sum(r["clean"] >= thr for r in mine)
                inj = [v for r in mine for t, v in r.items() if t.startswith(strength + "_")]
                rec = sum(v >= thr for v in inj) / max(len(inj), 1)
                print(f"{strength} threshold {thr:.3f}: {split} recall {rec:.2f} ({len(inj)} takes), "
                      f"clean flagged {clean}/{len(mine)}")


def signal_to_motion(out: pathlib.Path) -> None:
    """Per base, in the morph's box over the pairs of frames 30..48 (seed 0, strength 1): the
    90th percentiles of the morph's own flow (the injected take's flow less the clean take's),
    of the clean take's residual flow, and of the warping error after the flow."""
    print("\nper base, in the box, frames 30..48, 90th percentiles (px / code values):")
    print(f"{'base':22s} {'morph flow':>10s} {'own flow':>9s} {'torn':>6s} {'textured':>9s}")
    for path in sorted(out.glob("*__clean.npz")):
        base = path.stem.split("__")[0]
        c, j = np.load(path), np.load(out / f"{base}__s1_seed0.npz")
        h, w = c["maps"].shape[2:]
        box = (slice(int(0.3 * h), int(0.7 * h)), slice(int(0.3 * w), int(0.7 * w)))
        pick = [i for i, t in enumerate(c["t"]) if START + 2 * K <= t <= END]
        mc, mj = c["maps"][pick][:, :, box[0], box[1]], j["maps"][pick][:, :, box[0], box[1]]
        morph = np.hypot(mj[:, 3] - mc[:, 3], mj[:, 4] - mc[:, 4])
        own = np.hypot(mc[:, 3], mc[:, 4])
        print(f"{base:22s} {np.quantile(morph, 0.9):10.2f} {np.quantile(own, 0.9):9.2f} "
              f"{np.quantile(mc[:, 1], 0.9):6.1f} {(mc[:, 2] >= TEXTURE).mean():9.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=("collect", "analyse"))
    ap.add_argument("--out", default="/tmp/morph-flow")
    ap.add_argument("--seeds", default="0,1")
    ap.add_argument("--strengths", default="1,2")
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    if args.what == "collect":
        collect(out, [int(s) for s in args.seeds.split(",")], [float(s) for s in args.strengths.split(",")])
    else:
        analyse(out)


if __name__ == "__main__":
    main()
