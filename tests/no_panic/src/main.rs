//! Link-time proof that hot core functions cannot panic: each wrapper below carries
//! `#[no_panic]`, which makes linking fail unless the optimiser removed every panic path of
//! the wrapped call (bounds checks, overflow checks, `unwrap`s). Built in release with fat LTO
//! by `scripts/test.sh`; running the binary just exercises the wrappers once.
//!
//! A function is listed here only once it links. `engage::reddit_hot` links since its Python-2
//! rounding computes the product error with Dekker's exact split instead of `libm::fma` (whose
//! run-time CPU dispatch is an indirect call the proof cannot see through); results are bit
//! for bit the same. The 8-bit no-reference metrics and `frame_stats` link since the shared
//! 3×3 stencil (`metrics::stencil::add_row`) first cuts the rows above and below to the middle
//! row's length, which tells the optimiser every index is in bounds. The proof depends on
//! inlining: the clip scorer's `push`/`finish` do not link yet (and adding them here changes
//! inlining so that the stencil wrappers fail too), so they are covered by fuzzing only.

use no_panic::no_panic;
use reelscore::engage;
use reelscore::metrics;
use reelscore::{Error, Plane};
use std::hint::black_box;

#[no_panic]
fn wilson_lower_bound(s: f64, n: f64, z: f64) -> Result<f64, Error> {
    engage::wilson_lower_bound(s, n, z)
}

#[no_panic]
fn wilson_interval(s: f64, n: f64, z: f64) -> Result<(f64, f64), Error> {
    engage::wilson_interval(s, n, z)
}

#[no_panic]
fn wilson_lower_bound_slice(s: &[f64], n: &[f64], z: f64, out: &mut [f64]) -> Result<(), Error> {
    engage::wilson_lower_bound_slice(s, n, z, out)
}

#[no_panic]
fn bayesian_average_slice(
    m: &[f64],
    v: &[f64],
    w: f64,
    c: f64,
    out: &mut [f64],
) -> Result<(), Error> {
    engage::bayesian_average_slice(m, v, w, c, out)
}

#[no_panic]
fn reddit_hot(ups: f64, downs: f64, date: f64) -> Result<f64, Error> {
    engage::reddit_hot(ups, downs, date)
}

#[no_panic]
fn reddit_confidence(ups: f64, downs: f64) -> Result<f64, Error> {
    engage::reddit_confidence(ups, downs)
}

#[no_panic]
fn hacker_news_rank_slice(p: &[f64], a: &[f64], g: f64, out: &mut [f64]) -> Result<(), Error> {
    engage::hacker_news_rank_slice(p, a, g, out)
}

#[no_panic]
fn star_rating_sort(counts: &[f64], z: f64) -> Result<f64, Error> {
    engage::star_rating_sort(counts, z)
}

#[no_panic]
fn elo_update(a: f64, b: f64, s: f64, k: f64) -> Result<(f64, f64), Error> {
    engage::elo_update(a, b, s, k)
}

#[no_panic]
fn normal_isf(q: f64) -> Result<f64, Error> {
    engage::normal_isf(q)
}

#[no_panic]
fn plane(data: &[u8], w: usize, h: usize, stride: usize) -> Result<Plane<'_, u8>, Error> {
    Plane::new(data, w, h, stride)
}

#[no_panic]
fn mse(a: &Plane<'_, u8>, b: &Plane<'_, u8>) -> Result<f64, Error> {
    metrics::mse::mse(a, b)
}

#[no_panic]
fn laplacian_variance_16(a: &Plane<'_, u16>) -> f64 {
    metrics::sharpness::laplacian_variance(a)
}

#[no_panic]
fn laplacian_variance_8(a: &Plane<'_, u8>) -> f64 {
    metrics::sharpness::laplacian_variance(a)
}

#[no_panic]
fn frame_stats(a: &Plane<'_, u8>) -> Result<metrics::FrameStats, Error> {
    metrics::frame_stats(a)
}

#[no_panic]
fn histogram(a: &Plane<'_, u8>) -> metrics::histogram::Histogram {
    metrics::histogram::Histogram::of(a)
}

#[no_panic]
fn ssim_8(a: &Plane<'_, u8>, b: &Plane<'_, u8>) -> Result<f64, Error> {
    metrics::ssim::ssim(a, b)
}

#[no_panic]
fn psnr_8(a: &Plane<'_, u8>, b: &Plane<'_, u8>) -> Result<f64, Error> {
    metrics::mse::psnr(a, b)
}

#[no_panic]
fn noise_8(a: &Plane<'_, u8>) -> f64 {
    metrics::noise::noise_sigma(a)
}

#[no_panic]
fn blockiness_8(a: &Plane<'_, u8>) -> f64 {
    metrics::blockiness::blockiness(a)
}

#[no_panic]
fn tenengrad_8(a: &Plane<'_, u8>) -> f64 {
    metrics::sharpness::tenengrad(a)
}

#[no_panic]
fn expand(a: &Plane<'_, u8>, out: &mut reelscore::PlaneMut<'_>) -> Result<(), Error> {
    reelscore::color::expand_limited_range(a, out)
}

fn main() {
    let (s, n) = (black_box([3.0, 7.0]), black_box([10.0, 20.0]));
    let mut out = [0.0; 2];
    println!("{:?}", wilson_lower_bound(s[0], n[0], 1.96));
    println!("{:?}", wilson_interval(s[1], n[1], 1.96));
    println!("{:?}", wilson_lower_bound_slice(&s, &n, 1.96, &mut out));
    println!("{:?}", bayesian_average_slice(&s, &n, 5.0, 3.0, &mut out));
    println!("{:?}", reddit_hot(s[1], s[0], 1.7e9));
    println!("{:?}", reddit_confidence(s[0], s[1]));
    println!("{:?}", hacker_news_rank_slice(&s, &n, 1.8, &mut out));
    println!("{:?}", star_rating_sort(&n, 1.65));
    println!("{:?}", elo_update(s[0], s[1], 1.0, 32.0));
    println!("{:?}", normal_isf(0.025));
    let data = black_box([7u8; 64]);
    let (Ok(a), Ok(b)) = (plane(&data, 8, 8, 8), plane(&data, 8, 8, 8)) else {
        return;
    };
    println!("{:?}", mse(&a, &b));
    println!("{:?}", histogram(&a).entropy());
    println!("{:?}", laplacian_variance_8(&a));
    println!("{:?}", frame_stats(&a));
    println!("{:?}", ssim_8(&a, &b));
    println!("{:?}", psnr_8(&a, &b));
    println!("{:?}", noise_8(&a));
    println!("{:?}", blockiness_8(&a));
    println!("{:?}", tenengrad_8(&a));
    let mut o = [0u8; 64];
    if let Ok(mut om) = reelscore::PlaneMut::new(&mut o, 8, 8, 8) {
        println!("{:?}", expand(&a, &mut om));
    }
    let deep = black_box([700u16; 64]);
    if let Ok(d) = Plane::new_u16(&deep, 8, 8, 8, 10) {
        println!("{:?}", laplacian_variance_16(&d));
    }
}
