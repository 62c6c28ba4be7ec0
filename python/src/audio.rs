//! Audio for Python: `AudioScorer` (streaming) and `score_audio` (one call) over numpy PCM.
//!
//! Samples are `float32` (full scale ±1) or `int16`, either 1-D interleaved or 2-D
//! `(frames, channels)` C-contiguous; they are borrowed without copying (`float64` is accepted
//! and converted to `float32`). The GIL is released while the core works.

use numpy::{
    IntoPyArray, PyArrayDescrMethods, PyReadonlyArrayDyn, PyUntypedArray, PyUntypedArrayMethods,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use reelscore::audio::{self as core_audio, AudioConfig, AudioDefectKind, SubblockReading, config};

use crate::arrays::{describe, flat, view};
use crate::errors::{err, msg};

/// One located audio defect (times in seconds).
#[pyclass(module = "reelscore._native", frozen, get_all)]
#[derive(Clone)]
pub struct AudioDefect {
    /// Kind name: clipping, too_quiet, too_loud, silence, monotone_voice.
    pub kind: String,
    /// Start, seconds.
    pub start: f64,
    /// End, seconds.
    pub end: f64,
    /// Severity, 0–1.
    pub severity: f64,
}

#[pymethods]
impl AudioDefect {
    fn __repr__(&self) -> String {
        format!(
            "AudioDefect(kind={:?}, start={:.3}, end={:.3}, severity={:.3})",
            self.kind, self.start, self.end, self.severity
        )
    }
}

/// The report on an audio stream.
#[pyclass(module = "reelscore._native", frozen, get_all)]
pub struct AudioReport {
    /// Located defects, by start time.
    pub defects: Vec<AudioDefect>,
    /// Whole-stream figures (loudness in LUFS/LU, peaks in dB, F0 in Hz, shares 0–1).
    pub metrics: Py<PyDict>,
}

#[pymethods]
impl AudioReport {
    fn __repr__(&self, py: Python<'_>) -> String {
        let kinds: Vec<&str> = self.defects.iter().map(|d| d.kind.as_str()).collect();
        let m = self.metrics.bind(py);
        let get = |k: &str| -> f64 {
            m.get_item(k)
                .ok()
                .flatten()
                .and_then(|v| v.extract().ok())
                .unwrap_or(f64::NAN)
        };
        format!(
            "AudioReport(integrated_lufs={:.2}, true_peak_dbtp={:.2}, defects={kinds:?})",
            get("integrated_lufs"),
            get("true_peak_dbtp")
        )
    }
}

/// The audio metrics as a dict (also `ClipReport.audio`).
pub(crate) fn metrics_dict<'py>(
    py: Python<'py>,
    m: &core_audio::AudioMetrics,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in [
        ("duration", m.duration),
        ("integrated_lufs", m.integrated_lufs),
        ("momentary_max_lufs", m.momentary_max_lufs),
        ("short_term_max_lufs", m.short_term_max_lufs),
        ("loudness_range_lu", m.loudness_range_lu),
        ("true_peak_dbtp", m.true_peak_dbtp),
        ("sample_peak_dbfs", m.sample_peak_dbfs),
        ("clipped_fraction", m.clipped_fraction),
        ("silence_ratio", m.silence_ratio),
        ("voiced_fraction", m.voiced_fraction),
        ("f0_median_hz", m.f0_median_hz),
        ("f0_spread_semitones", m.f0_spread_semitones),
    ] {
        d.set_item(k, v)?;
    }
    for (k, v) in [
        ("gated_blocks", m.gated_blocks),
        ("pitch_frames", m.pitch_frames),
        ("voiced_frames", m.voiced_frames),
        ("dropped_defects", m.dropped_defects),
    ] {
        d.set_item(k, v)?;
    }
    Ok(d)
}

fn report_to_py(py: Python<'_>, r: &core_audio::AudioReport) -> PyResult<AudioReport> {
    let d = metrics_dict(py, &r.metrics)?;
    Ok(AudioReport {
        defects: r
            .defects
            .iter()
            .map(|x| AudioDefect {
                kind: x.kind.name().to_string(),
                start: x.start,
                end: x.end,
                severity: x.severity,
            })
            .collect(),
        metrics: d.unbind(),
    })
}

/// Pushes a numpy PCM array into `s`, releasing the GIL; the 100 ms sub-blocks it closes are
/// appended to `readings`.
fn push_array(
    py: Python<'_>,
    s: &mut core_audio::AudioScorer,
    samples: &Bound<'_, PyAny>,
    readings: &mut Vec<SubblockReading>,
) -> PyResult<()> {
    let keep = |r: SubblockReading| readings.push(r);
    let arr = samples.cast::<PyUntypedArray>().map_err(|_| {
        PyTypeError::new_err(format!(
            "samples must be a numpy array, got {}",
            describe(samples)
        ))
    })?;
    let ch = s.config().channels as usize;
    let shape = arr.shape().to_vec();
    match shape.as_slice() {
        [_] => {}
        [_, c] if *c == ch => {}
        _ => {
            return Err(msg(format!(
                "samples must be 1-D interleaved or 2-D (frames, {ch}), got {}",
                describe(samples)
            )));
        }
    }
    let dt = arr.dtype();
    let py_ = samples.py();
    let context = || format!("samples ({})", describe(samples));
    if dt.is_equiv_to(&numpy::dtype::<f32>(py_)) {
        let a: PyReadonlyArrayDyn<'_, f32> = samples.extract()?;
        let x = flat(&a, "samples")?;
        py.detach(|| s.push_f32_with(&x, keep))
            .map_err(|e| err(context(), e))
    } else if dt.is_equiv_to(&numpy::dtype::<i16>(py_)) {
        let a: PyReadonlyArrayDyn<'_, i16> = samples.extract()?;
        let x = flat(&a, "samples")?;
        py.detach(|| s.push_i16_with(&x, keep))
            .map_err(|e| err(context(), e))
    } else if dt.is_equiv_to(&numpy::dtype::<f64>(py_)) {
        let a: PyReadonlyArrayDyn<'_, f64> = samples.extract()?;
        let x: Vec<f32> = view(&a, "samples")?.iter().map(|&v| v as f32).collect();
        py.detach(|| s.push_f32_with(&x, keep))
            .map_err(|e| err(context(), e))
    } else {
        Err(PyTypeError::new_err(format!(
            "{}: samples must be float32, int16 or float64",
            context()
        )))
    }
}

fn new_scorer(cfg: AudioConfig) -> Result<Box<core_audio::AudioScorer>, reelscore::Error> {
    Ok(Box::new(core_audio::AudioScorer::new(cfg)?))
}

fn make_config(rate: u32, channels: u32, target_lufs: f64) -> PyResult<AudioConfig> {
    AudioConfig::new(rate, channels)
        .and_then(|c| c.with_target(target_lufs))
        .map_err(|e| {
            err(
                format!("AudioScorer(rate={rate}, channels={channels}, target_lufs={target_lufs})"),
                e,
            )
        })
}

/// Streaming audio scorer: `push` PCM blocks in order, `report()` at any time.
#[pyclass(module = "reelscore._native")]
pub struct AudioScorer {
    inner: Box<core_audio::AudioScorer>,
    /// Every closed 100 ms sub-block, for `loudness_series`.
    readings: Vec<SubblockReading>,
}

impl AudioScorer {
    /// The core's report on everything pushed so far (for `ClipScorer.finish`).
    pub(crate) fn core_report(&self) -> core_audio::AudioReport {
        self.inner.report()
    }
}

#[pymethods]
impl AudioScorer {
    #[new]
    // -14.0 = config::DEFAULT_TARGET_LUFS (asserted in test_audio.py); spelled out for the stubs.
    #[pyo3(
        signature = (rate, channels, *, target_lufs=-14.0),
        text_signature = "(rate, channels, *, target_lufs=-14.0)"
    )]
    fn new(rate: u32, channels: u32, target_lufs: f64) -> PyResult<Self> {
        let cfg = make_config(rate, channels, target_lufs)?;
        Ok(AudioScorer {
            inner: new_scorer(cfg).map_err(|e| err("AudioScorer", e))?,
            readings: Vec::new(),
        })
    }

    /// Sample frames (one sample per channel) pushed so far.
    #[getter]
    fn frames(&self) -> u64 {
        self.inner.frames()
    }

    /// Samples per second.
    #[getter]
    fn rate(&self) -> u32 {
        self.inner.config().sample_rate
    }

    /// Channels (1, 2 or 6).
    #[getter]
    fn channels(&self) -> u32 {
        self.inner.config().channels
    }

    /// Pushes `float32`/`int16`/`float64` samples: 1-D interleaved or `(frames, channels)`
    /// (C-contiguous float32/int16 arrays are borrowed; other layouts are read in index order).
    #[pyo3(signature = (samples, /))]
    fn push(&mut self, py: Python<'_>, samples: &Bound<'_, PyAny>) -> PyResult<()> {
        push_array(py, &mut self.inner, samples, &mut self.readings)
    }

    /// Loudness over time, one entry per 100 ms sub-block pushed so far (numpy float64 arrays):
    /// `time` (its end, seconds), `momentary_lufs` (the 400 ms ending there, floored at
    /// `LOUDNESS_FLOOR_LUFS`) and `peak_dbfs` (its largest sample, floored at `PEAK_FLOOR_DB`).
    fn loudness_series<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let step =
            self.inner.config().subblock_len() as f64 / f64::from(self.inner.config().sample_rate);
        let d = PyDict::new(py);
        let col =
            |f: fn(&SubblockReading) -> f64| -> Vec<f64> { self.readings.iter().map(f).collect() };
        d.set_item(
            "time",
            self.readings
                .iter()
                .map(|r| (r.index + 1) as f64 * step)
                .collect::<Vec<f64>>()
                .into_pyarray(py),
        )?;
        d.set_item("momentary_lufs", col(|r| r.momentary_lufs).into_pyarray(py))?;
        d.set_item("peak_dbfs", col(|r| r.peak_dbfs).into_pyarray(py))?;
        Ok(d)
    }

    /// The report on everything pushed so far.
    fn report(&self, py: Python<'_>) -> PyResult<AudioReport> {
        report_to_py(py, &self.core_report())
    }

    /// Forgets every sample (same configuration).
    fn reset(&mut self) -> PyResult<()> {
        let cfg = self.inner.config();
        self.readings.clear();
        self.inner
            .reset(cfg)
            .map_err(|e| err("AudioScorer.reset", e))
    }
}

/// Scores a whole PCM array: `(frames, channels)` or 1-D interleaved with `channels=`.
#[pyfunction]
#[pyo3(
    signature = (samples, /, rate, channels=None, *, target_lufs=-14.0),
    text_signature = "(samples, /, rate, channels=None, *, target_lufs=-14.0)"
)]
fn score_audio(
    py: Python<'_>,
    samples: &Bound<'_, PyAny>,
    rate: u32,
    channels: Option<u32>,
    target_lufs: f64,
) -> PyResult<AudioReport> {
    let arr = samples.cast::<PyUntypedArray>().map_err(|_| {
        PyTypeError::new_err(format!(
            "samples must be a numpy array, got {}",
            describe(samples)
        ))
    })?;
    let ch = match (arr.shape(), channels) {
        ([_, c], None) => *c as u32,
        ([_, c], Some(k)) if *c as u32 == k => k,
        ([_], Some(k)) => k,
        ([_], None) => 1,
        _ => {
            return Err(msg(format!(
                "samples must be 1-D interleaved or 2-D (frames, channels), got {} with channels={channels:?}",
                describe(samples)
            )));
        }
    };
    let mut s =
        new_scorer(make_config(rate, ch, target_lufs)?).map_err(|e| err("score_audio", e))?;
    push_array(py, &mut s, samples, &mut Vec::new())?;
    report_to_py(py, &s.report())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(score_audio, m)?)?;
    m.add_class::<AudioScorer>()?;
    m.add_class::<AudioReport>()?;
    m.add_class::<AudioDefect>()?;
    let kinds: Vec<&str> = AudioDefectKind::ALL.iter().map(|k| k.name()).collect();
    m.add("AUDIO_DEFECT_KINDS", kinds)?;
    m.add("DEFAULT_TARGET_LUFS", config::DEFAULT_TARGET_LUFS)?;
    m.add("LOUDNESS_TOLERANCE_LU", config::LOUDNESS_TOLERANCE_LU)?;
    m.add("LOUDNESS_FLOOR_LUFS", config::LOUDNESS_FLOOR_LUFS)?;
    m.add("PEAK_FLOOR_DB", config::PEAK_FLOOR_DB)?;
    m.add("SILENCE_LUFS", config::SILENCE_LUFS)?;
    m.add("CLIP_LEVEL", f64::from(config::CLIP_LEVEL))?;
    m.add(
        "MONOTONE_SPREAD_SEMITONES",
        config::MONOTONE_SPREAD_SEMITONES,
    )?;
    m.add("YIN_HOP_SECONDS", config::YIN_HOP_SECONDS)?;
    Ok(())
}
