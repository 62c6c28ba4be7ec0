//! Link-time proof that hot core functions cannot panic: each wrapper below carries
//! `#[no_panic]`, which makes linking fail unless the optimiser removed every panic path of
//! the wrapped call (bounds checks, overflow checks, `unwrap`s). Built in release with fat LTO
//! by `scripts/test.sh`; running the binary just exercises the wrappers once.
//!
//! Each wrapper is `#[inline(never)]` and `main` passes every argument through `black_box`:
//! the proof is of the function for any argument, not of the call in `main` (`no_panic` alone
//! marks the wrapper `#[inline]`, and inlined into `main` with constant 8×8 planes the
//! optimiser folded away bounds checks that arbitrary sizes keep).
//!
//! A function is listed here only once it links. `engage::reddit_hot` links since its Python-2
//! rounding computes the product error with Dekker's exact split instead of `libm::fma` (whose
//! run-time CPU dispatch is an indirect call the proof cannot see through); results are bit
//! for bit the same. The 8-bit no-reference metrics and `frame_stats` link since the shared
//! 3×3 stencil (`metrics::stencil`) cuts every row to the middle row's length and walks a tile
//! through zipped, equal-length views. The audio scorer links since its push splits the
//! interleaved samples into whole frames (`split_at_checked`, `as_chunks`), walks the channels'
//! state zipped, and sorts its defects with the crate's insertion sort (the standard library's
//! sorts keep a panic for comparators that are not total orders). `ClipScorer::finish` links
//! since the verdict's rules reach records through `get` and their run and per-shot helpers are
//! inlined off bare-metal targets, and the near misses' window (`sustained`) takes its signal
//! as a generic closure, not `dyn` (an indirect call may unwind: the proof could not see the
//! rules at all). `ClipScorer::push` (luma, YUV 4:2:0 full and limited range, RGB, and row by
//! row: `begin_frame`, `push_row`, `end_frame`) links since the working frames are
//! cut to `geom.len().min(PIXELS)` (the geometry never exceeds `PIXELS`; the `min` tells the
//! optimiser) and the panned cell changes read rows and spans through `get`.
//! `python3 tests/no_panic/sites.py` (which builds every wrapper without `#[no_panic]`,
//! `--features sites`) lists the panic paths left in a wrapper that fails to link, with the
//! source line of each, and every indirect call (following the functions it may reach).

#[cfg(not(feature = "sites"))]
use no_panic::no_panic;
use reelscore::audio::{AudioConfig, AudioReport, AudioScorer};
use reelscore::clip::{ClipConfig, ClipReport, ClipScorer, FrameObservation, RowFeeder};
use reelscore::engage;
use reelscore::metrics;
use reelscore::{Error, Plane};
use reelscore::{RgbImage, Yuv420};
use std::hint::black_box as opaque;

/// The wrappers, each `#[no_panic]` (left out with `--features sites`) and `#[inline(never)]`.
macro_rules! wrappers {
    ($(fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block)*) => {$(
        #[cfg_attr(not(feature = "sites"), no_panic)]
        #[inline(never)]
        fn $name($($arg: $ty),*) -> $ret $body
    )*};
}

wrappers! {
    fn wilson_lower_bound(s: f64, n: f64, z: f64) -> Result<f64, Error> {
        engage::wilson_lower_bound(s, n, z)
    }

    fn wilson_interval(s: f64, n: f64, z: f64) -> Result<(f64, f64), Error> {
        engage::wilson_interval(s, n, z)
    }

    fn wilson_lower_bound_slice(
        s: &[f64], n: &[f64], z: f64, out: &mut [f64],
    ) -> Result<(), Error> {
        engage::wilson_lower_bound_slice(s, n, z, out)
    }

    fn bayesian_average_slice(
        m: &[f64], v: &[f64], w: f64, c: f64, out: &mut [f64],
    ) -> Result<(), Error> {
        engage::bayesian_average_slice(m, v, w, c, out)
    }

    fn reddit_hot(ups: f64, downs: f64, date: f64) -> Result<f64, Error> {
        engage::reddit_hot(ups, downs, date)
    }

    fn reddit_confidence(ups: f64, downs: f64) -> Result<f64, Error> {
        engage::reddit_confidence(ups, downs)
    }

    fn hacker_news_rank_slice(p: &[f64], a: &[f64], g: f64, out: &mut [f64]) -> Result<(), Error> {
        engage::hacker_news_rank_slice(p, a, g, out)
    }

    fn star_rating_sort(counts: &[f64], z: f64) -> Result<f64, Error> {
        engage::star_rating_sort(counts, z)
    }

    fn elo_update(a: f64, b: f64, s: f64, k: f64) -> Result<(f64, f64), Error> {
        engage::elo_update(a, b, s, k)
    }

    fn normal_isf(q: f64) -> Result<f64, Error> {
        engage::normal_isf(q)
    }

    fn plane(data: &[u8], w: usize, h: usize, stride: usize) -> Result<Plane<'_, u8>, Error> {
        Plane::new(data, w, h, stride)
    }

    fn mse(a: &Plane<'_, u8>, b: &Plane<'_, u8>) -> Result<f64, Error> {
        metrics::mse::mse(a, b)
    }

    fn laplacian_variance_16(a: &Plane<'_, u16>) -> f64 {
        metrics::sharpness::laplacian_variance(a)
    }

    fn laplacian_variance_8(a: &Plane<'_, u8>) -> f64 {
        metrics::sharpness::laplacian_variance(a)
    }

    fn frame_stats(a: &Plane<'_, u8>) -> Result<metrics::FrameStats, Error> {
        metrics::frame_stats(a)
    }

    fn histogram(a: &Plane<'_, u8>) -> metrics::histogram::Histogram {
        metrics::histogram::Histogram::of(a)
    }

    fn ssim_8(a: &Plane<'_, u8>, b: &Plane<'_, u8>) -> Result<f64, Error> {
        metrics::ssim::ssim(a, b)
    }

    fn psnr_8(a: &Plane<'_, u8>, b: &Plane<'_, u8>) -> Result<f64, Error> {
        metrics::mse::psnr(a, b)
    }

    fn noise_8(a: &Plane<'_, u8>) -> f64 {
        metrics::noise::noise_sigma(a)
    }

    fn blockiness_8(a: &Plane<'_, u8>) -> f64 {
        metrics::blockiness::blockiness(a)
    }

    fn tenengrad_8(a: &Plane<'_, u8>) -> f64 {
        metrics::sharpness::tenengrad(a)
    }

    fn expand(a: &Plane<'_, u8>, out: &mut reelscore::PlaneMut<'_>) -> Result<(), Error> {
        reelscore::color::expand_limited_range(a, out)
    }

    fn clip_push(s: &mut ClipScorer, luma: &Plane<'_, u8>) -> Result<FrameObservation, Error> {
        s.push(luma)
    }

    fn clip_push_yuv420(s: &mut ClipScorer, f: &Yuv420<'_>) -> Result<FrameObservation, Error> {
        s.push_yuv420(f)
    }

    fn clip_push_rgb(
        s: &mut ClipScorer, rgb: &RgbImage<'_>, scratch: &mut [u8],
    ) -> Result<FrameObservation, Error> {
        s.push_rgb(rgb, scratch)
    }

    fn clip_push_yuv420_limited(
        s: &mut ClipScorer, f: &Yuv420<'_>, scratch: &mut [u8],
    ) -> Result<FrameObservation, Error> {
        s.push_yuv420_limited(f, scratch)
    }

    fn clip_begin_frame(s: &mut ClipScorer, feeder: &mut RowFeeder<8>) -> Result<(), Error> {
        s.begin_frame(feeder)
    }

    fn clip_push_row(
        s: &mut ClipScorer, feeder: &mut RowFeeder<8>, row: &[u8],
    ) -> Result<(), Error> {
        s.push_row(feeder, row)
    }

    fn clip_end_frame(
        s: &mut ClipScorer, feeder: &mut RowFeeder<8>,
    ) -> Result<FrameObservation, Error> {
        s.end_frame(feeder)
    }

    fn clip_finish(s: &mut ClipScorer) -> Result<ClipReport, Error> {
        s.finish()
    }

    fn audio_push_f32(s: &mut AudioScorer, x: &[f32]) -> Result<(), Error> {
        s.push_f32(x)
    }

    fn audio_push_i16(s: &mut AudioScorer, x: &[i16]) -> Result<(), Error> {
        s.push_i16(x)
    }

    fn audio_report(s: &AudioScorer) -> AudioReport {
        s.report()
    }
}

fn main() {
    // Every argument passes through `opaque` (`black_box`), so no proof leans on the values used here.
    let (s, n) = (opaque([3.0, 7.0]), opaque([10.0, 20.0]));
    let mut out = [0.0; 2];
    println!("{:?}", wilson_lower_bound(s[0], n[0], opaque(1.96)));
    println!("{:?}", wilson_interval(s[1], n[1], opaque(1.96)));
    println!(
        "{:?}",
        wilson_lower_bound_slice(opaque(&s), opaque(&n), opaque(1.96), opaque(&mut out))
    );
    println!(
        "{:?}",
        bayesian_average_slice(
            opaque(&s),
            opaque(&n),
            opaque(5.0),
            opaque(3.0),
            opaque(&mut out)
        )
    );
    println!("{:?}", reddit_hot(s[1], s[0], opaque(1.7e9)));
    println!("{:?}", reddit_confidence(s[0], s[1]));
    println!(
        "{:?}",
        hacker_news_rank_slice(opaque(&s), opaque(&n), opaque(1.8), opaque(&mut out))
    );
    println!("{:?}", star_rating_sort(opaque(&n), opaque(1.65)));
    println!("{:?}", elo_update(s[0], s[1], opaque(1.0), opaque(32.0)));
    println!("{:?}", normal_isf(opaque(0.025)));
    let data = opaque([7u8; 64]);
    let (Ok(a), Ok(c)) = (
        plane(opaque(&data), opaque(8), opaque(8), opaque(8)),
        plane(opaque(&data), opaque(8), opaque(8), opaque(8)),
    ) else {
        return;
    };
    let (a, c) = (opaque(a), opaque(c));
    println!("{:?}", mse(opaque(&a), opaque(&c)));
    println!("{:?}", histogram(opaque(&a)).entropy());
    println!("{:?}", laplacian_variance_8(opaque(&a)));
    println!("{:?}", frame_stats(opaque(&a)));
    println!("{:?}", ssim_8(opaque(&a), opaque(&c)));
    println!("{:?}", psnr_8(opaque(&a), opaque(&c)));
    println!("{:?}", noise_8(opaque(&a)));
    println!("{:?}", blockiness_8(opaque(&a)));
    println!("{:?}", tenengrad_8(opaque(&a)));
    let mut o = [0u8; 64];
    if let Ok(om) = reelscore::PlaneMut::new(&mut o, 8, 8, 8) {
        let mut om = opaque(om);
        println!("{:?}", expand(opaque(&a), opaque(&mut om)));
    }
    let deep = opaque([700u16; 64]);
    if let Ok(d) = Plane::new_u16(&deep, 8, 8, 8, 10) {
        println!("{:?}", laplacian_variance_16(opaque(&opaque(d))));
    }
    clip(&data);
    audio();
}

/// Scores a short clip of `data` (an 8×8 grey frame) as luma, YUV 4:2:0 and RGB.
fn clip(data: &[u8; 64]) {
    let Ok(mut s) = ClipConfig::new(8, 8, 30.0).and_then(ClipScorer::new) else {
        return;
    };
    let (Ok(y), Ok(c)) = (Plane::packed(data, 8, 8), Plane::packed(&data[..16], 4, 4)) else {
        return;
    };
    let rgb_data = opaque([90u8; 3 * 64]);
    let mut scratch = [0u8; 64];
    if let (Ok(f), Ok(rgb)) = (Yuv420::new(y, c, c), RgbImage::new(&rgb_data, 8, 8, 24)) {
        let (y, f, rgb) = (opaque(y), opaque(f), opaque(rgb));
        println!(
            "{:?}",
            clip_push(opaque(&mut s), opaque(&y)).map(|o| o.mafd)
        );
        println!(
            "{:?}",
            clip_push_yuv420(opaque(&mut s), opaque(&f)).map(|o| o.mafd)
        );
        let r = clip_push_rgb(opaque(&mut s), opaque(&rgb), opaque(&mut scratch));
        println!("{:?}", r.map(|o| o.mafd));
        let r = clip_push_yuv420_limited(opaque(&mut s), opaque(&f), opaque(&mut scratch));
        println!("{:?}", r.map(|o| o.mafd));
        let mut feeder = RowFeeder::<8>::new();
        println!(
            "{:?}",
            clip_begin_frame(opaque(&mut s), opaque(&mut feeder))
        );
        for row in data.chunks_exact(8) {
            println!(
                "{:?}",
                clip_push_row(opaque(&mut s), opaque(&mut feeder), opaque(row))
            );
        }
        let r = clip_end_frame(opaque(&mut s), opaque(&mut feeder));
        println!("{:?}", r.map(|o| o.mafd));
    }
    println!("{:?}", clip_finish(opaque(&mut s)).map(|r| r.score));
}

/// Scores a short stereo tone as `f32` and `i16` samples.
fn audio() {
    let Ok(mut s) = AudioConfig::new(48_000, 2).and_then(AudioScorer::new) else {
        return;
    };
    let x = opaque([0.25f32; 4800]);
    let q = opaque([8192i16; 4800]);
    println!("{:?}", audio_push_f32(opaque(&mut s), opaque(&x)));
    println!("{:?}", audio_push_i16(opaque(&mut s), opaque(&q)));
    println!("{:?}", audio_report(opaque(&s)).metrics.true_peak_dbtp);
}
