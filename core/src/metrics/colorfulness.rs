//! Colourfulness (Hasler & Süsstrunk, "Measuring colourfulness in natural images", SPIE 2003).
//!
//! With `rg = R − G` and `yb = (R + G)/2 − B` per pixel:
//! `M = sqrt(σ_rg² + σ_yb²) + 0.3 · sqrt(μ_rg² + μ_yb²)` (population σ), on 8-bit RGB.
//! Grey images give 0; the paper calls ≈ 33 "moderately", ≈ 59 "quite" and ≥ 82 "highly"
//! colourful. Sums are exact integers (`2·yb` is an integer).

use super::sharpness::variance_exact;
use crate::plane::RgbImage;

/// Weight of the mean term in Hasler & Süsstrunk's formula.
pub const COLORFULNESS_MEAN_WEIGHT: f64 = 0.3;

/// Colourfulness `M` of an RGB image (see the module docs).
pub fn colorfulness(img: &RgbImage<'_>) -> f64 {
    let (mut s_rg, mut ss_rg, mut s_yb2, mut ss_yb2) = (0i128, 0i128, 0i128, 0i128);
    for y in 0..img.height() {
        let (mut a, mut aa, mut b, mut bb) = (0i64, 0i64, 0i64, 0i64);
        for px in img.row(y).chunks_exact(3) {
            let (r, g, bl) = (i64::from(px[0]), i64::from(px[1]), i64::from(px[2]));
            let rg = r - g;
            let yb2 = r + g - 2 * bl;
            a += rg;
            aa += rg * rg;
            b += yb2;
            bb += yb2 * yb2;
        }
        s_rg += i128::from(a);
        ss_rg += i128::from(aa);
        s_yb2 += i128::from(b);
        ss_yb2 += i128::from(bb);
    }
    let n = img.width() * img.height();
    let var_rg = variance_exact(s_rg, ss_rg, n);
    let var_yb = variance_exact(s_yb2, ss_yb2, n) / 4.0;
    let mu_rg = s_rg as f64 / n as f64;
    let mu_yb = s_yb2 as f64 / (2.0 * n as f64);
    libm::sqrt(var_rg + var_yb)
        + COLORFULNESS_MEAN_WEIGHT * libm::sqrt(mu_rg * mu_rg + mu_yb * mu_yb)
}
