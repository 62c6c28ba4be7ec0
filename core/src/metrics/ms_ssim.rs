//! MS-SSIM — multi-scale SSIM (Wang, Simoncelli & Bovik, Asilomar 2003).
//!
//! Five scales; scale 1 is the input, each next scale is the 2×2 average of the previous one
//! (odd last row/column dropped). With `cs_j` the mean contrast-structure term at scale `j` and
//! `ssim_5` the mean SSIM at the coarsest scale ([`super::ssim`]'s window and constants), and
//! the weights [`MS_SSIM_WEIGHTS`] `w = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)`:
//!
//! - [`MsSsimConvention::Standard`] (the paper; TensorFlow's `ssim_multiscale`, `pytorch_msssim`):
//!   `Π_{j=1..4} cs_j^{w_j} · ssim_5^{w_5}`;
//! - [`MsSsimConvention::Skvideo`] (scikit-video's `skvideo.measure.msssim`):
//!   `Π_{j=1..4} cs_j^{w_j} · ssim_5`, the coarsest term without its exponent.
//!
//! Negative `cs_j` or `ssim_5` (anti-correlated content) are clamped to 0 before the power,
//! as `pytorch_msssim` does, so the result is always a number in [0, 1]; identical planes give 1.
//! The coarsest scale must still fit the 11×11 window, so both sides need ≥ 176 pixels.
//!
//! No allocation: the downsampled scales (exact in `f32`: averages of at most 256 samples of
//! ≤ 16 bits) live in caller scratch of [`ms_ssim_scratch_len`] floats.

use super::grid::{Grid, ToF64};
use super::ssim::{SSIM_WINDOW, Want, ssim_grid};
use crate::error::Error;
use crate::plane::{Plane, Sample};

/// Number of scales.
pub const MS_SSIM_SCALES: usize = 5;
/// Per-scale exponents from Wang et al. 2003, finest first.
pub const MS_SSIM_WEIGHTS: [f64; MS_SSIM_SCALES] = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333];
/// Smallest width and height MS-SSIM accepts: the 11×11 window at 1/16 scale.
pub const MS_SSIM_MIN_SIZE: usize = SSIM_WINDOW << (MS_SSIM_SCALES - 1);

/// How the per-scale terms are combined (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(u32)]
pub enum MsSsimConvention {
    /// Wang et al. 2003: every scale raised to its weight.
    #[default]
    Standard = 0,
    /// scikit-video 1.1.11: the coarsest SSIM is not raised to its weight.
    Skvideo = 1,
}

fn scale_sizes(width: usize, height: usize) -> [(usize, usize); MS_SSIM_SCALES] {
    let mut s = [(width, height); MS_SSIM_SCALES];
    for j in 1..MS_SSIM_SCALES {
        s[j] = (s[j - 1].0 / 2, s[j - 1].1 / 2);
    }
    s
}

/// `f32` scratch floats [`ms_ssim`] needs for a `width × height` pair (both planes, scales 2–5).
pub fn ms_ssim_scratch_len(width: usize, height: usize) -> usize {
    2 * scale_sizes(width, height)[1..]
        .iter()
        .map(|(w, h)| w * h)
        .sum::<usize>()
}

fn downsample<S: ToF64>(src: Grid<'_, S>, dst: &mut [f32]) -> usize {
    let (w, h) = (src.width / 2, src.height / 2);
    for y in 0..h {
        let (r0, r1) = (src.row(2 * y), src.row(2 * y + 1));
        let out = &mut dst[y * w..(y + 1) * w];
        for (x, o) in out.iter_mut().enumerate() {
            let s = r0[2 * x].f() + r0[2 * x + 1].f() + r1[2 * x].f() + r1[2 * x + 1].f();
            *o = (s * 0.25) as f32;
        }
    }
    w * h
}

/// MS-SSIM of two planes (see the module docs). `scratch` must hold at least
/// [`ms_ssim_scratch_len`]`(width, height)` floats; its contents are overwritten.
pub fn ms_ssim<T: Sample + ToF64>(
    a: &Plane<'_, T>,
    b: &Plane<'_, T>,
    convention: MsSsimConvention,
    scratch: &mut [f32],
) -> Result<f64, Error> {
    a.check_pair(b)?;
    a.check_min_size(MS_SSIM_MIN_SIZE)?;
    let needed = ms_ssim_scratch_len(a.width(), a.height());
    if scratch.len() < needed {
        return Err(Error::BufferTooShort {
            needed,
            got: scratch.len(),
        });
    }
    let range = f64::from(a.max_value());
    let sizes = scale_sizes(a.width(), a.height());
    let mut terms = [0.0f64; MS_SSIM_SCALES];

    let first = ssim_grid(Grid::from(a), Grid::from(b), range, Want::Cs);
    terms[0] = first.cs;
    let half = needed / 2;
    let (sa, sb) = scratch.split_at_mut(half);
    // Scale 2 from the planes; later scales from the previous scratch level.
    let mut off = 0;
    let n = downsample(Grid::from(a), &mut sa[off..]);
    downsample(Grid::from(b), &mut sb[off..]);
    let mut last = SsimPartsAt { off, n };
    for j in 1..MS_SSIM_SCALES {
        let (w, h) = sizes[j];
        let ga = Grid {
            data: &sa[last.off..last.off + last.n],
            width: w,
            height: h,
            stride: w,
        };
        let gb = Grid {
            data: &sb[last.off..last.off + last.n],
            width: w,
            height: h,
            stride: w,
        };
        let coarsest = j == MS_SSIM_SCALES - 1;
        let parts = ssim_grid(ga, gb, range, if coarsest { Want::Ssim } else { Want::Cs });
        terms[j] = if coarsest { parts.ssim } else { parts.cs };
        if j + 1 < MS_SSIM_SCALES {
            off = last.off + last.n;
            let (done_a, rest_a) = sa.split_at_mut(off);
            let (done_b, rest_b) = sb.split_at_mut(off);
            let src_a = Grid {
                data: &done_a[last.off..],
                width: w,
                height: h,
                stride: w,
            };
            let src_b = Grid {
                data: &done_b[last.off..],
                width: w,
                height: h,
                stride: w,
            };
            let n = downsample(src_a, rest_a);
            downsample(src_b, rest_b);
            last = SsimPartsAt { off, n };
        }
    }
    let mut result = 1.0;
    for (j, (&t, &wj)) in terms.iter().zip(MS_SSIM_WEIGHTS.iter()).enumerate() {
        let t = if t > 0.0 { t } else { 0.0 };
        let last_plain = j == MS_SSIM_SCALES - 1 && convention == MsSsimConvention::Skvideo;
        result *= if last_plain { t } else { libm::pow(t, wj) };
    }
    Ok(result)
}

struct SsimPartsAt {
    off: usize,
    n: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_is_one_and_small_is_refused() {
        let (w, h) = (180, 176);
        let mut a = [0u8; 180 * 176];
        for (i, v) in a.iter_mut().enumerate() {
            *v = ((i % w) * 3 + (i / w) * 7 % 200) as u8;
        }
        let p = Plane::packed(&a, w, h).unwrap();
        let mut scratch = [0f32; 2 * (90 * 88 + 45 * 44 + 22 * 22 + 11 * 11)];
        assert_eq!(ms_ssim_scratch_len(w, h), scratch.len());
        let v = ms_ssim(&p, &p, MsSsimConvention::Standard, &mut scratch).unwrap();
        assert!((v - 1.0).abs() < 1e-12, "{v}");
        let small = Plane::packed(&a[..175 * 175], 175, 175).unwrap();
        assert!(matches!(
            ms_ssim(&small, &small, MsSsimConvention::Standard, &mut scratch),
            Err(Error::TooSmall { min: 176, .. })
        ));
        assert!(matches!(
            ms_ssim(&p, &p, MsSsimConvention::Standard, &mut scratch[..10]),
            Err(Error::BufferTooShort { .. })
        ));
    }
}
