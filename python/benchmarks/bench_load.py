"""``reelscore rank`` under load: a folder of many short takes, 2 workers, watched from outside.

  python python/benchmarks/bench_load.py [--takes 500] [--workers 2] [--out build/load]

Makes ``--takes`` short H.264 takes (0.5–1 s at 30 fps, 64×48 to 160×120, a pan across
scikit-image's camera photo; every fourth has flicker injected, every seventh a freeze) in ``--out/takes`` (kept
between runs), then runs ``reelscore rank DIR --workers N --json --report R --no-progress`` as
a child process four times:

  no report  to the end without ``--report`` (no thumbnails kept); sampled as below
  complete   to the end; sampled every 20 ms from ``/proc/<pid>``: resident memory (VmRSS),
             open file descriptors (``fd/``), threads (``task/``); the peak resident memory
             is the child's largest sampled ``VmHWM`` (``ru_maxrss`` from ``wait4`` would count the parent's
             memory copied at fork). "Flat" means the resident memory at
             the end is close to that at a quarter of the run: the per-take state does not pile up.
  SIGINT     the same run interrupted at half its measured wall time: exit status, takes
             reported scored, whether the report says ``data-complete="false"``, stray temporary files
  SIGTERM    the same with SIGTERM

The test ``python/tests/test_load.py`` runs a smaller version of each with assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import time
from fractions import Fraction

import numpy as np

SIZES = ((64, 48), (96, 72), (128, 96), (160, 120))


def make_takes(folder: pathlib.Path, n: int, *, seed: int = 0) -> list[pathlib.Path]:
    """``n`` short H.264 takes in ``folder`` (existing files of the same name are kept)."""
    from reelscore.demo import write_mp4
    from reelscore.inject import inject

    folder.mkdir(parents=True, exist_ok=True)
    import skimage.data

    texture = np.ascontiguousarray(skimage.data.camera()[16 + seed % 16 : 256 + seed % 16, :480])  # a real photo, 240×480
    paths = []
    for i in range(n):
        p = folder / f"take-{i:04d}.mp4"
        paths.append(p)
        if p.exists():
            continue
        w, h = SIZES[i % len(SIZES)]
        frames = 15 + (i * 7) % 16  # 0.5 to 1 s at 30 fps
        y0 = (i * 13) % (240 - h)
        clip = []
        for f in range(frames):
            x0 = (i * 17 + f * 2) % (480 - w)
            y = np.ascontiguousarray(texture[y0 : y0 + h, x0 : x0 + w])
            u = np.full((h // 2, w // 2), 128 + (i % 9) * 3, np.uint8)
            v = np.full((h // 2, w // 2), 128 - (i % 5) * 4, np.uint8)
            clip.append((y, u, v))
        if i % 4 == 3:
            clip = inject(clip, "flicker", 3, frames - 2, seed=i)
        elif i % 7 == 6:
            clip = inject(clip, "freeze", 2, frames, seed=i)
        write_mp4(p, clip, Fraction(30))
    return paths


def _status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (kB), open descriptors and threads of a live process (empty once gone)."""
    try:
        text = pathlib.Path(f"/proc/{pid}/status").read_text()
        fds = len(os.listdir(f"/proc/{pid}/fd"))
        threads = len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return {}
    out = {"fds": fds, "threads": threads}
    for key in ("VmRSS", "VmHWM"):
        m = re.search(rf"^{key}:\s+(\d+) kB", text, re.M)
        if m:
            out[key] = int(m[1])
    return out if "VmRSS" in out else {}  # a zombie has no memory lines


def run(
    folder: pathlib.Path,
    report: pathlib.Path,
    *,
    workers: int = 2,
    stop_after: float | None = None,
    stop_signal: int = signal.SIGINT,
    wait_for: int = 0,
    interval: float = 0.02,
) -> dict:
    """Runs ``reelscore rank`` on ``folder`` as a child, sampling it; with ``stop_after``
    (seconds after ``wait_for`` takes' worth of start-up, see below) sends ``stop_signal``.

    Returns wall time, exit status, the child's peak RSS (its largest sampled VmHWM, kB), the
    samples, and
    its stdout (JSON) and stderr."""
    out_path, err_path = report.with_suffix(".stdout"), report.with_suffix(".stderr")
    cmd = [sys.executable, "-m", "reelscore", "rank", str(folder), "--workers", str(workers), "--json", "--no-progress"]
    if report.suffix == ".html":  # a ".none" name: no report, just the name of the output files
        cmd += ["--report", str(report)]
    samples: list[dict] = []
    with open(out_path, "w") as out, open(err_path, "w") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        sent = None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            s = _status(proc.pid)
            if s:
                s["t"] = time.perf_counter() - t0
                samples.append(s)
            if stop_after is not None and sent is None and time.perf_counter() - t0 >= stop_after:
                proc.send_signal(stop_signal)
                sent = time.perf_counter() - t0
            time.sleep(interval)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    # The peak is the largest VmHWM sampled: `ru_maxrss` from wait4 also counts the parent's
    # resident memory copied at fork (a pytest process that loaded ray or a browser reads GBs).
    hwm = max((x.get("VmHWM", 0) for x in samples), default=0)
    return {
        "cmd": cmd,
        "wall": wall,
        "signal_at": sent,
        "status": proc.returncode,
        "maxrss_kb": hwm or usage.ru_maxrss,
        "samples": samples,
        "stdout": out_path.read_text(),
        "stderr": err_path.read_text(),
    }


def rss_at(samples: list[dict], share: float) -> int:
    """VmRSS (kB) of the sample nearest ``share`` of the sampled span."""
    t_end = samples[-1]["t"]
    return min(samples, key=lambda s: abs(s["t"] - share * t_end))["VmRSS"]


def summary(r: dict, report: pathlib.Path) -> dict:
    s = r["samples"]
    doc = json.loads(r["stdout"]) if r["stdout"].strip() else None
    html = report.read_text(encoding="utf-8") if report.exists() else ""
    m = re.search(r'data-complete="(\w+)"', html)
    return {
        "status": r["status"],
        "wall_s": round(r["wall"], 2),
        "signal_at_s": None if r["signal_at"] is None else round(r["signal_at"], 2),
        "peak_rss_mb": round(r["maxrss_kb"] / 1024, 1),
        "rss_mb_at_25_50_75_100": [round(rss_at(s, q) / 1024, 1) for q in (0.25, 0.5, 0.75, 1.0)] if s else None,
        "fds_max": max((x["fds"] for x in s), default=None),
        "fds_at_25_50_75_100": [min(s, key=lambda x: abs(x["t"] - q * s[-1]["t"]))["fds"] for q in (0.25, 0.5, 0.75, 1.0)] if s else None,
        "threads_max": max((x["threads"] for x in s), default=None),
        "threads_at_25_50_75_100": [min(s, key=lambda x: abs(x["t"] - q * s[-1]["t"]))["threads"] for q in (0.25, 0.5, 0.75, 1.0)] if s else None,
        "samples": len(s),
        "complete": None if doc is None else doc["complete"],
        "scored": None if doc is None else doc["summary"]["takes"],
        "inputs": None if doc is None else doc["inputs"],
        "report_complete": m[1] if m else None,
        "stray_files": sorted(p.name for p in report.parent.iterdir() if p.name.startswith(f".{report.name}.")),
        "stderr_tail": r["stderr"].strip().splitlines()[-1:] if r["stderr"].strip() else [],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--takes", type=int, default=500)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", default=str(pathlib.Path(__file__).resolve().parents[2] / "build" / "load"))
    a = ap.parse_args(argv)
    out = pathlib.Path(a.out)
    folder = out / f"takes-{a.takes}"
    t0 = time.perf_counter()
    make_takes(folder, a.takes)
    print(f"{a.takes} takes in {folder} ({time.perf_counter() - t0:.1f} s to make or find)", flush=True)
    results = {}
    quiet = run(folder, out / "no-report.none", workers=a.workers)
    results["complete, no --report"] = summary(quiet, out / "no-report.none")
    print("command:", " ".join(quiet["cmd"]))
    print("complete, no --report:", json.dumps(results["complete, no --report"]), flush=True)
    report = out / "report-complete.html"
    report.unlink(missing_ok=True)
    full = run(folder, report, workers=a.workers)
    results["complete"] = summary(full, report)
    print("command:", " ".join(full["cmd"]))
    print("complete:", json.dumps(results["complete"]), flush=True)
    for name, sig in (("SIGINT", signal.SIGINT), ("SIGTERM", signal.SIGTERM)):
        report = out / f"report-{name}.html"
        report.unlink(missing_ok=True)
        r = run(folder, report, workers=a.workers, stop_after=full["wall"] / 2, stop_signal=sig)
        results[name] = summary(r, report)
        print(f"{name}:", json.dumps(results[name]), flush=True)
    (out / f"bench_load-{a.takes}.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
