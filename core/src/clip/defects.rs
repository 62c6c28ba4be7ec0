//! From the per-frame series to located defects and whole-clip metrics.
//!
//! Each per-frame rule flags records; flagged records closer than a small gap merge into runs;
//! runs shorter than the kind's minimum are dropped; each run becomes one [`Defect`] whose
//! severity aggregates the flagged records. [`super::verdict`] turns the defects into the score
//! and each defect's points; [`super::rules`] holds each kind's weight and meaning.

use super::config::*;
use super::report::{ClipMetrics, Defect, DefectKind};
use super::residual::CellBox;
use super::series::{Record, Series};
use super::verdict::{NearMisses, score_and_points_near};

/// Runs of flagged records: `(first, last, severity sum, flagged count, severity max)`.
/// (Called through `dyn`, once in the binary on bare-metal targets: the rules' code stays small
/// on devices. Elsewhere it is inlined into each rule, which turns the `dyn` calls into direct
/// ones: an indirect call may unwind, so `ClipScorer::finish` could not be proven free of
/// panics, see `tests/no_panic`.)
#[cfg_attr(target_os = "none", inline(never))]
#[cfg_attr(not(target_os = "none"), inline(always))]
fn runs(
    n: usize,
    gap: usize,
    min_len: usize,
    flag: &mut dyn FnMut(usize) -> Option<f64>,
    emit: &mut dyn FnMut(usize, usize, f64, usize, f64),
) {
    let mut open: Option<(usize, usize, f64, usize, f64)> = None;
    for i in 0..n {
        if let Some(s) = flag(i) {
            open = Some(match open {
                Some((a, b, sum, c, mx)) if i <= b + gap + 1 => (a, i, sum + s, c + 1, mx.max(s)),
                Some(run) => {
                    if run.1 + 1 - run.0 >= min_len {
                        emit(run.0, run.1, run.2, run.3, run.4);
                    }
                    (i, i, s, 1, s)
                }
                None => (i, i, s, 1, s),
            });
        }
    }
    if let Some(run) = open
        && run.1 + 1 - run.0 >= min_len
    {
        emit(run.0, run.1, run.2, run.3, run.4);
    }
}

/// The highest level `v` at which the records `x ≥ v` form a run as [`runs`] finds them: at
/// least `len` records from first to last, bridging at most `gap` below `v` in a row (fewer
/// than `len` records: all of them). A run from `s` to `e` holds
/// `min(x(s), x(e), min over blocks of gap + 1 in a row of the block's max)`, and the shortest
/// such run ends within `gap` of `s + len − 1`; 0 for none. How near a rule that needs such a
/// run came to firing (`gap` 0: `max_s min_{s ≤ j < s + len} x(j)`).
/// (Through `dyn` on bare-metal targets, one copy in the binary as [`runs`]. Elsewhere one copy
/// per rule, where `x` is a direct call: an indirect call may unwind, see `tests/no_panic`.)
#[inline(always)]
fn sustained(n: usize, len: usize, gap: usize, x: &impl Fn(usize) -> f64) -> f64 {
    #[cfg(target_os = "none")]
    let x: &dyn Fn(usize) -> f64 = x;
    sustained_by(n, len, gap, x)
}

/// [`sustained`] for a signal of any type.
#[inline(never)]
fn sustained_by<F: Fn(usize) -> f64 + ?Sized>(n: usize, len: usize, gap: usize, x: &F) -> f64 {
    if n == 0 {
        return 0.0;
    }
    let len = len.clamp(1, n);
    let block = gap + 1;
    let at = |j: usize| {
        let v = x(j);
        if v.is_nan() { 0.0 } else { v }
    };
    let mut best = 0.0f64;
    for s in 0..=n - len {
        let first = at(s);
        // The blocks' minimum over [s, e], grown with e.
        let mut blocks = f64::INFINITY;
        for e in s..(s + len + gap).min(n) {
            if e + 1 >= s + block {
                let max = (e + 1 - block..=e).map(at).fold(0.0, f64::max);
                blocks = blocks.min(max);
            }
            if e + 1 >= s + len {
                best = best.max(first.min(at(e)).min(blocks));
            }
        }
    }
    best
}

fn clamp01(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) }
}

/// Everything [`analyze`] needs besides the series.
pub struct Context<'a> {
    /// Clip configuration.
    pub cfg: &'a super::ClipConfig,
    /// Frames pushed.
    pub frames: usize,
    /// Confirmed cuts (frame indices, ascending).
    pub cuts: &'a [u32],
    /// Per cut, the new shot's grid cells with colours unseen before it ([`super::shots`]).
    pub cut_palette: &'a [u8],
    /// Suppressed flashes.
    pub flashes: u32,
    /// Working width (for shake, as a share of it).
    pub work_width: usize,
    /// Binning factor of the no-reference statistics ([`super::analysis`]).
    pub analysis_factor: usize,
    /// Implausible flights of tracked objects ([`super::flight`]).
    pub flights: &'a [super::flight::FlightEvent],
    /// Objects that popped in and out ([`super::artefacts`]).
    pub pops: &'a [super::artefacts::PopEvent],
    /// Where cells boiled ([`super::artefacts::BoilTracker::place`]).
    pub boil_place: super::residual::CellBox,
    /// Cuts whose new shot shows new colours in its salient region
    /// ([`crate::detect::salient`]).
    pub salient: &'a [crate::detect::salient::SalientShift],
}

/// Adds a defect, keeping the most severe `MAX_DEFECTS`. A defect of a kind already listed on
/// frames it overlaps is the same fault seen twice (two detector tracks at one cut, say): the
/// two merge into one over both spans at the larger severity, so it costs points once.
// Not inlined: every rule calls it, and one copy keeps the code small on devices.
#[inline(never)]
pub(crate) fn push_defect(list: &mut heapless::Vec<Defect, MAX_DEFECTS>, d: Defect) {
    if let Some(same) = list
        .iter_mut()
        .find(|e| e.kind == d.kind && e.start <= d.end && d.start <= e.end)
    {
        same.start = same.start.min(d.start);
        same.end = same.end.max(d.end);
        same.severity = same.severity.max(d.severity);
        return;
    }
    if list.push(d).is_err()
        && let Some(weakest) = list
            .iter_mut()
            .min_by(|a, b| a.severity.total_cmp(&b.severity))
        && weakest.severity < d.severity
    {
        *weakest = d;
    }
}

/// Sorts `defects` by first frame, then kind (insertion sort: at most `MAX_DEFECTS`, and small
/// code on devices).
pub(crate) fn sort_defects(defects: &mut [Defect]) {
    crate::sort::insertion_sort(defects, |a, b| (a.start, a.kind) > (b.start, b.kind));
}

/// The `p`-quantile (nearest rank, `round(p · (n − 1))`) of `values`, which it sorts (by
/// `total_cmp`); 0 for none. Insertion sort: small code, no panic path, and at most a
/// series' worth of values once per clip.
fn quantile(values: &mut [f32], p: f64) -> f64 {
    crate::sort::insertion_sort(values, |a, b| a.total_cmp(b).is_gt());
    let k = libm::round(p.clamp(0.0, 1.0) * values.len().saturating_sub(1) as f64) as usize;
    values.get(k).map_or(0.0, |&v| f64::from(v))
}

/// Per shot (index as `shot_of` numbers them, at most `MAX_CUTS + 1`), the `ps`-quantiles
/// (nearest rank) of `f` over the shot's records, one sort per shot; `scratch` holds at least
/// `recs.len()` values.
/// (Inlined but on bare-metal targets, as [`runs`].)
#[cfg_attr(target_os = "none", inline(never))]
#[cfg_attr(not(target_os = "none"), inline(always))]
fn per_shot<const K: usize>(
    recs: &[Record],
    shot_of: &dyn Fn(usize) -> usize,
    scratch: &mut [f32],
    ps: [f64; K],
    f: &dyn Fn(&Record) -> f64,
) -> [[f64; MAX_CUTS + 1]; K] {
    let mut out = [[0f64; MAX_CUTS + 1]; K];
    let n = recs.len().min(scratch.len());
    let mut start = 0;
    while start < n {
        let shot = shot_of(start);
        let mut end = start;
        while end + 1 < n && shot_of(end + 1) == shot {
            end += 1;
        }
        let (Some(values), Some(shot_recs)) =
            (scratch.get_mut(..end + 1 - start), recs.get(start..=end))
        else {
            break;
        };
        for (s, r) in values.iter_mut().zip(shot_recs) {
            *s = f(r) as f32;
        }
        for (per_p, &p) in out.iter_mut().zip(&ps) {
            if let Some(o) = per_p.get_mut(shot) {
                *o = quantile(values, p);
            }
        }
        start = end + 1;
    }
    out
}

/// Computes defects, near misses, metrics and the score. Each rule also notes how near the
/// take's signal came to its threshold ([`NearMisses`]; a flagged kind is at it).
pub fn analyze<const N: usize>(
    series: &Series<N>,
    ctx: &Context<'_>,
) -> (
    heapless::Vec<Defect, MAX_DEFECTS>,
    NearMisses,
    ClipMetrics,
    f64,
) {
    let recs = series.records();
    let n = recs.len();
    let per = series.frames_per_record();
    let fps = ctx.cfg.fps;
    let last_frame = ctx.frames.saturating_sub(1) as u32;
    let frame_range = |a: usize, b: usize| {
        let start = series.first_frame(a) as u32;
        let end = ((series.first_frame(b + 1)) as u32)
            .saturating_sub(1)
            .min(last_frame);
        (start.min(last_frame), end)
    };
    // (`per` ≥ 1; restated where it divides, as closures hold it by reference.)
    let recs_for = |seconds: f64| ctx.cfg.frames(seconds).div_ceil(per.max(1)).max(1);
    // Shot index of each record, and whether a record holds a cut frame.
    let shot_of = |i: usize| {
        let f = series.first_frame(i) as u32;
        ctx.cuts.iter().filter(|&&c| c <= f).count()
    };
    let at_cut = |i: usize| {
        let (a, b) = (
            series.first_frame(i) as u32,
            series.first_frame(i + 1) as u32,
        );
        ctx.cuts.iter().any(|&c| c >= a && c < b)
    };

    let mut defects: heapless::Vec<Defect, MAX_DEFECTS> = heapless::Vec::new();
    let mut near = NearMisses::NONE;
    let mut add = |kind: DefectKind, a: usize, b: usize, severity: f64| {
        let (start, end) = frame_range(a, b);
        push_defect(
            &mut defects,
            Defect {
                kind,
                start,
                end,
                region: [0; 4],
                severity: clamp01(severity),
                points: 0.0,
            },
        );
    };

    // Too short to judge: a still image decodes to one frame.
    if ctx.frames < MIN_JUDGE_FRAMES || (ctx.frames as f64) < MIN_JUDGE_SECONDS * fps - 1e-9 {
        add(DefectKind::TooShort, 0, n.max(1) - 1, 1.0);
    }

    // Freeze: frames matching the freeze reference; the run starts at the reference frame.
    let frozen = |r: &Record| f64::from(r.freeze_diff) <= FREEZE_NOISE;
    let mut frozen_frames = 0usize;
    let mut freezes: heapless::Vec<(usize, usize), MAX_DEFECTS> = heapless::Vec::new();
    runs(
        n,
        0,
        1,
        &mut |i| frozen(&recs[i]).then_some(1.0),
        &mut |a, b, _, _, _| {
            let a = if a > 0 && shot_of(a - 1) == shot_of(a) {
                a - 1
            } else {
                a
            };
            let _ = freezes.push((a, b));
        },
    );
    for &(a, b) in &freezes {
        frozen_frames += (b + 1 - a) * per;
    }
    let frozen_share = clamp01(frozen_frames as f64 / ctx.frames.max(1) as f64);
    let mean_motion = recs
        .iter()
        .skip(1)
        .map(|r| f64::from(r.motion))
        .sum::<f64>()
        / (n.max(2) - 1) as f64;
    // Whether the picture moves is judged on motion net of the frame's uniform brightness
    // step, `max(0, motion − |Δ mean|)` (`E|Δ| ≥ |E Δ|`, so a pure step nets 0): flicker
    // over a still picture does not make it lively.
    let mut still = [0f32; N];
    for (m, w) in still.iter_mut().zip(recs.windows(2)) {
        *m = (w[1].motion - libm::fabsf(w[1].mean - w[0].mean)).max(0.0);
    }
    let still = still.get_mut(..n.saturating_sub(1)).unwrap_or_default();
    let net_motion = still.iter().map(|&m| f64::from(m)).sum::<f64>() / (n.max(2) - 1) as f64;
    if ctx.frames >= 2 {
        // Near a still take by the median frame's motion: repeated frames (animation on twos)
        // are no fault, and a span of shake or a flash does not make a slow take lively.
        let typical = quantile(still, 0.5);
        near.note(DefectKind::Static, STATIC_MOTION / typical);
    }
    let is_static =
        ctx.frames >= 2 && (frozen_share >= STATIC_FROZEN_SHARE || net_motion < STATIC_MOTION);
    if is_static {
        add(DefectKind::Static, 0, n - 1, 1.0);
    } else {
        for &(a, b) in &freezes {
            let frames = (b + 1 - a) * per;
            near.note(
                DefectKind::Freeze,
                frames as f64 / (FREEZE_MIN_SECONDS * fps),
            );
            if frames as f64 >= FREEZE_MIN_SECONDS * fps - 1e-9 {
                add(
                    DefectKind::Freeze,
                    a,
                    b,
                    frames as f64 / fps / FREEZE_FULL_SECONDS,
                );
            }
        }
    }

    // Flicker: brightness off the mean of its neighbours within one shot.
    let flicker_step = |i: usize| -> f64 {
        if i == 0 || i + 1 >= n || shot_of(i - 1) != shot_of(i + 1) || at_cut(i) || at_cut(i + 1) {
            return 0.0;
        }
        let m = |j: usize| recs.get(j).map_or(0.0, |r| f64::from(r.mean));
        libm::fabs(m(i) - 0.5 * (m(i - 1) + m(i + 1)))
    };
    runs(
        n,
        2,
        FLICKER_MIN_FRAMES.div_ceil(per.max(1)),
        &mut |i| {
            let s = flicker_step(i);
            (s >= FLICKER_MIN_STEP).then_some(s)
        },
        &mut |a, b, sum, c, _| {
            add(
                DefectKind::Flicker,
                a,
                b,
                sum / c as f64 / FLICKER_FULL_STEP,
            )
        },
    );

    // Blur: detail (sharpness less the noise's share, per unit of variance) far below the
    // shot's median detail, or soft for its contrast outright. Noise σ is read at full
    // resolution when the statistics are 2×-binned (pair noise), where binning divides white
    // noise's variance by 4.
    let noise_gain = super::blur_level::noise_gain(ctx.analysis_factor);
    // Detail per unit of the picture's own variance, so a darker or flatter span (exposure,
    // contrast: both scale together) is not read as softer (the rule [`super::blur_level`]
    // draws).
    let detail = |r: &Record| {
        super::blur_level::detail(
            f64::from(r.sharpness),
            f64::from(r.variance),
            f64::from(r.noise),
            noise_gain,
        )
    };
    let mut scratch = [0f32; N];
    // The rule reads against the shot's median; how near also against its sharper frames, so
    // a soft span long enough to pull the median down still reads as nearly blurred.
    let [shot_median, shot_sharp] = per_shot(
        recs,
        &shot_of,
        &mut scratch,
        [0.5, BLUR_NEAR_REFERENCE_QUANTILE],
        &detail,
    );
    let min_run = recs_for(MIN_DEFECT_SECONDS);
    // A frame's detail over the shot's threshold (1 when the shot has none) and its sharpness
    // per unit of variance over the absolute threshold: either below 1 is blur.
    let blur_ratios = |i: usize| {
        let Some(r) = recs.get(i) else {
            return (f64::INFINITY, f64::INFINITY);
        };
        let med = shot_median[shot_of(i).min(MAX_CUTS)];
        let rel = if med > 0.0 {
            detail(r) / (BLUR_DROP * med)
        } else {
            1.0
        };
        let abs = f64::from(r.sharpness) / (f64::from(r.variance) + 1.0) / BLUR_ABSOLUTE;
        (rel, abs)
    };
    near.note(
        DefectKind::Blur,
        sustained(n, min_run, 1, &|i| {
            let (rel, abs) = blur_ratios(i);
            let sharp = shot_sharp[shot_of(i).min(MAX_CUTS)];
            let rel = match recs.get(i) {
                Some(r) if sharp > 0.0 => rel.min(detail(r) / (BLUR_DROP * sharp)),
                _ => rel,
            };
            (1.0 / rel).max(1.0 / abs)
        }),
    );
    near.note(
        DefectKind::Flicker,
        sustained(n, FLICKER_MIN_FRAMES.div_ceil(per.max(1)), 2, &|i| {
            flicker_step(i) / FLICKER_MIN_STEP
        }),
    );
    runs(
        n,
        1,
        min_run,
        &mut |i| {
            let (rel, abs) = blur_ratios(i);
            (rel < 1.0 || abs < 1.0).then(|| (1.0 - BLUR_DROP * rel).max(1.0 - abs).max(0.3))
        },
        &mut |a, b, sum, c, _| add(DefectKind::Blur, a, b, sum / c as f64),
    );

    // Per-frame level rules.
    let level = |kind: DefectKind,
                 f: &dyn Fn(&Record) -> Option<f64>,
                 add: &mut dyn FnMut(DefectKind, usize, usize, f64)| {
        runs(
            n,
            1,
            min_run,
            &mut |i| f(recs.get(i)?),
            &mut |a, b, sum, c, _| add(kind, a, b, sum / c as f64),
        );
    };
    // Noise: outright, or far above the quietest frames of its shot (fine still texture reads
    // as noise all along a shot; grain that sets in does not).
    let [noise_low] = per_shot(
        recs,
        &shot_of,
        &mut scratch,
        [NOISE_REFERENCE_QUANTILE],
        &|r| f64::from(r.noise),
    );
    near.note(
        DefectKind::Noise,
        sustained(n, min_run, 1, &|i| {
            let s = recs.get(i).map_or(0.0, |r| f64::from(r.noise));
            let low = noise_low[shot_of(i).min(MAX_CUTS)];
            let relative = (s / NOISE_RELATIVE_SIGMA).min(s / (NOISE_RELATIVE_RATIO * low));
            (s / NOISE_SIGMA).max(relative)
        }),
    );
    runs(
        n,
        1,
        min_run,
        &mut |i| {
            let s = f64::from(recs.get(i)?.noise);
            let relative = s >= NOISE_RELATIVE_SIGMA
                && s >= NOISE_RELATIVE_RATIO * noise_low[shot_of(i).min(MAX_CUTS)];
            (s >= NOISE_SIGMA || relative).then(|| {
                (0.25 + 0.75 * (s - NOISE_SIGMA) / (NOISE_FULL_SIGMA - NOISE_SIGMA)).max(0.25)
            })
        },
        &mut |a, b, sum, c, _| add(DefectKind::Noise, a, b, sum / c as f64),
    );
    level(
        DefectKind::Blockiness,
        &|r| {
            let b = f64::from(r.blockiness);
            (b >= BLOCKINESS_THRESHOLD).then(|| {
                0.25 + 0.75 * (b - BLOCKINESS_THRESHOLD) / (BLOCKINESS_FULL - BLOCKINESS_THRESHOLD)
            })
        },
        &mut add,
    );
    // Exposure and contrast, outright or against the rest of the shot: a span far darker,
    // brighter or flatter than its shot's reference (after the same-picture test kept it in
    // the shot) is the fault whatever the scene's own level.
    let cv = |r: &Record| f64::from(r.contrast) * 255.0 / f64::from(r.mean).max(1.0);
    let [p90_high] = per_shot(
        recs,
        &shot_of,
        &mut scratch,
        [EXPOSURE_HIGH_QUANTILE],
        &|r| f64::from(r.p90),
    );
    let [cv_high, cv_mid] = per_shot(
        recs,
        &shot_of,
        &mut scratch,
        [EXPOSURE_HIGH_QUANTILE, 0.5],
        &cv,
    );
    let [mean_low] = per_shot(
        recs,
        &shot_of,
        &mut scratch,
        [EXPOSURE_LOW_QUANTILE],
        &|r| f64::from(r.mean),
    );
    let shot = |i: usize| shot_of(i).min(MAX_CUTS);
    let ramp = |x: f64, at: f64, full: f64| 0.3 + 0.7 * clamp01((x - at) / (full - at));
    // Relative flags alone. Where a shot has both a brighter and a darker side, one of them is
    // the shot's own level: the side whose level its first frame is nearer (a take starts as
    // the generator meant it).
    let over_relative = |i: usize| {
        let r = recs.get(i)?;
        let m = f64::from(r.mean);
        let s = shot(i);
        let gain = m / mean_low[s].max(1.0);
        (gain >= OVEREXPOSED_GAIN && m >= OVEREXPOSED_MIN_MEAN && cv(r) <= cv_mid[s])
            .then(|| ramp(gain, OVEREXPOSED_GAIN, OVEREXPOSED_FULL_GAIN))
    };
    let under_relative = |i: usize| {
        let r = recs.get(i)?;
        let p = f64::from(r.p90);
        let s = shot(i);
        let drop = 1.0 - p / p90_high[s].max(1.0);
        (drop >= UNDEREXPOSED_DROP
            && p <= UNDEREXPOSED_DROP_MAX_P90
            && cv(r) >= UNDEREXPOSED_KEEPS_CONTRAST * cv_mid[s])
            .then(|| ramp(drop, UNDEREXPOSED_DROP, UNDEREXPOSED_FULL_DROP))
    };
    // Per shot: (records, summed mean luma) on each side, and its first record's mean luma.
    let (mut brighter, mut darker, mut first) = (
        [(0u16, 0f64); MAX_CUTS + 1],
        [(0u16, 0f64); MAX_CUTS + 1],
        [0f64; MAX_CUTS + 1],
    );
    for (i, r) in recs.iter().enumerate() {
        let (s, m) = (shot(i), f64::from(r.mean));
        if over_relative(i).is_some() {
            brighter[s] = (brighter[s].0 + 1, brighter[s].1 + m);
        }
        if under_relative(i).is_some() {
            darker[s] = (darker[s].0 + 1, darker[s].1 + m);
        }
        if i == 0 || shot(i - 1) != s {
            first[s] = m;
        }
    }
    // Where both sides exist, is the first record nearer the brighter side's level?
    let starts_bright = |s: usize| {
        let level = |(k, sum): (u16, f64)| sum / f64::from(k.max(1));
        libm::fabs(first[s] - level(brighter[s])) <= libm::fabs(first[s] - level(darker[s]))
    };
    let fault_is_brighter = |s: usize| darker[s].0 == 0 || !starts_bright(s);
    let fault_is_darker = |s: usize| brighter[s].0 == 0 || starts_bright(s);
    let over = |i: usize| {
        let w = f64::from(recs.get(i)?.white);
        let outright = (w >= OVEREXPOSED_WHITE)
            .then(|| 0.3 + (w - OVEREXPOSED_WHITE) / (1.0 - OVEREXPOSED_WHITE));
        let s = shot(i);
        let relative = over_relative(i).filter(|_| fault_is_brighter(s));
        outright.into_iter().chain(relative).reduce(f64::max)
    };
    let under = |i: usize| {
        let r = recs.get(i)?;
        let (k, p) = (f64::from(r.black), f64::from(r.p90));
        let outright = (k >= UNDEREXPOSED_BLACK || p <= UNDEREXPOSED_P90).then(|| {
            let by_black = (k - UNDEREXPOSED_BLACK) / (1.0 - UNDEREXPOSED_BLACK);
            let by_level = (UNDEREXPOSED_P90 - p) / UNDEREXPOSED_P90;
            0.3 + 0.7 * by_black.max(by_level).max(0.0)
        });
        let s = shot(i);
        let relative = under_relative(i).filter(|_| fault_is_darker(s));
        outright.into_iter().chain(relative).reduce(f64::max)
    };
    // Exposure explains the contrast it costs, so one fault is counted once: blown highlights
    // (an overexposed record by its white share) are not also reported flat, and a dim
    // (underexposed) record is judged flat only by contrast per unit of brightness, which a
    // gain leaves alone. A picture squeezed about its mean is low contrast either way.
    let flat = |i: usize| {
        let r = recs.get(i)?;
        if f64::from(r.white) >= OVEREXPOSED_WHITE && over(i).is_some() {
            return None;
        }
        let c = f64::from(r.contrast);
        let outright =
            (c <= LOW_CONTRAST_RMS && under(i).is_none()).then(|| ramp(-c, -LOW_CONTRAST_RMS, 0.0));
        let drop = 1.0 - cv(r) / cv_high[shot(i)].max(1e-9);
        let relative = (drop >= LOW_CONTRAST_DROP)
            .then(|| ramp(drop, LOW_CONTRAST_DROP, LOW_CONTRAST_FULL_DROP));
        outright.into_iter().chain(relative).reduce(f64::max)
    };
    for (kind, flag) in [
        (
            DefectKind::Overexposed,
            &over as &dyn Fn(usize) -> Option<f64>,
        ),
        (DefectKind::Underexposed, &under),
        (DefectKind::LowContrast, &flat),
    ] {
        runs(n, 1, min_run, &mut |i| flag(i), &mut |a, b, sum, c, _| {
            add(kind, a, b, sum / c as f64)
        });
    }

    // Shake: translation jitter (off the mean of the neighbouring shifts) inside a shot.
    let w = ctx.work_width.max(1) as f64;
    let jitter = |i: usize| -> f64 {
        if i < 2
            || i + 1 >= n
            || at_cut(i - 1)
            || at_cut(i)
            || at_cut(i + 1)
            || shot_of(i - 1) != shot_of(i + 1)
        {
            return 0.0;
        }
        let d = |get: fn(&Record) -> f32| {
            let v = |j: usize| recs.get(j).map_or(0.0, |r| f64::from(get(r)));
            libm::fabs(v(i) - 0.5 * (v(i - 1) + v(i + 1)))
        };
        let j = (d(|r| r.shift_x) + d(|r| r.shift_y)) / (w * per as f64);
        // An unreliable translation (NaN) in the window makes the jitter unknown, not shake.
        if j.is_finite() { j } else { 0.0 }
    };
    near.note(
        DefectKind::Shake,
        sustained(n, min_run, 2, &|i| jitter(i) / SHAKE_JITTER),
    );
    runs(
        n,
        2,
        min_run,
        &mut |i| {
            let j = jitter(i);
            (j >= SHAKE_JITTER).then_some(j)
        },
        &mut |a, b, sum, c, _| add(DefectKind::Shake, a, b, sum / c as f64 / SHAKE_FULL_JITTER),
    );

    // Colour shift: a still cell's chroma jumps, away from cuts. The changed colour lasts until
    // the next jump in the same shot (it changes back) or the shot's end.
    // Each jump is located where its still cells jumped ([`Record::chroma_place`]).
    let mut jumps: heapless::Vec<(usize, usize, f64), MAX_DEFECTS> = heapless::Vec::new();
    runs(
        n,
        0,
        1,
        &mut |i| {
            let j = f64::from(recs.get(i)?.chroma_jump);
            if at_cut(i) {
                return None;
            }
            near.note(DefectKind::ColorShift, j / COLOR_SHIFT_JUMP);
            (j >= COLOR_SHIFT_JUMP).then_some(j)
        },
        &mut |a, b, _, _, mx| {
            let _ = jumps.push((a, b, mx));
        },
    );
    let jump_place = |a: usize, b: usize| {
        recs.get(a..=b)
            .unwrap_or_default()
            .iter()
            .fold(CellBox::EMPTY, |p, r| p.union(r.chroma_place))
    };
    let mut color_places: heapless::Vec<(u32, u32, CellBox), MAX_DEFECTS> = heapless::Vec::new();
    let shot_end = |i: usize| {
        let mut e = i;
        while e + 1 < n && shot_of(e + 1) == shot_of(i) {
            e += 1;
        }
        e
    };
    let mut k = 0;
    while k < jumps.len() {
        let (a, b, mx) = jumps[k];
        match jumps.get(k + 1) {
            Some(&(back, back_end, mx2)) if shot_of(back) == shot_of(a) => {
                let end = back.saturating_sub(1).max(b);
                add(
                    DefectKind::ColorShift,
                    a,
                    end,
                    mx.max(mx2) / COLOR_SHIFT_FULL,
                );
                let place = jump_place(a, b).union(jump_place(back, back_end));
                let (s, e) = frame_range(a, end);
                let _ = color_places.push((s, e, place));
                k += 2;
            }
            _ => {
                let end = shot_end(a).max(b);
                add(DefectKind::ColorShift, a, end, mx / COLOR_SHIFT_FULL);
                let (s, e) = frame_range(a, end);
                let _ = color_places.push((s, e, jump_place(a, b)));
                k += 1;
            }
        }
    }

    #[cfg(feature = "artefacts")]
    artefact_rules(series, ctx, &mut add);
    // Boiling is located where the tracker saw cells boil; a colour shift where its cells
    // jumped (every jump of the defect, merged ones too).
    for d in defects.iter_mut() {
        match d.kind {
            DefectKind::Boiling => d.region = ctx.boil_place.region(),
            DefectKind::ColorShift => {
                let place = color_places
                    .iter()
                    .filter(|&&(s, e, _)| s <= d.end && d.start <= e)
                    .fold(CellBox::EMPTY, |p, &(_, _, q)| p.union(q));
                d.region = place.region();
            }
            _ => {}
        }
    }

    // Appearance shift at a cut: the new shot of the same scene shows colours the last one
    // never did (clothes that change colour between shots); the defect spans the new shot,
    // from cut `i` (at frame `cut`) to the next. First the salient region's (it knows where),
    // then the whole palette's.
    let new_shot = |i: usize, cut: u32, region: [u8; 4], severity: f64| Defect {
        kind: DefectKind::AppearanceShift,
        start: cut.min(last_frame),
        end: ctx
            .cuts
            .get(i + 1)
            .map_or(last_frame, |&c| c.saturating_sub(1))
            .max(cut)
            .min(last_frame),
        region,
        severity: clamp01(severity),
        points: 0.0,
    };
    for s in ctx.salient {
        if let Some(i) = ctx.cuts.iter().position(|&c| c == s.frame) {
            let severity = f64::from(s.new_cells) / SALIENT_NEW_FULL;
            push_defect(&mut defects, new_shot(i, s.frame, s.region, severity));
        }
    }
    for (i, (&cut, &new)) in ctx.cuts.iter().zip(ctx.cut_palette).enumerate() {
        let share = super::shots::share(new);
        if (PALETTE_NEW_MIN..=PALETTE_NEW_MAX).contains(&share) {
            let severity = share / PALETTE_NEW_FULL;
            push_defect(&mut defects, new_shot(i, cut, [0; 4], severity));
        }
    }

    // Popping: objects that appeared and vanished in place, from the pop tracker, in frames.
    #[cfg(feature = "artefacts")]
    for e in ctx.pops.iter().filter(|e| e.cells >= POP_MIN_CELLS) {
        push_defect(
            &mut defects,
            Defect {
                kind: DefectKind::Popping,
                start: e.start.min(last_frame),
                end: e.end.max(e.start).min(last_frame),
                region: e.place.region(),
                severity: clamp01(0.3 + 0.7 * f64::from(e.cells) / POP_FULL_CELLS),
                points: 0.0,
            },
        );
    }

    // Impossible motion: the flight tracker's findings, already in frames.
    #[cfg(feature = "artefacts")]
    for e in ctx.flights {
        push_defect(
            &mut defects,
            Defect {
                kind: DefectKind::ImpossibleMotion,
                start: e.start.min(last_frame),
                end: e.end.max(e.start).min(last_frame),
                region: e.place.region(),
                severity: clamp01(f64::from(e.severity)),
                points: 0.0,
            },
        );
    }

    sort_defects(&mut defects);

    // Whole-clip metrics.
    let mut sharp = [0f32; N];
    for (s, r) in sharp.iter_mut().zip(recs) {
        *s = r.sharpness;
    }
    let median_sharpness = quantile(sharp.get_mut(..n).unwrap_or_default(), 0.5);
    let mean =
        |f: fn(&Record) -> f32| recs.iter().map(|r| f64::from(f(r))).sum::<f64>() / n.max(1) as f64;
    let tail = n.max(2) - 1;
    let mean_mafd = recs.iter().skip(1).map(|r| f64::from(r.mafd)).sum::<f64>() / tail as f64;
    let dynamic = recs
        .iter()
        .skip(1)
        .filter(|r| f64::from(r.motion) >= DYNAMIC_MOTION)
        .count() as f64
        / tail as f64;
    let metrics = ClipMetrics {
        frames: ctx.frames as u32,
        shots: ctx.cuts.len() as u32 + 1,
        flashes: ctx.flashes,
        duration: ctx.frames as f64 / fps,
        motion: mean_motion,
        dynamic_degree: if n >= 2 { dynamic } else { 0.0 },
        vbench_flicker: (255.0 - mean_mafd) / 255.0,
        sharpness: median_sharpness,
        noise: mean(|r| r.noise),
        blockiness: mean(|r| r.blockiness),
        brightness: mean(|r| r.mean),
        contrast: mean(|r| r.contrast),
        frozen_share,
        max_chroma_jump: recs
            .iter()
            .map(|r| f64::from(r.chroma_jump))
            .fold(0.0, f64::max),
    };

    // A kind with a defect is a hit, not a near miss (its defects cost at least as much).
    for d in &defects {
        near.clear(d.kind);
    }
    let score = score_and_points_near(
        metrics.frames,
        &mut defects,
        &near,
        &super::config::VerdictConfig::DEFAULT,
    );
    (defects, near, metrics, score)
}

/// The generative-artefact rule read from the series: boiling ([`super::artefacts`]; popping
/// and impossible motion come as events from their trackers).
#[cfg(feature = "artefacts")]
fn artefact_rules<const N: usize>(
    series: &Series<N>,
    ctx: &Context<'_>,
    add: &mut dyn FnMut(DefectKind, usize, usize, f64),
) {
    let recs = series.records();
    let n = recs.len();
    let per = series.frames_per_record();
    let recs_for = |seconds: f64| ctx.cfg.frames(seconds).div_ceil(per).max(1);
    // Boiling: cells re-drawn frame after frame; the run starts where the first streak began.
    let boil_frames = recs_for(BOIL_MIN_SECONDS);
    runs(
        n,
        1,
        1,
        &mut |i| (recs[i].boil >= BOIL_MIN_CELLS).then_some(f64::from(recs[i].boil)),
        &mut |a, b, sum, c, _| {
            let a = (a + 1).saturating_sub(boil_frames);
            add(
                DefectKind::Boiling,
                a,
                b,
                0.3 + 0.7 * (sum / c as f64 / BOIL_FULL_CELLS).min(1.0),
            )
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_fault_seen_twice_is_one_defect() {
        let d = Defect::of;
        let mut list = heapless::Vec::new();
        push_defect(&mut list, d(DefectKind::AppearanceShift, 60, 119, 0.6));
        push_defect(&mut list, d(DefectKind::AppearanceShift, 60, 119, 0.9));
        push_defect(&mut list, d(DefectKind::AppearanceShift, 50, 70, 0.2));
        push_defect(&mut list, d(DefectKind::Blur, 60, 119, 0.5));
        push_defect(&mut list, d(DefectKind::AppearanceShift, 130, 140, 0.3));
        assert_eq!(list.len(), 3);
        assert_eq!(
            (list[0].start, list[0].end, list[0].severity),
            (50, 119, 0.9)
        );
        assert_eq!((list[2].start, list[2].end), (130, 140));
    }

    /// `sustained` is the highest threshold at which `runs` (the rules' own run finder) emits
    /// a run: checked by trying every value of random series as the threshold.
    #[test]
    fn sustained_is_the_highest_level_a_run_holds() {
        let mut state = 0x2545_f491_u32;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        for case in 0..400 {
            let n = 1 + (next() % 24) as usize;
            let len = 1 + (next() % 9) as usize;
            let gap = (next() % 4) as usize;
            let mut xs = [0f64; 24];
            for x in &mut xs[..n] {
                *x = f64::from(next() % 50);
            }
            let xs = &xs[..n];
            let fires = |v: f64| {
                let mut any = false;
                runs(
                    n,
                    gap,
                    len.min(n),
                    &mut |i| (xs[i] >= v).then_some(1.0),
                    &mut |_, _, _, _, _| any = true,
                );
                any
            };
            let oracle = xs.iter().copied().filter(|&v| fires(v)).fold(0.0, f64::max);
            assert_eq!(
                sustained(n, len, gap, &|i| xs[i]),
                oracle,
                "case {case}: n {n}, len {len}, gap {gap}, {xs:?}"
            );
        }
    }

    #[test]
    fn runs_merge_small_gaps_and_drop_short_ones() {
        let flags = [1, 1, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1];
        let mut out = [(0usize, 0usize, 0usize); 4];
        let mut k = 0;
        runs(
            flags.len(),
            1,
            2,
            &mut |i| (flags[i] == 1).then_some(1.0),
            &mut |a, b, _, c, _| {
                out[k] = (a, b, c);
                k += 1;
            },
        );
        assert_eq!(&out[..k], &[(0, 3, 3), (7, 11, 4)]);
    }
}
