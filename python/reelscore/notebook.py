"""Takes and reports in notebooks and data frames.

- :class:`~reelscore.TakeScore` and the list :func:`reelscore.rank` returns (:class:`~reelscore.Takes`)
  render as HTML in Jupyter (``_repr_html_``): thumbnails when they were kept
  (``rank(..., thumbnails=6)``), the score and verdict, the defects with their seconds, and a
  small plot of motion and mean brightness over time with the defect spans shaded.
- :class:`~reelscore.ClipReport` is a Rust class, so it cannot carry a ``_repr_html_`` of its
  own; importing ``reelscore`` inside IPython registers :func:`report_html` as its HTML
  formatter instead (:func:`register_ipython`), which Jupyter uses the same way.
- :func:`to_pandas` makes one row per take (or report): the scalar fields of
  :meth:`TakeScore.to_dict`, ``reasons``, ``defect_kinds``, the defects as a list of dicts, and
  the whole-clip metrics as ``metrics.<name>`` columns (``audio.<name>`` for the sound track).

Everything here is display; the numbers are the core's.
"""

from __future__ import annotations

import base64
import html
import sys
from collections.abc import Iterable, Sequence
from typing import Any, Optional

import numpy as np

from reelscore._native import ClipReport
from reelscore.videoscore import KEEP_SCORE, TakeScore, Takes

#: Size of the small plot, CSS pixels.
PLOT_WIDTH, PLOT_HEIGHT = 360, 64
#: Most thumbnails shown per take.
THUMBNAILS = 6

_STYLE = (
    "font:13px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;border:1px solid #d0d7de;"
    "border-radius:8px;padding:8px 12px;margin:4px 0;max-width:760px"
)
_BADGE = {"keep": "#2b8a3e", "reject": "#c92a2a", "error": "#862e9c"}


def _esc(s: object) -> str:
    return html.escape(str(s), quote=True)


def _badge(verdict: str, keeper: bool = False) -> str:
    b = (
        f'<span style="display:inline-block;padding:0 8px;border-radius:9px;color:#fff;font-size:12px;font-weight:600;'
        f'background:{_BADGE.get(verdict, "#868e96")}">{_esc(verdict)}</span>'
    )
    return b + (' <span style="color:#2b8a3e;font-size:12px;font-weight:600">keeper</span>' if keeper else "")


def _sparkline(report: ClipReport, seconds_per_frame: float) -> str:
    """Motion (blue) and mean brightness (orange), each scaled to its own range, defects shaded."""
    s = report.series
    n = max((len(v) for v in s.values()), default=0)
    if n == 0:
        return ""
    w, h, top = PLOT_WIDTH, PLOT_HEIGHT, 4
    x = lambda i: (i + 0.5) / n * w  # noqa: E731
    parts = [f'<svg width="{w}" height="{h + 14}" viewBox="0 0 {w} {h + 14}" role="img" aria-label="motion and brightness over time">']
    parts.append(f'<rect x="0" y="0" width="{w}" height="{h}" fill="#fbfcfd" stroke="#d0d7de"/>')
    for d in report.defects:
        x0, x1 = x(d.start - 0.5), x(d.end + 0.5)
        tip = f"{d.kind} {d.start * seconds_per_frame:.2f}–{(d.end + 1) * seconds_per_frame:.2f} s, severity {d.severity:.2f}"
        parts.append(f'<rect x="{x0:.1f}" y="0" width="{max(x1 - x0, 1.5):.1f}" height="{h}" fill="#fa5252" fill-opacity="0.2"><title>{_esc(tip)}</title></rect>')
    for key, color in (("mean", "#f59f00"), ("motion", "#1971c2")):
        if key not in s:
            continue
        y = np.asarray(s[key], dtype=np.float64)
        ok = np.isfinite(y)
        if not ok.any():
            continue
        lo, hi = float(y[ok].min()), float(y[ok].max())
        span = hi - lo if hi > lo else 1.0
        step = max(1, y.size // w)  # at most one point per pixel
        pts = " ".join(f"{x(i):.1f},{top + (h - 2 * top) * (1 - (y[i] - lo) / span):.1f}" for i in range(0, y.size, step) if ok[i])
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="1.2"><title>{key}</title></polyline>')
    dur = n * seconds_per_frame
    parts.append(f'<text x="0" y="{h + 11}" font-size="10" fill="#6a737d">0 s</text>')
    parts.append(f'<text x="{w}" y="{h + 11}" font-size="10" fill="#6a737d" text-anchor="end">{dur:.2f} s</text>')
    parts.append(
        f'<text x="{w / 2:.0f}" y="{h + 11}" font-size="10" fill="#6a737d" text-anchor="middle">'
        '<tspan fill="#1971c2">motion</tspan> · <tspan fill="#f59f00">brightness</tspan></text></svg>'
    )
    return "".join(parts)


def _defects(report: ClipReport, seconds_per_frame: float) -> str:
    if not report.defects:
        return '<div style="color:#6a737d">no defect</div>'
    items = "".join(
        f"<li><b>{_esc(d.kind)}</b> {d.start * seconds_per_frame:.2f}–{(d.end + 1) * seconds_per_frame:.2f} s "
        f"(frames {d.start}–{d.end}), severity {d.severity:.2f}, −{d.points:.1f} points</li>"
        for d in report.defects
    )
    return f'<ul style="margin:4px 0;padding-left:18px">{items}</ul>'


def report_html(report: ClipReport, *, title: Optional[str] = None, _take: Optional[TakeScore] = None) -> str:
    """A :class:`ClipReport` (or, through :func:`take_html`, a take) as one HTML block."""
    t = _take
    spf = (t.stride / t.fps if t.fps > 0 else 0.0) if t is not None else (1 / report.fps if report.fps > 0 else 0.0)
    verdict = t.verdict if t is not None else ("keep" if not report.defects and report.score >= KEEP_SCORE else "reject")
    head = f'<b>{_esc(title)}</b> ' if title else ""
    head += f'<span style="font-size:18px;font-weight:700">{report.score:.1f}</span> {_badge(verdict, bool(t and t.keeper))}'
    if t is not None:
        rank = f"#{t.rank} · " if t.rank is not None else ""
        head += f' <span style="color:#6a737d">{rank}{t.width}×{t.height}, {t.fps:.3g} fps, {t.frames} frames, {t.duration:.2f} s</span>'
    strip = ""
    if t is not None and t.thumbnails:
        strip = '<div style="display:flex;gap:4px;margin:6px 0">' + "".join(
            f'<img alt="frame {th.frame}" title="{th.frame / t.fps if t.fps else 0:.2f} s" style="height:54px;border-radius:3px" '
            f'src="data:{th.mime};base64,{base64.b64encode(th.data).decode("ascii")}">'
            for th in t.thumbnails[:THUMBNAILS]
        ) + "</div>"
    return f'<div class="reelscore" style="{_STYLE}"><div>{head}</div>{strip}{_defects(report, spf)}{_sparkline(report, spf)}</div>'


def take_html(t: TakeScore) -> str:
    """A :class:`TakeScore` as one HTML block (what Jupyter shows for it)."""
    if t.report is None:
        return f'<div class="reelscore" style="{_STYLE}"><b>{_esc(t.name)}</b> {_badge("error")} <span style="color:#862e9c">{_esc(t.error or "failed")}</span></div>'
    return report_html(t.report, title=t.name, _take=t)


def takes_html(takes: Sequence[TakeScore]) -> str:
    """A list of takes as one table: rank, score, verdict, take, reasons (Jupyter's view of :class:`Takes`)."""
    rows = "".join(
        f'<tr><td>{t.rank if t.rank is not None else "–"}</td><td>{f"{t.score:.1f}" if t.score is not None else "–"}</td>'
        f'<td style="white-space:nowrap">{_badge(t.verdict, t.keeper)}</td><td style="white-space:nowrap">{_esc(t.name)}</td>'
        f"<td>{_esc(t.reasons())}</td></tr>"
        for t in takes
    )
    keepers = sum(t.keeper for t in takes)
    return (
        f'<div class="reelscore"><div>{len(takes)} takes, {keepers} keepers (show one with <code>takes[i]</code>, '
        f"all as a data frame with <code>reelscore.to_pandas(takes)</code>)</div>"
        '<table><thead><tr><th>#</th><th>score</th><th>verdict</th><th>take</th><th>defects (seconds) / reason</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def _row(item: TakeScore | ClipReport) -> dict[str, Any]:
    if isinstance(item, ClipReport):
        item = TakeScore(path="", report=item, fps=item.fps, frames=max((len(v) for v in item.series.values()), default=0))
    if not isinstance(item, TakeScore):
        raise TypeError(f"to_pandas takes TakeScore or ClipReport items, got {type(item).__name__}")
    d = item.to_dict()
    row: dict[str, Any] = {k: v for k, v in d.items() if k not in ("defects", "deductions", "cuts", "metrics", "audio", "detections")}
    row["name"] = item.name
    row["reasons"] = item.reasons()
    row["defect_kinds"] = tuple(x["kind"] for x in d["defects"])
    row["defects"] = d["defects"]
    row["cuts"] = [c["time"] for c in d["cuts"]]
    for k, v in d["metrics"].items():
        row[f"metrics.{k}"] = v
    for k, v in (d["audio"] or {}).items():
        row[f"audio.{k}"] = v
    return row


def to_pandas(takes: Iterable[TakeScore | ClipReport] | TakeScore | ClipReport) -> Any:
    """A pandas ``DataFrame``, one row per take in the given order (see the module doc for the
    columns; ``score`` and metrics are NaN for failed takes). Needs pandas."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is an optional dependency
        raise ImportError("reelscore.to_pandas needs pandas: pip install pandas") from None
    if isinstance(takes, (TakeScore, ClipReport)):
        takes = [takes]
    rows = [_row(t) for t in takes]
    df = pd.DataFrame(rows)
    if "score" in df:
        df["score"] = df["score"].astype("float64")
    return df


def register_ipython(shell: Any = None) -> bool:
    """Registers :func:`report_html` as Jupyter's HTML view of :class:`ClipReport` (done on
    ``import reelscore`` inside IPython). Returns whether a shell was found."""
    if shell is None:
        ipython = sys.modules.get("IPython")
        get = getattr(ipython, "get_ipython", None)
        shell = get() if get is not None else None
    formatters = getattr(getattr(shell, "display_formatter", None), "formatters", None)
    if not formatters or "text/html" not in formatters:
        return False
    formatters["text/html"].for_type(ClipReport, lambda r: report_html(r))
    return True
