"""``reelscore rank`` under load (issue 17 item 4), a bounded version of
``python/benchmarks/bench_load.py``: a folder of short takes ranked with 2 workers, watched from
outside through ``/proc``; memory stays flat, no descriptor or thread piles up, and SIGINT or
SIGTERM half way leaves the takes scored so far on stdout and a report marked incomplete
(never a partial file posing as complete). Also ``--top`` never makes a rejected take a keeper.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import threading
import time

import pytest
from conftest import ROOT, short_takes

import reelscore
from reelscore import cli
from reelscore.videoscore import score_many

sys.path.insert(0, str(ROOT / "python" / "benchmarks"))
import bench_load  # noqa: E402

LOAD_TAKES = 500


@pytest.fixture(scope="session")
def load_takes(tmp_path_factory) -> pathlib.Path:
    return short_takes(tmp_path_factory, "load", LOAD_TAKES)


def _fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def _threads() -> int:
    return len(os.listdir("/proc/self/task"))


def test_rank_of_many_takes_keeps_memory_descriptors_and_threads_flat(load_takes, tmp_path):
    r = bench_load.run(load_takes, tmp_path / "no-report.none", workers=2)
    s = bench_load.summary(r, tmp_path / "no-report.none")
    assert r["status"] == 0, r["stderr"]
    assert s["complete"] is True and s["scored"] == LOAD_TAKES
    samples = r["samples"]
    assert len(samples) >= 10, "too few samples to judge"
    # Descriptors and threads do not grow with the number of takes: a leak of one per take
    # would show as hundreds. 2 workers, each with FFmpeg's decoder threads.
    assert s["fds_max"] <= 16, s
    assert s["threads_max"] <= 4 + 2 * ((os.cpu_count() or 1) + 3), s
    # Memory: the resident size at the end is within a few MB of that at a quarter of the run
    # (what stays is each take's small report, used for the ranking).
    quarter, end = bench_load.rss_at(samples, 0.25), bench_load.rss_at(samples, 1.0)
    assert end - quarter < 12 * 1024, s
    assert r["maxrss_kb"] < 200 * 1024, s


def test_score_many_leaves_no_descriptor_or_thread_behind(load_takes):
    files = sorted(load_takes.iterdir())[:40]
    score_many(files, workers=2)  # warm-up: imports, FFmpeg's one-time set-up
    fds, threads = _fds(), _threads()
    for _ in range(2):
        out = score_many(files, workers=2, thumbnails=2)
        assert all(t.ok for t in out)
        # Nothing piles up run after run (FFmpeg's threads may take a moment to exit).
        assert _settles(lambda: _fds() <= fds and _threads() <= threads), (_fds(), fds, _threads(), threads)
    assert threading.active_count() == 1  # the pool's threads are joined


def _settles(ok, seconds: float = 3.0) -> bool:
    deadline = time.monotonic() + seconds
    while not ok():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _opened(pid: int, folder: pathlib.Path, seen: set[str]) -> None:
    """Adds the takes in ``folder`` that process ``pid`` has open to ``seen``."""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return
    for fd in fds:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:  # closed while listing
            continue
        if target.startswith(str(folder)):
            seen.add(target)


@pytest.mark.parametrize("sig, status, fmt", [(signal.SIGINT, 130, "table"), (signal.SIGTERM, 143, "json")])
def test_a_signal_half_way_prints_what_was_scored_and_marks_the_report_incomplete(load_takes, tmp_path, sig, status, fmt):
    report = tmp_path / "report.html"
    report.write_text("<html>an old report</html>")  # replaced by the run's own, marked incomplete
    cmd = [sys.executable, "-m", "reelscore", "rank", str(load_takes), "--workers", "2", "--no-progress", "--report", str(report)]
    if fmt == "json":
        cmd.append("--json")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Signal once about 30 takes have been opened (so some are scored, most not), however
    # fast or busy the machine is.
    seen: set[str] = set()
    deadline = time.monotonic() + 120
    while len(seen) < 30 and time.monotonic() < deadline and proc.poll() is None:
        _opened(proc.pid, load_takes, seen)
        time.sleep(0.005)
    assert proc.poll() is None, "finished before the signal"
    t0 = time.perf_counter()
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == status, err
    assert time.perf_counter() - t0 < 3  # the signal is handled at once, not when some take ends
    assert "Traceback" not in err
    m = re.search(rf"INCOMPLETE: interrupted by {sig.name} after scoring (\d+) of {LOAD_TAKES} takes", err)
    assert m, err
    scored = int(m[1])
    assert 0 < scored < LOAD_TAKES
    if fmt == "json":
        doc = json.loads(out)
        assert doc["complete"] is False and doc["interrupted"] == sig.name and doc["inputs"] == LOAD_TAKES
        assert doc["summary"]["takes"] == len(doc["takes"]) == scored
        assert all(t["status"] == "ok" for t in doc["takes"])
        assert not any(t["keeper"] and t["verdict"] != "keep" for t in doc["takes"])
    else:
        lines = out.splitlines()
        assert lines[-1].startswith(f"INCOMPLETE: interrupted by {sig.name} after scoring {scored} of {LOAD_TAKES} takes. {scored} takes:")
        assert len([line for line in lines if re.match(r"\s*\d+\s+\d+\.\d\s+(keep|reject)\s", line)]) == scored
    page = report.read_text(encoding="utf-8")
    assert 'data-complete="false"' in page and "<title>INCOMPLETE" in page and "an old report" not in page
    assert len(re.findall(r'<section class="take"', page)) == scored
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left


def test_a_complete_report_says_so(load_takes, tmp_path):
    report = tmp_path / "r.html"
    files = [str(p) for p in sorted(load_takes.iterdir())[:6]]
    assert cli.main(["rank", *files, "--no-progress", "--report", str(report)]) == 0
    page = report.read_text(encoding="utf-8")
    assert 'data-complete="true"' in page and "INCOMPLETE" not in page
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_an_interrupted_report_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_text("old, complete")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cli.write_atomic(target, "new" * 100_000)
    assert target.read_text() == "old, complete"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    monkeypatch.undo()
    cli.write_atomic(target, "new")
    assert target.read_text() == "new"
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # as open() would have made it


# ---- --top never makes a rejected take a keeper ------------------------------------------------


def test_top_never_labels_a_rejected_take_a_keeper(load_takes):
    files = sorted(load_takes.iterdir())[:28]
    takes = reelscore.rank(files, top=len(files), workers=2)
    keep = [t for t in takes if t.verdict == "keep"]
    assert 0 < len(keep) < len(files), "the set needs both verdicts"
    assert [t for t in takes if t.keeper] == keep  # all of them, in rank order, and nothing else
    few = reelscore.rank(files, top=2, workers=2)
    assert [t.keeper for t in few] == [True, True] + [False] * (len(few) - 2)
    assert all(t.verdict == "keep" for t in few[:2])
    # The CLI labels the same way.
    p = subprocess.run(
        [sys.executable, "-m", "reelscore", "rank", *map(str, files), "--top", str(len(files)), "--json"],
        capture_output=True, text=True, timeout=120,
    )
    doc = json.loads(p.stdout)
    assert [t["path"] for t in doc["takes"] if t["keeper"]] == [t.path for t in keep]
    assert all(t["verdict"] == "keep" for t in doc["takes"] if t["keeper"])
    assert doc["complete"] is True and doc["interrupted"] is None and doc["inputs"] == len(files)


def test_top_table_heading_counts_only_keepers(load_takes):
    files = sorted(load_takes.iterdir())[:28]
    p = subprocess.run([sys.executable, "-m", "reelscore", "rank", *map(str, files), "--top", "25"], capture_output=True, text=True, timeout=120)
    lines = p.stdout.splitlines()
    head = next(line for line in lines if line.startswith("-- keepers"))
    n = int(head.rsplit(":", 1)[1])
    i = lines.index(head)
    assert all(" keep " in line for line in lines[i + 1 : i + 1 + n])
    assert n < 25 and lines[i + 1 + n].startswith("-- the rest")
