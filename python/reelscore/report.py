"""One self-contained HTML report of ranked takes: opens offline, no external resource.

Everything is inline: CSS, a few lines of JavaScript (filter buttons), thumbnails as base64
``data:`` URIs, and per-frame plots as SVG. Per take: a thumbnail strip, the score, verdict and
defects, and four plots over time (motion; sharpness; flicker = |mean − mean of the two
neighbouring frames|; exposure = mean luma with the 10th–90th percentile band), each with the
defect spans shaded and the cuts marked. Takes appear in the order given (ranked like the table).

When the script has run it sets ``data-rendered`` on ``<html>`` to the number of take cards, so a
headless browser can tell a page whose script failed from one that rendered. ``<html>`` carries
``data-complete="true"``, or ``"false"`` for a run that was interrupted (``render(...,
incomplete=...)``: the title says INCOMPLETE and a banner says how far the run got).
"""

from __future__ import annotations

import base64
import datetime
import html
import math
from collections.abc import Sequence
from typing import Optional

import numpy as np

from reelscore._native import CHROMA_RINGS, HUE_BINS, NEUTRAL_CHROMA, __version__
from reelscore.videoscore import KEEP_SCORE, TakeScore, png

#: Most points drawn per plot; longer clips are bucketed (max for motion and flicker, mean otherwise).
PLOT_POINTS = 600

_KIND_COLORS = {
    "flicker": "#e8590c",
    "freeze": "#1971c2",
    "static": "#495057",
    "blur": "#7048e8",
    "noise": "#868e96",
    "blockiness": "#c2255c",
    "overexposed": "#f59f00",
    "underexposed": "#343a40",
    "low_contrast": "#74b816",
    "shake": "#0c8599",
    "color_shift": "#d6336c",
    "clipping": "#f03e3e",
    "too_quiet": "#4dabf7",
    "too_loud": "#fd7e14",
    "silence": "#adb5bd",
    "monotone_voice": "#9c36b5",
    "garbled_text": "#5c940d",
    "stiff_face": "#a61e4d",
    "appearance_shift": "#e64980",
    "too_short": "#495057",
    "boiling": "#2f9e44",
    "popping": "#f76707",
    "impossible_motion": "#1864ab",
}

_CSS = """
:root{--fg:#1d2125;--muted:#6a737d;--line:#d0d7de;--bg:#f6f8fa;--keep:#2b8a3e;--reject:#c92a2a;--error:#862e9c}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);margin:0;background:#fff}
header{padding:18px 28px;border-bottom:1px solid var(--line);background:var(--bg)}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:0}.muted{color:var(--muted)}
main{padding:12px 28px 40px;max-width:1200px}
table{border-collapse:collapse;width:100%;margin:12px 0 24px}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:middle}
th{font-weight:600;background:var(--bg)}td.num{text-align:right;font-variant-numeric:tabular-nums}
td img{height:36px;display:block;border-radius:2px}
.v{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;font-weight:600}
.v-keep{background:var(--keep)}.v-reject{background:var(--reject)}.v-error{background:var(--error)}
.keeper{font-size:12px;color:var(--keep);font-weight:600;margin-left:6px}
.filters button{font:inherit;border:1px solid var(--line);background:#fff;border-radius:6px;padding:3px 10px;margin-right:6px;cursor:pointer}
.filters button.on{background:var(--fg);color:#fff;border-color:var(--fg)}
.take{border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin:0 0 18px}
.take .head{display:flex;gap:14px;align-items:baseline;flex-wrap:wrap}
.take .score{font-size:22px;font-weight:700;font-variant-numeric:tabular-nums}
.strip{display:flex;gap:4px;overflow-x:auto;margin:10px 0}.strip figure{margin:0}.strip img{height:72px;display:block;border-radius:3px}
.strip figcaption{font-size:11px;color:var(--muted);text-align:center}
ul.defects{margin:6px 0 8px;padding-left:18px}.sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:baseline}
.plots{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:8px 16px}
svg.plot{width:100%;height:auto;display:block}svg.plot text{font:11px system-ui,sans-serif;fill:#6a737d}
.subjects .pair{display:flex;gap:12px;flex-wrap:wrap}.subjects figure.shot{margin:0;flex:1 1 0;min-width:160px;max-width:340px}
.subjects img{width:100%;image-rendering:pixelated;border:1px solid var(--line)}.subjects figcaption{font-size:12px;color:var(--muted)}
.subjects .sig{font-size:12px;margin-top:4px}.swatch{display:flex;height:14px;width:100%;border:1px solid var(--line)}
details.ocr{margin:6px 0}details.ocr table{font-size:12px;border-collapse:collapse}details.ocr td,details.ocr th{padding:1px 8px;text-align:left}
.err{color:var(--error);font-weight:600}
.incomplete{margin:12px 0;padding:10px 14px;border:2px solid var(--reject);border-radius:8px;background:#fff5f5;color:var(--reject);font-weight:700}
[hidden]{display:none!important}
"""

_JS = """
(function(){
  var buttons=document.querySelectorAll('.filters button');
  function show(v){
    document.querySelectorAll('[data-verdict]').forEach(function(el){
      el.hidden=!(v==='all'||(v==='keeper'?el.dataset.keeper==='1':el.dataset.verdict===v));
    });
    buttons.forEach(function(b){b.classList.toggle('on',b.dataset.show===v);});
  }
  buttons.forEach(function(b){b.addEventListener('click',function(){show(b.dataset.show);});});
  show('all');
  var n=document.querySelectorAll('section.take').length;
  document.documentElement.setAttribute('data-rendered',String(n));
})();
"""


def _esc(s: object) -> str:
    return html.escape(str(s), quote=True)


def _img(t) -> str:
    return f"data:{t.mime};base64,{base64.b64encode(t.data).decode('ascii')}"


def flicker_series(mean: np.ndarray) -> np.ndarray:
    """``|mean_i − (mean_{i−1} + mean_{i+1}) / 2|`` (one neighbour at the ends)."""
    m = np.asarray(mean, dtype=np.float64)
    if m.size < 2:
        return np.zeros_like(m)
    left = np.concatenate([m[1:2], m[:-1]])
    right = np.concatenate([m[1:], m[-2:-1]])
    return np.abs(m - (left + right) / 2)


def _bucket(x: np.ndarray, reduce: str) -> tuple[np.ndarray, np.ndarray]:
    """(frame positions, values) with at most PLOT_POINTS points."""
    n = x.size
    if n <= PLOT_POINTS:
        return np.arange(n, dtype=np.float64), x
    edges = np.linspace(0, n, PLOT_POINTS + 1).astype(int)
    f = np.maximum.reduceat if reduce == "max" else np.add.reduceat
    vals = f(x, edges[:-1])
    if reduce != "max":
        vals = vals / np.diff(edges)
    return (edges[:-1] + edges[1:] - 1) / 2.0, vals


def _fmt(v: float) -> str:
    if not math.isfinite(v):
        return "–"
    a = abs(v)
    if a == 0:
        return "0"
    return f"{v:.0f}" if a >= 100 else f"{v:.1f}" if a >= 10 else f"{v:.2f}" if a >= 0.1 else f"{v:.3f}"


def _plot(take: TakeScore, title: str, y: np.ndarray, *, color: str, reduce: str = "mean", band: Optional[tuple[np.ndarray, np.ndarray]] = None, fixed: Optional[tuple[float, float]] = None) -> str:
    W, H, L, R, T, B = 560, 130, 44, 8, 18, 20
    n = max(int(y.size), 1)
    pw, ph = W - L - R, H - T - B
    x = lambda i: L + (i + 0.5) / n * pw  # noqa: E731  frame i's centre
    finite = y[np.isfinite(y)]
    lo_vals = [finite] + ([band[0][np.isfinite(band[0])], band[1][np.isfinite(band[1])]] if band else [])
    allv = np.concatenate(lo_vals) if lo_vals else np.zeros(1)
    if fixed is not None:
        lo, hi = fixed
    else:
        lo = float(min(0.0, allv.min())) if allv.size else 0.0
        hi = float(allv.max()) if allv.size else 1.0
    if not hi > lo:
        hi = lo + 1.0
    yy = lambda v: T + ph - (min(max(v, lo), hi) - lo) / (hi - lo) * ph  # noqa: E731
    parts = [f'<svg class="plot" viewBox="0 0 {W} {H}" role="img" aria-label="{_esc(title)}">']
    parts.append(f'<text x="{L}" y="12" font-weight="600">{_esc(title)}</text>')
    parts.append(f'<rect x="{L}" y="{T}" width="{pw}" height="{ph}" fill="#fbfcfd" stroke="#d0d7de"/>')
    rep = take.report
    assert rep is not None
    for d in rep.defects:
        x0, x1 = x(d.start - 0.5), x(d.end + 0.5)
        c = _KIND_COLORS.get(d.kind, "#fa5252")
        tip = f"{d.kind} {take.time(d.start):.2f}–{take.time(d.end + 1):.2f} s, severity {d.severity:.2f}, −{d.points:.1f} points"
        parts.append(
            f'<rect class="defect" x="{x0:.1f}" y="{T}" width="{max(x1 - x0, 1.5):.1f}" height="{ph}" fill="{c}" fill-opacity="0.18"><title>{_esc(tip)}</title></rect>'
        )
    if band is not None:
        bx, blo = _bucket(band[0], "mean")
        _, bhi = _bucket(band[1], "mean")
        pts = [f"{x(i):.1f},{yy(v):.1f}" for i, v in zip(bx, bhi)] + [f"{x(i):.1f},{yy(v):.1f}" for i, v in zip(bx[::-1], blo[::-1])]
        parts.append(f'<polygon points="{" ".join(pts)}" fill="{color}" fill-opacity="0.15" stroke="none"/>')
    px, pv = _bucket(y, reduce)
    pts = " ".join(f"{x(i):.1f},{yy(v):.1f}" for i, v in zip(px, pv) if math.isfinite(v))
    parts.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="1.3" stroke-linejoin="round"/>')
    for c in rep.cuts:
        cx = x(c - 0.5)
        parts.append(
            f'<line class="cut" x1="{cx:.1f}" x2="{cx:.1f}" y1="{T}" y2="{T + ph}" stroke="#c92a2a" stroke-dasharray="3,2" stroke-width="1"><title>cut at {take.time(c):.2f} s</title></line>'
        )
    parts.append(f'<text x="{L - 4}" y="{T + 9}" text-anchor="end">{_fmt(hi)}</text>')
    parts.append(f'<text x="{L - 4}" y="{T + ph}" text-anchor="end">{_fmt(lo)}</text>')
    dur = take.time(n)
    step = _nice_step(dur / 6) if dur > 0 else 1.0
    t = 0.0
    while t <= dur + 1e-9 and dur > 0:
        tx = L + t / dur * pw
        parts.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{T + ph}" y2="{T + ph + 3}" stroke="#adb5bd"/>')
        parts.append(f'<text x="{tx:.1f}" y="{H - 4}" text-anchor="middle">{t:g} s</text>')
        t = round(t + step, 6)
    parts.append("</svg>")
    return "".join(parts)


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


#: Most OCR rows the report lists per take (frames with readings, those inside a
#: ``garbled_text`` span first).
OCR_ROWS = 16


def _series(t: TakeScore, frames: list[int], values: list[float]) -> np.ndarray:
    """A per-scored-frame array (NaN where the detector did not run or saw nothing)."""
    y = np.full(max(t.frames, 1), np.nan)
    for i, v in zip(frames, values):
        if 0 <= i < y.size:
            y[i] = v
    return y


def _detections(t: TakeScore) -> str:
    """The detectors' own evidence: OCR readings per sampled frame; eye and expression series."""
    ev = t.detections or {}
    parts = []
    text = ev.get("text")
    if text is not None:
        spans = [(d.start, d.end) for d in t.report.defects if d.kind == "garbled_text"] if t.report else []
        rows = [(i, rs) for i, rs in zip(text["frames"], text["readings"]) if rs]
        rows.sort(key=lambda r: (not any(a <= r[0] <= b for a, b in spans), r[0]))
        rows = sorted(rows[:OCR_ROWS])
        body = "".join(
            f'<tr><td>{t.time(i):.2f} s</td><td>{i}</td><td>'
            + " | ".join(f"{_esc(s)} <span class=\"muted\">({c:.2f})</span>" for s, c, _ in rs)
            + "</td></tr>"
            for i, rs in rows
        )
        r = text["report"]
        if not rows:
            parts.append(f'<p class="muted">OCR (RapidOCR, every {text["step"]} frames): no text read.</p>')
        else:
            parts.append(
                f'<details class="ocr"{" open" if spans else ""}><summary>OCR readings (RapidOCR, every {text["step"]} frames): '
                f'showing {len(rows)} of {sum(1 for x in text["readings"] if x)} frames with text; instability {r["instability"]:.2f}, '
                f'mean confidence {r["mean_confidence"]:.2f}</summary>'
                f"<table><tr><th>time</th><th>frame</th><th>readings (confidence)</th></tr>{body}</table></details>"
            )
    face = ev.get("face")
    if face is not None and face["report"]["frames"] > 0:
        r = face["report"]
        blinks = ", ".join(f"{t.time(i):.2f} s" for i in face["blinks"][:12])
        parts.append(
            f'<p class="muted">Face mesh (every {face["step"]} frames): seen {r["seconds"]:.1f} s, blinks: {r["blinks"]}'
            f'{f" ({blinks})" if blinks else ""}, {r["blink_rate"]:.0f}/min; mouth spread {r["mouth_spread"]:.3f}, '
            f'brow spread {r["brow_spread"]:.3f}; stiffness {r["stiffness"]:.2f}</p>'
        )
        parts.append(
            '<div class="plots">'
            + _plot(t, "eye aspect ratio (face mesh; dips are blinks)", _series(t, face["frames"], face["ear"]), color="#0c8599")
            + _plot(t, "mouth opening (inter-ocular units)", _series(t, face["frames"], face["mouth"]), color="#d6336c")
            + _plot(t, "brow height (inter-ocular units)", _series(t, face["frames"], face["brow"]), color="#5c940d")
            + "</div>"
        )
        parts.append(_subjects(t, face))
    return f'<div class="detections">{"".join(parts)}</div>' if parts else ""


#: Box colours of the subject tracks drawn on the stills (face, clothes), RGB.
_TRACK_COLORS = {0: (255, 212, 59), 1: (230, 73, 128)}

NO_FACE = '<p class="muted">no face</p>'

#: Signature bins narrower than this share are left out of a swatch bar.
SWATCH_MIN_SHARE = 0.01


def _bin_rgb(b: int) -> tuple[int, int, int]:
    """The colour a signature bin stands for, at mid luma: its sector's centre hue and its
    ring's middle chroma (grey for the first ring)."""
    ring, sector = divmod(b, HUE_BINS)
    if ring == 0:
        return (128, 128, 128)
    c = NEUTRAL_CHROMA * 2 ** (ring - 1) * (math.sqrt(2) if ring < CHROMA_RINGS - 1 else 2.0)
    a = (sector + 0.5) * 2 * math.pi / HUE_BINS
    cb, cr = c * math.cos(a), c * math.sin(a)
    rgb = (128 + 1.402 * cr, 128 - 0.344136 * cb - 0.714136 * cr, 128 + 1.772 * cb)
    return tuple(int(min(255, max(0, round(v)))) for v in rgb)  # type: ignore[return-value]


def _swatches(sig: Sequence[float]) -> str:
    """A signature as a bar of colour swatches, widths by share, largest first."""
    s = np.asarray(sig, dtype=np.float64)
    s = s / s.sum() if s.sum() > 0 else s
    order = [b for b in np.argsort(-s) if s[b] >= SWATCH_MIN_SHARE]
    cells = "".join(
        f'<span style="flex:{s[b]:.4f};background:rgb{_bin_rgb(int(b))}" title="{100 * s[b]:.1f} %"></span>' for b in order
    )
    return f'<span class="swatch">{cells}</span>'


def _boxed(rgb: np.ndarray, factor: int, boxes: list[tuple[int, list[float]]]) -> np.ndarray:
    """A still with the subject boxes outlined (box coordinates in full-size pixels)."""
    out = rgb.copy()
    h, w = out.shape[:2]
    for track, b in boxes:
        x0, y0, x1, y1 = (int(round(v / factor)) for v in b)
        x0, x1 = max(0, min(w - 1, x0)), max(0, min(w - 1, x1 - 1))
        y0, y1 = max(0, min(h - 1, y0)), max(0, min(h - 1, y1 - 1))
        color = _TRACK_COLORS.get(track, (255, 255, 255))
        out[y0, x0 : x1 + 1] = color
        out[y1, x0 : x1 + 1] = color
        out[y0 : y1 + 1, x0] = color
        out[y0 : y1 + 1, x1] = color
    return out


def _subjects(t: TakeScore, face: dict) -> str:
    """Per cut where the face-anchored subject shifted: the last frame before and the first
    after, side by side, boxes drawn, and each subject's signature as colour swatches."""
    sub = face.get("subjects")
    if not sub or not sub["shifts"]:
        return ""
    names = sub["tracks"]
    stills, samples = sub["stills"], sub["samples"]
    parts = []
    for cut in sorted({max([c for c in sub["cuts"] if c <= f], default=f) for _, f in sub["shifts"]}):
        before = max((i for i in stills if i < cut), default=None)
        after = min((i for i in stills if i >= cut), default=None)
        shifted = sorted({names.get(tr, str(tr)) for tr, f in sub["shifts"] if max([c for c in sub["cuts"] if c <= f], default=f) == cut})
        figs = []
        for label, i in (("last frame before the cut", before), ("first frame after", after)):
            if i is None:
                continue
            rgb, k = stills[i]
            subj = samples.get(i, [])
            img = base64.b64encode(png(_boxed(rgb, k, [(tr, b) for tr, b, _ in subj]))).decode("ascii")
            sw = "".join(
                f'<div class="sig"><span class="muted">{_esc(names.get(tr, tr))}</span>{_swatches(sig)}</div>' for tr, _, sig in subj
            )
            figs.append(
                f'<figure class="shot"><img src="data:image/png;base64,{img}" alt="frame {i}">'
                f"<figcaption>{label}: frame {i} ({t.time(i):.2f} s)</figcaption>{sw or NO_FACE}</figure>"
            )
        parts.append(
            f'<div class="subjects" data-cut="{cut}"><p><b>appearance_shift at the cut at {t.time(cut):.2f} s</b> '
            f'(frame {cut}): {_esc(", ".join(shifted))} changed. Boxes: face (yellow), clothes below it (pink); '
            f'swatches: the chroma signature of each box (hue × chroma, shown at mid luma), widths by share.</p>'
            f'<div class="pair">{"".join(figs)}</div></div>'
        )
    return "".join(parts)


def _verdict(t: TakeScore) -> str:
    return f'<span class="v v-{t.verdict}">{t.verdict}</span>' + ('<span class="keeper">keeper</span>' if t.keeper else "")


def _card(t: TakeScore, idx: int) -> str:
    attrs = f'id="take-{idx}" data-verdict="{t.verdict}" data-keeper="{1 if t.keeper else 0}"'
    rank = f"#{t.rank} " if t.rank is not None else ""
    if t.report is None:
        return (
            f'<section class="take" {attrs}><div class="head"><h2>{_esc(rank + t.name)}</h2>{_verdict(t)}</div>'
            f'<p class="muted">{_esc(t.path)}</p><p class="err">{_esc(t.error or "failed")}</p></section>'
        )
    r = t.report
    s = r.series
    strip = "".join(
        f'<figure><img alt="frame {th.frame}" src="{_img(th)}"><figcaption>{th.frame / t.fps if t.fps else 0:.2f} s</figcaption></figure>'
        for th in t.thumbnails
    )
    spans = t.defect_spans()
    defects = (
        "<ul class=\"defects\">"
        + "".join(
            f'<li><span class="sw" style="background:{_KIND_COLORS.get(d["kind"], "#fa5252")}"></span><b>{_esc(d["kind"])}</b> '
            f'{d["start"]:.2f}–{d["end"]:.2f} s (frames {d["start_frame"]}–{d["end_frame"]}), severity {d["severity"]:.2f}, '
            f'−{d["points"]:.1f} points</li>'
            for d in spans
        )
        + "</ul>"
        if spans
        else '<p class="muted">No defect found.</p>'
    )
    cuts = ", ".join(f"{t.time(c):.2f} s" for c in r.cuts) or "none"
    plots = ""
    if "motion" in s:
        plots = "".join(
            [
                _plot(t, "motion (mean abs. difference of blurred frames)", np.asarray(s["motion"]), color="#1971c2", reduce="max"),
                _plot(t, "sharpness (variance of the Laplacian)", np.asarray(s["sharpness"]), color="#7048e8"),
                _plot(t, "flicker |mean − neighbours' mean|", flicker_series(np.asarray(s["mean"])), color="#e8590c", reduce="max"),
                _plot(
                    t,
                    "exposure (mean luma, 10th–90th percentile band)",
                    np.asarray(s["mean"]),
                    color="#f59f00",
                    band=(np.asarray(s["p10"]), np.asarray(s["p90"])),
                    fixed=(0.0, 255.0),
                ),
            ]
        )
    return (
        f'<section class="take" {attrs}><div class="head"><h2>{_esc(rank + t.name)}</h2>'
        f'<span class="score">{r.score:.1f}</span>{_verdict(t)}'
        f'<span class="muted">{t.width}×{t.height}, {t.fps:.3g} fps, {t.frames} frames'
        f'{f" (every {t.stride}th)" if t.stride > 1 else ""}, {t.duration:.2f} s'
        f'{f"; measured binned {t.analysis_factor}×{t.analysis_factor}" if t.analysis_factor > 1 else ""}; cuts: {_esc(cuts)}</span></div>'
        f'<p class="muted">{_esc(t.path)}</p><div class="strip">{strip}</div>{defects}{_detections(t)}<div class="plots">{plots}</div></section>'
    )


def render(
    takes: Sequence[TakeScore], *, title: str = "reelscore report", top: Optional[int] = None, incomplete: Optional[str] = None
) -> str:
    """The report as one HTML string (takes in the given order). ``incomplete``: why the run
    did not finish (e.g. interrupted after n of m takes); the page is then marked incomplete."""
    if incomplete:
        title = f"INCOMPLETE: {title}"
    ok = sum(t.ok for t in takes)
    keepers = sum(t.keeper for t in takes)
    rows = []
    for i, t in enumerate(takes):
        thumb = f'<img alt="" src="{_img(t.thumbnails[0])}">' if t.thumbnails else ""
        score = f"{t.score:.1f}" if t.score is not None else "–"
        rows.append(
            f'<tr data-verdict="{t.verdict}" data-keeper="{1 if t.keeper else 0}"><td class="num">{t.rank if t.rank is not None else "–"}</td>'
            f'<td>{thumb}</td><td><a href="#take-{i}">{_esc(t.name)}</a></td><td class="num">{score}</td>'
            f"<td>{_verdict(t)}</td><td>{_esc(t.reasons())}</td></tr>"
        )
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    keep_rule = f"the best {top} without a defect, score ≥ {KEEP_SCORE:g}" if top is not None else f"no defect and score ≥ {KEEP_SCORE:g}"
    banner = f'<p class="incomplete" role="alert">{_esc(incomplete)}. This report lists only those takes.</p>' if incomplete else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en" data-complete="{"false" if incomplete else "true"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{_esc(title)}</h1><div class=\"muted\">{len(takes)} takes: {keepers} keepers ({_esc(keep_rule)}), "
        f"{ok - keepers} others, {len(takes) - ok} failed · reelscore {_esc(__version__)} · {when}</div></header><main>{banner}"
        '<div class="filters"><button data-show="all">all</button><button data-show="keeper">keepers</button>'
        '<button data-show="reject">rejected</button><button data-show="error">failed</button></div>'
        "<table><thead><tr><th>#</th><th></th><th>take</th><th>score</th><th>verdict</th><th>defects / reason</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        + "".join(_card(t, i) for i, t in enumerate(takes))
        + f"</main><script>{_JS}</script></body></html>\n"
    )
