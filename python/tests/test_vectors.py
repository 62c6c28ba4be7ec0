"""The shared frame-metric vectors through the Python binding, and the staleness check."""

from __future__ import annotations

import importlib.util
import math

import numpy as np
import pytest
from conftest import ROOT, VECTORS

import reelscore


def close(got: float, want: float, doc: dict) -> bool:
    if want is None or math.isinf(want):
        return math.isinf(got)
    t = doc["tolerances"]
    return abs(got - want) <= t["default_abs"] + t["default_rel"] * abs(want)


def padded(x: np.ndarray, pad: int) -> np.ndarray:
    """A row-padded view of ``x`` (rows contiguous, stride > width) to prove padding is skipped."""
    big = np.full((x.shape[0], x.shape[1] + pad), 0xAB, dtype=x.dtype)
    big[:, : x.shape[1]] = x
    return big[:, : x.shape[1]]


def test_every_case_matches(frame_vectors, build):
    for case in frame_vectors["cases"]:
        a, b = build(case["a"]), build(case["b"])
        kw = {} if case["bits"] == 8 else {"bits": case["bits"]}
        for pa, pb in [(a, b), (padded(a, 3), padded(b, 9))]:
            fr = case["full_reference"]
            name = case["name"]
            assert close(reelscore.mse(pa, pb, **kw), fr["mse"], frame_vectors), name
            assert close(reelscore.psnr(pa, pb, **kw), fr["psnr"], frame_vectors), name
            if "ssim" in fr:
                assert close(reelscore.ssim(pa, pb, **kw), fr["ssim"], frame_vectors), name
            else:
                with pytest.raises(reelscore.ReelscoreError, match="11x11 window"):
                    reelscore.ssim(pa, pb, **kw)
            if "ms_ssim" in fr:
                assert close(reelscore.ms_ssim(pa, pb, **kw), fr["ms_ssim"], frame_vectors), name
                got = reelscore.ms_ssim(pa, pb, convention="skvideo", **kw)
                assert close(got, fr["ms_ssim_skvideo"], frame_vectors), name
            stats = reelscore.frame_stats(pa, **kw)
            for key, want in case["no_reference"].items():
                assert close(stats[key], want, frame_vectors), f"{name}: {key} {stats[key]} vs {want}"


def test_rgb_cases(frame_vectors, build):
    for case in frame_vectors["rgb_cases"]:
        rgb = build(case["rgb"])
        assert close(reelscore.colorfulness(rgb), case["colorfulness"], frame_vectors)
        h, w, _ = rgb.shape
        for key, matrix in [("luma_bt601", "bt601"), ("luma_bt709", "bt709")]:
            got = reelscore.rgb_to_luma(rgb, matrix=matrix)
            assert got.shape == (h, w) and got.dtype == np.uint8
            assert got.ravel().tolist() == case[key]


def test_limited_range_lut(frame_vectors):
    codes = np.arange(256, dtype=np.uint8).reshape(16, 16)
    assert reelscore.expand_limited_range(codes).ravel().tolist() == frame_vectors["limited_to_full_lut"]


def test_constants_match_vectors(frame_vectors):
    c = frame_vectors["constants"]
    assert reelscore.SSIM_K1 == c["SSIM_K1"] and reelscore.SSIM_K2 == c["SSIM_K2"]
    assert reelscore.SSIM_SIGMA == c["SSIM_SIGMA"] and reelscore.SSIM_WINDOW == c["SSIM_WINDOW"]
    assert reelscore.MS_SSIM_WEIGHTS == c["MS_SSIM_WEIGHTS"]
    assert reelscore.PSNR_CAP_8BIT == c["PSNR_CAP_8BIT"]


def _load_generator(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _assert_same(regen, stored, tol, path="doc"):
    if isinstance(stored, dict):
        assert set(regen) == set(stored), f"{path}: keys differ"
        for k in stored:
            if k in ("oracles", "generator_sha256"):
                continue
            _assert_same(regen[k], stored[k], tol, f"{path}.{k}")
    elif isinstance(stored, list):
        assert len(regen) == len(stored), f"{path}: lengths differ"
        for i, (r, s) in enumerate(zip(regen, stored)):
            _assert_same(r, s, tol, f"{path}[{i}]")
    elif isinstance(stored, float):
        assert abs(regen - stored) <= tol * max(1.0, abs(stored)), f"{path}: {regen} vs {stored}"
    else:
        assert regen == stored, f"{path}: {regen!r} vs {stored!r}"


def test_frame_vectors_are_fresh(frame_vectors):
    """Fails when the generator changed without regenerating, or its oracles now disagree."""
    gen = _load_generator("gen_frame_vectors")
    assert frame_vectors["generator_sha256"] == gen.source_digest(), (
        "tests/vectors/frame_metrics.json is stale: run python3 tests/gen_frame_vectors.py"
    )
    _assert_same(gen.build_doc(), frame_vectors, 1e-9)
