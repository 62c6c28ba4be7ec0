//! The shared 3×3 pass behind the no-reference metrics of 8-bit planes.
//!
//! One sweep over each row triple (above, here, below; rows mirrored at the top and bottom edge
//! as OpenCV's `BORDER_REFLECT_101`) yields, exactly and in integers, everything
//! [`super::sharpness`], [`super::noise`] and [`super::blockiness`] sum per row: the Laplacian's
//! sum and sum of squares, the Sobel `Gx² + Gy²` sum, the Immerkær `|I ∗ N|` sum, and the
//! absolute horizontal and vertical neighbour steps. Each metric's own file documents its
//! formula; this file only fixes how the sums are formed.
//!
//! Interior columns go in blocks of 16 with `i16` lanes (every 8-bit response fits: the
//! Laplacian and Sobel are within ±1020, Immerkær within ±4080) and squares summed in `i32`
//! lanes as `v[j]² + v[j + 8]²` (the shape LLVM lowers to `pmaddwd`), widened once per
//! [`CHUNK_BLOCKS`] blocks; the two edge columns and any leftover columns use the scalar
//! [`pixel`] with the reflect-101 neighbours. Results equal the plain per-pixel sums exactly.
//! Only `u8` samples come here (callers dispatch on the sample size); deeper planes keep the
//! per-metric `i64` loops.

use crate::plane::{Plane, Sample};

/// Block width in columns.
const BLOCK: usize = 16;
/// Blocks per `i32` partial sum: Sobel lanes add `4 · 1020² ≈ 4.2e6` per block, so 256 blocks
/// stay below `2³¹`.
const CHUNK_BLOCKS: usize = 256;

/// Which sums to form (unused ones are compiled out).
pub(crate) const LAP: u8 = 1;
/// Sobel `Gx² + Gy²`.
pub(crate) const TEN: u8 = 2;
/// Immerkær (interior rows and columns only).
pub(crate) const NOISE: u8 = 4;
/// Blockiness neighbour steps.
pub(crate) const STEPS: u8 = 8;

/// Exact plane-wide sums.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sums {
    /// Σ Laplacian.
    pub lap: i128,
    /// Σ Laplacian².
    pub lap_sq: i128,
    /// Σ (Gx² + Gy²).
    pub ten: u128,
    /// Σ |Immerkær response| over interior pixels.
    pub noise: u128,
    /// Σ |step| across block boundaries (both directions).
    pub steps_boundary: u128,
    /// Σ |step| between all other neighbours.
    pub steps_inner: u128,
}

/// OpenCV's `BORDER_REFLECT_101` index mapping for `i ∈ [−1, n]`.
#[inline]
pub(crate) fn reflect101(i: isize, n: usize) -> usize {
    if n == 1 {
        return 0;
    }
    if i < 0 {
        (-i) as usize
    } else if i as usize >= n {
        2 * n - 2 - i as usize
    } else {
        i as usize
    }
}

/// Per-row partial sums (row totals fit `i64`/`u64` for any row a `usize` can index).
#[derive(Default, Clone, Copy)]
struct Row {
    lap: i64,
    lap_sq: u64,
    ten: u64,
    noise: u64,
    h_all: u64,
    v_all: u64,
}

/// The responses at one pixel with left/right neighbour columns `l`, `r`.
#[inline(always)]
fn pixel<T: Sample, const W: u8>(
    u: &[T],
    c: &[T],
    d: &[T],
    x: usize,
    l: usize,
    r: usize,
    acc: &mut Row,
) {
    let g = |s: &[T], i: usize| i64::from(s[i].to_u32());
    if W & LAP != 0 {
        let v = g(c, l) + g(c, r) + g(u, x) + g(d, x) - 4 * g(c, x);
        acc.lap += v;
        acc.lap_sq += (v * v) as u64;
    }
    if W & TEN != 0 {
        let gx = (g(u, r) - g(u, l)) + 2 * (g(c, r) - g(c, l)) + (g(d, r) - g(d, l));
        let gy = (g(d, l) - g(u, l)) + 2 * (g(d, x) - g(u, x)) + (g(d, r) - g(u, r));
        acc.ten += (gx * gx + gy * gy) as u64;
    }
    if W & NOISE != 0 {
        let corners = g(u, l) + g(u, r) + g(d, l) + g(d, r);
        let edges = g(u, x) + g(d, x) + g(c, l) + g(c, r);
        acc.noise += (corners - 2 * edges + 4 * g(c, x)).unsigned_abs();
    }
    if W & STEPS != 0 {
        acc.h_all += (g(c, x) - g(c, l)).unsigned_abs();
        acc.v_all += (g(c, x) - g(u, x)).unsigned_abs();
    }
}

/// 16 interior columns starting at `x` (needs `x ≥ 1` and `x + 17 ≤ width`).
#[inline(always)]
fn block<T: Sample, const W: u8>(u: &[T], c: &[T], d: &[T], x: usize, lanes: &mut [[i32; 8]; 6]) {
    let load = |s: &[T], o: usize| -> [i16; BLOCK] {
        let s = &s[o..o + BLOCK];
        core::array::from_fn(|j| s[j].to_u32() as i16)
    };
    let (ul, uc, ur) = (load(u, x - 1), load(u, x), load(u, x + 1));
    let (cl, cc, cr) = (load(c, x - 1), load(c, x), load(c, x + 1));
    let (dl, dc, dr) = (load(d, x - 1), load(d, x), load(d, x + 1));
    let mut lap = [0i16; BLOCK];
    let mut gx = [0i16; BLOCK];
    let mut gy = [0i16; BLOCK];
    let mut nz = [0i16; BLOCK];
    let mut hs = [0i16; BLOCK];
    let mut vs = [0i16; BLOCK];
    for j in 0..BLOCK {
        lap[j] = uc[j] + dc[j] + cl[j] + cr[j] - 4 * cc[j];
        gx[j] = (ur[j] - ul[j]) + 2 * (cr[j] - cl[j]) + (dr[j] - dl[j]);
        gy[j] = (dl[j] - ul[j]) + 2 * (dc[j] - uc[j]) + (dr[j] - ur[j]);
        nz[j] = ((ul[j] + ur[j] + dl[j] + dr[j]) - 2 * (uc[j] + dc[j] + cl[j] + cr[j]) + 4 * cc[j])
            .abs();
        hs[j] = (cc[j] - cl[j]).abs();
        vs[j] = (cc[j] - uc[j]).abs();
    }
    let [l_s, l_q, t_q, n_s, h_s, v_s] = lanes;
    for j in 0..8 {
        let k = j + 8;
        let w = |v: &[i16; BLOCK], i: usize| i32::from(v[i]);
        if W & LAP != 0 {
            l_s[j] += w(&lap, j) + w(&lap, k);
            l_q[j] += w(&lap, j) * w(&lap, j) + w(&lap, k) * w(&lap, k);
        }
        if W & TEN != 0 {
            t_q[j] += w(&gx, j) * w(&gx, j) + w(&gx, k) * w(&gx, k);
            t_q[j] += w(&gy, j) * w(&gy, j) + w(&gy, k) * w(&gy, k);
        }
        if W & NOISE != 0 {
            n_s[j] += w(&nz, j) + w(&nz, k);
        }
        if W & STEPS != 0 {
            h_s[j] += w(&hs, j) + w(&hs, k);
            v_s[j] += w(&vs, j) + w(&vs, k);
        }
    }
}

/// One row's sums over columns `1..w−1` in blocks, then the scalar leftovers.
#[inline(always)]
fn interior<T: Sample, const W: u8>(u: &[T], c: &[T], d: &[T], acc: &mut Row) {
    let w = c.len();
    let blocks = (w - 2) / BLOCK;
    let mut x = 1;
    let mut done = 0;
    while done < blocks {
        let n = CHUNK_BLOCKS.min(blocks - done);
        let mut lanes = [[0i32; 8]; 6];
        for _ in 0..n {
            block::<T, W>(u, c, d, x, &mut lanes);
            x += BLOCK;
        }
        let tot = |l: &[i32; 8]| l.iter().map(|&v| i64::from(v)).sum::<i64>();
        acc.lap += tot(&lanes[0]);
        acc.lap_sq += tot(&lanes[1]) as u64;
        acc.ten += tot(&lanes[2]) as u64;
        acc.noise += tot(&lanes[3]) as u64;
        acc.h_all += tot(&lanes[4]) as u64;
        acc.v_all += tot(&lanes[5]) as u64;
        done += n;
    }
    while x < w - 1 {
        pixel::<T, W>(u, c, d, x, x - 1, x + 1, acc);
        x += 1;
    }
}

/// The sums selected by `W` over a whole 8-bit plane (see the module docs).
pub(crate) fn sums<T: Sample, const W: u8>(p: &Plane<'_, T>) -> Sums {
    let (w, h) = p.size();
    let mut out = Sums::default();
    for y in 0..h {
        let u = p.row(reflect101(y as isize - 1, h));
        let c = p.row(y);
        let d = p.row(reflect101(y as isize + 1, h));
        let mut row = Row::default();
        if w >= 3 {
            interior::<T, W>(u, c, d, &mut row);
        }
        // Edge columns (reflect-101); their noise response is computed but never used.
        let mut edge = Row::default();
        if w == 1 {
            pixel::<T, W>(u, c, d, 0, 0, 0, &mut edge);
        } else {
            pixel::<T, W>(u, c, d, 0, 1, 1, &mut edge);
            pixel::<T, W>(u, c, d, w - 1, w - 2, w - 2, &mut edge);
            if W & STEPS != 0 {
                // Column 0 has no left neighbour: drop its mirrored `l = 1` step. Column
                // w − 1's step (with `l = w − 2`) is real.
                edge.h_all -= u64::from(c[0].to_u32().abs_diff(c[1].to_u32()));
            }
        }
        out.lap += i128::from(row.lap + edge.lap);
        out.lap_sq += i128::from(row.lap_sq + edge.lap_sq);
        out.ten += u128::from(row.ten + edge.ten);
        // Immerkær uses interior rows only (the top and bottom rows' sums are dropped).
        if y > 0 && y + 1 < h {
            out.noise += u128::from(row.noise);
        }
        if W & STEPS != 0 {
            let mut boundary: u64 = 0;
            for x in (BLOCK_STEP..w).step_by(BLOCK_STEP) {
                boundary += u64::from(c[x].to_u32().abs_diff(c[x - 1].to_u32()));
            }
            let h_all = row.h_all + edge.h_all;
            out.steps_boundary += u128::from(boundary);
            out.steps_inner += u128::from(h_all - boundary);
            if y > 0 {
                let v_all = u128::from(row.v_all + edge.v_all);
                if y % BLOCK_STEP == 0 {
                    out.steps_boundary += v_all;
                } else {
                    out.steps_inner += v_all;
                }
            }
        }
    }
    out
}

/// Block grid pitch for the step sums (the blockiness block size).
const BLOCK_STEP: usize = super::blockiness::BLOCK_SIZE;

#[cfg(test)]
mod tests {
    use super::super::{blockiness, frame_stats, noise, sharpness};
    use super::*;

    /// xorshift bytes; `smooth` mixes in a ramp so responses are not all extreme.
    fn bytes(seed: u64, n: usize, smooth: bool) -> [u8; 4096] {
        let mut s = seed | 1;
        let mut out = [0u8; 4096];
        for (i, v) in out.iter_mut().take(n).enumerate() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let r = (s >> 56) as u8;
            *v = if smooth {
                ((i % 61) as u8).wrapping_mul(3).wrapping_add(r / 16)
            } else {
                r
            };
        }
        out
    }

    /// The 8-bit path equals the `i64` per-metric loops exactly, on boundary sizes
    /// (1, 2, 3, block ± 1 columns, several chunks) and padded strides.
    #[test]
    fn narrow_path_equals_wide_loops() {
        let sizes = [
            (1, 1),
            (2, 1),
            (1, 5),
            (2, 2),
            (3, 3),
            (17, 4),
            (18, 9),
            (19, 3),
            (35, 17),
            (64, 40),
            (100, 33),
        ];
        for (seed, &(w, h)) in sizes.iter().enumerate() {
            for pad in [0, 3] {
                for smooth in [false, true] {
                    let stride = w + pad;
                    let buf = bytes(seed as u64 + 7, stride * h, smooth);
                    let p = Plane::new(&buf[..stride * h], w, h, stride).unwrap();
                    let ctx = (w, h, pad, smooth);
                    assert_eq!(
                        sharpness::laplacian_variance(&p),
                        sharpness::laplacian_variance_wide(&p),
                        "{ctx:?}"
                    );
                    assert_eq!(
                        sharpness::tenengrad(&p),
                        sharpness::tenengrad_wide(&p),
                        "{ctx:?}"
                    );
                    assert_eq!(
                        noise::noise_sigma(&p),
                        noise::noise_sigma_wide(&p),
                        "{ctx:?}"
                    );
                    assert_eq!(
                        blockiness::blockiness(&p),
                        blockiness::blockiness_wide(&p),
                        "{ctx:?}"
                    );
                    let f = frame_stats(&p).unwrap();
                    assert_eq!(
                        f.sharpness,
                        sharpness::laplacian_variance_wide(&p),
                        "{ctx:?}"
                    );
                    assert_eq!(f.tenengrad, sharpness::tenengrad_wide(&p), "{ctx:?}");
                    assert_eq!(f.noise_sigma, noise::noise_sigma_wide(&p), "{ctx:?}");
                    assert_eq!(f.blockiness, blockiness::blockiness_wide(&p), "{ctx:?}");
                    assert_eq!(f.mean, super::super::contrast::mean(&p), "{ctx:?}");
                    assert_eq!(
                        f.rms_contrast,
                        super::super::contrast::rms_contrast(&p),
                        "{ctx:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn extreme_checkerboard_does_not_overflow() {
        let (w, h) = (600, 6);
        let mut buf = [0u8; 3600];
        for (i, v) in buf.iter_mut().enumerate() {
            *v = if (i % w + i / w) % 2 == 0 { 255 } else { 0 };
        }
        let p = Plane::packed(&buf, w, h).unwrap();
        assert_eq!(
            sharpness::laplacian_variance(&p),
            sharpness::laplacian_variance_wide(&p)
        );
        assert_eq!(sharpness::tenengrad(&p), sharpness::tenengrad_wide(&p));
        assert_eq!(noise::noise_sigma(&p), noise::noise_sigma_wide(&p));
    }
}
