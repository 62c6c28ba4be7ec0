//! The audio scorer for C: BS.1770-4 loudness, EBU loudness range, true peak, clipping,
//! silence and YIN prosody over interleaved PCM.
//!
//! Two ways to hold a scorer: `reel_audio_scorer_new`/`_free` (heap), or, for callers without a
//! heap, `reel_audio_scorer_size()`/`_align()` bytes of their own memory handed to
//! `reel_audio_scorer_init`. `reel_audio_scorer_report` computes the report on everything
//! pushed so far (the stream can continue); its defects are then read with
//! `reel_audio_scorer_defect`.
//!
//! # Safety (all functions)
//! Handles must come from `_new` or `_init` and be used by one thread at a time; sample
//! pointers must be readable for the given number of samples; out-pointers must be valid for
//! writes (NULL returns a status).

use crate::guard::{Zeroable, get, get_mut, guard, into_heap, null, place, put, slice, zeroed_in};
use crate::status::reel_status;
use reelscore::audio::{AudioConfig, AudioMetrics, AudioReport, AudioScorer};

/// Audio defect kind codes, as stored in `ReelAudioDefect.kind`.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)] // C naming
pub enum reel_audio_defect_kind {
    /// Runs of full-scale samples.
    REEL_AUDIO_DEFECT_CLIPPING = 0,
    /// Integrated loudness far below the target.
    REEL_AUDIO_DEFECT_TOO_QUIET = 1,
    /// Integrated loudness far above the target.
    REEL_AUDIO_DEFECT_TOO_LOUD = 2,
    /// A stretch of (near) digital silence.
    REEL_AUDIO_DEFECT_SILENCE = 3,
    /// Voiced sound with almost no pitch movement.
    REEL_AUDIO_DEFECT_MONOTONE_VOICE = 4,
}

/// One located audio defect: `start..end` seconds, severity 0–1, `kind` a
/// `reel_audio_defect_kind`.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct ReelAudioDefect {
    /// A `reel_audio_defect_kind` value.
    pub kind: u32,
    /// Start, seconds.
    pub start: f64,
    /// End, seconds.
    pub end: f64,
    /// Severity, 0–1.
    pub severity: f64,
}

/// Opaque audio-scorer handle. All-zero bytes are a valid unconfigured state.
pub struct ReelAudioScorer {
    pub(crate) scorer: AudioScorer,
    report: AudioReport,
}

// SAFETY: the core's `AudioScorer` is made of integers, floats, `bool`s, arrays and structs of
// them and a `heapless::Vec` (its unconfigured state is all-zero bytes); `AudioReport` holds
// `AudioMetrics` (integers and floats) and a `heapless::Vec`.
unsafe impl Zeroable for ReelAudioScorer {}

memory_fns!(
    ReelAudioScorer,
    reel_audio_scorer_init,
    reel_audio_scorer_size,
    reel_audio_scorer_align,
    reel_audio_scorer_free(s),
    reel_audio_scorer_new
);

fn config(rate: u32, channels: u32, target_lufs: f64) -> Result<AudioConfig, reel_status> {
    Ok(AudioConfig::new(rate, channels)?.with_target(target_lufs)?)
}

/// Configures the scorer `s` in place (a zeroed one included).
fn setup(s: &mut ReelAudioScorer, cfg: AudioConfig) -> Result<(), reel_status> {
    s.scorer.reset(cfg)?;
    s.report.defects.clear();
    s.report.metrics = AudioMetrics::default();
    Ok(())
}

/// Places a scorer for `channels` (1, 2 or 6: L R C LFE Ls Rs) interleaved channels at `rate`
/// Hz (8000–192000) with a target loudness `target_lufs` (e.g.
/// `REEL_AUDIO_DEFAULT_TARGET_LUFS`) in the caller's `buffer` (`buffer_len ≥
/// reel_audio_scorer_size()`, aligned to `reel_audio_scorer_align()`); no heap. `*out` receives
/// the handle (which is `buffer`). Do not call `_free` on it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_audio_scorer_init(
    buffer: *mut core::ffi::c_void,
    buffer_len: usize,
    rate: u32,
    channels: u32,
    target_lufs: f64,
    out: *mut *mut ReelAudioScorer,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        place(buffer, buffer_len, out, |p: *mut ReelAudioScorer| {
            let cfg = config(rate, channels, target_lufs)?;
            setup(zeroed_in(p), cfg)
        })
    })
}

/// Allocates a scorer (parameters as `reel_audio_scorer_init`); free it with
/// `reel_audio_scorer_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_audio_scorer_new(
    rate: u32,
    channels: u32,
    target_lufs: f64,
    out: *mut *mut ReelAudioScorer,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        if out.is_null() {
            return Err(null("out"));
        }
        let cfg = config(rate, channels, target_lufs)?;
        let scorer = AudioScorer::new(cfg)?;
        let p = into_heap(ReelAudioScorer {
            scorer,
            report: AudioReport {
                metrics: AudioMetrics::default(),
                defects: heapless::Vec::new(),
            },
        })?;
        put(out, p, "out")
    })
}

/// Forgets every sample and configures the scorer for a new stream.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_audio_scorer_reset(
    s: *mut ReelAudioScorer,
    rate: u32,
    channels: u32,
    target_lufs: f64,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let s = get_mut(s, "s")?;
        setup(s, config(rate, channels, target_lufs)?)
    })
}

/// The body of `_push_f32` / `_push_i16`: `f` on the scorer and the `len` samples.
///
/// # Safety
/// `s` is NULL or a valid handle; `samples` is NULL or readable for `len` samples.
unsafe fn push<T>(
    s: *mut ReelAudioScorer,
    samples: *const T,
    len: usize,
    f: fn(&mut AudioScorer, &[T]) -> Result<(), reelscore::Error>,
) -> reel_status {
    // SAFETY: forwarded caller contract.
    guard(|| unsafe {
        let x = slice(samples, len, "samples")?;
        Ok(f(&mut get_mut(s, "s")?.scorer, x)?)
    })
}

/// Pushes `len` interleaved `float` samples (a whole number of frames, full scale ±1).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_audio_scorer_push_f32(
    s: *mut ReelAudioScorer,
    samples: *const f32,
    len: usize,
) -> reel_status {
    // SAFETY: see the module docs.
    unsafe { push(s, samples, len, AudioScorer::push_f32) }
}

/// Pushes `len` interleaved `int16_t` samples (a whole number of frames, scaled by 1/32768).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_audio_scorer_push_i16(
    s: *mut ReelAudioScorer,
    samples: *const i16,
    len: usize,
) -> reel_status {
    // SAFETY: see the module docs.
    unsafe { push(s, samples, len, AudioScorer::push_i16) }
}

/// Computes the report on everything pushed so far: metrics into `*metrics`, the number of
/// defects into `*defects` (read each with `reel_audio_scorer_defect`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_audio_scorer_report(
    s: *mut ReelAudioScorer,
    metrics: *mut AudioMetrics,
    defects: *mut u32,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        if metrics.is_null() || defects.is_null() {
            let name = if metrics.is_null() {
                "metrics"
            } else {
                "defects"
            };
            return Err(null(name));
        }
        let s = get_mut(s, "s")?;
        s.report = s.scorer.report();
        put(metrics, s.report.metrics, "metrics")?;
        put(defects, s.report.defects.len() as u32, "defects")
    })
}

/// Defect `index` (0-based, by start time) of the last `reel_audio_scorer_report`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_audio_scorer_defect(
    s: *const ReelAudioScorer,
    index: u32,
    out: *mut ReelAudioDefect,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let s = get(s, "s")?;
        let d = s
            .report
            .defects
            .get(index as usize)
            .ok_or(reel_status::REEL_STATUS_INVALID_VALUE)?;
        put(
            out,
            ReelAudioDefect {
                kind: d.kind as u32,
                start: d.start,
                end: d.end,
                severity: d.severity,
            },
            "out",
        )
    })
}
