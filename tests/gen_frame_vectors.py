"""Writes tests/vectors/frame_metrics.json: input recipes, expected outputs, tolerances.

Every expected value comes from an independent oracle, never from reelscore itself:
scikit-image (SSIM, PSNR, MSE, entropy), OpenCV (Laplacian variance, Sobel/Tenengrad),
FFmpeg's swscale through PyAV (limited -> full range), numpy re-implementations of published
formulas (Immerkaer noise, Hasler-Suesstrunk colourfulness, FFmpeg signalstats percentiles,
MS-SSIM per Wang et al. 2003 built on scipy.ndimage), each written from its paper or source.

Run: python3 tests/gen_frame_vectors.py  (pytest fails if the checked-in file is stale:
its generator digest differs, or regenerating changes a value beyond the tolerance).
"""

from __future__ import annotations

import hashlib
import json
import math
import pathlib
import sys

import av
import cv2
import numpy as np
import scipy.ndimage
import scipy.signal
import skimage
import skimage.measure
import skimage.metrics

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import recipes  # noqa: E402

OUT = HERE / "vectors" / "frame_metrics.json"
MS_WEIGHTS = np.array([0.0448, 0.2856, 0.3001, 0.2363, 0.1333])


def source_digest() -> str:
    h = hashlib.sha256()
    for name in ("gen_frame_vectors.py", "recipes.py"):
        h.update((HERE / name).read_bytes())
    return h.hexdigest()


def ssim_maps(a: np.ndarray, b: np.ndarray, L: float):
    """Gaussian SSIM and CS maps over the valid region (float64, scipy.ndimage)."""
    a = a.astype(np.float64)
    b = b.astype(np.float64)
    x = np.arange(-5, 6)
    w = np.exp(-0.5 * x * x / 1.5**2)
    w /= w.sum()

    def filt(img):
        out = scipy.ndimage.correlate1d(img, w, axis=0, mode="constant")
        return scipy.ndimage.correlate1d(out, w, axis=1, mode="constant")[5:-5, 5:-5]

    mu_a, mu_b = filt(a), filt(b)
    va = filt(a * a) - mu_a**2
    vb = filt(b * b) - mu_b**2
    cov = filt(a * b) - mu_a * mu_b
    c1, c2 = (0.01 * L) ** 2, (0.03 * L) ** 2
    cs = (2 * cov + c2) / (va + vb + c2)
    lum = (2 * mu_a * mu_b + c1) / (mu_a**2 + mu_b**2 + c1)
    return lum * cs, cs


def ms_ssim_reference(a: np.ndarray, b: np.ndarray, L: float, convention: str) -> float:
    a = a.astype(np.float64)
    b = b.astype(np.float64)
    terms = []
    for j in range(5):
        s, cs = ssim_maps(a, b, L)
        terms.append(max(s.mean(), 0.0) if j == 4 else max(cs.mean(), 0.0))
        h, w = a.shape[0] // 2 * 2, a.shape[1] // 2 * 2
        a = (a[0:h:2, 0:w:2] + a[1:h:2, 0:w:2] + a[0:h:2, 1:w:2] + a[1:h:2, 1:w:2]) / 4
        b = (b[0:h:2, 0:w:2] + b[1:h:2, 0:w:2] + b[0:h:2, 1:w:2] + b[1:h:2, 1:w:2]) / 4
    exps = MS_WEIGHTS.copy()
    if convention == "skvideo":
        exps[4] = 1.0
    return float(np.prod(np.array(terms) ** exps))


def signalstats_percentile(img: np.ndarray, pct: int, bits: int) -> float:
    """FFmpeg vf_signalstats: first bin whose running count reaches lrint(N*pct/100)."""
    shift = bits - 8
    hist = np.bincount((img.astype(np.int64) >> shift).ravel(), minlength=256)
    target = np.rint(img.size * pct / 100.0)  # rint: round half to even, like lrint
    idx = int(np.argmax(np.cumsum(hist) >= target))
    return float(idx << shift)


def immerkaer(img: np.ndarray) -> float:
    h, w = img.shape
    if h < 3 or w < 3:
        return 0.0
    n = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]])
    conv = scipy.signal.convolve2d(img.astype(np.int64), n, mode="valid")
    return math.sqrt(math.pi / 2) * np.abs(conv).sum() / (6 * (w - 2) * (h - 2))


def blockiness(img: np.ndarray, bits: int) -> float:
    x = img.astype(np.int64)
    dh = np.abs(np.diff(x, axis=1))  # step between column c and c+1 -> boundary if (c+1) % 8 == 0
    dv = np.abs(np.diff(x, axis=0))
    col_b = (np.arange(1, x.shape[1]) % 8) == 0
    row_b = (np.arange(1, x.shape[0]) % 8) == 0
    sb = dh[:, col_b].sum() + dv[row_b, :].sum()
    nb = dh[:, col_b].size + dv[row_b, :].size
    sn = dh[:, ~col_b].sum() + dv[~row_b, :].sum()
    nn = dh[:, ~col_b].size + dv[~row_b, :].size
    if nb == 0 or nn == 0:
        return 1.0
    eps = (2**bits - 1) / 255.0
    return (sb / nb + eps) / (sn / nn + eps)


def colorfulness(rgb: np.ndarray) -> float:
    r, g, b = (rgb[..., i].astype(np.float64) for i in range(3))
    rg = r - g
    yb = 0.5 * (r + g) - b
    return math.sqrt(rg.std() ** 2 + yb.std() ** 2) + 0.3 * math.sqrt(rg.mean() ** 2 + yb.mean() ** 2)


def no_reference(img: np.ndarray, bits: int) -> dict:
    maxv = 2**bits - 1
    out = {
        "mean": float(img.mean()),
        "p10": signalstats_percentile(img, 10, bits),
        "p90": signalstats_percentile(img, 90, bits),
        "black_fraction": float((img <= math.floor(0.01 * maxv)).mean()) if bits == 8 else None,
        "white_fraction": float((img >= math.ceil(0.99 * maxv)).mean()) if bits == 8 else None,
        "rms_contrast": float(img.astype(np.float64).std() / maxv),
        "noise_sigma": immerkaer(img),
        "blockiness": blockiness(img, bits),
    }
    if bits == 8:
        f = img.astype(np.float64)
        out["sharpness"] = float(cv2.Laplacian(img, cv2.CV_64F).var())
        gx = cv2.Sobel(img, cv2.CV_64F, 1, 0, ksize=3)
        gy = cv2.Sobel(img, cv2.CV_64F, 0, 1, ksize=3)
        out["tenengrad"] = float((gx * gx + gy * gy).mean())
        out["entropy"] = float(skimage.measure.shannon_entropy(img, base=2))
        del f
    else:
        f = img.astype(np.float64)  # OpenCV's Laplacian needs float input for 16-bit here.
        out["sharpness"] = float(cv2.Laplacian(f, cv2.CV_64F).var())
        gx = cv2.Sobel(f, cv2.CV_64F, 1, 0, ksize=3)
        gy = cv2.Sobel(f, cv2.CV_64F, 0, 1, ksize=3)
        out["tenengrad"] = float((gx * gx + gy * gy).mean())
    return {k: v for k, v in out.items() if v is not None}


def full_reference(a: np.ndarray, b: np.ndarray, bits: int) -> dict:
    maxv = 2**bits - 1
    out = {"mse": float(skimage.metrics.mean_squared_error(a, b))}
    p = float(skimage.metrics.peak_signal_noise_ratio(a, b, data_range=maxv)) if out["mse"] else math.inf
    out["psnr"] = min(p, 6 * bits + 12)
    if min(a.shape) >= 11:
        out["ssim"] = float(
            skimage.metrics.structural_similarity(
                a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=maxv
            )
        )
    if min(a.shape) >= 176:
        out["ms_ssim"] = ms_ssim_reference(a, b, maxv, "standard")
        out["ms_ssim_skvideo"] = ms_ssim_reference(a, b, maxv, "skvideo")
    return out


def swscale_gray_lut() -> list[int]:
    """FFmpeg's yuv420p -> gray conversion of every luma code, through PyAV."""
    w, h = 256, 2
    frame = av.VideoFrame(w, h, "yuv420p")
    planes = [np.tile(np.arange(256, dtype=np.uint8), (h, 1)), np.full((1, 128), 128, np.uint8)]
    for plane, arr in zip(frame.planes, [planes[0], planes[1], planes[1]]):
        pad = np.zeros((arr.shape[0], plane.line_size), np.uint8)
        pad[:, : arr.shape[1]] = arr
        plane.update(pad.tobytes())
    return frame.reformat(format="gray").to_ndarray()[0].tolist()


def build_doc() -> dict:
    scene = lambda s, w, h, a=6: {"kind": "scene", "seed": s, "width": w, "height": h, "amp": a}  # noqa: E731
    noise = lambda s, w, h: {"kind": "noise", "seed": s, "width": w, "height": h}  # noqa: E731
    distort = lambda s, base, a: {"kind": "distort", "seed": s, "amp": a, "base": base}  # noqa: E731
    pairs = [
        ("1x1", noise(1, 1, 1), noise(2, 1, 1)),
        ("1x7 row", noise(3, 7, 1), noise(4, 7, 1)),
        ("5x1 column", noise(5, 1, 5), noise(6, 1, 5)),
        ("2x2", noise(7, 2, 2), noise(8, 2, 2)),
        ("11x11 window", scene(9, 11, 11), distort(10, scene(9, 11, 11), 20)),
        ("12x11", scene(11, 12, 11), distort(12, scene(11, 12, 11), 9)),
        ("identical 33x20", scene(13, 33, 20), scene(13, 33, 20)),
        ("noise 64x48", noise(14, 64, 48), noise(15, 64, 48)),
        ("scene 131x97 light", scene(16, 131, 97), distort(17, scene(16, 131, 97), 4)),
        ("scene 140x139 heavy", scene(18, 140, 139, 30), distort(19, scene(18, 140, 139, 30), 60)),
        ("scene 200x180", scene(20, 200, 180), distort(21, scene(20, 200, 180), 12)),
        ("scene 177x176 odd", scene(22, 177, 176, 2), distort(23, scene(22, 177, 176, 2), 25)),
        ("blocky 64x40", {"kind": "blocky", "width": 64, "height": 40}, scene(24, 64, 40)),
        ("flat 8x8", distort(0, {"kind": "blocky", "width": 8, "height": 8}, 0), distort(0, {"kind": "blocky", "width": 8, "height": 8}, 0)),
    ]
    cases = []
    for name, ra, rb in pairs:
        a, b = recipes.build(ra), recipes.build(rb)
        cases.append(
            {
                "name": name,
                "bits": 8,
                "a": ra,
                "b": rb,
                "full_reference": full_reference(a, b, 8),
                "no_reference": no_reference(a, 8),
            }
        )
    for name, bits, w, h in [("10-bit 40x30", 10, 40, 30), ("12-bit 23x17", 12, 23, 17), ("16-bit 13x12", 16, 13, 12)]:
        ra = {"kind": "noise16", "seed": 100 + bits, "width": w, "height": h, "bits": bits}
        rb = {"kind": "noise16", "seed": 200 + bits, "width": w, "height": h, "bits": bits}
        a, b = recipes.build(ra), recipes.build(rb)
        cases.append(
            {
                "name": name,
                "bits": bits,
                "a": ra,
                "b": rb,
                "full_reference": full_reference(a, b, bits),
                "no_reference": no_reference(a, bits),
            }
        )
    rgb_cases = []
    for name, r in [
        ("rgb noise 9x7", {"kind": "rgb_noise", "seed": 31, "width": 9, "height": 7}),
        ("rgb tint 40x30", {"kind": "rgb_tint", "seed": 32, "width": 40, "height": 30, "amp": 10}),
        ("rgb 1x1", {"kind": "rgb_noise", "seed": 33, "width": 1, "height": 1}),
    ]:
        rgb = recipes.build(r)
        f = rgb.astype(np.float64)
        lum = lambda k: np.floor(k[0] * f[..., 0] + k[1] * f[..., 1] + k[2] * f[..., 2] + 0.5)  # noqa: E731
        rgb_cases.append(
            {
                "name": name,
                "rgb": r,
                "colorfulness": colorfulness(rgb),
                "luma_bt601": lum((0.299, 0.587, 0.114)).astype(int).ravel().tolist(),
                "luma_bt709": lum((0.2126, 0.7152, 0.0722)).astype(int).ravel().tolist(),
            }
        )
    doc = {
        "about": "Shared frame-metric vectors: read by the Rust, C and Python suites. "
        "Inputs are recipes (tests/recipes.py); outputs come from independent oracles.",
        "generator": "tests/gen_frame_vectors.py",
        "generator_sha256": source_digest(),
        "oracles": {
            "numpy": np.__version__,
            "scikit-image": skimage.__version__,
            "opencv": cv2.__version__,
            "scipy": scipy.__version__,
            "pyav": av.__version__,
        },
        "tolerances": {
            "default_rel": 1e-9,
            "default_abs": 1e-12,
            "comment": "|got - want| <= abs + rel * |want| for every metric; luma and LUT are exact",
            "device_rel": 1e-6,
            "device_abs": 1e-12,
            "device_comment": "the Cortex-M4F firmware (tests/firmware) is checked at these",
        },
        "constants": {
            "SSIM_K1": 0.01,
            "SSIM_K2": 0.03,
            "SSIM_SIGMA": 1.5,
            "SSIM_WINDOW": 11,
            "MS_SSIM_WEIGHTS": MS_WEIGHTS.tolist(),
            "PSNR_CAP_8BIT": 60.0,
        },
        "limited_to_full_lut": swscale_gray_lut(),
        "cases": cases,
        "rgb_cases": rgb_cases,
    }
    return doc


def main() -> None:
    doc = build_doc()
    text = json.dumps(doc, indent=1, allow_nan=False) + "\n"
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text)
    print(f"wrote {OUT} ({len(doc['cases'])} plane pairs, {len(doc['rgb_cases'])} RGB images)")


if __name__ == "__main__":
    main()
