//! The clip scorer, embedding consistency and track plausibility for C.
//!
//! Two ways to hold a scorer: `reel_clip_scorer_new`/`_free` (heap), or, for callers without a
//! heap, `reel_clip_scorer_size()`/`_align()` bytes of their own memory handed to
//! `reel_clip_scorer_init`. The handle is opaque; using it after `_free` (or after its memory
//! is reused) cannot be detected and is undefined behaviour, like any use-after-free in C.
//! Defects and cuts of a finished clip are read with `reel_clip_scorer_defect` and `_cut`.
//!
//! # Safety (all functions)
//! Handles must come from `_new` or `_init` and be used by one thread at a time; plane structs
//! must describe readable memory; out-pointers must be valid for writes (NULL returns a status).

use crate::audio::ReelAudioScorer;
use crate::detect::ReelDetectDefect;
use crate::guard::{
    Zeroable, bad_enum, free_heap, get, get_mut, guard, into_heap, null, put, slice, slice_mut,
};
use crate::status::reel_status;
use crate::types::{ReelPlane, ReelRgb};
use core::ffi::c_char;
use reelscore::Yuv420;
use reelscore::audio::AudioReport;
use reelscore::clip::flight_paths::{FlightLog, FlightPaths, NoFlightPaths};
use reelscore::clip::{
    self, ClipConfig, ClipMetrics, ClipReport, ClipScorerWith, Consistency, Defect, DefectKind,
    FrameObservation, TrackConfig, TrackReport, VerdictConfig,
    config::{SERIES_RECORDS, WORK_PIXELS},
};
use reelscore::detect::salient::{SalientSlot, SalientTracker};
use reelscore::detect::{DetectDefect, DetectDefectKind, MAX_DETECT_DEFECTS};

/// Defect kind codes, as stored in `ReelDefect.kind`.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)] // C naming
pub enum reel_defect_kind {
    /// Brightness pumping that motion does not explain.
    REEL_DEFECT_FLICKER = 0,
    /// The picture stops changing for a while.
    REEL_DEFECT_FREEZE = 1,
    /// The whole take barely moves.
    REEL_DEFECT_STATIC = 2,
    /// Soft frames.
    REEL_DEFECT_BLUR = 3,
    /// Noise.
    REEL_DEFECT_NOISE = 4,
    /// Coding-block grid.
    REEL_DEFECT_BLOCKINESS = 5,
    /// Blown highlights.
    REEL_DEFECT_OVEREXPOSED = 6,
    /// Crushed or dark picture.
    REEL_DEFECT_UNDEREXPOSED = 7,
    /// Flat picture.
    REEL_DEFECT_LOW_CONTRAST = 8,
    /// Camera shake.
    REEL_DEFECT_SHAKE = 9,
    /// A region's colour jumps inside a shot.
    REEL_DEFECT_COLOR_SHIFT = 10,
    /// Sound: runs of full-scale samples.
    REEL_DEFECT_CLIPPING = 11,
    /// Sound: integrated loudness far below the target.
    REEL_DEFECT_TOO_QUIET = 12,
    /// Sound: integrated loudness far above the target.
    REEL_DEFECT_TOO_LOUD = 13,
    /// Sound: a stretch of (near) digital silence.
    REEL_DEFECT_SILENCE = 14,
    /// Sound: voiced sound with almost no pitch movement.
    REEL_DEFECT_MONOTONE_VOICE = 15,
    /// Detectors: OCR readings that are unreliable or morph.
    REEL_DEFECT_GARBLED_TEXT = 16,
    /// Detectors: a face that does not blink and barely moves.
    REEL_DEFECT_STIFF_FACE = 17,
    /// Detectors: a subject whose colours or identity change.
    REEL_DEFECT_APPEARANCE_SHIFT = 18,
    /// Too short to judge: a still image or a handful of frames.
    REEL_DEFECT_TOO_SHORT = 19,
    /// Texture re-drawn from frame to frame instead of moving.
    REEL_DEFECT_BOILING = 20,
    /// Content that appears at once and vanishes again, without a cut or motion.
    REEL_DEFECT_POPPING = 21,
    /// An object moving against physics: falls upward or jumps across the frame.
    REEL_DEFECT_IMPOSSIBLE_MOTION = 22,
}

/// One located defect: frames `start..=end`, severity 0–1, `kind` a `reel_defect_kind`, and
/// the points of the score it costs (a clip's points add up to `100 − score`).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct ReelDefect {
    /// A `reel_defect_kind` value.
    pub kind: u32,
    /// First frame (0-based).
    pub start: u32,
    /// Last frame (inclusive).
    pub end: u32,
    /// Where in the picture, when the defect is local: left, top, right, bottom in 255ths of
    /// the frame's width and height; all 0 when it concerns the whole picture or its place is
    /// not known.
    pub region: [u8; 4],
    /// Severity, 0–1.
    pub severity: f64,
    /// Points of the 0–100 score this defect costs.
    pub points: f64,
}

/// How near a finished clip without defects came to one kind's threshold, and what that
/// costs: `closeness` 0–1 (0 = far), `points` of the 0–100 score. Together with the defects'
/// points, the near misses' add up to `100 − score`; a clip with a defect has none.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct ReelNearMiss {
    /// 0–1: how near the rule's signal came to its threshold (log scale; 0 = far).
    pub closeness: f64,
    /// Points of the 0–100 score this near miss costs.
    pub points: f64,
}

/// The verdict of a finished clip.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct ReelClipSummary {
    /// 0–100, higher = more usable.
    pub score: f64,
    /// Number of defects (read each with `reel_clip_scorer_defect`).
    pub defects: u32,
    /// Number of scene cuts (read each with `reel_clip_scorer_cut`).
    pub cuts: u32,
    /// Whole-clip metrics.
    pub metrics: ClipMetrics,
}

/// A finished clip's defect as the handle keeps it: its points are recomputed from the list
/// when read (`verdict::score_and_points_with`, bit for bit the core's), which keeps the device
/// handle within its 32 KiB budget.
#[derive(Debug, Clone, Copy, Default)]
struct Kept {
    kind: u32,
    start: u32,
    end: u32,
    region: [u8; 4],
    severity: f64,
}

/// Opaque clip-scorer handle. All-zero bytes are a valid unconfigured state.
pub struct ReelClipScorer(pub(crate) Handle<WORK_PIXELS, SERIES_RECORDS, SettableVerdict>);

// SAFETY: a `Handle` (see below) of the default capacities.
unsafe impl Zeroable for ReelClipScorer {}

/// A core scorer of any capacity plus its finished clip's defects and cuts in C form: the state
/// behind [`ReelClipScorer`] and the device-sized `ReelDeviceClipScorer` (`device.rs`), so both
/// share one finish/defect/cut implementation. All-zero bytes are a valid unconfigured state
/// (the core scorer promises it; empty heapless vectors; `false`; `V` is `Zeroable`).
pub(crate) struct Handle<
    const PIXELS: usize,
    const RECORDS: usize,
    V,
    S = SalientTracker,
    P = FlightPaths,
> {
    pub(crate) scorer: ClipScorerWith<PIXELS, RECORDS, S, P>,
    defects: heapless::Vec<Kept, { clip::config::MAX_DEFECTS }>,
    near: clip::verdict::NearMisses,
    score: f64,
    metrics: ClipMetrics,
    finished: bool,
    has_audio: bool,
    verdict: V,
}

// SAFETY: the core scorer documents all-zero bytes as its valid unconfigured state (integer,
// float and `bool` fields, arrays of them, `heapless::Vec`s); `defects` is a `heapless::Vec` of
// plain `Kept` records, `score` an `f64`, `metrics` integers and floats, the flags `bool`, and
// `verdict`, the salient slot and the flight log are `Zeroable` by the bounds.
unsafe impl<const PIXELS: usize, const RECORDS: usize, V: Zeroable, S: Zeroable, P: Zeroable>
    Zeroable for Handle<PIXELS, RECORDS, V, S, P>
{
}

// SAFETY: the core documents all-zero bytes as a valid empty `SalientTracker` (a byte map,
// `bool`s, integers, a `heapless::Vec`).
unsafe impl Zeroable for SalientTracker {}
// SAFETY: a zero-sized type.
unsafe impl Zeroable for reelscore::detect::salient::NoSalient {}
// SAFETY: the core documents all-zero bytes as a valid empty `FlightPaths` (`heapless::Vec`s,
// `bool`s, integers and floats).
unsafe impl Zeroable for FlightPaths {}
// SAFETY: a zero-sized type.
unsafe impl Zeroable for NoFlightPaths {}

/// Where a [`Handle`] keeps the verdict its clips are scored with.
pub(crate) trait VerdictSlot {
    /// The verdict in force.
    fn get(&self) -> VerdictConfig;
}

/// The rules' verdict, fixed: the device handle's (a weight table per kind would not fit its
/// 32 KiB budget on 64-bit hosts with the artefact trackers).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RulesVerdict;

// SAFETY: a zero-sized type.
unsafe impl Zeroable for RulesVerdict {}

impl VerdictSlot for RulesVerdict {
    fn get(&self) -> VerdictConfig {
        VerdictConfig::DEFAULT
    }
}

/// A verdict set through `reel_clip_scorer_set_weight` / `_ignore_kind` once `set`; the rules'
/// before, so all-zero bytes mean the default.
pub(crate) struct SettableVerdict {
    verdict: VerdictConfig,
    set: bool,
}

// SAFETY: `VerdictConfig` is an array of `f64` and a `u32` mask (all-zero: valid, if not the
// default, which `set == false` stands for); `set` is a `bool`.
unsafe impl Zeroable for SettableVerdict {}

impl VerdictSlot for SettableVerdict {
    fn get(&self) -> VerdictConfig {
        if self.set {
            self.verdict
        } else {
            VerdictConfig::DEFAULT
        }
    }
}

impl<const PIXELS: usize, const RECORDS: usize, S: SalientSlot, P: FlightLog>
    Handle<PIXELS, RECORDS, SettableVerdict, S, P>
{
    /// Scores with `verdict` from now on: a finished clip is rescored at once (the defects of
    /// the kinds it ignores dropped, for good: `ClipReport::set_verdict`), and the clips after
    /// the next `_reset` follow it too.
    pub(crate) fn set_verdict(&mut self, verdict: VerdictConfig) -> Result<(), reel_status> {
        self.verdict = SettableVerdict { verdict, set: true };
        if self.finished {
            self.amend(|r| {
                r.set_verdict(verdict);
                Ok(())
            })?;
        }
        Ok(())
    }

    /// [`Self::set_verdict`] with kind `kind`'s weight changed to `weight` (in `[0, 1)`).
    pub(crate) fn set_weight(&mut self, kind: u32, weight: f64) -> Result<(), reel_status> {
        let v = self.verdict().with_weight(defect_kind(kind)?, weight)?;
        self.set_verdict(v)
    }

    /// [`Self::set_verdict`] with kind `kind` ignored.
    pub(crate) fn ignore_kind(&mut self, kind: u32) -> Result<(), reel_status> {
        let v = self.verdict().ignoring(defect_kind(kind)?);
        self.set_verdict(v)
    }

    /// The weight this scorer gives kind `kind` (0 when ignored).
    pub(crate) fn weight(&self, kind: u32) -> Result<f64, reel_status> {
        Ok(self.verdict().weight(defect_kind(kind)?))
    }
}

impl<const PIXELS: usize, const RECORDS: usize, V: VerdictSlot, S: SalientSlot, P: FlightLog>
    Handle<PIXELS, RECORDS, V, S, P>
{
    /// Forgets every frame and configures the scorer for a new clip.
    pub(crate) fn setup(&mut self, cfg: ClipConfig) -> Result<(), reel_status> {
        self.scorer.reset(cfg)?;
        self.defects.clear();
        self.finished = false;
        self.has_audio = false;
        Ok(())
    }

    /// [`Self::setup`] for a new clip of a configured scorer: the analysis budget set with
    /// `reel_*_set_analysis_pixels` is a setting of the scorer and carries over.
    pub(crate) fn reset(&mut self, cfg: ClipConfig) -> Result<(), reel_status> {
        let budget = self.scorer.config().analysis_pixels;
        let cfg = if budget > 0 {
            cfg.with_analysis_pixels(budget)?
        } else {
            cfg
        };
        self.setup(cfg)
    }

    /// Restarts the clip (same size and rate) with another analysis budget.
    pub(crate) fn set_analysis_pixels(&mut self, pixels: usize) -> Result<(), reel_status> {
        if self.scorer.config().width == 0 {
            return Err(reel_status::REEL_STATUS_INVALID_STATE); // never configured
        }
        let cfg = self.scorer.config().with_analysis_pixels(pixels)?;
        self.setup(cfg)
    }

    /// The verdict this scorer applies.
    fn verdict(&self) -> VerdictConfig {
        self.verdict.get()
    }

    /// Keeps a report's verdict for [`Self::defect`] and [`Self::summary`] (cuts stay in the
    /// scorer).
    fn keep(&mut self, r: &ClipReport) {
        self.defects.clear();
        for d in &r.defects {
            let _ = self.defects.push(Kept {
                kind: d.kind as u32,
                start: d.start,
                end: d.end,
                region: d.region,
                severity: d.severity,
            });
        }
        self.near = r.near;
        self.score = r.score;
        self.metrics = r.metrics;
    }

    fn summary(&self) -> ReelClipSummary {
        ReelClipSummary {
            score: self.score,
            defects: self.defects.len() as u32,
            cuts: self.scorer.cuts().len() as u32,
            metrics: self.metrics,
        }
    }

    /// The finished clip's summary as it stands (after any fold-in or verdict change).
    pub(crate) fn finished_summary(&self) -> Result<ReelClipSummary, reel_status> {
        if !self.finished {
            return Err(reel_status::REEL_STATUS_INVALID_STATE);
        }
        Ok(self.summary())
    }

    /// Ends the clip: keeps its verdict for [`Self::defect`] and [`Self::cut`].
    pub(crate) fn finish(&mut self) -> Result<ReelClipSummary, reel_status> {
        let mut r = self.scorer.finish()?;
        r.set_verdict(self.verdict());
        self.keep(&r);
        self.finished = true;
        Ok(self.summary())
    }

    /// The finished clip's report under `verdict`: the kept defects of the kinds it ignores
    /// dropped, the score and every point recomputed (`ClipReport::set_verdict`, the core's).
    pub(crate) fn report(&self, verdict: VerdictConfig) -> Result<ClipReport, reel_status> {
        if !self.finished {
            return Err(reel_status::REEL_STATUS_INVALID_STATE);
        }
        let mut r = ClipReport {
            score: self.score,
            defects: self.core_defects(),
            near: self.near,
            cuts: heapless::Vec::new(),
            metrics: self.metrics,
            audio: None,
            verdict: self.verdict(),
        };
        r.set_verdict(verdict);
        Ok(r)
    }

    /// Runs `f` on the finished clip's report and keeps the result (nothing changes on error).
    fn amend(
        &mut self,
        f: impl FnOnce(&mut ClipReport) -> Result<(), reelscore::Error>,
    ) -> Result<ReelClipSummary, reel_status> {
        let mut r = self.report(self.verdict())?;
        f(&mut r)?;
        self.keep(&r);
        Ok(self.summary())
    }

    /// Folds a sound-track report into the finished clip (once).
    pub(crate) fn add_audio(
        &mut self,
        audio: &AudioReport,
    ) -> Result<ReelClipSummary, reel_status> {
        if self.has_audio {
            return Err(reel_status::REEL_STATUS_INVALID_STATE);
        }
        let out = self.amend(|r| r.add_audio(audio))?;
        self.has_audio = true;
        Ok(out)
    }

    /// Folds detector defects into the finished clip.
    pub(crate) fn add_detections(
        &mut self,
        defects: &[ReelDetectDefect],
    ) -> Result<ReelClipSummary, reel_status> {
        let mut core: heapless::Vec<DetectDefect, { MAX_DETECT_DEFECTS }> = heapless::Vec::new();
        for d in defects {
            let kind = DetectDefectKind::from_code(d.kind)
                .ok_or(reel_status::REEL_STATUS_INVALID_VALUE)?;
            core.push(DetectDefect {
                kind,
                id: d.id,
                start: d.start,
                end: d.end,
                severity: d.severity,
            })
            .map_err(|_| reel_status::REEL_STATUS_INVALID_VALUE)?;
        }
        self.amend(|r| r.add_detections(&core))
    }

    /// The C entry points' body for `_add_audio`: checks the pointers, folds, writes `*out`.
    ///
    /// # Safety
    /// `audio` is NULL or a valid audio-scorer handle; `out` is NULL or valid for a write.
    pub(crate) unsafe fn add_audio_c(
        &mut self,
        audio: *const ReelAudioScorer,
        out: *mut ReelClipSummary,
    ) -> Result<(), reel_status> {
        if out.is_null() {
            return Err(null("out"));
        }
        // SAFETY: forwarded caller contract.
        let report = unsafe { get(audio, "audio") }?.scorer.report();
        let summary = self.add_audio(&report)?;
        // SAFETY: `out` is non-NULL and valid for a write (caller contract).
        unsafe { put(out, summary, "out") }
    }

    /// The C entry points' body for `_add_detections` (`n == 0` needs no array).
    ///
    /// # Safety
    /// `defects` points to `n` readable defects (or `n == 0`); `out` is NULL or valid for a write.
    pub(crate) unsafe fn add_detections_c(
        &mut self,
        defects: *const ReelDetectDefect,
        n: usize,
        out: *mut ReelClipSummary,
    ) -> Result<(), reel_status> {
        if out.is_null() {
            return Err(null("out"));
        }
        // SAFETY: forwarded caller contract.
        let d = if n == 0 {
            &[][..]
        } else {
            unsafe { slice(defects, n, "defects") }?
        };
        let summary = self.add_detections(d)?;
        // SAFETY: as above.
        unsafe { put(out, summary, "out") }
    }

    /// The summary of the finished clip under `verdict` (its cuts are the scorer's).
    pub(crate) fn summary_under(
        &self,
        verdict: VerdictConfig,
    ) -> Result<ReelClipSummary, reel_status> {
        let r = self.report(verdict)?;
        Ok(ReelClipSummary {
            score: r.score,
            defects: r.defects.len() as u32,
            ..self.summary()
        })
    }

    /// Defect `index` of the finished clip under `verdict`.
    pub(crate) fn defect_under(
        &self,
        verdict: VerdictConfig,
        index: usize,
    ) -> Result<ReelDefect, reel_status> {
        let r = self.report(verdict)?;
        let d = r
            .defects
            .get(index)
            .ok_or(reel_status::REEL_STATUS_INVALID_VALUE)?;
        Ok(ReelDefect {
            kind: d.kind as u32,
            start: d.start,
            end: d.end,
            region: d.region,
            severity: d.severity,
            points: d.points,
        })
    }

    /// The near miss of `kind` (a `reel_defect_kind`) of the finished clip under `verdict`.
    pub(crate) fn near_miss_under(
        &self,
        verdict: VerdictConfig,
        kind: u32,
    ) -> Result<ReelNearMiss, reel_status> {
        let r = self.report(verdict)?;
        let kind = defect_kind(kind)?;
        Ok(ReelNearMiss {
            closeness: r.near.closeness(kind),
            points: r.near_points().get(kind as usize).copied().unwrap_or(0.0),
        })
    }

    /// Defect `index` of the finished clip.
    pub(crate) fn defect(&self, index: usize) -> Result<ReelDefect, reel_status> {
        self.defect_under(self.verdict(), index)
    }

    /// The near miss of `kind` (a `reel_defect_kind`) of the finished clip.
    pub(crate) fn near_miss(&self, kind: u32) -> Result<ReelNearMiss, reel_status> {
        self.near_miss_under(self.verdict(), kind)
    }

    /// The kept defects in core form, points not yet computed.
    fn core_defects(&self) -> heapless::Vec<Defect, { clip::config::MAX_DEFECTS }> {
        self.defects
            .iter()
            .filter_map(|d| {
                Some(Defect {
                    kind: DefectKind::from_code(d.kind)?,
                    start: d.start,
                    end: d.end,
                    region: d.region,
                    severity: d.severity,
                    points: 0.0,
                })
            })
            .collect()
    }

    /// Cut `index` of the finished clip.
    pub(crate) fn cut(&self, index: usize) -> Result<u32, reel_status> {
        if !self.finished {
            return Err(reel_status::REEL_STATUS_INVALID_STATE);
        }
        let c = self.scorer.cuts().get(index);
        c.copied().ok_or(reel_status::REEL_STATUS_INVALID_VALUE)
    }
}

/// The defect kind with code `kind`, or `REEL_STATUS_INVALID_ENUM` naming the argument.
pub(crate) fn defect_kind(kind: u32) -> Result<DefectKind, reel_status> {
    DefectKind::from_code(kind).ok_or_else(|| {
        bad_enum(
            "kind",
            "reel_defect_kind",
            kind,
            DefectKind::ALL.len() as u32,
        )
    })
}

/// The entry points both clip-scorer families share, `reel_clip_scorer_*` and
/// `reel_device_clip_scorer_*`: one body each over the generic [`Handle`] (the handle type's
/// field `.0`); each function's doc comes from the invocation.
macro_rules! clip_family {
    ($S:ty,
     $(#[$d_size:meta])* size $size:ident, align $align:ident,
     $(#[$d_init:meta])* init $init:ident,
     $(#[$d_reset:meta])* reset $reset:ident,
     $(#[$d_pixels:meta])* set_analysis_pixels $set_analysis_pixels:ident,
     $(#[$d_factor:meta])* analysis_factor $analysis_factor:ident,
     $(#[$d_push:meta])* push $push:ident,
     $(#[$d_yuv:meta])* push_yuv420 $push_yuv420:ident,
     $(#[$d_finish:meta])* finish $finish:ident,
     $(#[$d_audio:meta])* add_audio $add_audio:ident,
     $(#[$d_detect:meta])* add_detections $add_detections:ident,
     $(#[$d_defect:meta])* defect $defect:ident,
     $(#[$d_near:meta])* near_miss $near_miss:ident,
     $(#[$d_cut:meta])* cut $cut:ident $(,)?) => {
        memory_fns!($S, $init, $size, $align);

        $(#[$d_init])*
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $init(
            buffer: *mut core::ffi::c_void,
            buffer_len: usize,
            width: usize,
            height: usize,
            fps: f64,
            out: *mut *mut $S,
        ) -> reel_status {
            // SAFETY: see the module docs.
            $crate::guard::guard(|| unsafe {
                $crate::guard::place(buffer, buffer_len, out, |p: *mut $S| {
                    let cfg = $crate::clip::config(width, height, fps)?;
                    $crate::guard::zeroed_in(p).0.setup(cfg)
                })
            })
        }

        $(#[$d_reset])*
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $reset(s: *mut $S, width: usize, height: usize, fps: f64) -> reel_status {
            // SAFETY: see the module docs.
            $crate::guard::guard(|| unsafe {
                let cfg = $crate::clip::config(width, height, fps)?;
                $crate::guard::get_mut(s, "s")?.0.reset(cfg)
            })
        }

        $(#[$d_pixels])*
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $set_analysis_pixels(s: *mut $S, pixels: usize) -> reel_status {
            // SAFETY: see the module docs.
            $crate::guard::guard(|| unsafe { $crate::guard::get_mut(s, "s")?.0.set_analysis_pixels(pixels) })
        }

        $(#[$d_factor])*
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $analysis_factor(s: *mut $S, out: *mut usize) -> reel_status {
            // SAFETY: see the module docs.
            $crate::guard::guard(|| unsafe {
                let f = $crate::guard::get_mut(s, "s")?.0.scorer.analysis_factor();
                $crate::guard::put(out, f, "out")
            })
        }

        $(#[$d_push])*
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $push(
            s: *mut $S,
            luma: *const $crate::types::ReelPlane,
            obs: *mut reelscore::clip::FrameObservation,
        ) -> reel_status {
            // SAFETY: see the module docs.
            $crate::guard::guard(|| unsafe {
                let s = $crate::guard::get_mut(s, "s")?;
                let o = s.0.scorer.push(&$crate::guard::get(luma, "luma")?.plane()?)?;
                $crate::clip::observe(o, obs)
            })
        }

        $(#[$d_yuv])*
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $push_yuv420(
            s: *mut $S,
            y: *const $crate::types::ReelPlane,
            u: *const $crate::types::ReelPlane,
            v: *const $crate::types::ReelPlane,
            obs: *mut reelscore::clip::FrameObservation,
        ) -> reel_status {
            // SAFETY: see the module docs.
            $crate::guard::guard(|| unsafe {
                let s = $crate::guard::get_mut(s, "s")?;
                let o = s.0.scorer.push_yuv420(&$crate::clip::yuv420(y, u, v)?)?;
                $crate::clip::observe(o, obs)
            })
        }

        $(#[$d_finish])*
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $finish(s: *mut $S, out: *mut $crate::clip::ReelClipSummary) -> reel_status {
            // SAFETY: see the module docs.
            $crate::guard::guard(|| unsafe {
                if out.is_null() {
                    return Err($crate::guard::null("out"));
                }
                $crate::guard::put(out, $crate::guard::get_mut(s, "s")?.0.finish()?, "out")
            })
        }

        $(#[$d_audio])*
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $add_audio(
            s: *mut $S,
            audio: *const $crate::audio::ReelAudioScorer,
            out: *mut $crate::clip::ReelClipSummary,
        ) -> reel_status {
            // SAFETY: see the module docs.
            $crate::guard::guard(|| unsafe { $crate::guard::get_mut(s, "s")?.0.add_audio_c(audio, out) })
        }

        $(#[$d_detect])*
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $add_detections(
            s: *mut $S,
            defects: *const $crate::detect::ReelDetectDefect,
            n: usize,
            out: *mut $crate::clip::ReelClipSummary,
        ) -> reel_status {
            // SAFETY: see the module docs.
            $crate::guard::guard(|| unsafe {
                $crate::guard::get_mut(s, "s")?.0.add_detections_c(defects, n, out)
            })
        }

        $(#[$d_defect])*
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $defect(s: *const $S, index: usize, out: *mut $crate::clip::ReelDefect) -> reel_status {
            // SAFETY: see the module docs.
            $crate::guard::guard(|| unsafe {
                $crate::guard::put(out, $crate::guard::get(s, "s")?.0.defect(index)?, "out")
            })
        }

        $(#[$d_near])*
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $near_miss(s: *const $S, kind: u32, out: *mut $crate::clip::ReelNearMiss) -> reel_status {
            // SAFETY: see the module docs.
            $crate::guard::guard(|| unsafe {
                $crate::guard::put(out, $crate::guard::get(s, "s")?.0.near_miss(kind)?, "out")
            })
        }

        $(#[$d_cut])*
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $cut(s: *const $S, index: usize, frame: *mut u32) -> reel_status {
            // SAFETY: see the module docs.
            $crate::guard::guard(|| unsafe {
                $crate::guard::put(frame, $crate::guard::get(s, "s")?.0.cut(index)?, "frame")
            })
        }
    };
}
pub(crate) use clip_family;

pub(crate) fn config(width: usize, height: usize, fps: f64) -> Result<ClipConfig, reel_status> {
    Ok(ClipConfig::new(width, height, fps)?)
}

/// The three planes of a YUV 4:2:0 frame, checked.
///
/// # Safety
/// Each pointer is NULL or points to a valid plane struct describing readable memory.
pub(crate) unsafe fn yuv420<'a>(
    y: *const ReelPlane,
    u: *const ReelPlane,
    v: *const ReelPlane,
) -> Result<Yuv420<'a>, reel_status> {
    // SAFETY: forwarded caller contract.
    unsafe {
        Ok(Yuv420::new(
            get(y, "y")?.plane()?,
            get(u, "u")?.plane()?,
            get(v, "v")?.plane()?,
        )?)
    }
}

clip_family! {
    ReelClipScorer,
    size reel_clip_scorer_size, align reel_clip_scorer_align,
    /// Places a scorer for `width × height` frames at `fps` in the caller's `buffer`
    /// (`buffer_len ≥ reel_clip_scorer_size()`, aligned to `reel_clip_scorer_align()`); no heap.
    /// `*out` receives the handle (which is `buffer`). Do not call `_free` on it.
    init reel_clip_scorer_init,
    /// Forgets every frame and configures the scorer for a new clip (keeping the analysis budget
    /// set with `reel_clip_scorer_set_analysis_pixels`).
    reset reel_clip_scorer_reset,
    /// Restarts the clip (forgetting every frame, like `reel_clip_scorer_reset` with the same size
    /// and rate) with frames larger than `pixels` measured on a binned copy, for this clip and the
    /// ones `reel_clip_scorer_reset` starts after it: `REEL_ANALYSIS_PIXELS`
    /// is the default, `REEL_FAST_ANALYSIS_PIXELS` bins 720p too, a budget of at least the frame's
    /// area measures it at full resolution. `REEL_STATUS_INVALID_VALUE` for 0,
    /// `REEL_STATUS_INVALID_STATE` for a scorer never configured.
    set_analysis_pixels reel_clip_scorer_set_analysis_pixels,
    /// Writes the factor frames are binned by before their statistics are measured to `*out`: 1
    /// for frames up to the analysis budget (by default 1280×720 pixels), 2 for 1080p, 4 for 4K
    /// (powers of two).
    analysis_factor reel_clip_scorer_analysis_factor,
    /// Pushes one 8-bit luma frame. `obs` may be NULL; otherwise it receives the frame's observation.
    push reel_clip_scorer_push,
    /// Pushes one YUV 4:2:0 frame (chroma planes `ceil(w/2) × ceil(h/2)`).
    push_yuv420 reel_clip_scorer_push_yuv420,
    /// Ends the clip: writes the summary; defects and cuts become readable.
    finish reel_clip_scorer_finish,
    /// Folds the sound track into a finished clip: the audio scorer's defects join the clip's on
    /// the frames their times overlap and the score is recomputed; `*out` receives the new summary
    /// (read the audio metrics from the audio scorer). Once per clip: a second call returns
    /// `REEL_STATUS_INVALID_STATE`, as does a clip not finished yet.
    add_audio reel_clip_scorer_add_audio,
    /// Folds `n` detector defects (from `reel_text_tracker_report`, `reel_face_tracker_report`,
    /// `reel_subject_tracker_report`; frames counted like the clip's) into a finished clip and
    /// writes the new summary. Each call adds what it is given; a defect starting after the last
    /// frame, an unknown kind or a severity outside 0–1 is refused and nothing changes.
    add_detections reel_clip_scorer_add_detections,
    /// Defect `index` (0 ≤ index < summary.defects) of a finished clip.
    defect reel_clip_scorer_defect,
    /// The near miss of `kind` (a `reel_defect_kind` value) of a finished clip: how near it came to
    /// the kind's threshold without a defect of that kind (0 when it stayed far, or for kinds
    /// without near misses), and the points that cost (0 for a clip with any defect).
    /// `REEL_STATUS_INVALID_ENUM` for an unknown kind, `REEL_STATUS_INVALID_STATE` before `_finish`.
    near_miss reel_clip_scorer_near_miss,
    /// Cut `index` (0 ≤ index < summary.cuts): the first frame of a new shot.
    cut reel_clip_scorer_cut,
}

/// Allocates a scorer for `width × height` frames at `fps`; free it with `reel_clip_scorer_free`.
/// Bare-metal builds of the library (no `std` feature) have no heap and return
/// `REEL_STATUS_ALLOCATION_FAILED`: use `reel_clip_scorer_init` there.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_clip_scorer_new(
    width: usize,
    height: usize,
    fps: f64,
    out: *mut *mut ReelClipScorer,
) -> reel_status {
    guard(|| {
        if out.is_null() {
            return Err(null("out"));
        }
        let cfg = config(width, height, fps)?;
        #[cfg(feature = "std")]
        {
            let mut b = crate::guard::boxed_zeroed::<ReelClipScorer>();
            b.0.setup(cfg)?;
            // SAFETY: `out` is non-NULL and valid for a write per the module docs.
            unsafe { put(out, Box::into_raw(b), "out") }
        }
        #[cfg(not(feature = "std"))]
        {
            let _ = cfg;
            Err(reel_status::REEL_STATUS_ALLOCATION_FAILED)
        }
    })
}

/// Frees a scorer from `reel_clip_scorer_new`. `NULL` is a no-op (and so is every call on a
/// bare-metal build, where `_new` never succeeds).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_clip_scorer_free(s: *mut ReelClipScorer) {
    // SAFETY: `s` is NULL or came from `reel_clip_scorer_new` (a `Box`) and is freed once.
    unsafe { free_heap(s) }
}

unsafe fn handle<'a>(
    s: *mut ReelClipScorer,
) -> Result<&'a mut Handle<WORK_PIXELS, SERIES_RECORDS, SettableVerdict>, reel_status> {
    // SAFETY: forwarded caller contract.
    Ok(&mut unsafe { get_mut(s, "s") }?.0)
}

/// Writes the observation to `out` unless `out` is NULL (the observation is optional).
///
/// # Safety
/// `out` is NULL or valid for a write.
pub(crate) unsafe fn observe(
    o: FrameObservation,
    out: *mut FrameObservation,
) -> Result<(), reel_status> {
    if out.is_null() {
        return Ok(()); // the observation is optional
    }
    // SAFETY: non-NULL out-pointer per the caller contract.
    unsafe { put(out, o, "out") }
}

/// Pushes one YUV 4:2:0 frame whose luma is limited ("video") range, 16–235, as most decoders
/// deliver it. Frames measured at full resolution (`reel_clip_scorer_analysis_factor` 1) are
/// expanded to full range row by row as they are measured and need `scratch`
/// (`width · height` bytes; it holds the expanded frame only for rows wider than 4096); larger
/// frames are binned from the limited codes and expanded per binned pixel, and `scratch` may
/// then be NULL with length 0.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_clip_scorer_push_yuv420_limited(
    s: *mut ReelClipScorer,
    y: *const ReelPlane,
    u: *const ReelPlane,
    v: *const ReelPlane,
    scratch: *mut u8,
    scratch_len: usize,
    obs: *mut FrameObservation,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let s = handle(s)?;
        let frame = yuv420(y, u, v)?;
        let scratch: &mut [u8] = if scratch.is_null() && scratch_len == 0 {
            &mut []
        } else {
            slice_mut(scratch, scratch_len, "scratch")?
        };
        let o = s.scorer.push_yuv420_limited(&frame, scratch)?;
        observe(o, obs)
    })
}

/// Pushes one interleaved RGB frame; `scratch` must hold `width · height` bytes (its luma).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_clip_scorer_push_rgb(
    s: *mut ReelClipScorer,
    rgb: *const ReelRgb,
    scratch: *mut u8,
    scratch_len: usize,
    obs: *mut FrameObservation,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let s = handle(s)?;
        let img = get(rgb, "rgb")?.image()?;
        let o = s
            .scorer
            .push_rgb(&img, slice_mut(scratch, scratch_len, "scratch")?)?;
        observe(o, obs)
    })
}

/// Sets the verdict weight of defect kind `kind` (a `reel_defect_kind`) to `weight`, in
/// `[0, 1)`: how much a defect of severity 1 covering the whole clip removes (the rules' weight,
/// `reel_defect_weight`, until set). A kind weighted 0 stays listed, costs 0 points and still
/// counts as a defect. Applies to the clip being scored (a finished one is rescored at once:
/// read the new summary with `reel_clip_scorer_summary`) and to the clips after `_reset`; the
/// sound and detector defects folded in later follow it. `REEL_STATUS_INVALID_VALUE` for a
/// weight outside `[0, 1)` or NaN, `REEL_STATUS_INVALID_ENUM` for an unknown kind (nothing
/// changes; `reel_last_error_message` names the argument).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_clip_scorer_set_weight(
    s: *mut ReelClipScorer,
    kind: u32,
    weight: f64,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe { handle(s)?.set_weight(kind, weight) })
}

/// Ignores defect kind `kind` (a `reel_defect_kind`): its defects are dropped from the verdict,
/// cost no points and make no reject. Applies like `reel_clip_scorer_set_weight`; on a finished
/// clip the dropped defects are gone for good (a later `_reset_verdict` does not bring them
/// back). `REEL_STATUS_INVALID_ENUM` for an unknown kind.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_clip_scorer_ignore_kind(
    s: *mut ReelClipScorer,
    kind: u32,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe { handle(s)?.ignore_kind(kind) })
}

/// Back to the rules' weights with no kind ignored (a finished clip is rescored).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_clip_scorer_reset_verdict(s: *mut ReelClipScorer) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe { handle(s)?.set_verdict(VerdictConfig::DEFAULT) })
}

/// Writes the verdict weight this scorer gives defect kind `kind` to `*out` (0 for an ignored
/// kind). `REEL_STATUS_INVALID_ENUM` for an unknown kind.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_clip_scorer_weight(
    s: *const ReelClipScorer,
    kind: u32,
    out: *mut f64,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe { put(out, get(s, "s")?.0.weight(kind)?, "out") })
}

/// Writes the finished clip's summary as it stands now (the one the last `_finish`,
/// `_add_audio` or `_add_detections` wrote, or rescored by a verdict change since).
/// `REEL_STATUS_INVALID_STATE` before `_finish`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_clip_scorer_summary(
    s: *const ReelClipScorer,
    out: *mut ReelClipSummary,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe { put(out, get(s, "s")?.0.finished_summary()?, "out") })
}

/// The name of defect kind `kind` ("flicker", …, "too_short", "boiling", "popping",
/// "impossible_motion"), or "unknown".
/// Static string.
#[unsafe(no_mangle)]
pub extern "C" fn reel_defect_kind_str(kind: u32) -> *const c_char {
    let s = DefectKind::from_code(kind).map_or(c"unknown", DefectKind::c_name);
    s.as_ptr()
}

/// The verdict weight of defect kind `kind` (how much a defect of severity 1 covering the whole
/// clip removes: the score multiplies `1 − weight · severity · (0.5 + 0.5 · coverage)` per
/// defect), or −1 for an unknown kind.
#[unsafe(no_mangle)]
pub extern "C" fn reel_defect_weight(kind: u32) -> f64 {
    DefectKind::from_code(kind).map_or(-1.0, clip::rules::weight)
}

/// The near-miss share of defect kind `kind` (the most a clip without defects loses for coming
/// near its threshold: the score multiplies `1 − share · closeness`; a clip with a defect
/// multiplies `F = Π (1 − share)` over every kind), 0 for kinds without near misses, or −1 for
/// an unknown kind.
#[unsafe(no_mangle)]
pub extern "C" fn reel_defect_near_share(kind: u32) -> f64 {
    DefectKind::from_code(kind).map_or(-1.0, clip::rules::near_share)
}

/// Opaque streaming consistency tracker (VBench subject consistency, prompt alignment).
pub struct ReelConsistency(Consistency);

/// Creates a tracker for `dim`-float embeddings; `text` (length `dim`) may be NULL.
/// Needs a heap: bare-metal builds (no `std` feature) return `REEL_STATUS_ALLOCATION_FAILED`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_consistency_new(
    dim: usize,
    text: *const f32,
    out: *mut *mut ReelConsistency,
) -> reel_status {
    // SAFETY: see the module docs; `text` holds `dim` floats when non-NULL.
    guard(|| unsafe {
        if out.is_null() {
            return Err(null("out"));
        }
        let t = if text.is_null() {
            None
        } else {
            Some(slice(text, dim, "text")?)
        };
        let c = Consistency::new(dim, t)?;
        put(out, into_heap(ReelConsistency(c))?, "out")
    })
}

/// Frees a tracker. `NULL` is a no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_consistency_free(c: *mut ReelConsistency) {
    // SAFETY: `c` is NULL or came from `reel_consistency_new` and is freed once.
    unsafe { free_heap(c) }
}

/// Adds one frame's embedding (`len` must equal the tracker's dimension); `term` (may be NULL)
/// receives the frame's VBench term.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_consistency_push(
    c: *mut ReelConsistency,
    embedding: *const f32,
    len: usize,
    term: *mut f64,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let c = get_mut(c, "c")?;
        let t = c.0.push(slice(embedding, len, "embedding")?)?;
        if term.is_null() {
            Ok(())
        } else {
            put(term, t, "term")
        }
    })
}

/// VBench subject consistency so far (needs two frames).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_consistency_subject(
    c: *const ReelConsistency,
    out: *mut f64,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe { put(out, get(c, "c")?.0.subject_consistency()?, "out") })
}

/// Mean frame-to-text cosine so far (needs a text embedding and a frame).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_consistency_prompt_alignment(
    c: *const ReelConsistency,
    out: *mut f64,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe { put(out, get(c, "c")?.0.prompt_alignment()?, "out") })
}

/// Motion plausibility of one track of `n` points (times strictly increasing, seconds).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_analyze_track(
    t: *const f64,
    x: *const f64,
    y: *const f64,
    n: usize,
    cfg: *const TrackConfig,
    out: *mut TrackReport,
) -> reel_status {
    // SAFETY: see the module docs; `t`, `x`, `y` hold `n` values each.
    guard(|| unsafe {
        let r = clip::analyze_track(
            slice(t, n, "t")?,
            slice(x, n, "x")?,
            slice(y, n, "y")?,
            get(cfg, "cfg")?,
        )?;
        put(out, r, "out")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_codes_match_core() {
        for k in DefectKind::ALL {
            let s = unsafe { core::ffi::CStr::from_ptr(reel_defect_kind_str(k as u32)) };
            assert_eq!(s.to_str().unwrap(), k.name());
        }
        use reel_defect_kind::*;
        let c = [
            REEL_DEFECT_FLICKER,
            REEL_DEFECT_FREEZE,
            REEL_DEFECT_STATIC,
            REEL_DEFECT_BLUR,
            REEL_DEFECT_NOISE,
            REEL_DEFECT_BLOCKINESS,
            REEL_DEFECT_OVEREXPOSED,
            REEL_DEFECT_UNDEREXPOSED,
            REEL_DEFECT_LOW_CONTRAST,
            REEL_DEFECT_SHAKE,
            REEL_DEFECT_COLOR_SHIFT,
            REEL_DEFECT_CLIPPING,
            REEL_DEFECT_TOO_QUIET,
            REEL_DEFECT_TOO_LOUD,
            REEL_DEFECT_SILENCE,
            REEL_DEFECT_MONOTONE_VOICE,
            REEL_DEFECT_GARBLED_TEXT,
            REEL_DEFECT_STIFF_FACE,
            REEL_DEFECT_APPEARANCE_SHIFT,
            REEL_DEFECT_TOO_SHORT,
            REEL_DEFECT_BOILING,
            REEL_DEFECT_POPPING,
            REEL_DEFECT_IMPOSSIBLE_MOTION,
        ];
        assert_eq!(c.len(), DefectKind::ALL.len());
        for (c, k) in c.iter().zip(DefectKind::ALL) {
            assert_eq!(*c as u32, k as u32);
        }
    }
}
