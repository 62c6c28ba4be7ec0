"""One self-contained HTML report of ranked takes: opens offline, no external resource.

Everything is inline: CSS, a little JavaScript, thumbnails and clips as base64 ``data:`` URIs,
per-frame plots as SVG. Per take, in a card (the first :data:`OPEN_CARDS` open, the others
collapsed): a thumbnail strip, the score, verdict and defects; then one view per defect that
follows it: the defect's own signal over the take (:data:`SIGNALS`: chroma jump for
``color_shift``, momentary loudness and sample peak for the sound kinds, …) with the core's
threshold drawn, stills of the :data:`WORST_FRAMES` frames of the span where that signal is most
extreme, and a looping clip of at most :data:`CLIP_FRAMES` frames of the span (VP9 in WebM, at
most :data:`CLIP_WIDTH` pixels wide; the file is decoded a second time for these); a sound kind's
clip carries the take's sound over the same span (Opus, :data:`CLIP_SOUND_RATE` Hz, mono or
stereo; muted until unmuted, as browsers autoplay only muted media). Last, four
overview plots (motion; sharpness; flicker = |mean − mean of the two neighbouring frames|;
exposure = mean luma with the 10th–90th percentile band). A series is drawn on the same y-scale
in every take. Clicking a plot or a still selects that frame: the clip seeks to it and the plots
mark it. Buttons filter the takes and sort them by rank, score or name; a link downloads the
table as CSV. Takes appear in the order given (ranked like the table).

When the script has run it sets ``data-rendered`` on ``<html>`` to the number of take cards, so a
headless browser can tell a page whose script failed from one that rendered. ``<html>`` carries
``data-complete="true"``, or ``"false"`` for a run that was interrupted (``render(...,
incomplete=...)``: the title says INCOMPLETE and a banner says how far the run got).
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import datetime
import html
import io
import math
import urllib.parse
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any, Optional, Union

import numpy as np

from reelscore import _native as N
from reelscore._native import CHROMA_RINGS, DEFECT_RULES, HUE_BINS, NEUTRAL_CHROMA, ReelscoreError, __version__
from reelscore.videoscore import KEEP_SCORE, TakeScore, png, scored_frames, sound_spans, still

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
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:0}h3{font-size:14px;margin:0 0 6px}.muted{color:var(--muted)}
main{padding:12px 28px 40px;max-width:1200px}
table{border-collapse:collapse;width:100%;margin:12px 0 24px}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:middle}
th{font-weight:600;background:var(--bg)}td.num{text-align:right;font-variant-numeric:tabular-nums}
td img{height:36px;display:block;border-radius:2px}
.v{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;font-weight:600}
.v-keep{background:var(--keep)}.v-reject{background:var(--reject)}.v-error{background:var(--error)}
.keeper{font-size:12px;color:var(--keep);font-weight:600;margin-left:6px}
.tools{display:flex;gap:18px;flex-wrap:wrap;align-items:center}
.filters button,.sorts button{font:inherit;border:1px solid var(--line);background:#fff;border-radius:6px;padding:3px 10px;margin-right:6px;cursor:pointer}
.filters button.on,.sorts button.on{background:var(--fg);color:#fff;border-color:var(--fg)}
a.csv{font-size:13px}
.take{border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin:0 0 18px}
.take>details>summary{cursor:pointer;list-style-position:outside}
.take .head{display:inline-flex;gap:14px;align-items:baseline;flex-wrap:wrap}
.take .score{font-size:22px;font-weight:700;font-variant-numeric:tabular-nums}
.take .why{font-size:12px;margin:2px 0 0}
.strip{display:flex;gap:4px;overflow-x:auto;margin:10px 0}.strip figure{margin:0}.strip img{height:72px;display:block;border-radius:3px}
.strip figcaption,.worst figcaption{font-size:11px;color:var(--muted);text-align:center}
ul.defects{margin:6px 0 8px;padding-left:18px}.sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:baseline}
.defect-view{border-top:1px solid var(--line);padding:10px 0 6px}
.dv-row{display:flex;gap:12px;flex-wrap:wrap;align-items:flex-start}
video.clip{display:block;max-width:320px;height:auto;background:#000;border-radius:3px}
.worst{display:flex;gap:6px;flex-wrap:wrap}.worst figure{margin:0;cursor:pointer}.worst img{height:90px;display:block;border-radius:3px;border:2px solid transparent}
.worst figure.sel img{border-color:var(--fg)}
.dv-plot{max-width:600px}.rule{font-size:12px;margin:2px 0 0}
.plots{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:8px 16px}
svg.plot{width:100%;height:auto;display:block;cursor:crosshair}svg.plot text{font:11px system-ui,sans-serif;fill:#6a737d}
.cut-pair .pair,.subjects .pair{display:flex;gap:12px;flex-wrap:wrap}.cut-pair figure.shot,.subjects figure.shot{margin:0;flex:1 1 0;min-width:160px;max-width:340px}
.cut-pair img,.subjects img{width:100%;image-rendering:pixelated;border:1px solid var(--line)}.cut-pair figcaption,.subjects figcaption{font-size:12px;color:var(--muted)}
.subjects .sig{font-size:12px;margin-top:4px}.swatch{display:flex;height:14px;width:100%;border:1px solid var(--line)}
details.ocr{margin:6px 0}details.ocr table{font-size:12px;border-collapse:collapse}details.ocr td,details.ocr th{padding:1px 8px;text-align:left}
.err{color:var(--error);font-weight:600}
.incomplete{margin:12px 0;padding:10px 14px;border:2px solid var(--reject);border-radius:8px;background:#fff5f5;color:var(--reject);font-weight:700}
[hidden]{display:none!important}
"""

# Filters, sorting, and the frame a click on a plot or a still selects (the clip seeks to it,
# every plot of the take marks it). A plot's data-* give its geometry: data-n frames over
# data-pw view-box units from data-l, in a view box data-w wide.
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
  function num(v){var x=parseFloat(v);return isNaN(x)?-Infinity:x;}
  var by={
    rank:function(a,b){return a.dataset.idx-b.dataset.idx;},
    score:function(a,b){return (num(b.dataset.score)-num(a.dataset.score))||(a.dataset.idx-b.dataset.idx);},
    name:function(a,b){var x=a.dataset.name.toLowerCase(),y=b.dataset.name.toLowerCase();return x<y?-1:x>y?1:a.dataset.idx-b.dataset.idx;}
  };
  var sorts=document.querySelectorAll('.sorts button');
  function sortBy(key){
    [document.getElementById('cards'),document.querySelector('table.takes tbody')].forEach(function(box){
      if(!box)return;
      Array.prototype.slice.call(box.children).sort(by[key]).forEach(function(el){box.appendChild(el);});
    });
    sorts.forEach(function(b){b.classList.toggle('on',b.dataset.sort===key);});
    document.documentElement.setAttribute('data-sort',key);
  }
  sorts.forEach(function(b){b.addEventListener('click',function(){sortBy(b.dataset.sort);});});
  function frameAt(svg,x){
    var r=svg.getBoundingClientRect(),d=svg.dataset;
    var f=Math.round(((x-r.left)/r.width*d.w-d.l)/d.pw*d.n-0.5);
    return Math.max(0,Math.min(d.n-1,f));
  }
  function mark(scope,frame){
    scope.querySelectorAll('svg.plot').forEach(function(svg){
      var d=svg.dataset,c=svg.querySelector('line.cursor');
      if(!c)return;
      var x=(+d.l+(frame+0.5)/d.n*d.pw).toFixed(1);
      c.setAttribute('x1',x);c.setAttribute('x2',x);c.setAttribute('visibility','visible');
    });
  }
  function select(card,frame,view){
    if(!card)return;
    card.setAttribute('data-selected-frame',frame);
    if(!view){
      var gap=Infinity;
      card.querySelectorAll('.defect-view').forEach(function(v){
        if(!v.querySelector('video.clip'))return;
        var a=+v.dataset.clipStart,b=+v.dataset.clipEnd,g=frame<a?a-frame:frame>b?frame-b:0;
        if(g<gap){gap=g;view=v;}
      });
    }
    mark(card,frame);
    if(!view)return;
    view.setAttribute('data-selected-frame',frame);
    view.querySelectorAll('.worst figure').forEach(function(f){f.classList.toggle('sel',+f.dataset.frame===frame);});
    var vid=view.querySelector('video.clip');
    if(vid){
      var a=+view.dataset.clipStart,b=+view.dataset.clipEnd,t=(Math.max(a,Math.min(b,frame))-a+0.5)/view.dataset.fps;
      vid.pause();
      vid.setAttribute('data-seek',t.toFixed(4));
      vid.currentTime=t;
    }
  }
  document.addEventListener('click',function(e){
    var fig=e.target.closest('.worst figure');
    if(fig){select(fig.closest('section.take'),+fig.dataset.frame,fig.closest('.defect-view'));return;}
    var svg=e.target.closest('svg.plot');
    if(svg)select(svg.closest('section.take'),frameAt(svg,e.clientX),svg.closest('.defect-view'));
  });
  document.querySelectorAll('video.clip').forEach(function(v){
    v.addEventListener('timeupdate',function(){
      var view=v.closest('.defect-view');
      mark(view,+view.dataset.clipStart+Math.floor(v.currentTime*view.dataset.fps));
    });
  });
  var n=document.querySelectorAll('section.take').length;
  document.documentElement.setAttribute('data-rendered',String(n));
})();
"""

#: Cards shown open (the first ones in the order given); the others start collapsed.
OPEN_CARDS = 3
#: Stills per defect, at the frames of its span where its signal is most extreme.
WORST_FRAMES = 3
#: Most frames in a defect's clip (consecutive scored frames; a longer span is cut to this
#: many around its worst frame).
CLIP_FRAMES = 48
#: Largest clip width, pixels (stills are half this).
CLIP_WIDTH = 320
#: Context shown either side of a defect's span in its clip, seconds.
CLIP_CONTEXT_SECONDS = 0.25
#: Clips per take at most, for its costliest defects (the others get stills and a plot).
MAX_CLIPS = 6
#: Quantile of an overview series' values, pooled over the takes, that tops its shared y-scale.
SCALE_QUANTILE = 0.99
#: Sample rate of the sound in a sound kind's clip (Opus's own rate), Hz.
CLIP_SOUND_RATE = 48000
#: Opus bit rate per channel of that sound, bits per second.
CLIP_SOUND_BITRATE = 48_000
#: Floor of log-scale plots (``freeze_diff`` is 0 for an exact repeat).
LOG_FLOOR = 1e-5


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


Threshold = Union[None, float, np.ndarray]


def _plot(
    take: TakeScore,
    title: str,
    y: np.ndarray,
    *,
    color: str,
    reduce: str = "mean",
    band: Optional[tuple[np.ndarray, np.ndarray]] = None,
    fixed: Optional[tuple[float, float]] = None,
    threshold: Threshold = None,
    threshold_label: str = "",
    defects: Optional[Sequence[Any]] = None,
    window: Optional[tuple[int, int]] = None,
    log: bool = False,
) -> str:
    """One SVG plot of a per-scored-frame series: ``defects`` (default all) shaded, cuts
    marked, ``threshold`` (a level, or one per frame) dashed, ``window`` (a clip's frames)
    bracketed under the axis; ``fixed`` the y range (the same series shares it across takes);
    ``log`` a log-scale y. A hidden cursor line marks the selected frame."""
    W, H, L, R, T, B = 560, 130, 44, 8, 18, 20
    n = max(int(y.size), 1)
    pw, ph = W - L - R, H - T - B
    x = lambda i: L + (i + 0.5) / n * pw  # noqa: E731  frame i's centre
    tr = (lambda v: np.log10(np.maximum(np.asarray(v, dtype=np.float64), LOG_FLOOR))) if log else (lambda v: np.asarray(v, dtype=np.float64))  # noqa: E731
    y = tr(y)
    finite = y[np.isfinite(y)]
    lo_vals = [finite] + ([band[0][np.isfinite(band[0])], band[1][np.isfinite(band[1])]] if band else [])
    allv = np.concatenate(lo_vals) if lo_vals else np.zeros(1)
    if fixed is not None:
        lo, hi = (float(tr(fixed[0])), float(tr(fixed[1])))
    else:
        lo = float(min(0.0, allv.min())) if allv.size else 0.0
        hi = float(allv.max()) if allv.size else 1.0
    if not hi > lo:
        hi = lo + 1.0
    yy = lambda v: T + ph - (min(max(v, lo), hi) - lo) / (hi - lo) * ph  # noqa: E731
    label = (lambda v: _fmt(10**v)) if log else _fmt  # noqa: E731
    parts = [f'<svg class="plot" viewBox="0 0 {W} {H}" data-n="{n}" data-l="{L}" data-pw="{pw}" data-w="{W}" role="img" aria-label="{_esc(title)}">']
    parts.append(f'<text x="{L}" y="12" font-weight="600">{_esc(title)}{" (log scale)" if log else ""}</text>')
    parts.append(f'<rect x="{L}" y="{T}" width="{pw}" height="{ph}" fill="#fbfcfd" stroke="#d0d7de"/>')
    rep = take.report
    assert rep is not None
    for d in rep.defects if defects is None else defects:
        x0, x1 = x(d.start - 0.5), x(d.end + 0.5)
        c = _KIND_COLORS.get(d.kind, "#fa5252")
        tip = f"{d.kind} {take.time(d.start):.2f}–{take.time(d.end + 1):.2f} s, severity {d.severity:.2f}, −{d.points:.1f} points"
        parts.append(
            f'<rect class="defect" x="{x0:.1f}" y="{T}" width="{max(x1 - x0, 1.5):.1f}" height="{ph}" fill="{c}" fill-opacity="0.18"><title>{_esc(tip)}</title></rect>'
        )
    if band is not None:
        bx, blo = _bucket(tr(band[0]), "mean")
        _, bhi = _bucket(tr(band[1]), "mean")
        pts = [f"{x(i):.1f},{yy(v):.1f}" for i, v in zip(bx, bhi)] + [f"{x(i):.1f},{yy(v):.1f}" for i, v in zip(bx[::-1], blo[::-1])]
        parts.append(f'<polygon points="{" ".join(pts)}" fill="{color}" fill-opacity="0.15" stroke="none"/>')
    px, pv = _bucket(y, reduce)
    pts = " ".join(f"{x(i):.1f},{yy(v):.1f}" for i, v in zip(px, pv) if math.isfinite(v))
    parts.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="1.3" stroke-linejoin="round"/>')
    if threshold is not None:
        tip = f"<title>{_esc(threshold_label)}</title>" if threshold_label else ""
        if np.ndim(threshold) == 0:
            ty = yy(float(tr(threshold)))
            parts.append(
                f'<line class="threshold" x1="{L}" x2="{L + pw}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#c92a2a" stroke-dasharray="5,3" stroke-width="1.2">{tip}</line>'
            )
        else:
            tx, tv = _bucket(tr(threshold), "mean")
            tpts = " ".join(f"{x(i):.1f},{yy(v):.1f}" for i, v in zip(tx, tv) if math.isfinite(v))
            parts.append(
                f'<polyline class="threshold" points="{tpts}" fill="none" stroke="#c92a2a" stroke-dasharray="5,3" stroke-width="1.2">{tip}</polyline>'
            )
    for c in rep.cuts:
        cx = x(c - 0.5)
        parts.append(
            f'<line class="cut" x1="{cx:.1f}" x2="{cx:.1f}" y1="{T}" y2="{T + ph}" stroke="#c92a2a" stroke-dasharray="3,2" stroke-width="1"><title>cut at {take.time(c):.2f} s</title></line>'
        )
    if window is not None:
        w0, w1 = x(window[0] - 0.5), x(window[1] + 0.5)
        parts.append(
            f'<path class="window" d="M{w0:.1f},{T + ph - 4} v4 H{w1:.1f} v-4" fill="none" stroke="#1d2125" stroke-width="1.5"><title>the clip: frames {window[0]}–{window[1]}</title></path>'
        )
    parts.append(f'<line class="cursor" x1="{L}" x2="{L}" y1="{T}" y2="{T + ph}" stroke="#1d2125" stroke-width="1" visibility="hidden"/>')
    parts.append(f'<text x="{L - 4}" y="{T + 9}" text-anchor="end">{label(hi)}</text>')
    parts.append(f'<text x="{L - 4}" y="{T + ph}" text-anchor="end">{label(lo)}</text>')
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


def _column(key: str) -> Callable[[TakeScore], Optional[np.ndarray]]:
    def get(t: TakeScore) -> Optional[np.ndarray]:
        s = t.report.series if t.report is not None else {}
        return np.asarray(s[key], dtype=np.float64) if key in s else None

    return get


def _flicker(t: TakeScore) -> Optional[np.ndarray]:
    m = _column("mean")(t)
    return None if m is None else flicker_series(m)


def _off_neighbours(v: np.ndarray) -> np.ndarray:
    """``|v_i − (v_{i−1} + v_{i+1}) / 2|``, 0 at the ends."""
    out = np.zeros_like(v)
    if v.size >= 3:
        out[1:-1] = np.abs(v[1:-1] - (v[:-2] + v[2:]) / 2)
    return out


def jitter_series(t: TakeScore) -> Optional[np.ndarray]:
    """Translation jitter as the shake rule reads it: ``|Δx off its neighbours| + |Δy off its
    neighbours|`` over the frame width (NaN where a translation was unreliable)."""
    sx, sy = _column("shift_x")(t), _column("shift_y")(t)
    if sx is None or sy is None or t.width <= 0:
        return None
    return (_off_neighbours(sx) + _off_neighbours(sy)) / t.width


def _audio(key: str) -> Callable[[TakeScore], Optional[np.ndarray]]:
    """The sound track's ``key`` (per 100 ms) at each scored frame's start."""

    def get(t: TakeScore) -> Optional[np.ndarray]:
        a = t.audio_series
        if not a or len(a["time"]) == 0 or t.frames == 0:
            return None
        at = np.array([t.time(i) for i in range(t.frames)])
        k = np.minimum(np.searchsorted(np.asarray(a["time"]), at, side="right"), len(a["time"]) - 1)
        return np.asarray(a[key], dtype=np.float64)[k]

    return get


def _target(off: float) -> Callable[[TakeScore], Optional[float]]:
    def get(t: TakeScore) -> Optional[float]:
        a = t.audio_series
        return None if not a else float(a["target_lufs"]) + off

    return get


@dataclasses.dataclass(frozen=True)
class Signal:
    """What a defect kind's view plots: a per-frame series (``key`` names it for the shared
    y-scale), the threshold the core decides by (a level, a level per frame, or None), and
    which end is worse."""

    key: str
    title: str
    values: Callable[[TakeScore], Optional[np.ndarray]]
    worst: str  # "max" or "min"
    color: str
    threshold: Optional[Callable[[TakeScore], Threshold]] = None
    #: The constant(s) behind the threshold line, as the core names them.
    rule: str = ""
    log: bool = False
    #: Sound kinds: their clip carries the take's sound.
    sound: bool = False


def _level(v: float) -> Callable[[TakeScore], Threshold]:
    return lambda t: v


_LOUDNESS = "momentary loudness (400 ms), LUFS"
#: The signal each defect kind's view plots. Kinds whose own signal is not a per-frame series
#: (detector kinds, too_short, generation artefacts without an exported series) fall back to
#: :data:`FALLBACK_SIGNAL`.
SIGNALS: dict[str, Signal] = {
    "flicker": Signal("flicker", "flicker |mean − neighbours' mean|, code values", _flicker, "max", "#e8590c", _level(N.FLICKER_MIN_STEP), f"FLICKER_MIN_STEP = {N.FLICKER_MIN_STEP:g}"),
    "freeze": Signal("freeze_diff", "difference to the freeze reference, share of full scale", _column("freeze_diff"), "min", "#1971c2", _level(N.FREEZE_NOISE), f"FREEZE_NOISE = {N.FREEZE_NOISE:g}", log=True),
    "static": Signal("motion", "motion (mean abs. difference of blurred frames)", _column("motion"), "min", "#495057", _level(N.STATIC_MOTION), f"STATIC_MOTION = {N.STATIC_MOTION:g} (mean over the take)"),
    "blur": Signal("sharpness", "sharpness (variance of the Laplacian)", _column("sharpness"), "min", "#7048e8", _column("blur_level"), f"the sharpness at BLUR_DROP = {N.BLUR_DROP:g} of its shot's median detail (noise discounted), or BLUR_ABSOLUTE = {N.BLUR_ABSOLUTE:g} per unit of variance; per frame"),
    "noise": Signal("noise_sigma", "noise σ (Immerkær), code values", _column("noise_sigma"), "max", "#868e96", _level(N.NOISE_SIGMA), f"NOISE_SIGMA = {N.NOISE_SIGMA:g}"),
    "blockiness": Signal("blockiness", "blockiness (8-pixel grid steps / other steps)", _column("blockiness"), "max", "#c2255c", _level(N.BLOCKINESS_THRESHOLD), f"BLOCKINESS_THRESHOLD = {N.BLOCKINESS_THRESHOLD:g}"),
    "overexposed": Signal("white_fraction", "share of blown-white pixels", _column("white_fraction"), "max", "#f59f00", _level(N.OVEREXPOSED_WHITE), f"OVEREXPOSED_WHITE = {N.OVEREXPOSED_WHITE:g} (or bright against the shot)"),
    "underexposed": Signal("p90", "90th percentile of luma, code values", _column("p90"), "min", "#343a40", _level(N.UNDEREXPOSED_P90), f"UNDEREXPOSED_P90 = {N.UNDEREXPOSED_P90:g} (or a drop against the shot)"),
    "low_contrast": Signal("rms_contrast", "RMS contrast", _column("rms_contrast"), "min", "#74b816", _level(N.LOW_CONTRAST_RMS), f"LOW_CONTRAST_RMS = {N.LOW_CONTRAST_RMS:g} (or a drop against the shot)"),
    "shake": Signal("jitter", "translation jitter, share of the width", jitter_series, "max", "#0c8599", _level(N.SHAKE_JITTER), f"SHAKE_JITTER = {N.SHAKE_JITTER:g}"),
    "color_shift": Signal("chroma_jump", "chroma jump of a still grid cell, code values", _column("chroma_jump"), "max", "#d6336c", _level(N.COLOR_SHIFT_JUMP), f"COLOR_SHIFT_JUMP = {N.COLOR_SHIFT_JUMP:g}"),
    "appearance_shift": Signal("scene_score", "scene score (FFmpeg scdet)", _column("scene_score"), "max", "#e64980", _level(N.SCENE_THRESHOLD), f"SCENE_THRESHOLD = {N.SCENE_THRESHOLD:g} (a cut)"),
    "boiling": Signal("boil", "boiling cells", _column("boil"), "max", "#2f9e44"),
    "popping": Signal("pop", "popping cells", _column("pop"), "max", "#f76707"),
    "too_quiet": Signal("momentary_lufs", _LOUDNESS, _audio("momentary_lufs"), "min", "#4dabf7", _target(-N.LOUDNESS_TOLERANCE_LU), f"target − LOUDNESS_TOLERANCE_LU ({N.LOUDNESS_TOLERANCE_LU:g} LU), integrated", sound=True),
    "too_loud": Signal("momentary_lufs", _LOUDNESS, _audio("momentary_lufs"), "max", "#fd7e14", _target(N.LOUDNESS_TOLERANCE_LU), f"target + LOUDNESS_TOLERANCE_LU ({N.LOUDNESS_TOLERANCE_LU:g} LU), integrated", sound=True),
    "silence": Signal("momentary_lufs", _LOUDNESS, _audio("momentary_lufs"), "min", "#adb5bd", _level(N.SILENCE_LUFS), f"SILENCE_LUFS = {N.SILENCE_LUFS:g} (per 100 ms)", sound=True),
    "monotone_voice": Signal("momentary_lufs", _LOUDNESS, _audio("momentary_lufs"), "max", "#9c36b5", sound=True),
    "clipping": Signal("peak_dbfs", "sample peak per 100 ms, dBFS", _audio("peak_dbfs"), "max", "#f03e3e", _level(20 * math.log10(N.CLIP_LEVEL)), "CLIP_LEVEL (full scale)", sound=True),
}
FALLBACK_SIGNAL = Signal("motion", "motion (mean abs. difference of blurred frames)", _column("motion"), "max", "#1971c2")


def signal_of(t: TakeScore, kind: str) -> tuple[Signal, Optional[np.ndarray]]:
    """The signal ``kind``'s view plots for ``t`` and its per-frame values (the fallback's
    when the kind's own series is missing)."""
    sig = SIGNALS.get(kind, FALLBACK_SIGNAL)
    v = sig.values(t)
    if v is None and sig is not FALLBACK_SIGNAL:
        sig, v = FALLBACK_SIGNAL, FALLBACK_SIGNAL.values(t)
    return sig, v


def worst_frames(values: Optional[np.ndarray], start: int, end: int, worst: str, k: int = WORST_FRAMES) -> list[int]:
    """Up to ``k`` frames of ``start..=end`` where ``values`` is most extreme (``worst``: "max"
    or "min"), spread at least a ``2k``-th of the span apart, in frame order; evenly spaced
    frames when there is no finite value."""
    start, end = int(start), int(end)
    n = end - start + 1
    if n <= 0:
        return []
    if values is not None:
        seg = np.asarray(values[start : end + 1], dtype=np.float64)
        ok = np.flatnonzero(np.isfinite(seg))
    if values is None or ok.size == 0:
        return sorted({start + int((j + 0.5) * n / min(k, n)) for j in range(min(k, n))})
    order = ok[np.argsort(-seg[ok] if worst == "max" else seg[ok], kind="stable")]
    gap = max(1, n // (2 * k))
    chosen: list[int] = []
    for i in order:
        if all(abs(int(i) - c) >= gap for c in chosen):
            chosen.append(int(i))
            if len(chosen) == k:
                break
    return sorted(start + c for c in chosen)


def outline(rgb: np.ndarray, region: Optional[tuple[float, float, float, float]], color: str, width: int = 2) -> np.ndarray:
    """A copy of ``rgb`` (h×w×3) with ``region`` (left, top, right, bottom shares of the frame,
    as ``Defect.region``) drawn as a ``width``-pixel frame in ``color`` (``#rrggbb``)."""
    if region is None:
        return rgb
    h, w = rgb.shape[:2]
    x0, x1 = (min(max(int(round(v * w)), 0), w) for v in (region[0], region[2]))
    y0, y1 = (min(max(int(round(v * h)), 0), h) for v in (region[1], region[3]))
    if x1 <= x0 or y1 <= y0:
        return rgb
    out = rgb.copy()
    c = np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)], dtype=out.dtype)
    out[y0 : min(y0 + width, y1), x0:x1] = c
    out[max(y1 - width, y0) : y1, x0:x1] = c
    out[y0:y1, x0 : min(x0 + width, x1)] = c
    out[y0:y1, max(x1 - width, x0) : x1] = c
    return out


def clip_window(t: TakeScore, start: int, end: int, worst: Optional[int]) -> tuple[int, int]:
    """Scored frames ``(first, last)`` of a defect's clip: its span with
    :data:`CLIP_CONTEXT_SECONDS` either side, or when that is longer than :data:`CLIP_FRAMES`,
    that many around ``worst`` (inside the span)."""
    last = max(t.frames - 1, 0)
    pad = int(round(CLIP_CONTEXT_SECONDS * t.fps / max(t.stride, 1))) if t.fps > 0 else 0
    a, b = max(0, start - pad), min(last, end + pad)
    if b - a + 1 <= CLIP_FRAMES:
        return a, b
    centre = worst if worst is not None else (start + end) // 2
    a = min(max(centre - CLIP_FRAMES // 2, start), max(end - CLIP_FRAMES + 1, start))
    return a, min(a + CLIP_FRAMES - 1, last)


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


class _Clip:
    """A VP9 WebM being encoded in memory (libvpx, realtime speed, one key frame), with
    ``sound`` (``(channels, samples)`` float32 at :data:`CLIP_SOUND_RATE`, and its layout) as
    Opus when given."""

    def __init__(self, width: int, height: int, fps: float, frames: int, sound: Optional[tuple[np.ndarray, str]] = None) -> None:
        import av

        self.buf = io.BytesIO()
        self.out = av.open(self.buf, mode="w", format="webm")
        rate = Fraction(fps).limit_denominator(1001) if fps > 0 else Fraction(25)
        self.stream = self.out.add_stream("libvpx-vp9", rate=rate)
        self.stream.width, self.stream.height, self.stream.pix_fmt = width, height, "yuv420p"
        self.stream.options = {"crf": "36", "b": "0", "deadline": "realtime", "cpu-used": "8", "g": str(max(frames, 1)), "lag-in-frames": "0"}
        self.n = 0
        self.sound = sound
        if sound is not None:  # every stream is added before the first packet is muxed
            self.audio = self.out.add_stream("libopus", rate=CLIP_SOUND_RATE, layout=sound[1])
            self.audio.bit_rate = CLIP_SOUND_BITRATE * sound[0].shape[0]

    def add(self, rgb: np.ndarray) -> None:
        import av

        f = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24").reformat(format="yuv420p")
        f.pts = self.n
        self.n += 1
        for p in self.stream.encode(f):
            self.out.mux(p)

    def close(self) -> bytes:
        import av

        for p in self.stream.encode(None):
            self.out.mux(p)
        if self.sound is not None and self.sound[0].shape[1] > 0:
            f = av.AudioFrame.from_ndarray(np.ascontiguousarray(self.sound[0], dtype=np.float32), format="fltp", layout=self.sound[1])
            f.sample_rate, f.pts, f.time_base = CLIP_SOUND_RATE, 0, Fraction(1, CLIP_SOUND_RATE)
            for p in [*self.audio.encode(f), *self.audio.encode(None)]:
                self.out.mux(p)
        self.out.close()
        return self.buf.getvalue()


@dataclasses.dataclass
class _View:
    """One defect's view: its signal, its worst frames and its clip window, then the media."""

    defect: Any
    signal: Signal
    values: Optional[np.ndarray]
    worst: list[int]
    window: Optional[tuple[int, int]]
    stills: dict[int, Any] = dataclasses.field(default_factory=dict)
    clip: Optional[bytes] = None
    clip_size: tuple[int, int] = (0, 0)
    #: The clip carries the take's sound.
    clip_sound: bool = False
    #: For a located ``appearance_shift`` at a cut: the last frame before it and the first
    #: after, the region outlined on both (frame index → still).
    pair: dict[int, Any] = dataclasses.field(default_factory=dict)
    #: For an ``impossible_motion``: the path of the flight the scorer judged implausible
    #: (:meth:`TakeScore.flight_behind`, the core tracker's points), ``(x, y)`` shares of the
    #: frame, drawn over the defect's worst frames.
    track: list[tuple[float, float]] = dataclasses.field(default_factory=list)
    #: That flight's first and last frame.
    track_frames: tuple[int, int] = (0, 0)


def draw_path(rgb: np.ndarray, path: Sequence[tuple[float, float]], color: str) -> np.ndarray:
    """A copy of ``rgb`` with ``path`` (shares of the frame) drawn as a 2-pixel polyline in
    ``color`` with a dot at each point."""
    out = rgb.copy()
    h, w = out.shape[:2]
    c = np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)], dtype=out.dtype)
    pts = [(x * w, y * h) for x, y in path]

    def dot(x: float, y: float, r: int) -> None:
        xi, yi = int(x), int(y)
        out[max(yi - r, 0) : min(yi + r + 1, h), max(xi - r, 0) : min(xi + r + 1, w)] = c

    for (xa, ya), (xb, yb) in zip(pts, pts[1:]):
        n = int(max(abs(xb - xa), abs(yb - ya))) + 1
        for k in range(n + 1):
            dot(xa + (xb - xa) * k / n, ya + (yb - ya) * k / n, 0)
    for x, y in pts:
        dot(x, y, 1)
    return out


def _cut_pair(d: Any) -> tuple[int, ...]:
    """The frames a defect is shown side by side on: the two sides of the cut of a located
    ``appearance_shift`` (the scorer's salient region), else none."""
    if d.kind == "appearance_shift" and d.region is not None and d.start > 0:
        return (d.start - 1, d.start)
    return ()


def _half(rgb: np.ndarray) -> np.ndarray:
    """2×2 mean-binned (even sides kept)."""
    h, w = rgb.shape[0] // 4 * 2, rgb.shape[1] // 4 * 2
    a = rgb[: 2 * h, : 2 * w].astype(np.uint16)
    return ((a[0::2, 0::2] + a[1::2, 0::2] + a[0::2, 1::2] + a[1::2, 1::2] + 2) // 4).astype(np.uint8)


def _views(t: TakeScore, media: bool) -> tuple[list[_View], Optional[str]]:
    """The defect views of ``t`` with their stills and clips decoded from the file (when
    ``media``); the second item says why media are missing, if they are."""
    rep = t.report
    assert rep is not None
    views = []
    costly = {id(d) for d in sorted(rep.defects, key=lambda d: -d.points)[:MAX_CLIPS]}
    for d in rep.defects:
        sig, v = signal_of(t, d.kind)
        worst = worst_frames(v, d.start, min(d.end, max(t.frames - 1, 0)), sig.worst)
        top = worst_frames(v, d.start, min(d.end, max(t.frames - 1, 0)), sig.worst, 1)
        window = None if id(d) not in costly else clip_window(t, d.start, d.end, top[0] if top else None)
        view = _View(d, sig, v, worst, window)
        flight = t.flight_behind(d)
        if flight is not None:
            view.track, view.track_frames = t.flight_path(flight), (int(flight["start"]), int(flight["end"]))
        views.append(view)
    if not media or not views:
        return views, None
    clips: dict[int, _Clip] = {}
    wanted = {i for v in views for i in v.worst} | {i for v in views for i in _cut_pair(v.defect)}
    for v in views:
        if v.window:
            wanted.update(range(v.window[0], v.window[1] + 1))
    import av

    try:
        # A sound kind's clip carries the take's sound over the clip's span.
        heard = [k for k, v in enumerate(views) if v.window and SIGNALS.get(v.defect.kind, FALLBACK_SIGNAL).sound]
        sounds: dict[int, tuple[np.ndarray, str]] = {}
        if heard:
            spans = [(t.time(views[k].window[0]), t.time(views[k].window[1] + 1)) for k in heard]  # type: ignore[index]
            got = sound_spans(t.path, spans, rate=CLIP_SOUND_RATE)
            if got is not None:
                sounds = {k: (samples, got[1]) for k, samples in zip(heard, got[0])}
        for i, frame in scored_frames(t.path, wanted, stride=t.stride, width=CLIP_WIDTH):
            for k, v in enumerate(views):
                # A local defect's region is outlined on its frames.
                local = v.defect.region is not None and v.defect.start <= i <= v.defect.end
                rgb = outline(frame, v.defect.region, _KIND_COLORS.get(v.defect.kind, "#fa5252")) if local else frame
                if i in v.worst:
                    # An implausible flight: the core tracker's path drawn over the worst frames.
                    half = _half(rgb)
                    v.stills[i] = still(draw_path(half, v.track, _KIND_COLORS.get(v.defect.kind, "#fa5252")) if v.track else half, i)
                if i in _cut_pair(v.defect):
                    c = _KIND_COLORS.get(v.defect.kind, "#fa5252")
                    v.pair[i] = still(outline(frame, v.defect.region, c), i)
                if v.window and v.window[0] <= i <= v.window[1]:
                    if k not in clips:
                        clips[k] = _Clip(rgb.shape[1], rgb.shape[0], t.fps / max(t.stride, 1), v.window[1] - v.window[0] + 1, sounds.get(k))
                        v.clip_size = (rgb.shape[1], rgb.shape[0])
                    clips[k].add(rgb)
                    v.clip_sound = k in sounds
        for k, c in clips.items():
            views[k].clip = c.close()
    except (OSError, av.FFmpegError, ReelscoreError, ValueError) as e:
        return views, f"stills and clips unavailable: the file could not be decoded again ({e})"
    return views, None


def _view_html(t: TakeScore, v: _View, scale: dict[str, tuple[float, float]]) -> str:
    d, sig = v.defect, v.signal
    c = _KIND_COLORS.get(d.kind, "#fa5252")
    fps = t.fps / max(t.stride, 1)
    attrs = f'data-kind="{_esc(d.kind)}" data-start="{d.start}" data-end="{d.end}" data-fps="{fps:.6g}"'
    if v.window:
        attrs += f' data-clip-start="{v.window[0]}" data-clip-end="{v.window[1]}"'
    head = (
        f'<h3><span class="sw" style="background:{c}"></span>{_esc(d.kind)} {t.time(d.start):.2f}–{t.time(d.end + 1):.2f} s '
        f'<span class="muted">(frames {d.start}–{d.end}), severity {d.severity:.2f}, −{d.points:.1f} points</span></h3>'
    )
    clip = ""
    if v.clip:
        w, h = v.clip_size
        heard = ", with the take's sound (unmute to hear it)" if v.clip_sound else ""
        clip = (
            f'<video class="clip" width="{w}" height="{h}" muted loop autoplay playsinline controls preload="auto" '
            f'data-sound="{1 if v.clip_sound else 0}" '
            f'title="frames {v.window[0]}–{v.window[1]} ({t.time(v.window[0]):.2f}–{t.time(v.window[1] + 1):.2f} s), looping{heard}" '
            f'src="data:video/webm;base64,{base64.b64encode(v.clip).decode("ascii")}"></video>'
        )
    figs = []
    for i in v.worst:
        th = v.stills.get(i)
        val = v.values[i] if v.values is not None and i < v.values.size else float("nan")
        img = f'<img alt="frame {i}" src="{_img(th)}">' if th is not None else ""
        track = ""
        if v.track and th is not None:
            pts = " ".join(f"{x:.3f},{y:.3f}" for x, y in v.track)
            f0, f1 = v.track_frames
            track = f' class="track" data-track="{pts}" title="the moving object\'s path over frames {f0}–{f1}, as the scorer tracked it"'
        figs.append(f'<figure data-frame="{i}"{track}>{img}<figcaption>{t.time(i):.2f} s · {_fmt(float(val))}</figcaption></figure>')
    pair = ""
    if v.pair:
        labels = ("last frame before the cut", "first frame after")
        shots = "".join(
            f'<figure class="shot" data-frame="{i}"><img alt="frame {i}" src="{_img(v.pair[i])}">'
            f"<figcaption>{label}: frame {i} ({t.time(i):.2f} s)</figcaption></figure>"
            for label, i in zip(labels, sorted(v.pair))
        )
        pair = (
            f'<div class="cut-pair" data-cut="{d.start}"><p class="muted">The two shots side by side: the salient '
            f"region whose colours the shot before never showed, outlined on both.</p>"
            f'<div class="pair">{shots}</div></div>'
        )
    worst = f'<div class="worst" title="the frames of the span where {_esc(sig.title)} is {"highest" if sig.worst == "max" else "lowest"}">{"".join(figs)}</div>'
    thr = sig.threshold(t) if sig.threshold is not None else None
    y = v.values if v.values is not None else np.zeros(max(t.frames, 1))
    plot = _plot(
        t, sig.title, y, color=sig.color, reduce="max" if sig.worst == "max" else "mean", fixed=scale.get(sig.key),
        threshold=thr, threshold_label=sig.rule, defects=[d], window=v.window, log=sig.log,
    )
    if sig is FALLBACK_SIGNAL and d.kind in SIGNALS and SIGNALS[d.kind].key != sig.key:
        note = f"no {SIGNALS[d.kind].key} series in this report; motion shown"
    elif sig is FALLBACK_SIGNAL and d.kind != "static":
        note = f"{d.kind} has no per-frame signal of its own; motion shown"
    elif thr is not None and sig.rule:
        note = f"dashed: {sig.rule}"
    else:
        note = sig.rule
    why = DEFECT_RULES.get(d.kind, {}).get("measured_from", "")
    rule = f'<p class="muted rule">{_esc(note)}{"; " if note and why else ""}{_esc("measured from " + why if why else "")}</p>'
    return f'<div class="defect-view" {attrs}>{head}<div class="dv-row">{clip}{worst}</div>{pair}<div class="dv-plot">{plot}</div>{rule}</div>'


def _verdict(t: TakeScore) -> str:
    return f'<span class="v v-{t.verdict}">{t.verdict}</span>' + ('<span class="keeper">keeper</span>' if t.keeper else "")


def _card_attrs(t: TakeScore, idx: int, with_id: bool = True) -> str:
    score = f"{t.score:.4f}" if t.score is not None and math.isfinite(t.score) else ""
    return (
        (f'id="take-{idx}" ' if with_id else "")
        + f'data-verdict="{t.verdict}" data-keeper="{1 if t.keeper else 0}" data-idx="{idx}" '
        + f'data-score="{score}" data-name="{_esc(t.name)}"'
    )


#: Prefix of the overview plots' keys in :func:`scales`.
_OVERVIEW = "overview:"


def _card(t: TakeScore, idx: int, scale: Optional[dict[str, tuple[float, float]]] = None, media: bool = True, open_: bool = True) -> str:
    scale = scale or {}
    attrs = _card_attrs(t, idx)
    rank = f"#{t.rank} " if t.rank is not None else ""
    opened = " open" if open_ else ""
    if t.report is None:
        return (
            f'<section class="take" {attrs}><details{opened}><summary><div class="head"><h2>{_esc(rank + t.name)}</h2>{_verdict(t)}</div></summary>'
            f'<p class="muted">{_esc(t.path)}</p><p class="err">{_esc(t.error or "failed")}</p></details></section>'
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
    views, missing = _views(t, media)
    views_html = "".join(_view_html(t, v, scale) for v in views)
    if missing:
        views_html = f'<p class="muted">{_esc(missing)}</p>' + views_html
    cuts = ", ".join(f"{t.time(c):.2f} s" for c in r.cuts) or "none"
    plots = ""
    if "motion" in s:
        plots = "".join(
            [
                _plot(t, "motion (mean abs. difference of blurred frames)", np.asarray(s["motion"]), color="#1971c2", reduce="max", fixed=scale.get(_OVERVIEW + "motion")),
                _plot(t, "sharpness (variance of the Laplacian)", np.asarray(s["sharpness"]), color="#7048e8", fixed=scale.get(_OVERVIEW + "sharpness")),
                _plot(t, "flicker |mean − neighbours' mean|", flicker_series(np.asarray(s["mean"])), color="#e8590c", reduce="max", fixed=scale.get(_OVERVIEW + "flicker")),
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
        f'<section class="take" {attrs}><details{opened}><summary><div class="head"><h2>{_esc(rank + t.name)}</h2>'
        f'<span class="score">{r.score:.1f}</span>{_verdict(t)}'
        f'<span class="muted">{t.width}×{t.height}, {t.fps:.3g} fps, {t.frames} frames'
        f'{f" (every {t.stride}th)" if t.stride > 1 else ""}, {t.duration:.2f} s'
        f'{f"; measured binned {t.analysis_factor}×{t.analysis_factor}" if t.analysis_factor > 1 else ""}; cuts: {_esc(cuts)}</span></div>'
        f'<p class="why muted">{_esc(t.reasons())}</p></summary>'
        f'<p class="muted">{_esc(t.path)}</p><div class="strip">{strip}</div>{defects}<div class="views">{views_html}</div>'
        f'{_detections(t)}<div class="plots">{plots}</div></details></section>'
    )


def scales(takes: Sequence[TakeScore]) -> dict[str, tuple[float, float]]:
    """One y range per series key over every take, so a series reads the same in every card:
    from min(0, lowest) to the highest value or threshold drawn. The overview plots (keys
    prefixed ``overview:``) stop at the :data:`SCALE_QUANTILE` of the pooled values instead (a
    lone spike such as a cut is drawn at the top edge rather than flattening every other take;
    a defect's own plot keeps its spikes whole). Log-scale series run from their lowest
    positive value (at least :data:`LOG_FLOOR`) to their highest."""
    vals: dict[str, list[np.ndarray]] = {}
    lines: dict[str, list[np.ndarray]] = {}
    logs: set[str] = set()

    def add(key: str, v: Any, to: dict[str, list[np.ndarray]] = vals) -> None:
        a = np.asarray(v, dtype=np.float64).ravel()
        a = a[np.isfinite(a)]
        if a.size:
            to.setdefault(key, []).append(a)

    for t in takes:
        if t.report is None:
            continue
        for key, f in (("motion", _column("motion")), ("sharpness", _column("sharpness")), ("flicker", _flicker)):
            v = f(t)
            if v is not None:
                add(_OVERVIEW + key, v)
        for d in t.report.defects:
            sig, v = signal_of(t, d.kind)
            if v is None:
                continue
            add(sig.key, v)
            if sig.log:
                logs.add(sig.key)
            thr = sig.threshold(t) if sig.threshold is not None else None
            if thr is not None:
                add(sig.key, thr, lines)
    out = {}
    for key, parts in vals.items():
        a = np.concatenate(parts)
        levels = np.concatenate([a, *lines.get(key, [])])
        if key in logs:
            pos = a[a > 0]
            lo = max(float(pos.min()) if pos.size else LOG_FLOOR, LOG_FLOOR)
            out[key] = (lo, max(float(levels.max()), lo * 10))
        else:
            top = float(np.quantile(a, SCALE_QUANTILE)) if key.startswith(_OVERVIEW) else float(a.max())
            hi = max(top, *(float(x.max()) for x in lines.get(key, [])), 0.0)
            lo = min(0.0, float(a.min()))
            out[key] = (lo, hi * 1.05 if hi > lo else lo + 1.0)
    return out


def csv_table(takes: Sequence[TakeScore]) -> str:
    """One row per take, in the given order: rank, name, path, verdict, keeper, score, the
    points lost, the defects (``kind start–end s`` joined by ``; ``) and the error."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["rank", "name", "path", "verdict", "keeper", "score", "points_lost", "defects", "error"])
    for t in takes:
        spans = t.defect_spans()
        w.writerow(
            [
                t.rank if t.rank is not None else "",
                t.name,
                t.path,
                t.verdict,
                int(t.keeper),
                f"{t.score:.2f}" if t.score is not None and math.isfinite(t.score) else "",
                f"{sum(s['points'] for s in spans):.2f}" if t.ok else "",
                "; ".join(f"{s['kind']} {s['start']:.2f}–{s['end']:.2f} s" for s in spans),
                t.error or "",
            ]
        )
    return out.getvalue()


def render(
    takes: Sequence[TakeScore],
    *,
    title: str = "reelscore report",
    top: Optional[int] = None,
    incomplete: Optional[str] = None,
    media: bool = True,
) -> str:
    """The report as one HTML string (takes in the given order). ``incomplete``: why the run
    did not finish (e.g. interrupted after n of m takes); the page is then marked incomplete.
    ``media``: decode each take's file again for the stills and clips at its defects (False:
    plots only, nothing read from disk)."""
    if incomplete:
        title = f"INCOMPLETE: {title}"
    ok = sum(t.ok for t in takes)
    keepers = sum(t.keeper for t in takes)
    rows = []
    for i, t in enumerate(takes):
        thumb = f'<img alt="" src="{_img(t.thumbnails[0])}">' if t.thumbnails else ""
        score = f"{t.score:.1f}" if t.score is not None else "–"
        rows.append(
            f'<tr {_card_attrs(t, i, with_id=False)}><td class="num">{t.rank if t.rank is not None else "–"}</td>'
            f'<td>{thumb}</td><td><a href="#take-{i}">{_esc(t.name)}</a></td><td class="num">{score}</td>'
            f"<td>{_verdict(t)}</td><td>{_esc(t.reasons())}</td></tr>"
        )
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    keep_rule = f"the best {top} without a defect, score ≥ {KEEP_SCORE:g}" if top is not None else f"no defect and score ≥ {KEEP_SCORE:g}"
    banner = f'<p class="incomplete" role="alert">{_esc(incomplete)}. This report lists only those takes.</p>' if incomplete else ""
    scale = scales(takes)
    table_csv = "data:text/csv;charset=utf-8," + urllib.parse.quote(csv_table(takes), safe="")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en" data-complete="{"false" if incomplete else "true"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{_esc(title)}</h1><div class=\"muted\">{len(takes)} takes: {keepers} keepers ({_esc(keep_rule)}), "
        f"{ok - keepers} others, {len(takes) - ok} failed · reelscore {_esc(__version__)} · {when}</div></header><main>{banner}"
        '<div class="tools"><div class="filters"><button data-show="all">all</button><button data-show="keeper">keepers</button>'
        '<button data-show="reject">rejected</button><button data-show="error">failed</button></div>'
        '<div class="sorts">sort: <button data-sort="rank" class="on">rank</button><button data-sort="score">score</button>'
        '<button data-sort="name">name</button></div>'
        f'<a class="csv" download="reelscore.csv" href="{table_csv}">download CSV</a></div>'
        '<table class="takes"><thead><tr><th>#</th><th></th><th>take</th><th>score</th><th>verdict</th><th>defects / reason</th></tr></thead><tbody>'
        + "".join(rows)
        + '</tbody></table><div id="cards">'
        + "".join(_card(t, i, scale, media, i < OPEN_CARDS) for i, t in enumerate(takes))
        + f"</div></main><script>{_JS}</script></body></html>\n"
    )
