//! Colour helpers: RGB → luma and limited → full range expansion.
//!
//! - Luma `Y = Kr·R + Kg·G + Kb·B` with BT.601 (0.299, 0.587, 0.114) or BT.709
//!   (0.2126, 0.7152, 0.0722) coefficients, computed in `f64` and rounded half up
//!   (`floor(Y + 0.5)`), so the result is the exact rounding of the real-valued formula.
//! - Limited ("TV", 16–235) to full ("PC", 0–255) range: `round((Y − 16) · 255 / 219)`, clamped to
//!   0..=255 — what FFmpeg's swscale produces for `-pix_fmt gray` from `yuv420p`, and the luma
//!   scikit-video measures on. Computed exactly in integers: `(510·(Y−16) + 219) div 438`.

use crate::divide::Divider;
use crate::error::Error;
use crate::plane::{Plane, PlaneMut, RgbImage};

/// Luma coefficients `(Kr, Kg, Kb)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum LumaMatrix {
    /// ITU-R BT.601 (SD video, JPEG): 0.299, 0.587, 0.114.
    Bt601 = 0,
    /// ITU-R BT.709 (HD video): 0.2126, 0.7152, 0.0722.
    Bt709 = 1,
}

/// The range of 8-bit luma codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Range {
    /// Full ("PC") range: 0 is black, 255 white.
    Full,
    /// Limited ("TV", video) range: 16 is black, 235 white (what most video decoders output).
    Limited,
}

/// BT.601 luma coefficients `(Kr, Kg, Kb)`.
pub const BT601: (f64, f64, f64) = (0.299, 0.587, 0.114);
/// BT.709 luma coefficients `(Kr, Kg, Kb)`.
pub const BT709: (f64, f64, f64) = (0.2126, 0.7152, 0.0722);
/// Lowest luma code of limited-range 8-bit video.
pub const LIMITED_BLACK: u8 = 16;
/// Highest luma code of limited-range 8-bit video.
pub const LIMITED_WHITE: u8 = 235;

impl LumaMatrix {
    /// The `(Kr, Kg, Kb)` triple.
    pub fn coefficients(self) -> (f64, f64, f64) {
        match self {
            LumaMatrix::Bt601 => BT601,
            LumaMatrix::Bt709 => BT709,
        }
    }
}

/// Luma of one RGB pixel, rounded half up.
#[inline]
pub fn luma(r: u8, g: u8, b: u8, matrix: LumaMatrix) -> u8 {
    let (kr, kg, kb) = matrix.coefficients();
    let y = kr * f64::from(r) + kg * f64::from(g) + kb * f64::from(b);
    // y ∈ [0, 255]: the cast cannot truncate out of range.
    libm::floor(y + 0.5).clamp(0.0, 255.0) as u8
}

/// Writes the luma of `rgb` into `out` (same width and height).
pub fn rgb_to_luma(
    rgb: &RgbImage<'_>,
    matrix: LumaMatrix,
    out: &mut PlaneMut<'_>,
) -> Result<(), Error> {
    if rgb.size() != out.size() {
        return Err(Error::SizeMismatch {
            expected: rgb.size(),
            got: out.size(),
        });
    }
    for y in 0..rgb.height() {
        let src = rgb.row(y);
        let dst = out.row_mut(y);
        for (d, px) in dst.iter_mut().zip(src.chunks_exact(3)) {
            *d = luma(px[0], px[1], px[2], matrix);
        }
    }
    Ok(())
}

/// Expands one limited-range luma code to full range (see the module docs).
#[inline]
pub fn expand_limited(y: u8) -> u8 {
    let v = i32::from(y) - i32::from(LIMITED_BLACK);
    // round(v·255/219) for v ≥ 0, exactly: floor((510 v + 219) / 438).
    let num = 510 * v + 219;
    num.div_euclid(438).clamp(0, 255) as u8
}

/// Full-range values of limited-range block sums: a block of `n` samples summing to `S` maps to
/// `round((S/n − 16) · 255/219)`, clamped to 0..=255 — the expansion of the block's exact mean,
/// rounded once. In integers: `v = min(219n, max(0, S − 16n))`, `⌊(510 v + 219 n) / (438 n)⌋`
/// (for `n = 1` this is [`expand_limited`]). The clip scorer bins frames over 720p this way
/// ([`crate::clip::analysis`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct LimitedSums {
    n: u32,
    div: Divider,
}

impl LimitedSums {
    /// For blocks of `n` samples (`1 ≤ n ≤ 256`, so every dividend stays below 2²⁵).
    pub(crate) fn new(n: u32) -> Self {
        let n = n.clamp(1, 256);
        LimitedSums {
            n,
            div: Divider::new(438 * n),
        }
    }

    /// The full-range value of a block summing to `sum`.
    #[inline(always)]
    pub(crate) fn expand(&self, sum: u32) -> u8 {
        let n = self.n;
        let v = sum.saturating_sub(16 * n).min(219 * n);
        self.div.div(510 * v + 219 * n) as u8
    }
}

/// [`LimitedSums`] for 2×2 blocks (`n = 4`) in a form that vectorises:
/// `⌊(v · 19077 + 32958) / 2¹⁶⌋` with `v = min(876, max(0, S − 64))`, equal to the exact form
/// for every sum 0..=1020 (tested; constants from an exhaustive search).
#[inline(always)]
pub(crate) fn expand_limited_sum4(sum: u16) -> u8 {
    let v = u32::from(sum.saturating_sub(64).min(876));
    ((v * 19077 + 32958) >> 16) as u8
}

/// Writes the full-range expansion of the limited-range plane `src` into `out`.
pub fn expand_limited_range(src: &Plane<'_, u8>, out: &mut PlaneMut<'_>) -> Result<(), Error> {
    if src.size() != out.size() {
        return Err(Error::SizeMismatch {
            expected: src.size(),
            got: out.size(),
        });
    }
    for y in 0..src.height() {
        expand_limited_row(src.row(y), out.row_mut(y));
    }
    Ok(())
}

/// One row of [`expand_limited_range`]: `dst[i]` = the full-range value of `src[i]` over the
/// shorter length (the clip scorer expands rows with it as they are measured).
#[inline]
pub(crate) fn expand_limited_row(src: &[u8], dst: &mut [u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d = expand_limited_fixed(*s);
    }
}

/// [`expand_limited`] in fixed point, which vectorises (a table lookup does not):
/// `⌊(v · 2385 + 986) / 2¹¹⌋` with `v = min(219, max(0, y − 16))`, equal to the exact
/// rounding for all 256 codes (tested; the constants are the smallest 11-bit fit, found by
/// exhaustive search). The products stay below 2¹⁹, so LLVM multiplies eight 16-bit codes per
/// `pmaddwd` on plain SSE2 (about 2× faster than the earlier `u32` multiply-high form).
#[inline(always)]
fn expand_limited_fixed(y: u8) -> u8 {
    let v = u32::from(
        y.saturating_sub(LIMITED_BLACK)
            .min(LIMITED_WHITE - LIMITED_BLACK),
    );
    ((v * 2385 + 986) >> 11) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansion_matches_real_formula() {
        for y in 0..=255u8 {
            let exact = (f64::from(y) - 16.0) * 255.0 / 219.0;
            let want = libm::floor(exact + 0.5).clamp(0.0, 255.0) as u8;
            assert_eq!(expand_limited(y), want, "code {y}");
        }
        assert_eq!(expand_limited(16), 0);
        assert_eq!(expand_limited(235), 255);
        for y in 0..=255u8 {
            assert_eq!(expand_limited_fixed(y), expand_limited(y), "code {y}");
        }
    }

    /// Block sums expand to the rounded expansion of the exact block mean (checked against
    /// rational arithmetic: `floor(x + 1/2)` of `(S/n − 16) · 255/219` as a fraction).
    #[test]
    fn block_sums_expand_their_exact_mean() {
        let sizes: &[u32] = if cfg!(miri) {
            &[1, 4]
        } else {
            &[1, 4, 9, 16, 256]
        };
        for &n in sizes {
            let e = LimitedSums::new(n);
            for sum in 0..=255 * n {
                // x + 1/2 = (510 (S − 16n) + 219 n) / (438 n), floored; clamped to 0..=255.
                let num = 510 * i64::from(sum) - 510 * 16 * i64::from(n) + 219 * i64::from(n);
                let want = num.div_euclid(438 * i64::from(n)).clamp(0, 255) as u8;
                assert_eq!(e.expand(sum), want, "sum {sum} of {n}");
                if n == 4 {
                    assert_eq!(expand_limited_sum4(sum as u16), want, "sum {sum} of 4");
                }
                if n == 1 {
                    assert_eq!(e.expand(sum), expand_limited(sum as u8));
                }
            }
        }
    }

    #[test]
    fn luma_of_primaries() {
        assert_eq!(luma(255, 255, 255, LumaMatrix::Bt601), 255);
        assert_eq!(luma(255, 0, 0, LumaMatrix::Bt601), 76); // 76.245
        assert_eq!(luma(0, 255, 0, LumaMatrix::Bt709), 182); // 182.376
    }
}
