//! The vector runs: frame metrics, RGB, engagement and the synthetic clip.

use crate::out::Out;
use crate::recipes::{self, CLIP, FRAME_CASES, RGB_CASES, build};
use reelscore::clip::{ClipConfig, DeviceClipScorer, FrameObservation, RowFeeder};
use reelscore::color::{self, LumaMatrix};
use reelscore::engage::*;
use reelscore::metrics::ms_ssim::{MsSsimConvention, ms_ssim, ms_ssim_scratch_len};
use reelscore::metrics::rows::FrameStatsRows;
use reelscore::metrics::{self, FrameStats, frame_stats};
use reelscore::{Plane, PlaneMut, RgbImage};

/// Largest vector plane (200 × 180) with room to spare.
const MAX_SAMPLES: usize = 40_000;
/// MS-SSIM scratch for the largest plane.
const MAX_SCRATCH: usize = 32_000;
/// Widest row streamed here.
const MAX_ROW: usize = 256;

/// Working memory, in RAM (`.bss`), taken once.
pub struct Buffers {
    pub a16: [u16; MAX_SAMPLES],
    pub b16: [u16; MAX_SAMPLES],
    pub a8: [u8; MAX_SAMPLES],
    pub b8: [u8; MAX_SAMPLES],
    pub scratch: [f32; MAX_SCRATCH],
    pub rows: FrameStatsRows<MAX_ROW>,
}

#[cfg(feature = "vectors")]
pub fn buffers() -> &'static mut Buffers {
    static mut BUFFERS: Buffers = Buffers {
        a16: [0; MAX_SAMPLES],
        b16: [0; MAX_SAMPLES],
        a8: [0; MAX_SAMPLES],
        b8: [0; MAX_SAMPLES],
        scratch: [0.0; MAX_SCRATCH],
        rows: FrameStatsRows::new(),
    };
    static TAKEN: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(false);
    assert!(
        !TAKEN.swap(true, core::sync::atomic::Ordering::Relaxed),
        "buffers taken twice"
    );
    // SAFETY: handed out once (checked above), single core, no interrupts use it.
    unsafe { &mut *core::ptr::addr_of_mut!(BUFFERS) }
}

const NR: [&str; 11] = [
    "sharpness",
    "tenengrad",
    "mean",
    "p10",
    "p90",
    "black_fraction",
    "white_fraction",
    "rms_contrast",
    "noise_sigma",
    "blockiness",
    "entropy",
];

fn nr_values(s: &FrameStats) -> [f64; 11] {
    [
        s.sharpness,
        s.tenengrad,
        s.mean,
        s.p10,
        s.p90,
        s.black_fraction,
        s.white_fraction,
        s.rms_contrast,
        s.noise_sigma,
        s.blockiness,
        s.entropy,
    ]
}

fn print_pair<T>(o: &mut Out, i: usize, a: &Plane<'_, T>, b: &Plane<'_, T>, scratch: &mut [f32])
where
    T: reelscore::Sample + metrics::grid::ToF64,
{
    let p = "frame_metrics";
    o.value(
        p,
        format_args!("cases[{i}].full_reference.mse"),
        metrics::mse::mse(a, b),
    );
    o.value(
        p,
        format_args!("cases[{i}].full_reference.psnr"),
        metrics::mse::psnr(a, b),
    );
    o.value(
        p,
        format_args!("cases[{i}].full_reference.ssim"),
        metrics::ssim::ssim(a, b),
    );
    assert!(ms_ssim_scratch_len(a.width(), a.height()) <= scratch.len());
    for (key, conv) in [
        ("ms_ssim", MsSsimConvention::Standard),
        ("ms_ssim_skvideo", MsSsimConvention::Skvideo),
    ] {
        let v = ms_ssim(a, b, conv, scratch);
        o.value(p, format_args!("cases[{i}].full_reference.{key}"), v);
    }
    match frame_stats(a) {
        Ok(s) => {
            for (k, v) in NR.iter().zip(nr_values(&s)) {
                o.value::<()>(p, format_args!("cases[{i}].no_reference.{k}"), Ok(v));
            }
        }
        Err(_) => o.line(format_args!("{p}:cases[{i}].no_reference err")),
    }
}

/// Every frame-metric case; 8-bit planes are also streamed row by row and must give the
/// whole-frame statistics bit for bit.
#[cfg(feature = "vectors")]
pub fn frame_metrics(o: &mut Out) {
    let bufs = buffers();
    for (i, case) in FRAME_CASES.iter().enumerate() {
        let (w, h, _) = build(&case.a, &mut bufs.a16);
        build(&case.b, &mut bufs.b16);
        let n = w * h;
        if case.bits == 8 {
            for (d, s) in bufs.a8[..n].iter_mut().zip(&bufs.a16[..n]) {
                *d = *s as u8;
            }
            for (d, s) in bufs.b8[..n].iter_mut().zip(&bufs.b16[..n]) {
                *d = *s as u8;
            }
            let a = Plane::packed(&bufs.a8[..n], w, h).unwrap();
            let b = Plane::packed(&bufs.b8[..n], w, h).unwrap();
            print_pair(o, i, &a, &b, &mut bufs.scratch);
            // Row streaming must equal the whole frame exactly.
            let acc = &mut bufs.rows;
            acc.begin(w, h).unwrap();
            for row in a.rows() {
                acc.push_row(row).unwrap();
            }
            let rows = nr_values(&acc.finish().unwrap()).map(f64::to_bits);
            let whole = nr_values(&frame_stats(&a).unwrap()).map(f64::to_bits);
            assert_eq!(rows, whole, "row-streamed statistics differ on case {i}");
            o.line(format_args!("rows:cases[{i}] equal"));
        } else {
            let a = Plane::new_u16(&bufs.a16[..n], w, h, w, case.bits).unwrap();
            let b = Plane::new_u16(&bufs.b16[..n], w, h, w, case.bits).unwrap();
            print_pair(o, i, &a, &b, &mut bufs.scratch);
        }
    }
}

/// RGB cases: colourfulness and both luma conversions (as hex bytes).
#[cfg(feature = "vectors")]
pub fn rgb(o: &mut Out) {
    let mut px = [0u16; 40 * 30 * 3];
    let mut bytes = [0u8; 40 * 30 * 3];
    let mut luma = [0u8; 40 * 30];
    for (i, r) in RGB_CASES.iter().enumerate() {
        let (w, h, _) = build(r, &mut px);
        for (d, s) in bytes.iter_mut().zip(&px[..3 * w * h]) {
            *d = *s as u8;
        }
        let img = RgbImage::new(&bytes[..3 * w * h], w, h, 3 * w).unwrap();
        let c = metrics::colorfulness::colorfulness(&img);
        o.value::<()>(
            "frame_metrics",
            format_args!("rgb_cases[{i}].colorfulness"),
            Ok(c),
        );
        for (key, m) in [
            ("luma_bt601", LumaMatrix::Bt601),
            ("luma_bt709", LumaMatrix::Bt709),
        ] {
            let mut out = PlaneMut::new(&mut luma[..w * h], w, h, w).unwrap();
            color::rgb_to_luma(&img, m, &mut out).unwrap();
            // Chunks of 64 pixels per line: `hex` is `key@start`.
            for (k, chunk) in luma[..w * h].chunks(64).enumerate() {
                o.line(format_args!(
                    "frame_metrics:rgb_cases[{i}].{key}@{} {}",
                    k * 64,
                    Hex(chunk)
                ));
            }
        }
    }
}

struct Hex<'a>(&'a [u8]);

impl core::fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// The engagement formulas, each output named by its path in engagement.json.
#[cfg(feature = "vectors")]
pub fn engagement(o: &mut Out) {
    let e = "engagement";
    for (i, &q) in recipes::NORMAL_ISF.iter().enumerate() {
        o.value(e, format_args!("normal.isf[{i}].z"), normal_isf(q));
    }
    for (i, &c) in recipes::NORMAL_TWO_SIDED.iter().enumerate() {
        o.value(
            e,
            format_args!("normal.two_sided[{i}].z"),
            z_for_confidence(c),
        );
    }
    for (i, &[s, n, z]) in recipes::WILSON.iter().enumerate() {
        let r = wilson_interval(s, n, z);
        o.value(e, format_args!("wilson.cases[{i}].lower"), r.map(|r| r.0));
        o.value(e, format_args!("wilson.cases[{i}].upper"), r.map(|r| r.1));
    }
    for &[s, n, z] in recipes::WILSON_ZERO_TOTAL {
        o.value(
            e,
            format_args!("wilson.zero_total.lower"),
            wilson_lower_bound(s, n, z),
        );
    }
    for (i, &[m, v, pw, pm]) in recipes::BAYES.iter().enumerate() {
        let r = bayesian_average(m, v, pw, pm);
        o.value(e, format_args!("bayesian_average.cases[{i}].expected"), r);
    }
    for (i, &[c, t, a, k]) in recipes::ADDITIVE.iter().enumerate() {
        let r = additive_smoothing(c, t, a, k);
        o.value(e, format_args!("additive_smoothing.cases[{i}].expected"), r);
    }
    for (i, &(counts, z)) in recipes::STAR.iter().enumerate() {
        let r = star_rating_sort(counts, z);
        o.value(e, format_args!("star_rating.cases[{i}].expected"), r);
    }
    for (i, &(times, t)) in recipes::HOOK.iter().enumerate() {
        let r = hook_retention(times, t);
        o.value(e, format_args!("watch.hook_retention[{i}].expected"), r);
    }
    for (i, &(t, r)) in recipes::AREA.iter().enumerate() {
        let r = retention_curve_area(t, r);
        o.value(e, format_args!("watch.retention_area[{i}].expected"), r);
    }
    for (i, &[c, v]) in recipes::COMPLETION.iter().enumerate() {
        let r = completion_rate(c, v);
        o.value(e, format_args!("watch.completion_rate[{i}].expected"), r);
    }
    for (i, &[t, v, d]) in recipes::AVD.iter().enumerate() {
        let avd = average_view_duration(t, v);
        o.value(e, format_args!("watch.average_view_duration[{i}].avd"), avd);
        let f = avd.and_then(|a| fraction_viewed(a, d));
        o.value(
            e,
            format_args!("watch.average_view_duration[{i}].fraction_viewed"),
            f,
        );
    }
    for (i, &[v, u]) in recipes::REWATCH.iter().enumerate() {
        let r = rewatch_ratio(v, u);
        o.value(e, format_args!("watch.rewatch_ratio[{i}].expected"), r);
    }
    for (i, &(p, w)) in recipes::ACTIONS.iter().enumerate() {
        let r = weighted_scores_sum(p, w);
        o.value(e, format_args!("actions.cases[{i}].expected"), r);
    }
    for (i, &[u, d, t]) in recipes::HOT.iter().enumerate() {
        o.value(
            e,
            format_args!("decay.hot.cases[{i}].expected"),
            reddit_hot(u, d, t),
        );
    }
    for (i, &[u, d]) in recipes::CONFIDENCE.iter().enumerate() {
        let r = reddit_confidence(u, d);
        o.value(e, format_args!("decay.confidence.cases[{i}].expected"), r);
    }
    for (i, &[p, a, g, pen]) in recipes::HACKER_NEWS.iter().enumerate() {
        let r = hacker_news_rank(p, a, g, pen);
        o.value(e, format_args!("decay.hacker_news.cases[{i}].expected"), r);
    }
    for (i, &(alpha, xs)) in recipes::EWM.iter().enumerate() {
        let mut out = [0.0; 64];
        let out = &mut out[..xs.len()];
        let ok = ewma_slice(xs, alpha, out);
        for (j, &v) in out.iter().enumerate() {
            let r = ok.map(|()| v);
            o.value(e, format_args!("decay.ewm.cases[{i}].ewma[{j}]"), r);
        }
        let ok = trending_z_slice(xs, alpha, out);
        for (j, &v) in out.iter().enumerate() {
            let r = ok.map(|()| v);
            o.value(e, format_args!("decay.ewm.cases[{i}].trending_z[{j}]"), r);
        }
        let mut tz = TrendingZ::new(alpha).unwrap();
        for (j, &x) in xs.iter().enumerate() {
            let r = tz.update(x).map(|_| tz.variance().unwrap_or(f64::NAN));
            o.value(e, format_args!("decay.ewm.cases[{i}].ewvar[{j}]"), r);
        }
    }
    for (i, &[a, hl]) in recipes::HALF_LIFE.iter().enumerate() {
        let r = half_life_decay(a, hl);
        o.value(e, format_args!("decay.half_life.cases[{i}].expected"), r);
    }
    for (i, &[ra, rb, s, k]) in recipes::ELO.iter().enumerate() {
        let r = elo_update(ra, rb, s, k);
        o.value(
            e,
            format_args!("pairwise.elo.cases[{i}].expected_a"),
            r.map(|r| r.0),
        );
        o.value(
            e,
            format_args!("pairwise.elo.cases[{i}].expected_b"),
            r.map(|r| r.1),
        );
    }
    for (i, &(p, opps)) in recipes::GLICKO2.iter().enumerate() {
        let mut cols = [[0.0; 8]; 3];
        for (j, op) in opps.iter().enumerate() {
            for c in 0..3 {
                cols[c][j] = op[c];
            }
        }
        let m = opps.len();
        let player = Glicko2Rating {
            rating: p[0],
            rd: p[1],
            volatility: p[2],
        };
        let r = glicko2_update(player, &cols[0][..m], &cols[1][..m], &cols[2][..m], p[3]);
        let parts = [
            r.map(|r| r.rating),
            r.map(|r| r.rd),
            r.map(|r| r.volatility),
        ];
        for (j, v) in parts.into_iter().enumerate() {
            o.value(
                e,
                format_args!("pairwise.glicko2.cases[{i}].expected[{j}]"),
                v,
            );
        }
    }
    for (i, &seed) in recipes::SPLITMIX64.iter().enumerate() {
        let mut g = SplitMix64::new(seed);
        for j in 0..6 {
            let v = g.next_u64();
            o.line(format_args!("{e}:splitmix64.cases[{i}].outputs[{j}] {v}"));
        }
    }
}

fn print_observation(o: &mut Out, k: usize, ob: &FrameObservation) {
    let s = &ob.stats;
    let fields = [
        ("motion", ob.motion),
        ("mafd", ob.mafd),
        ("scene_score", ob.scene_score),
        ("shift_x", ob.shift_x),
        ("shift_y", ob.shift_y),
        ("chroma_jump", ob.chroma_jump),
        ("freeze_diff", ob.freeze_diff),
    ];
    for (name, v) in fields {
        o.value::<()>("clip", format_args!("frames[{k}].{name}"), Ok(v));
    }
    for (name, v) in NR.iter().zip(nr_values(s)) {
        o.value::<()>("clip", format_args!("frames[{k}].{name}"), Ok(v));
    }
}

/// The synthetic clip through [`DeviceClipScorer`], whole frames and row by row.
pub fn clip(o: &mut Out) {
    let (w, h) = (CLIP.width, CLIP.height);
    let n = w * h;
    let cfg = ClipConfig::new(w, h, CLIP.fps).unwrap();
    // The whole-frame scorer is the reference; the scorer firmware (no `vectors`) streams rows
    // only, as a camera would.
    #[cfg(feature = "vectors")]
    let mut whole = DeviceClipScorer::new(cfg).unwrap();
    let mut rows = DeviceClipScorer::new(cfg).unwrap();
    let mut feeder = RowFeeder::<MAX_ROW>::new();
    let bufs_a = &mut [0u16; 64 * 48];
    let frame = &mut [0u8; 64 * 48];
    assert!(n <= frame.len());
    for (k, r) in CLIP.frames.iter().enumerate() {
        build(r, bufs_a);
        for (d, s) in frame[..n].iter_mut().zip(&bufs_a[..n]) {
            *d = *s as u8;
        }
        rows.begin_frame(&mut feeder).unwrap();
        for row in frame[..n].chunks_exact(w) {
            rows.push_row(&mut feeder, row).unwrap();
        }
        let b = rows.end_frame(&mut feeder).unwrap();
        #[cfg(feature = "vectors")]
        {
            let a = whole
                .push(&Plane::packed(&frame[..n], w, h).unwrap())
                .unwrap();
            assert!(a == b, "row-streamed observation differs at frame {k}");
        }
        print_observation(o, k, &b);
    }
    let report = rows.finish().unwrap();
    #[cfg(feature = "vectors")]
    {
        assert!(
            report == whole.finish().unwrap(),
            "row-streamed report differs"
        );
        o.line(format_args!("rows:clip equal"));
    }
    o.value::<()>("clip", format_args!("score"), Ok(report.score));
    for (i, d) in report.defects.iter().enumerate() {
        o.line(format_args!("clip:defects[{i}].kind {}", d.kind.name()));
        o.line(format_args!("clip:defects[{i}].start {}", d.start));
        o.line(format_args!("clip:defects[{i}].end {}", d.end));
        o.value::<()>(
            "clip",
            format_args!("defects[{i}].severity"),
            Ok(d.severity),
        );
    }
    for (i, c) in report.cuts.iter().enumerate() {
        o.line(format_args!("clip:cuts[{i}] {c}"));
    }
    let m = &report.metrics;
    o.line(format_args!("clip:metrics.frames {}", m.frames));
    o.line(format_args!("clip:metrics.shots {}", m.shots));
    o.line(format_args!("clip:metrics.flashes {}", m.flashes));
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
        o.value::<()>("clip", format_args!("metrics.{k}"), Ok(v));
    }
}
