"""Untrusted video files: mutated sample MP4s through ``score_many`` and the CLI.

Bit flips (spread and inside the ``moov`` metadata), truncations, box sizes that lie and
absurd frame sizes in the headers. Every file gets a result: a score, or one clear line of
error; nothing crashes or hangs (the whole batch runs under a time limit), and a clean file
among them scores exactly as it does alone.
"""

from __future__ import annotations

import json
import pathlib
import struct
import subprocess
import sys

import numpy as np
import pytest
from conftest import clip_dir

import reelscore
from reelscore.videoscore import score_many

TIME_LIMIT = 300  # seconds for the whole batch (it takes a few seconds)


def boxes(data: bytes, start: int = 0, end: int | None = None):
    """Top-level (or child) MP4 boxes: ``(offset, size, type)``."""
    end = len(data) if end is None else end
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        if size < 8:
            break
        yield at, size, kind
        at += size


def find(data: bytes, kind: bytes) -> list[int]:
    out, at = [], data.find(kind)
    while at >= 4:
        out.append(at - 4)  # the box starts at its size field
        at = data.find(kind, at + 1)
    return out


def mutants(src: pathlib.Path, out: pathlib.Path) -> list[pathlib.Path]:
    data = src.read_bytes()
    rng = np.random.default_rng(17)
    made: dict[str, bytes] = {}
    for share in (0.0, 0.1, 0.5, 0.9, 0.999):
        made[f"truncated-{share}"] = data[: max(1, int(len(data) * share))]
    for i in range(12):
        b = bytearray(data)
        for pos in rng.integers(0, len(b), int(rng.integers(8, 64))):
            b[pos] ^= 1 << int(rng.integers(0, 8))
        made[f"flips-{i}"] = bytes(b)
    moov = next((o, s) for o, s, k in boxes(data) if k == b"moov")
    for i in range(8):
        b = bytearray(data)
        for pos in rng.integers(moov[0] + 8, moov[0] + moov[1], 4):
            b[pos] ^= 1 << int(rng.integers(0, 8))
        made[f"moov-flips-{i}"] = bytes(b)
    for o, s, k in boxes(data):
        for lie in (0xFFFFFFF0, 9, s + 1000, 0):
            b = bytearray(data)
            b[o : o + 4] = struct.pack(">I", lie)
            made[f"box-{k.decode('latin-1')}-{lie}"] = bytes(b)
    for o in find(data, b"tkhd"):
        b = bytearray(data)
        size = struct.unpack(">I", b[o : o + 4])[0]
        b[o + size - 8 : o + size] = struct.pack(">II", 0xFFFF0000, 0xFFFF0000)  # 65535×65535
        made["tkhd-65535"] = bytes(b)
    for o in find(data, b"avc1"):
        b = bytearray(data)
        b[o + 32 : o + 36] = struct.pack(">HH", 65535, 65535)  # sample entry width, height
        made["avc1-65535"] = bytes(b)
        b[o + 32 : o + 36] = struct.pack(">HH", 0, 0)
        made["avc1-0x0"] = bytes(b)
    paths = []
    for name, blob in made.items():
        p = out / f"{src.stem}-{name}.mp4"
        p.write_bytes(blob)
        paths.append(p)
    return paths


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    out = tmp_path_factory.mktemp("untrusted")
    clips = clip_dir()
    files = mutants(clips / "carphone_pristine.mp4", out) + mutants(clips / "bikes.mp4", out)
    clean = out / "clean.mp4"
    clean.write_bytes((clips / "carphone_pristine.mp4").read_bytes())
    files.insert(len(files) // 2, clean)
    return files, clean


def test_every_mutant_gets_a_score_or_one_clear_line(batch):
    files, clean = batch
    assert len(files) > 50
    p = subprocess.run(
        [sys.executable, "-m", "reelscore", "score", *map(str, files), "--json", "--no-progress", "--workers", "2"],
        capture_output=True, text=True, timeout=TIME_LIMIT,
    )
    assert p.returncode in (0, 1), p.stderr[-2000:]
    assert "Traceback" not in p.stderr, p.stderr[-2000:]
    doc = json.loads(p.stdout)
    rows = doc["takes"]
    assert [r["path"] for r in rows] == list(map(str, files))
    for r in rows:
        if r["status"] == "error":
            assert r["error"] and "\n" not in r["error"] and "Traceback" not in r["error"], r
            assert pathlib.Path(r["path"]).name in r["error"] or len(r["error"]) < 300, r
        else:
            assert 0 <= r["score"] <= 100 and abs(sum(d["points"] for d in r["deductions"]) - (100 - r["score"])) < 1e-9, r
    failed = sum(r["status"] == "error" for r in rows)
    assert doc["summary"]["failed"] == failed and failed >= 10  # truncations at 0 % and box lies do fail
    alone = reelscore.score_video(clean)
    (row,) = [r for r in rows if r["path"] == str(clean)]
    assert row["status"] == "ok" and row["score"] == alone.score


def test_score_many_returns_every_file_in_order(batch):
    files, clean = batch
    results = score_many(files[:40], workers=2)
    assert [r.path for r in results] == list(map(str, files[:40]))
    assert all(r.ok or (r.error and "\n" not in r.error) for r in results)
