//! The shared 3×3 pass behind the no-reference metrics of 8-bit planes.
//!
//! One sweep over each row triple (above, here, below; rows mirrored at the top and bottom edge
//! as OpenCV's `BORDER_REFLECT_101`) yields, exactly and in integers, everything
//! [`super::sharpness`], [`super::noise`] and [`super::blockiness`] sum per row: the Laplacian's
//! sum and sum of squares, the Sobel `Gx² + Gy²` sum, the Immerkær `|I ∗ N|` sum, and the
//! absolute horizontal and vertical neighbour steps. Each metric's own file documents its
//! formula; this file only fixes how the sums are formed.
//!
//! Interior columns go in tiles of [`TILE`] as one flat loop over equal-length shifted row
//! views with `i16` responses (every 8-bit response fits: the Laplacian and Sobel are within
//! ±1020, Immerkær within ±4080) and `i32` tile sums, which LLVM vectorises on plain SSE2
//! (squares of `i16` become `pmaddwd`); tile sums are widened once per tile. The two edge columns
//! use the scalar [`pixel`] with the reflect-101 neighbours. Results equal the plain per-pixel
//! sums exactly.
//! Only `u8` samples come here (callers dispatch on the sample size); deeper planes keep the
//! per-metric `i64` loops.

use crate::plane::{Plane, Sample};

/// Interior columns per `i32` partial sum: a pixel adds at most `1020²` to the Laplacian
/// square sum and `2 · 1020² ≈ 2.08e6` to the Sobel sum, so 512 columns stay far below `2³¹`
/// (and the four `i16` buffers, 4 KiB, stay in L1).
const TILE: usize = 512;

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

/// Scratch `i16` response buffers for one tile (Laplacian, Sobel x, Sobel y, |Immerkær|).
type Buffers = [[i16; TILE]; 4];

/// One row's sums over the interior columns `1..w−1` (needs `w ≥ 3`), tile by tile.
#[inline(always)]
fn interior<T: Sample, const W: u8>(u: &[T], c: &[T], d: &[T], buf: &mut Buffers, acc: &mut Row) {
    let n = c.len() - 2;
    let mut x0 = 0;
    while x0 < n {
        let m = TILE.min(n - x0);
        let span = x0..x0 + m + 2;
        // In bounds (`x0 + m + 2 ≤ n + 2 = w`); `get` spares the panic path.
        let (Some(us), Some(cs), Some(ds)) =
            (u.get(span.clone()), c.get(span.clone()), d.get(span))
        else {
            return;
        };
        let t = Tile::of::<T, W>([us, cs, ds], m, buf);
        acc.lap += i64::from(t.lap);
        acc.lap_sq += u64::from(t.lap_sq);
        acc.ten += u64::from(t.ten);
        acc.noise += u64::from(t.noise);
        acc.h_all += u64::from(t.h_all);
        acc.v_all += u64::from(t.v_all);
        x0 += m;
    }
}

/// Sums over one tile of at most [`TILE`] interior columns (bounds in the [`TILE`] docs).
#[derive(Default)]
struct Tile {
    lap: i32,
    lap_sq: u32,
    ten: u32,
    noise: u32,
    h_all: u32,
    v_all: u32,
}

impl Tile {
    /// `rows` are the above/here/below rows from one column left of the tile to one column
    /// right of it (`m + 2` samples each); column `i + 1` of each is the tile's column `i`.
    ///
    /// Two stages, so each vectorises at full width: the responses into `i16` buffers (a flat
    /// loop over equal-length shifted views: no bounds checks, and no `i32` to narrow the
    /// vector width), then the reductions of those buffers ([`sum`], [`sum_sq`]). The
    /// neighbour steps are sums of absolute byte differences straight off the rows ([`sad`]).
    #[inline(always)]
    fn of<'a, T: Sample, const W: u8>(rows: [&'a [T]; 3], m: usize, buf: &mut Buffers) -> Tile {
        // Callers pass `m ≤ TILE` and rows of `m + 2` samples: the clamp and the `get`s change
        // nothing but let the optimiser drop every bounds check (the no-panic proof).
        let m = m.min(TILE);
        let (Some([ul, uc, ur]), Some([cl, cc, cr]), Some([dl, dc, dr])) = (
            shifted(rows[0], m),
            shifted(rows[1], m),
            shifted(rows[2], m),
        ) else {
            return Tile::default();
        };
        let [lap, gx, gy, nz] = buf;
        let (lap, gx, gy, nz) = (&mut lap[..m], &mut gx[..m], &mut gy[..m], &mut nz[..m]);
        if W & (LAP | TEN | NOISE) != 0 {
            // Zipped, not indexed: every view is `m` long, and the zip says so to the optimiser.
            let g = |s: &T| s.to_u32() as i16;
            let three = |l: &'a [T], c: &'a [T], r: &'a [T]| l.iter().zip(c).zip(r);
            let ins = three(ul, uc, ur)
                .zip(three(cl, cc, cr))
                .zip(three(dl, dc, dr));
            let outs = lap
                .iter_mut()
                .zip(gx.iter_mut())
                .zip(gy.iter_mut())
                .zip(nz.iter_mut());
            for (((u, c), d), (((lap, gx), gy), nz)) in ins.zip(outs) {
                let (((ul, uc), ur), ((cl, cc), cr), ((dl, dc), dr)) = (u, c, d);
                let (ul, uc, ur) = (g(ul), g(uc), g(ur));
                let (cl, cc, cr) = (g(cl), g(cc), g(cr));
                let (dl, dc, dr) = (g(dl), g(dc), g(dr));
                let edges = uc + dc + cl + cr;
                if W & LAP != 0 {
                    *lap = edges - 4 * cc;
                }
                if W & TEN != 0 {
                    *gx = (ur - ul) + 2 * (cr - cl) + (dr - dl);
                    *gy = (dl - ul) + 2 * (dc - uc) + (dr - ur);
                }
                if W & NOISE != 0 {
                    *nz = ((ul + ur + dl + dr) - 2 * edges + 4 * cc).abs();
                }
            }
        }
        let mut t = Tile::default();
        if W & LAP != 0 {
            t.lap = sum(lap);
            t.lap_sq = sum_sq(lap) as u32;
        }
        if W & TEN != 0 {
            t.ten = (sum_sq(gx) + sum_sq(gy)) as u32;
        }
        if W & NOISE != 0 {
            t.noise = sum(nz) as u32;
        }
        if W & STEPS != 0 {
            t.h_all = sad(cc, cl);
            t.v_all = sad(cc, uc);
        }
        t
    }
}

/// `Σ v` of at most [`TILE`] responses with `|v| ≤ 4080`: sixteen `i16` lanes take up to
/// [`SUM_BLOCKS`] blocks of 16 (`8 · 4080 < 2¹⁵`), then are widened into `i32`.
// Not inlined: inside the big fused caller the SLP vectoriser sometimes gave up on these
// lanes (scalar `imul`s); on their own they always compile to the vector loop.
#[inline(never)]
fn sum(v: &[i16]) -> i32 {
    let mut blocks = v.chunks_exact(16);
    let mut total: i32 = blocks.remainder().iter().map(|&x| i32::from(x)).sum();
    let mut lanes = [0i32; 16];
    loop {
        let mut narrow = [0i16; 16];
        let mut k = 0;
        for b in blocks.by_ref().take(SUM_BLOCKS) {
            let mut a = [0i16; 16];
            a.copy_from_slice(b);
            for j in 0..16 {
                narrow[j] += a[j];
            }
            k += 1;
        }
        for j in 0..16 {
            lanes[j] += i32::from(narrow[j]);
        }
        if k < SUM_BLOCKS {
            break;
        }
    }
    for l in lanes {
        total += l;
    }
    total
}

/// Blocks of 16 per `i16` partial sum in [`sum`].
const SUM_BLOCKS: usize = 8;

/// The `m`-sample views of `s` from columns 0, 1 and 2 (inlined, so the optimiser sees that
/// each is exactly `m` long).
#[inline(always)]
fn shifted<T>(s: &[T], m: usize) -> Option<[&[T]; 3]> {
    Some([s.get(..m)?, s.get(1..)?.get(..m)?, s.get(2..)?.get(..m)?])
}

/// `Σ v²` of at most [`TILE`] responses, in eight `i32` lanes of `v[j]² + v[j + 8]²` (one
/// `pmaddwd` per eight responses). The caller's bounds keep every partial sum below `2³¹`.
#[inline(never)]
fn sum_sq(v: &[i16]) -> i32 {
    let sq = |x: i16| i32::from(x) * i32::from(x);
    let blocks = v.chunks_exact(16);
    let mut total: i32 = blocks.remainder().iter().map(|&x| sq(x)).sum();
    let mut lanes = [0i32; 8];
    for b in blocks {
        let mut a = [0i16; 16];
        a.copy_from_slice(b);
        for j in 0..8 {
            lanes[j] += sq(a[j]) + sq(a[j + 8]);
        }
    }
    for l in lanes {
        total += l;
    }
    total
}

/// `Σ |a − b|` of at most [`TILE`] samples: one `psadbw` per block of 16 bytes.
#[inline(never)]
fn sad<T: Sample>(a: &[T], b: &[T]) -> u32 {
    // Spelled as a signed difference of widened samples, reduced per 16-sample block: the
    // shape LLVM matches to a full-width `psadbw` (a flat reduction gets 4-byte loads, and a
    // two-output variant fell back to them too).
    let d = |x: &T, y: &T| (x.to_u32() as i32 - y.to_u32() as i32).unsigned_abs();
    let (ab, bb) = (a.chunks_exact(16), b.chunks_exact(16));
    let mut total: u32 = ab
        .remainder()
        .iter()
        .zip(bb.remainder())
        .map(|(x, y)| d(x, y))
        .sum();
    for (a, b) in ab.zip(bb) {
        let mut s = 0;
        for j in 0..16 {
            s += d(&a[j], &b[j]);
        }
        total += s;
    }
    total
}

/// `Σ s` of bytes, reduced per 16-byte block: the shape LLVM matches to one `psadbw` (against
/// zero) per block; a flat widening sum unpacks to `u32` lanes instead, about 4× the work.
/// Exact for `s.len() ≤ 2²⁴` (the sum stays below `2³²`).
#[inline(never)]
pub(crate) fn byte_sum(s: &[u8]) -> u32 {
    // |x| of the widened sample is x; spelled so, the block sum matches `psadbw` as in [`sad`].
    let d = |x: u8| i32::from(x).unsigned_abs();
    let blocks = s.chunks_exact(16);
    let mut total: u32 = blocks.remainder().iter().map(|&x| d(x)).sum();
    for b in blocks {
        let mut t = 0;
        for &x in b {
            t += d(x);
        }
        total += t;
    }
    total
}

/// Scratch `i16` response buffers of [`add_row`] (4 KiB; contents never carry over between rows).
pub(crate) type RowBuffers = Buffers;

/// Fresh scratch for [`add_row`].
pub(crate) const fn row_buffers() -> RowBuffers {
    [[0; TILE]; 4]
}

/// The sums selected by `W` over a whole 8-bit plane (see the module docs).
pub(crate) fn sums<T: Sample, const W: u8>(p: &Plane<'_, T>) -> Sums {
    let h = p.height();
    let mut out = Sums::default();
    let mut buf: Buffers = row_buffers();
    for y in 0..h {
        let u = p.row(reflect101(y as isize - 1, h));
        let c = p.row(y);
        let d = p.row(reflect101(y as isize + 1, h));
        add_row::<T, W>(u, c, d, y, h, BLOCK_SIZE, &mut buf, &mut out);
    }
    out
}

/// Adds row `y` of a plane of `h` rows to `out`: `c` is the row, `u` and `d` the rows above and
/// below it after the reflect-101 mapping (all of the plane's width); `block` is the pitch of
/// the block grid the step sums are split by (≥ 1). The whole-plane [`sums`]
/// and the row-streaming [`super::rows::FrameStatsRows`] both go through here, so they agree
/// exactly.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn add_row<T: Sample, const W: u8>(
    u: &[T],
    c: &[T],
    d: &[T],
    y: usize,
    h: usize,
    block: usize,
    buf: &mut Buffers,
    out: &mut Sums,
) {
    let w = c.len();
    // Callers pass rows of one plane, all `w` long; saying so lets the optimiser drop every
    // bounds check below (the no-panic proof of the 8-bit metrics rests on it).
    let (Some(u), Some(d)) = (u.get(..w), d.get(..w)) else {
        return;
    };
    if w == 0 {
        // Planes are at least one sample wide.
        return;
    }
    let mut row = Row::default();
    if w >= 3 {
        interior::<T, W>(u, c, d, buf, &mut row);
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
        let block = block.max(1);
        // The steps `c[x − 1] → c[x]` at x = block, 2·block, … < w.
        for pair in c.windows(2).skip(block - 1).step_by(block) {
            if let [a, b] = pair {
                boundary += u64::from(b.to_u32().abs_diff(a.to_u32()));
            }
        }
        let h_all = row.h_all + edge.h_all;
        out.steps_boundary += u128::from(boundary);
        out.steps_inner += u128::from(h_all - boundary);
        if y > 0 {
            let v_all = u128::from(row.v_all + edge.v_all);
            if y.is_multiple_of(block) {
                out.steps_boundary += v_all;
            } else {
                out.steps_inner += v_all;
            }
        }
    }
}

/// Block grid pitch of whole planes' step sums (the coding block size).
const BLOCK_SIZE: usize = super::blockiness::BLOCK_SIZE;

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
    fn byte_sum_is_the_plain_sum() {
        extern crate std;
        let lens: &[usize] = if cfg!(miri) {
            &[0, 1, 15, 16, 17, 33]
        } else {
            &[0, 1, 15, 16, 17, 31, 32, 33, 40, 4095, 8192]
        };
        for &n in lens {
            let v: std::vec::Vec<u8> = (0..n).map(|i| (i * 97 % 256) as u8).collect();
            let plain: u32 = v.iter().map(|&x| u32::from(x)).sum();
            assert_eq!(byte_sum(&v), plain, "{n}");
            assert_eq!(byte_sum(&std::vec![255u8; n]), 255 * n as u32, "{n} × 255");
        }
    }

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
            (TILE + 1, 2),
            (TILE + 2, 3),
            (TILE + 3, 3),
            (2 * TILE + 19, 2),
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
                        blockiness::blockiness_wide(&p, blockiness::BLOCK_SIZE),
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
                    assert_eq!(
                        f.blockiness,
                        blockiness::blockiness_wide(&p, blockiness::BLOCK_SIZE),
                        "{ctx:?}"
                    );
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
