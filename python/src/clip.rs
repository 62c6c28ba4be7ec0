//! `ClipScorer` for Python: frames in as numpy arrays, a `ClipReport` out.
//!
//! The binding only plumbs: it borrows each frame, releases the GIL while the core scores it,
//! and keeps every frame's observation so the report can hand back per-frame series as arrays.

use std::collections::BTreeMap;

use numpy::{
    IntoPyArray, PyReadonlyArray2, PyReadonlyArray3, PyUntypedArray, PyUntypedArrayMethods,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt};
use reelscore::Yuv420;
use reelscore::clip::{self as core_clip, ClipConfig, DefectKind, FrameObservation, VerdictConfig};

use crate::arrays::{describe, plane8, rgb, view};
use crate::audio::{AudioScorer, metrics_dict};
use crate::detect::defects_of;
use crate::errors::{err, msg};
use crate::metrics::stats_fields;

/// One located defect.
#[pyclass(module = "reelscore._native", frozen, get_all)]
#[derive(Clone)]
pub struct Defect {
    /// Kind name (`DEFECT_KINDS`): flicker, freeze, static, blur, noise, blockiness,
    /// overexposed, underexposed, low_contrast, shake, color_shift; from sound clipping,
    /// too_quiet, too_loud, silence, monotone_voice; from detectors garbled_text, stiff_face,
    /// appearance_shift; too_short; boiling, popping, impossible_motion.
    pub kind: String,
    /// First frame (0-based).
    pub start: u32,
    /// Last frame (inclusive).
    pub end: u32,
    /// Where in the picture, for local defects: `(left, top, right, bottom)` as shares 0–1 of
    /// the frame's width and height; None when it concerns the whole picture.
    pub region: Option<(f64, f64, f64, f64)>,
    /// Severity, 0–1.
    pub severity: f64,
    /// Points of the 0–100 score this defect costs (a report's add up to `100 − score`).
    pub points: f64,
}

#[pymethods]
impl Defect {
    fn __repr__(&self) -> String {
        format!(
            "Defect(kind={:?}, start={}, end={}, severity={:.3}, points={:.2})",
            self.kind, self.start, self.end, self.severity, self.points
        )
    }
}

/// The verdict on one clip.
#[pyclass(module = "reelscore._native", frozen, get_all)]
pub struct ClipReport {
    /// 0–100, higher = more usable.
    pub score: f64,
    /// Located defects, by first frame.
    pub defects: Vec<Defect>,
    /// Kinds the take came near without a defect, as `(kind, closeness 0–1, points)`; the
    /// points and the defects' add up to `100 − score`.
    pub near_misses: Vec<(&'static str, f64, f64)>,
    /// Frames that start a new shot.
    pub cuts: Vec<u32>,
    /// Whole-clip metrics.
    pub metrics: Py<PyDict>,
    /// Per-frame series (numpy float64 arrays keyed by name): each frame's observation
    /// (`motion`, `sharpness`, `mean`, …) and `blur_level`, the sharpness below which the blur
    /// rule flags the frame (`reelscore::clip::blur_level`).
    pub series: Py<PyDict>,
    /// Frames per second the clip was scored at.
    pub fps: f64,
    /// The sound track's metrics (as `AudioReport.metrics`), or None without audio.
    pub audio: Option<Py<PyDict>>,
}

#[pymethods]
impl ClipReport {
    fn __repr__(&self) -> String {
        let kinds: Vec<&str> = self.defects.iter().map(|d| d.kind.as_str()).collect();
        format!(
            "ClipReport(score={:.1}, defects={kinds:?}, cuts={:?})",
            self.score, self.cuts
        )
    }
}

/// Streaming clip scorer: `push` frames in order, then `finish()`.
#[pyclass(module = "reelscore._native")]
pub struct ClipScorer {
    pub(crate) inner: Box<core_clip::ClipScorer>,
    observations: Vec<FrameObservation>,
    luma: Vec<u8>,
}

fn new_scorer(cfg: ClipConfig) -> Result<Box<core_clip::ClipScorer>, reelscore::Error> {
    // Zeroed on the heap (a valid, unconfigured scorer: `borrow::Zeroable`, checked under
    // Miri), then configured in place: the ~200 KiB state stays off the Python thread's stack.
    let mut b: Box<core_clip::ClipScorer> = crate::borrow::boxed_zeroed();
    b.reset(cfg)?;
    Ok(b)
}

/// `analysis_pixels=`: None, or a positive int (bools refused; values past `usize` saturate:
/// every frame is then measured whole).
fn budget(v: Option<&Bound<'_, PyAny>>) -> PyResult<Option<usize>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if v.is_instance_of::<PyBool>() || !v.is_instance_of::<PyInt>() || v.lt(1)? {
        return Err(msg(format!(
            "analysis_pixels must be a positive integer or None, got {}",
            v.repr()?
        )));
    }
    Ok(Some(v.extract::<usize>().unwrap_or(usize::MAX)))
}

#[pymethods]
impl ClipScorer {
    #[new]
    #[pyo3(signature = (width, height, *, fps=30.0, analysis_pixels=None))]
    fn new(
        width: usize,
        height: usize,
        fps: f64,
        analysis_pixels: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let budget = budget(analysis_pixels)?;
        let cfg = ClipConfig::new(width, height, fps)
            .and_then(|c| budget.map_or(Ok(c), |n| c.with_analysis_pixels(n)))
            .map_err(|e| err(format!("ClipScorer({width}, {height}, fps={fps})"), e))?;
        Ok(ClipScorer {
            inner: new_scorer(cfg).map_err(|e| err("ClipScorer", e))?,
            observations: Vec::new(),
            luma: Vec::new(),
        })
    }

    /// Frames pushed so far.
    #[getter]
    fn frames(&self) -> u32 {
        self.inner.frames()
    }

    /// Factor frames are box-binned by before their statistics are measured (1 up to
    /// `analysis_pixels`, by default 1280×720 pixels; 2 for 1080p).
    #[getter]
    fn analysis_factor(&self) -> usize {
        self.inner.analysis_factor()
    }

    /// Pushes one frame: `(H, W)` uint8 luma or `(H, W, 3)` uint8 RGB. Returns the frame's
    /// observation as a dict.
    #[pyo3(signature = (frame, /))]
    fn push<'py>(
        &mut self,
        py: Python<'py>,
        frame: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let arr = frame.cast::<PyUntypedArray>().map_err(|_| {
            PyTypeError::new_err(format!(
                "frame must be a numpy array, got {}",
                describe(frame)
            ))
        })?;
        let index = self.inner.frames();
        let context = || format!("frame {index} ({})", describe(frame));
        let obs = match arr.ndim() {
            2 => {
                let a: PyReadonlyArray2<'py, u8> = frame.extract().map_err(|_| {
                    PyTypeError::new_err(format!("{}: luma frames must be uint8", context()))
                })?;
                let p = plane8(&a, "frame")?;
                let inner = &mut self.inner;
                py.detach(|| inner.push(&p))
            }
            3 => {
                let a: PyReadonlyArray3<'py, u8> = frame.extract().map_err(|_| {
                    PyTypeError::new_err(format!("{}: RGB frames must be uint8", context()))
                })?;
                let img = rgb(&a, "frame")?;
                let (w, h) = img.size();
                self.luma.resize(w * h, 0);
                let (inner, luma) = (&mut self.inner, &mut self.luma);
                py.detach(|| inner.push_rgb(&img, luma))
            }
            _ => {
                return Err(PyTypeError::new_err(format!(
                    "{}: expected (H, W) or (H, W, 3)",
                    context()
                )));
            }
        }
        .map_err(|e| err(context(), e))?;
        self.observations.push(obs);
        observation_dict(py, &obs)
    }

    /// Pushes one YUV 4:2:0 frame given as its three planes (uint8): Y `(H, W)`, U and V
    /// `(ceil(H/2), ceil(W/2))`. Chroma enables colour-shift detection. With
    /// `limited_range=True` the luma is video range (16–235) and is expanded to full range:
    /// as `expand_limited_range` for frames measured at full resolution (into a buffer the
    /// scorer reuses), per binned pixel from its block's exact mean for larger ones
    /// (`analysis_factor` > 1).
    #[pyo3(signature = (y, u, v, /, *, limited_range=false))]
    fn push_yuv420<'py>(
        &mut self,
        py: Python<'py>,
        y: PyReadonlyArray2<'py, u8>,
        u: PyReadonlyArray2<'py, u8>,
        v: PyReadonlyArray2<'py, u8>,
        limited_range: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        let index = self.inner.frames();
        let (py_, pu, pv) = (plane8(&y, "y")?, plane8(&u, "u")?, plane8(&v, "v")?);
        let frame =
            Yuv420::new(py_, pu, pv).map_err(|e| err(format!("frame {index} chroma planes"), e))?;
        if limited_range && self.inner.analysis_factor() == 1 {
            let (w, h) = frame.y.size();
            self.luma.resize(w * h, 0);
        }
        let (inner, luma) = (&mut self.inner, &mut self.luma);
        let obs = py
            .detach(|| {
                if limited_range {
                    inner.push_yuv420_limited(&frame, luma)
                } else {
                    inner.push_yuv420(&frame)
                }
            })
            .map_err(|e| err(format!("frame {index}"), e))?;
        self.observations.push(obs);
        observation_dict(py, &obs)
    }

    /// The flights of small moving objects the scorer judged, in the order they ended (complete
    /// after `finish()`; at most `MAX_FLIGHT_PATHS`, implausible ones kept first): dicts with
    /// `verdict` (`FLIGHT_VERDICTS`: plausible, falls_upward, teleports), `start`, `end` and
    /// per point `frames`, `x`, `y` (numpy arrays; pixels of the frame, the top-left pixel's
    /// centre at 0). Every `impossible_motion` defect has the flight(s) behind it here.
    fn flights<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        crate::flights::flight_dicts(py, self.inner.flights())
    }

    /// The cuts `finish()` would report if the clip ended now (confirmed cuts and a candidate
    /// still waiting out flash suppression), as frame indices.
    fn cuts_if_ended(&self) -> Vec<u32> {
        self.inner.cuts_if_ended().to_vec()
    }

    /// Ends the clip and returns its `ClipReport`. `audio`: an `AudioScorer` fed the clip's
    /// sound; `detectors`: `TextTracker`, `FaceTracker` and `SubjectTracker` objects fed its
    /// frames. Their defects join the report's and count in its score. `weights`: verdict
    /// weights by kind name replacing `DEFECT_WEIGHTS`' (each in [0, 1)); `ignore`: kind names
    /// whose defects are dropped from the report (they cost nothing and reject nothing).
    #[pyo3(signature = (*, audio=None, detectors=Vec::new(), weights=None, ignore=Vec::new()))]
    fn finish(
        &mut self,
        py: Python<'_>,
        audio: Option<PyRef<'_, AudioScorer>>,
        detectors: Vec<Bound<'_, PyAny>>,
        weights: Option<BTreeMap<String, f64>>,
        ignore: Vec<String>,
    ) -> PyResult<ClipReport> {
        let verdict = verdict_of(&weights.unwrap_or_default(), &ignore)?;
        let found = detectors
            .iter()
            .map(defects_of)
            .collect::<PyResult<Vec<_>>>()?;
        let inner = &mut self.inner;
        let mut report = py.detach(|| inner.finish()).map_err(|e| err("finish", e))?;
        report.set_verdict(verdict);
        if let Some(a) = audio {
            report
                .add_audio(&a.core_report())
                .map_err(|e| err("finish(audio=...)", e))?;
        }
        for d in &found {
            report
                .add_detections(d)
                .map_err(|e| err("finish(detectors=...)", e))?;
        }
        let fps = self.inner.config().fps;
        let factor = self.inner.analysis_factor();
        to_report(py, &report, &self.observations, fps, factor)
    }
}

/// The defect kind named `name`, or an error naming `role` and listing the kinds.
fn kind_named(name: &str, role: &str) -> PyResult<DefectKind> {
    DefectKind::from_name(name).ok_or_else(|| {
        msg(format!(
            "{role}: unknown defect kind {name:?} (one of {})",
            defect_kinds().join(", ")
        ))
    })
}

/// `finish(weights=..., ignore=...)` as the core's verdict configuration.
fn verdict_of(weights: &BTreeMap<String, f64>, ignore: &[String]) -> PyResult<VerdictConfig> {
    let mut v = VerdictConfig::DEFAULT;
    for (name, w) in weights {
        let kind = kind_named(name, "weights")?;
        v = v
            .with_weight(kind, *w)
            .map_err(|e| err(format!("weights[{name:?}]"), e))?;
    }
    for name in ignore {
        v = v.ignoring(kind_named(name, "ignore")?);
    }
    Ok(v)
}

fn observation_dict<'py>(py: Python<'py>, o: &FrameObservation) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("index", o.index)?;
    for (k, v) in fields(o) {
        d.set_item(k, v)?;
    }
    Ok(d)
}

/// The observation's own figures, then its frame statistics, by name (the scorer does not
/// measure Tenengrad, so it has no key).
fn fields(o: &FrameObservation) -> Vec<(&'static str, f64)> {
    let own = [
        ("motion", o.motion),
        ("mafd", o.mafd),
        ("scene_score", o.scene_score),
        ("shift_x", o.shift_x),
        ("shift_y", o.shift_y),
        ("chroma_jump", o.chroma_jump),
        ("freeze_diff", o.freeze_diff),
    ];
    own.into_iter()
        .chain(
            stats_fields(&o.stats)
                .into_iter()
                .filter(|(k, _)| *k != "tenengrad"),
        )
        .collect()
}

fn to_report(
    py: Python<'_>,
    r: &core_clip::ClipReport,
    obs: &[FrameObservation],
    fps: f64,
    analysis_factor: usize,
) -> PyResult<ClipReport> {
    let metrics = PyDict::new(py);
    let m = &r.metrics;
    metrics.set_item("frames", m.frames)?;
    metrics.set_item("shots", m.shots)?;
    metrics.set_item("flashes", m.flashes)?;
    for (k, v) in [
        ("duration", m.duration),
        ("motion", m.motion),
        ("dynamic_degree", m.dynamic_degree),
        ("vbench_flicker", m.vbench_flicker),
        ("sharpness", m.sharpness),
        ("noise", m.noise),
        ("blockiness", m.blockiness),
        ("brightness", m.brightness),
        ("contrast", m.contrast),
        ("frozen_share", m.frozen_share),
        ("max_chroma_jump", m.max_chroma_jump),
    ] {
        metrics.set_item(k, v)?;
    }
    let series = PyDict::new(py);
    if let Some(first) = obs.first() {
        let rows: Vec<_> = obs.iter().map(fields).collect();
        for (col, (name, _)) in fields(first).iter().enumerate() {
            let values: Vec<f64> = rows.iter().map(|r| r[col].1).collect();
            series.set_item(*name, values.into_pyarray(py))?;
        }
        let (mut scratch, mut level) = (vec![0.0; obs.len()], vec![0.0; obs.len()]);
        core_clip::blur_level::blur_levels(obs, &r.cuts, analysis_factor, &mut scratch, &mut level)
            .map_err(|e| err("finish (blur level)", e))?;
        series.set_item("blur_level", level.into_pyarray(py))?;
    }
    Ok(ClipReport {
        score: r.score,
        defects: r
            .defects
            .iter()
            .map(|d| Defect {
                kind: d.kind.name().to_string(),
                start: d.start,
                end: d.end,
                region: (d.region != [0; 4]).then(|| {
                    let [l, t, r, b] = d.region.map(|v| f64::from(v) / 255.0);
                    (l, t, r, b)
                }),
                severity: d.severity,
                points: d.points,
            })
            .collect(),
        near_misses: DefectKind::ALL
            .iter()
            .zip(r.near_points())
            .filter(|(_, p)| *p > 0.0)
            .map(|(&k, p)| (k.name(), r.near.closeness(k), p))
            .collect(),
        cuts: r.cuts.iter().copied().collect(),
        metrics: metrics.unbind(),
        series: series.unbind(),
        fps,
        audio: match &r.audio {
            Some(m) => Some(metrics_dict(py, m)?.unbind()),
            None => None,
        },
    })
}

/// Defect kind names in code order.
fn defect_kinds() -> Vec<&'static str> {
    DefectKind::ALL.iter().map(|k| k.name()).collect()
}

/// The verdict weight of every kind (by name, code order) under `weights` (replacing
/// `DEFECT_WEIGHTS`' for the kinds named, each in [0, 1)) and `ignore` (kinds weighing 0,
/// whose defects `ClipScorer.finish` drops). Raises `ReelscoreError` for an unknown kind or a
/// weight outside [0, 1), as `finish` would.
#[pyfunction]
#[pyo3(signature = (*, weights=None, ignore=Vec::new()))]
fn verdict_weights(
    weights: Option<BTreeMap<String, f64>>,
    ignore: Vec<String>,
) -> PyResult<Vec<(&'static str, f64)>> {
    let v = verdict_of(&weights.unwrap_or_default(), &ignore)?;
    Ok(DefectKind::ALL
        .iter()
        .map(|&k| (k.name(), v.weight(k)))
        .collect())
}

/// Orders reports best first (score descending; ties keep input order) and returns the first
/// `top` (all when `top` is None).
#[pyfunction]
#[pyo3(signature = (reports, /, *, top=None))]
fn rank_reports<'py>(
    reports: Vec<Bound<'py, ClipReport>>,
    top: Option<usize>,
) -> PyResult<Vec<Bound<'py, ClipReport>>> {
    let scores: Vec<f64> = reports.iter().map(|r| r.get().score).collect();
    let mut order = vec![0usize; top.unwrap_or(scores.len()).min(scores.len())];
    let n = core_clip::rank_reports(&scores, &mut order).map_err(|e| err("rank_reports", e))?;
    Ok(order[..n].iter().map(|&i| reports[i].clone()).collect())
}

/// Rows of a float32 or float64 `(N, D)` array as f32 (float64 is converted, float32 borrowed).
fn embedding_rows(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<(Vec<f32>, usize, usize)> {
    if let Ok(a) = obj.extract::<numpy::PyReadonlyArray2<'_, f32>>() {
        let v = view(&a, name)?;
        let (n, d) = v.dim();
        return Ok((v.iter().copied().collect(), n, d));
    }
    if let Ok(a) = obj.extract::<numpy::PyReadonlyArray2<'_, f64>>() {
        let v = view(&a, name)?;
        let (n, d) = v.dim();
        return Ok((v.iter().map(|&x| x as f32).collect(), n, d));
    }
    Err(PyTypeError::new_err(format!(
        "{name} must be a 2-D float32 or float64 array (frames, dim), got {}",
        describe(obj)
    )))
}

fn consistency_of(
    embeddings: &Bound<'_, PyAny>,
    text: Option<&[f32]>,
) -> PyResult<core_clip::Consistency> {
    let (rows, n, d) = embedding_rows(embeddings, "embeddings")?;
    let mut c = core_clip::Consistency::new(d, text)
        .map_err(|e| err(format!("embeddings of dimension {d}"), e))?;
    for i in 0..n {
        c.push(&rows[i * d..(i + 1) * d])
            .map_err(|e| err(format!("embeddings[{i}]"), e))?;
    }
    Ok(c)
}

/// VBench subject consistency of per-frame embeddings `(frames, dim)`: the mean over frames
/// i ≥ 1 of `(max(0, cos(f_i, f_{i-1})) + max(0, cos(f_i, f_0))) / 2`.
#[pyfunction]
#[pyo3(signature = (embeddings, /))]
fn subject_consistency(embeddings: &Bound<'_, PyAny>) -> PyResult<f64> {
    consistency_of(embeddings, None)?
        .subject_consistency()
        .map_err(|e| err("subject_consistency", e))
}

/// Mean cosine similarity between per-frame embeddings `(frames, dim)` and a text embedding `(dim,)`.
#[pyfunction]
#[pyo3(signature = (embeddings, text, /))]
fn prompt_alignment(embeddings: &Bound<'_, PyAny>, text: &Bound<'_, PyAny>) -> PyResult<f64> {
    let t: Vec<f32> = if let Ok(a) = text.extract::<numpy::PyReadonlyArray1<'_, f32>>() {
        view(&a, "text")?.iter().copied().collect()
    } else if let Ok(a) = text.extract::<numpy::PyReadonlyArray1<'_, f64>>() {
        view(&a, "text")?.iter().map(|&x| x as f32).collect()
    } else {
        return Err(PyTypeError::new_err(format!(
            "text must be a 1-D float array, got {}",
            describe(text)
        )));
    };
    consistency_of(embeddings, Some(&t))?
        .prompt_alignment()
        .map_err(|e| err("prompt_alignment", e))
}

/// Motion plausibility of one tracked object: constant-acceleration fit, gravity estimate
/// (+y down), and hovering / falling-upward / teleport flags. Returns a dict.
#[pyfunction]
#[pyo3(signature = (t, x, y, /, *, gravity, airborne=true, min_jump=10.0))]
fn analyze_track<'py>(
    py: Python<'py>,
    t: Vec<f64>,
    x: Vec<f64>,
    y: Vec<f64>,
    gravity: f64,
    airborne: bool,
    min_jump: f64,
) -> PyResult<Bound<'py, PyDict>> {
    let cfg = core_clip::TrackConfig {
        gravity,
        airborne,
        min_jump,
    };
    let r = core_clip::analyze_track(&t, &x, &y, &cfg)
        .map_err(|e| err(format!("track of {} points", t.len()), e))?;
    let d = PyDict::new(py);
    for (k, v) in [
        ("accel_x", r.accel_x),
        ("accel_y", r.accel_y),
        ("velocity_x", r.velocity_x),
        ("velocity_y", r.velocity_y),
        ("residual", r.residual),
        ("gravity_ratio", r.gravity_ratio),
        ("plausibility", r.plausibility),
    ] {
        d.set_item(k, v)?;
    }
    d.set_item("falls_upward", r.falls_upward)?;
    d.set_item("hovering", r.hovering)?;
    d.set_item("teleports", r.teleports)?;
    Ok(d)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(rank_reports, m)?)?;
    m.add_function(wrap_pyfunction!(verdict_weights, m)?)?;
    m.add_function(wrap_pyfunction!(subject_consistency, m)?)?;
    m.add_function(wrap_pyfunction!(prompt_alignment, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_track, m)?)?;
    m.add_class::<ClipScorer>()?;
    m.add_class::<ClipReport>()?;
    m.add_class::<Defect>()?;
    m.add("DEFECT_KINDS", defect_kinds())?;
    let weights = PyDict::new(m.py());
    let rules = PyDict::new(m.py());
    for rule in core_clip::rules::RULES {
        weights.set_item(rule.kind.name(), rule.weight)?;
        let r = PyDict::new(m.py());
        r.set_item("weight", rule.weight)?;
        r.set_item("meaning", rule.meaning)?;
        r.set_item("measured_from", rule.measured_from)?;
        r.set_item("near_share", core_clip::rules::near_share(rule.kind))?;
        rules.set_item(rule.kind.name(), r)?;
    }
    m.add("DEFECT_WEIGHTS", weights)?;
    m.add("DEFECT_RULES", rules)?;
    m.add("KEEPER_SCORE", core_clip::config::KEEPER_SCORE)?;
    // The thresholds the report draws on each defect's plot.
    {
        use core_clip::config as c;
        for (name, v) in [
            ("SCENE_THRESHOLD", c::SCENE_THRESHOLD),
            ("FREEZE_NOISE", c::FREEZE_NOISE),
            ("STATIC_MOTION", c::STATIC_MOTION),
            ("FLICKER_MIN_STEP", c::FLICKER_MIN_STEP),
            ("BLUR_DROP", c::BLUR_DROP),
            ("BLUR_ABSOLUTE", c::BLUR_ABSOLUTE),
            ("NOISE_SIGMA", c::NOISE_SIGMA),
            ("BLOCKINESS_THRESHOLD", c::BLOCKINESS_THRESHOLD),
            ("OVEREXPOSED_WHITE", c::OVEREXPOSED_WHITE),
            ("UNDEREXPOSED_BLACK", c::UNDEREXPOSED_BLACK),
            ("UNDEREXPOSED_P90", c::UNDEREXPOSED_P90),
            ("LOW_CONTRAST_RMS", c::LOW_CONTRAST_RMS),
            ("SHAKE_JITTER", c::SHAKE_JITTER),
            ("COLOR_SHIFT_JUMP", c::COLOR_SHIFT_JUMP),
        ] {
            m.add(name, v)?;
        }
    }
    m.add("ANALYSIS_PIXELS", core_clip::config::ANALYSIS_PIXELS)?;
    m.add(
        "FAST_ANALYSIS_PIXELS",
        core_clip::config::FAST_ANALYSIS_PIXELS,
    )?;
    Ok(())
}
