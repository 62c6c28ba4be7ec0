//! Detector outputs for Python: OCR text, face landmarks/blendshapes, tracked subjects.
//!
//! Accepts what common detectors return without depending on them: OCR as a list of
//! `(box, text, confidence)` per frame (box `[x0, y0, x1, y1]`, or a 4-point quadrilateral as
//! EasyOCR/PaddleOCR return, reduced to its bounding box); landmarks as numpy
//! `(points, 2|3)` or `(frames, points, 2|3)` arrays with 68, 468 or 478 points (z ignored);
//! MediaPipe's 52 blendshape scores; subjects as `(track_id, box)` pairs with the RGB frame.

use numpy::{PyReadonlyArray1, PyReadonlyArray3, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use reelscore::detect::{
    self as core_detect, DetectDefect as CoreDefect, DetectDefectKind, OcrItem, SIGNATURE_BINS,
    SubjectObservation,
};

use crate::arrays::{describe, rgb, view};
use crate::errors::{err, msg};

/// One located detector defect (frames inclusive).
#[pyclass(module = "reelscore._native", frozen, get_all)]
#[derive(Clone)]
pub struct DetectDefect {
    /// Kind name: garbled_text, stiff_face, appearance_shift.
    pub kind: String,
    /// Text region id, face id or subject track id.
    pub id: u32,
    /// First frame (0-based).
    pub start: u32,
    /// Last frame (inclusive).
    pub end: u32,
    /// Severity, 0–1.
    pub severity: f64,
}

#[pymethods]
impl DetectDefect {
    /// A defect found by a detector run elsewhere, in the clip's frame indices (for
    /// `ClipScorer.finish(detectors=...)`, e.g. a tracker's defect mapped from sampled frames).
    #[new]
    #[pyo3(signature = (kind, *, id, start, end, severity))]
    fn new(kind: &str, id: u32, start: u32, end: u32, severity: f64) -> PyResult<Self> {
        kind_of(kind)?;
        if end < start || !(0.0..=1.0).contains(&severity) {
            return Err(msg(format!(
                "DetectDefect needs start <= end and severity in 0..1, got start={start}, end={end}, severity={severity}"
            )));
        }
        Ok(DetectDefect {
            kind: kind.to_string(),
            id,
            start,
            end,
            severity,
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "DetectDefect(kind={:?}, id={}, start={}, end={}, severity={:.3})",
            self.kind, self.id, self.start, self.end, self.severity
        )
    }
}

fn kind_of(name: &str) -> PyResult<DetectDefectKind> {
    DetectDefectKind::ALL
        .iter()
        .copied()
        .find(|k| k.name() == name)
        .ok_or_else(|| {
            let names: Vec<&str> = DetectDefectKind::ALL.iter().map(|k| k.name()).collect();
            msg(format!(
                "unknown detector defect kind {name:?} (one of {})",
                names.join(", ")
            ))
        })
}

fn defect(d: &CoreDefect) -> DetectDefect {
    DetectDefect {
        kind: d.kind.name().to_string(),
        id: d.id,
        start: d.start,
        end: d.end,
        severity: d.severity,
    }
}

/// `[x0, y0, x1, y1]` from 4 numbers or a quadrilateral of 4 points.
fn to_box(obj: &Bound<'_, PyAny>) -> PyResult<[f32; 4]> {
    if let Ok(b) = obj.extract::<[f32; 4]>() {
        return Ok(b);
    }
    if let Ok(q) = obj.extract::<Vec<[f32; 2]>>()
        && !q.is_empty()
    {
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for [x, y] in q {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        return Ok([x0, y0, x1, y1]);
    }
    Err(PyTypeError::new_err(format!(
        "a box must be [x0, y0, x1, y1] or a list of (x, y) corners, got {}",
        obj.repr().map(|r| r.to_string()).unwrap_or_default()
    )))
}

/// Streaming OCR-result scorer: `push` each frame's `[(box, text, confidence), ...]`.
#[pyclass(module = "reelscore._native")]
pub struct TextTracker {
    inner: Box<core_detect::TextTracker>,
}

fn text_report(py: Python<'_>, r: &core_detect::TextReport) -> PyResult<Py<PyDict>> {
    let d = PyDict::new(py);
    d.set_item("frames", r.frames)?;
    d.set_item("regions", r.regions)?;
    d.set_item("mean_confidence", r.mean_confidence)?;
    d.set_item("instability", r.instability)?;
    d.set_item("mean_edit_distance", r.mean_edit_distance)?;
    d.set_item("changes", r.changes)?;
    d.set_item("defects", r.defects.iter().map(defect).collect::<Vec<_>>())?;
    Ok(d.unbind())
}

#[pymethods]
impl TextTracker {
    #[new]
    fn new() -> Self {
        TextTracker {
            inner: Box::new(core_detect::TextTracker::new()),
        }
    }

    /// Frames pushed.
    #[getter]
    fn frames(&self) -> u32 {
        self.inner.frames()
    }

    /// Adds one frame's OCR results: `(box, text, confidence)` items.
    #[pyo3(signature = (items, /))]
    fn push(&mut self, items: &Bound<'_, PyAny>) -> PyResult<()> {
        let mut parsed: Vec<([f32; 4], String, f32)> = Vec::new();
        for it in items.try_iter()? {
            let it = it?;
            let (b, t, c): (Bound<'_, PyAny>, String, f32) = it.extract().map_err(|_| {
                PyTypeError::new_err(format!(
                    "OCR items must be (box, text, confidence), got {}",
                    it.repr().map(|r| r.to_string()).unwrap_or_default()
                ))
            })?;
            parsed.push((to_box(&b)?, t, c));
        }
        let ocr: Vec<OcrItem<'_>> = parsed
            .iter()
            .map(|(b, t, c)| OcrItem {
                bbox: *b,
                text: t.as_bytes(),
                confidence: *c,
            })
            .collect();
        let f = self.inner.frames();
        self.inner
            .push(&ocr)
            .map_err(|e| err(format!("OCR frame {f}"), e))
    }

    /// `{frames, regions, mean_confidence, instability, mean_edit_distance, changes, defects}`.
    fn report(&self, py: Python<'_>) -> PyResult<Py<PyDict>> {
        text_report(py, &self.inner.report())
    }
}

/// Scores a whole OCR sequence: one list of `(box, text, confidence)` per frame.
#[pyfunction]
#[pyo3(signature = (frames, /))]
fn score_text(py: Python<'_>, frames: &Bound<'_, PyAny>) -> PyResult<Py<PyDict>> {
    let mut t = TextTracker::new();
    for f in frames.try_iter()? {
        t.push(&f?)?;
    }
    t.report(py)
}

/// Streaming scorer of one face track.
#[pyclass(module = "reelscore._native")]
pub struct FaceTracker {
    inner: core_detect::FaceTracker,
}

fn face_report(py: Python<'_>, r: &core_detect::FaceReport) -> PyResult<Py<PyDict>> {
    let d = PyDict::new(py);
    d.set_item("frames", r.frames)?;
    d.set_item("seconds", r.seconds)?;
    d.set_item("blinks", r.blinks)?;
    d.set_item("blink_rate", r.blink_rate)?;
    d.set_item("mean_ear", r.mean_ear)?;
    d.set_item("mouth_spread", r.mouth_spread)?;
    d.set_item("brow_spread", r.brow_spread)?;
    d.set_item("stiffness", r.stiffness)?;
    d.set_item("defect", r.defect.as_ref().map(defect))?;
    Ok(d.unbind())
}

/// `{ear, mouth, brow, blink}`: what the core measured on one frame.
fn face_frame<'py>(
    py: Python<'py>,
    f: &core_detect::face::FaceFrame,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("ear", f.ear)?;
    d.set_item("mouth", f.mouth)?;
    d.set_item("brow", f.brow)?;
    d.set_item("blink", f.blink)?;
    Ok(d)
}

/// Pushes every frame of a `(points, 2|3)` or `(frames, points, 2|3)` float array; returns
/// each frame's measurements.
fn push_points<'py>(
    py: Python<'py>,
    t: &mut core_detect::FaceTracker,
    arr: &Bound<'py, PyAny>,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let u = arr.cast::<PyUntypedArray>().map_err(|_| {
        PyTypeError::new_err(format!(
            "landmarks must be a numpy array, got {}",
            describe(arr)
        ))
    })?;
    let shape = u.shape().to_vec();
    let (n, p, d) = match shape.as_slice() {
        [p, d] => (1, *p, *d),
        [n, p, d] => (*n, *p, *d),
        _ => (0, 0, 0),
    };
    if !matches!(d, 2 | 3) || !matches!(p, 68 | 468 | 478) {
        return Err(msg(format!(
            "landmarks must have shape (points, 2|3) or (frames, points, 2|3) with 68, 468 or 478 points, got {}",
            describe(arr)
        )));
    }
    let a: numpy::PyReadonlyArrayDyn<'_, f64> =
        arr.call_method1("astype", ("float64",))?.extract()?;
    let v = view(&a, "landmarks")?;
    let flat: Vec<f64> = v.iter().copied().collect();
    let mut pts = vec![[0.0f32; 2]; p];
    let mut out = Vec::with_capacity(n);
    for f in 0..n {
        for (k, q) in pts.iter_mut().enumerate() {
            let base = (f * p + k) * d;
            *q = [flat[base] as f32, flat[base + 1] as f32];
        }
        let m = t
            .push_landmarks(&pts)
            .map_err(|e| err(format!("landmarks frame {f}"), e))?;
        out.push(face_frame(py, &m)?);
    }
    Ok(out)
}

#[pymethods]
impl FaceTracker {
    #[new]
    #[pyo3(signature = (*, fps, id=0))]
    fn new(fps: f64, id: u32) -> PyResult<Self> {
        Ok(FaceTracker {
            inner: core_detect::FaceTracker::new(fps, id)
                .map_err(|e| err(format!("FaceTracker(fps={fps})"), e))?,
        })
    }

    /// Adds landmarks: one frame `(points, 2|3)` or many `(frames, points, 2|3)`. Returns each
    /// frame's `{ear, mouth, brow, blink}` (eye aspect ratio, mouth and brow in inter-ocular
    /// units, whether a blink ended on it).
    #[pyo3(signature = (landmarks, /))]
    fn push<'py>(
        &mut self,
        py: Python<'py>,
        landmarks: &Bound<'py, PyAny>,
    ) -> PyResult<Vec<Bound<'py, PyDict>>> {
        push_points(py, &mut self.inner, landmarks)
    }

    /// Adds one frame of MediaPipe's 52 blendshape scores.
    #[pyo3(signature = (scores, /))]
    fn push_blendshapes(&mut self, scores: PyReadonlyArray1<'_, f32>) -> PyResult<()> {
        let s = scores
            .as_slice()
            .map_err(|_| PyTypeError::new_err("blendshapes must be a contiguous float32 array"))?;
        self.inner
            .push_blendshapes(s)
            .map(|_| ())
            .map_err(|e| err("blendshapes", e))
    }

    /// A frame without the face.
    fn skip(&mut self) {
        self.inner.skip();
    }

    /// `{frames, seconds, blinks, blink_rate, mean_ear, mouth_spread, brow_spread, stiffness,
    /// defect}`.
    fn report(&self, py: Python<'_>) -> PyResult<Py<PyDict>> {
        face_report(py, &self.inner.report())
    }
}

/// Scores a `(frames, 68|468|478, 2|3)` landmark array of one face at `fps`.
#[pyfunction]
#[pyo3(signature = (landmarks, /, *, fps))]
fn score_face(py: Python<'_>, landmarks: &Bound<'_, PyAny>, fps: f64) -> PyResult<Py<PyDict>> {
    let mut t = FaceTracker::new(fps, 0)?;
    t.push(py, landmarks)?;
    t.report(py)
}

/// The chroma signature (64 floats summing to 1) of `box` in an `(H, W, 3)` uint8 frame.
#[pyfunction]
#[pyo3(signature = (frame, bbox, /))]
fn chroma_signature<'py>(
    py: Python<'py>,
    frame: PyReadonlyArray3<'py, u8>,
    bbox: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, numpy::PyArray1<f32>>> {
    use numpy::IntoPyArray;
    let img = rgb(&frame, "frame")?;
    let b = to_box(bbox)?;
    let sig = core_detect::chroma_signature(&img, b).map_err(|e| err("chroma_signature", e))?;
    Ok(sig.to_vec().into_pyarray(py))
}

/// The clothes region below a face box in a `width × height` frame (`[x0, y0, x1, y1]`), or
/// None when none of it is inside the frame.
#[pyfunction]
#[pyo3(signature = (face, width, height, /))]
fn torso_box(face: &Bound<'_, PyAny>, width: usize, height: usize) -> PyResult<Option<[f32; 4]>> {
    core_detect::subject::torso_box(to_box(face)?, width, height).map_err(|e| err("torso_box", e))
}

/// Streaming subject-appearance scorer across shots.
#[pyclass(module = "reelscore._native")]
pub struct SubjectTracker {
    inner: Box<core_detect::SubjectTracker>,
}

#[pymethods]
impl SubjectTracker {
    /// `within_shots=False`: compare subjects across cuts only (for boxes a detector finds
    /// afresh in each frame, such as a face and the clothes below it).
    #[new]
    #[pyo3(signature = (*, within_shots=true))]
    fn new(within_shots: bool) -> Self {
        SubjectTracker {
            inner: Box::new(if within_shots {
                core_detect::SubjectTracker::new()
            } else {
                core_detect::SubjectTracker::across_cuts()
            }),
        }
    }

    /// Frames pushed.
    #[getter]
    fn frames(&self) -> u32 {
        self.inner.frames()
    }

    /// Adds one frame: the `(H, W, 3)` uint8 RGB frame, its subjects as `(track_id, box)`
    /// pairs, `new_shot=True` when a cut precedes it, and optional per-subject embeddings
    /// (a list in the same order, float32 1-D arrays).
    #[pyo3(signature = (frame, subjects, /, *, new_shot=false, embeddings=None))]
    fn push(
        &mut self,
        frame: PyReadonlyArray3<'_, u8>,
        subjects: Vec<(u32, Bound<'_, PyAny>)>,
        new_shot: bool,
        embeddings: Option<Vec<PyReadonlyArray1<'_, f32>>>,
    ) -> PyResult<()> {
        let img = rgb(&frame, "frame")?;
        if let Some(e) = &embeddings
            && e.len() != subjects.len()
        {
            return Err(msg(format!(
                "{} embeddings for {} subjects",
                e.len(),
                subjects.len()
            )));
        }
        let embs: Vec<&[f32]> = match &embeddings {
            Some(v) => v
                .iter()
                .map(|a| {
                    a.as_slice()
                        .map_err(|_| PyTypeError::new_err("embeddings must be contiguous"))
                })
                .collect::<PyResult<_>>()?,
            None => Vec::new(),
        };
        let mut obs = Vec::with_capacity(subjects.len());
        for (i, (id, b)) in subjects.iter().enumerate() {
            let sig = core_detect::chroma_signature(&img, to_box(b)?)
                .map_err(|e| err(format!("subject {id}"), e))?;
            obs.push(SubjectObservation {
                track_id: *id,
                signature: sig,
                embedding: embs.get(i).copied(),
            });
        }
        let f = self.inner.frames();
        self.inner
            .push(new_shot, &obs)
            .map_err(|e| err(format!("subjects of frame {f}"), e))
    }

    /// Adds one frame whose subjects' signatures were computed already (`chroma_signature`):
    /// `(track_id, signature)` pairs, e.g. replayed once the clip's cuts are known.
    #[pyo3(signature = (subjects, /, *, new_shot=false))]
    fn push_signatures(
        &mut self,
        subjects: Vec<(u32, PyReadonlyArray1<'_, f32>)>,
        new_shot: bool,
    ) -> PyResult<()> {
        let mut obs = Vec::with_capacity(subjects.len());
        for (id, sig) in &subjects {
            let s = sig
                .as_slice()
                .map_err(|_| PyTypeError::new_err("signatures must be contiguous float32"))?;
            let signature: [f32; SIGNATURE_BINS] = s.try_into().map_err(|_| {
                msg(format!(
                    "subject {id}: a signature has {SIGNATURE_BINS} values, got {}",
                    s.len()
                ))
            })?;
            obs.push(SubjectObservation {
                track_id: *id,
                signature,
                embedding: None,
            });
        }
        let f = self.inner.frames();
        self.inner
            .push(new_shot, &obs)
            .map_err(|e| err(format!("subjects of frame {f}"), e))
    }

    /// `appearance_shift` defects so far.
    fn report(&self) -> Vec<DetectDefect> {
        self.inner.report().0.iter().map(defect).collect()
    }
}

/// The defects a detector scorer (`TextTracker`, `FaceTracker` or `SubjectTracker`) found so
/// far, or one `DetectDefect`, for `ClipScorer.finish`.
pub(crate) fn defects_of(obj: &Bound<'_, PyAny>) -> PyResult<Vec<CoreDefect>> {
    if let Ok(t) = obj.cast::<TextTracker>() {
        return Ok(t.borrow().inner.report().defects.to_vec());
    }
    if let Ok(t) = obj.cast::<FaceTracker>() {
        return Ok(t.borrow().inner.report().defect.into_iter().collect());
    }
    if let Ok(t) = obj.cast::<SubjectTracker>() {
        return Ok(t.borrow().inner.report().0.to_vec());
    }
    if let Ok(d) = obj.cast::<DetectDefect>() {
        let d = d.get();
        return Ok(vec![CoreDefect {
            kind: kind_of(&d.kind)?,
            id: d.id,
            start: d.start,
            end: d.end,
            severity: d.severity,
        }]);
    }
    Err(PyTypeError::new_err(format!(
        "detectors must be TextTracker, FaceTracker, SubjectTracker or DetectDefect objects, got {}",
        obj.get_type().name()?
    )))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(score_text, m)?)?;
    m.add_function(wrap_pyfunction!(score_face, m)?)?;
    m.add_function(wrap_pyfunction!(chroma_signature, m)?)?;
    m.add_function(wrap_pyfunction!(torso_box, m)?)?;
    m.add_class::<TextTracker>()?;
    m.add_class::<FaceTracker>()?;
    m.add_class::<SubjectTracker>()?;
    m.add_class::<DetectDefect>()?;
    let kinds: Vec<&str> = DetectDefectKind::ALL.iter().map(|k| k.name()).collect();
    m.add("DETECT_DEFECT_KINDS", kinds)?;
    m.add("SIGNATURE_BINS", SIGNATURE_BINS)?;
    m.add("HUE_BINS", core_detect::subject::HUE_BINS)?;
    m.add("TORSO_HALF_WIDTH", core_detect::subject::TORSO_HALF_WIDTH)?;
    m.add("TORSO_HEIGHT", core_detect::subject::TORSO_HEIGHT)?;
    m.add("CHROMA_RINGS", core_detect::subject::CHROMA_RINGS)?;
    m.add("NEUTRAL_CHROMA", core_detect::subject::NEUTRAL_CHROMA)?;
    m.add("NEW_COLOUR_FLOOR", core_detect::subject::NEW_COLOUR_FLOOR)?;
    m.add("NEW_COLOUR_SHARE", core_detect::subject::NEW_COLOUR_SHARE)?;
    m.add(
        "APPEARANCE_SHIFT_DISTANCE",
        core_detect::subject::APPEARANCE_SHIFT_DISTANCE,
    )?;
    Ok(())
}
