//! The portable kernels: plain safe Rust, the oracle of every other path and what Miri runs.
//! Each function here defines the result the SIMD twins must reproduce (see the parent module
//! for the tolerances).

use super::{Means, StencilSums};

/// Samples per `i32` partial sum in [`sse_u8`]: a lane adds at most `2 · 255²` per block
/// of 16, so 16384 blocks stay below `2³¹`.
const SSE_CHUNK: usize = 16 * 16384;

/// `Σ (a − b)²` for equal-length rows: `i16` differences of 16-sample blocks, squared and summed
/// in eight `i32` lanes as `d[j]² + d[j + 8]²` (a shape LLVM turns into SSE2 `pmaddwd` on
/// x86-64 baselines), widened every [`SSE_CHUNK`] samples; the tail one by one. Exact.
pub(super) fn sse_u8(a: &[u8], b: &[u8]) -> u64 {
    let sq = |x: i16| i32::from(x) * i32::from(x);
    let mut row = 0;
    for (a, b) in a.chunks(SSE_CHUNK).zip(b.chunks(SSE_CHUNK)) {
        let (ab, bb) = (a.chunks_exact(16), b.chunks_exact(16));
        row += sse_plain(ab.remainder(), bb.remainder());
        let mut lanes = [0i32; 8];
        for (a, b) in ab.zip(bb) {
            let mut d = [0i16; 16];
            for j in 0..16 {
                d[j] = i16::from(a[j]) - i16::from(b[j]);
            }
            for j in 0..8 {
                lanes[j] += sq(d[j]) + sq(d[j + 8]);
            }
        }
        row += lanes
            .iter()
            .map(|&l| u64::from(l.unsigned_abs()))
            .sum::<u64>();
    }
    row
}

/// `Σ (a − b)²` one sample at a time (the SIMD paths' tails).
pub(super) fn sse_plain(a: &[u8], b: &[u8]) -> u64 {
    a.iter()
        .zip(b)
        .map(|(&x, &z)| {
            let d = i32::from(x) - i32::from(z);
            (d * d) as u64
        })
        .sum()
}

/// Laplacian sums at the interior columns `from..n−1` (`n = c.len() ≥ 3`, `from ≥ 1`;
/// `u`, `d` have `n` samples; shorter ones give `(0, 0)`).
pub(super) fn laplacian_from(u: &[u8], c: &[u8], d: &[u8], from: usize) -> (i64, i64) {
    let n = c.len();
    let from = from.max(1);
    if n < from + 2 {
        return (0, 0);
    }
    // Five equal-length views, one per tap: a flat loop the optimiser vectorises.
    let k = n - 1 - from;
    fn view(s: &[u8], at: usize, k: usize) -> &[u8] {
        s.get(at..).and_then(|s| s.get(..k)).unwrap_or_default()
    }
    let taps = [
        view(c, from - 1, k),
        view(c, from, k),
        view(c, from + 1, k),
        view(u, from, k),
        view(d, from, k),
    ];
    let (mut s, mut ss) = (0i64, 0i64);
    // `i32` sums per chunk: a square is at most 1020², so 2048 of them stay below 2³¹.
    let mut start = 0;
    while start < k {
        let [l, m, r, up, dn] = taps.map(|t| t.get(start..).unwrap_or_default());
        let len = (k - start).min(2048);
        let (mut cs, mut css) = (0i32, 0i32);
        let cols = l.iter().zip(m).zip(r).zip(up).zip(dn).take(len);
        for ((((&l, &m), &r), &up), &dn) in cols {
            let v = i32::from(l) + i32::from(r) + i32::from(up) + i32::from(dn) - 4 * i32::from(m);
            cs += v;
            css += v * v;
        }
        s += i64::from(cs);
        ss += i64::from(css);
        start += len;
    }
    (s, ss)
}

/// Laplacian sums at the interior columns `1..n−1` (see [`super::laplacian_u8`]).
pub(super) fn laplacian_u8(u: &[u8], c: &[u8], d: &[u8]) -> (i64, i64) {
    laplacian_from(u, c, d, 1)
}

/// The folded 11-tap filter (see [`super::filter11`]), from index `from` on; only as many
/// outputs as the shortest tap allows.
#[inline(always)]
pub(super) fn filter11_from(t: &[&[f64]; 11], w: &[f64; 11], out: &mut [f64], from: usize) {
    let n = t.iter().fold(out.len(), |n, s| n.min(s.len()));
    let Some(out) = out.get_mut(..n) else { return };
    // Every tap is exactly `n` long (`get` cannot fail here): no bounds check in the loop.
    let [
        Some(t0),
        Some(t1),
        Some(t2),
        Some(t3),
        Some(t4),
        Some(t5),
        Some(t6),
        Some(t7),
        Some(t8),
        Some(t9),
        Some(t10),
    ] = t.map(|s| s.get(..n))
    else {
        return;
    };
    for c in from..n {
        out[c] = w[5] * t5[c]
            + w[4] * (t4[c] + t6[c])
            + w[3] * (t3[c] + t7[c])
            + w[2] * (t2[c] + t8[c])
            + w[1] * (t1[c] + t9[c])
            + w[0] * (t0[c] + t10[c]);
    }
}

/// The folded 11-tap filter: six multiplies and ten adds per output.
pub(super) fn filter11(t: &[&[f64]; 11], w: &[f64; 11], out: &mut [f64]) {
    filter11_from(t, w, out, 0)
}

/// One pixel's SSIM and CS terms.
#[inline(always)]
pub(super) fn ssim_term(
    mu_a: f64,
    mu_b: f64,
    sq: f64,
    ab: f64,
    (c1, c2): (f64, f64),
) -> (f64, f64) {
    let mab = mu_a * mu_b;
    let msq = mu_a * mu_a + mu_b * mu_b;
    // σa² + σb² and 2σab; for identical inputs both are the same number.
    let cs_num = 2.0 * (ab - mab) + c2;
    let cs_den = (sq - msq) + c2;
    let l_num = 2.0 * mab + c1;
    let l_den = msq + c1;
    ((l_num * cs_num) / (l_den * cs_den), cs_num / cs_den)
}

/// Per-pixel SSIM and CS terms from index `from` on (all slices have the same length; extra
/// values of longer ones are left alone).
#[inline(always)]
pub(super) fn ssim_terms_from(
    m: &Means<'_>,
    c: (f64, f64),
    mut ssim: Option<&mut [f64]>,
    mut cs: Option<&mut [f64]>,
    from: usize,
) {
    let n = m.a.len();
    let (Some(b), Some(sq), Some(ab)) = (m.b.get(..n), m.sq.get(..n), m.ab.get(..n)) else {
        return;
    };
    for i in from..n {
        let (s, k) = ssim_term(m.a[i], b[i], sq[i], ab[i], c);
        if let Some(o) = ssim.as_deref_mut().and_then(|o| o.get_mut(i)) {
            *o = s;
        }
        if let Some(o) = cs.as_deref_mut().and_then(|o| o.get_mut(i)) {
            *o = k;
        }
    }
}

/// Per-pixel SSIM and CS terms (see [`super::ssim_terms`]).
pub(super) fn ssim_terms(
    m: &Means<'_>,
    c: (f64, f64),
    ssim: Option<&mut [f64]>,
    cs: Option<&mut [f64]>,
) {
    let n = m.a.len();
    let (Some(b), Some(sq), Some(ab)) = (m.b.get(..n), m.sq.get(..n), m.ab.get(..n)) else {
        return;
    };
    let a = m.a;
    match (ssim, cs) {
        // Separate loops so each vectorises without the per-pixel `Option` test.
        (Some(s), None) => {
            for (i, o) in s.iter_mut().take(n).enumerate() {
                *o = ssim_term(a[i], b[i], sq[i], ab[i], c).0;
            }
        }
        (None, Some(k)) => {
            for (i, o) in k.iter_mut().take(n).enumerate() {
                *o = ssim_term(a[i], b[i], sq[i], ab[i], c).1;
            }
        }
        (s, k) => ssim_terms_from(m, c, s, k, 0),
    }
}

/// `dst[i] = src[i]` as `f64` from index `from` on (`dst` as long as `src`).
#[inline(always)]
pub(super) fn widen_u8_from(src: &[u8], dst: &mut [f64], from: usize) {
    for (d, &s) in dst.iter_mut().zip(src).skip(from) {
        *d = f64::from(s);
    }
}

/// Bytes to `f64` (see [`super::widen_u8`]).
pub(super) fn widen_u8(src: &[u8], dst: &mut [f64]) {
    widen_u8_from(src, dst, 0)
}

/// `sq = a² + b²`, `ab = a·b` from index `from` on (all four slices the same length).
#[inline(always)]
pub(super) fn products_from(a: &[f64], b: &[f64], sq: &mut [f64], ab: &mut [f64], from: usize) {
    let n = a.len();
    let (Some(b), Some(sq), Some(ab)) = (b.get(..n), sq.get_mut(..n), ab.get_mut(..n)) else {
        return;
    };
    for i in from..n {
        let (p, q) = (a[i], b[i]);
        sq[i] = p * p + q * q;
        ab[i] = p * q;
    }
}

/// The SSIM products (see [`super::products`]).
pub(super) fn products(a: &[f64], b: &[f64], sq: &mut [f64], ab: &mut [f64]) {
    products_from(a, b, sq, ab, 0)
}

// ---------------------------------------------------------------------------------------------
// The 3×3 row stencil ([`super::stencil_row`]). On 64-bit hosts: tiles of the interior columns,
// each one flat loop over equal-length shifted row views with `i16` responses (every 8-bit
// response fits: the Laplacian and Sobel are within ±1020, Immerkær within ±4080), then
// reductions of those buffers that LLVM vectorises on plain SSE2 (squares of `i16` become
// `pmaddwd`); tile sums are `i32`, widened once per tile. On microcontrollers, with no vector
// unit to feed, one plain pass per pixel ([`stencil_plain`]). Equal results.

/// Interior columns per tile: a pixel adds at most `1020²` to the Laplacian square sum and
/// `2 · 1020² ≈ 2.08e6` to the Sobel sum, so a tile's `i32` sums are far from `2³¹`; the four
/// `i16` buffers (512 B of stack, zeroed once per row) stay in L1.
#[cfg(target_pointer_width = "64")]
const TILE: usize = 64;

/// Scratch `i16` responses of one tile (Laplacian, Sobel x, Sobel y, |Immerkær|).
#[cfg(target_pointer_width = "64")]
type Buffers = [[i16; TILE]; 4];

/// The stencil sums of the interior columns `1..n−1` (see [`super::stencil_row`]); the
/// Sobel sum only when `ten`.
pub(super) fn stencil_row(u: &[u8], c: &[u8], d: &[u8], ten: bool, block: usize) -> StencilSums {
    #[cfg(target_pointer_width = "64")]
    let mut s = if ten {
        tiles::<true>(u, c, d)
    } else {
        tiles::<false>(u, c, d)
    };
    #[cfg(not(target_pointer_width = "64"))]
    let mut s = if ten {
        stencil_plain::<true>(u, c, d)
    } else {
        stencil_plain::<false>(u, c, d)
    };
    s.hb = boundary_steps(c, block);
    s
}

#[cfg(any(test, not(target_pointer_width = "64")))]
/// Pixels per `u32` partial sum of [`stencil_plain`]: a pixel adds at most `2 · 1020²` to the
/// Sobel sum, so 1024 pixels stay below `2³²`.
const PLAIN_CHUNK: usize = 1024;

/// The stencil sums without `hb`, one pixel at a time in `i32` (the microcontroller form of
/// [`stencil_row`]).
#[cfg(any(test, not(target_pointer_width = "64")))]
pub(super) fn stencil_plain<const TEN: bool>(u: &[u8], c: &[u8], d: &[u8]) -> StencilSums {
    let mut out = StencilSums::default();
    let n = c.len();
    let (Some(u), Some(d)) = (u.get(..n), d.get(..n)) else {
        return out;
    };
    let rows = u.windows(3).zip(c.windows(3)).zip(d.windows(3));
    let mut chunk = [0u32; 5];
    let mut lap = 0i32;
    for (i, ((uw, cw), dw)) in rows.enumerate() {
        let (&[ul, uc, ur], &[cl, cc, cr], &[dl, dc, dr]) = (uw, cw, dw) else {
            continue;
        };
        let g = i32::from;
        let edges = g(uc) + g(dc) + g(cl) + g(cr);
        let l = edges - 4 * g(cc);
        lap += l;
        chunk[0] += (l * l) as u32;
        chunk[1] += (g(ul) + g(ur) + g(dl) + g(dr) - 2 * edges + 4 * g(cc)).unsigned_abs();
        if TEN {
            let gx = (g(ur) - g(ul)) + 2 * (g(cr) - g(cl)) + (g(dr) - g(dl));
            let gy = (g(dl) - g(ul)) + 2 * (g(dc) - g(uc)) + (g(dr) - g(ur));
            chunk[2] += (gx * gx + gy * gy) as u32;
        }
        chunk[3] += u32::from(cc.abs_diff(cl));
        chunk[4] += u32::from(cc.abs_diff(uc));
        if i % PLAIN_CHUNK == PLAIN_CHUNK - 1 {
            plain_flush(&mut out, &mut chunk, &mut lap);
        }
    }
    plain_flush(&mut out, &mut chunk, &mut lap);
    out
}

/// Moves the chunk sums of [`stencil_plain`] into `out`.
#[cfg(any(test, not(target_pointer_width = "64")))]
fn plain_flush(out: &mut StencilSums, chunk: &mut [u32; 5], lap: &mut i32) {
    out.lap += i64::from(*lap);
    out.lap_sq += u64::from(chunk[0]);
    out.noise += u64::from(chunk[1]);
    out.ten += u64::from(chunk[2]);
    out.h += u64::from(chunk[3]);
    out.v += u64::from(chunk[4]);
    (*chunk, *lap) = ([0; 5], 0);
}

/// `Σ |c[x] − c[x − 1]|` over the interior columns `1 ≤ x ≤ n − 2` on the grid
/// `x ≡ 0 (mod block)`.
pub(super) fn boundary_steps(c: &[u8], block: usize) -> u64 {
    let block = block.max(1);
    let inner = c.get(..c.len().saturating_sub(1)).unwrap_or_default();
    // Pair i is the step to column i + 1: the first on the grid is i = block − 1.
    inner
        .windows(2)
        .skip(block - 1)
        .step_by(block)
        .map(|p| match p {
            [a, b] => u64::from(a.abs_diff(*b)),
            _ => 0,
        })
        .sum()
}

#[cfg(target_pointer_width = "64")]
fn tiles<const TEN: bool>(u: &[u8], c: &[u8], d: &[u8]) -> StencilSums {
    let n = c.len();
    let mut out = StencilSums::default();
    // Rows of one plane are `n` long; saying so lets the optimiser drop every bounds check.
    let (Some(u), Some(d)) = (u.get(..n), d.get(..n)) else {
        return out;
    };
    if n < 3 {
        return out;
    }
    let mut buf: Buffers = [[0; TILE]; 4];
    let interior = n - 2;
    let mut x0 = 0;
    while x0 < interior {
        let m = TILE.min(interior - x0);
        let span = x0..x0 + m + 2;
        // In bounds (`x0 + m + 2 ≤ n`); `get` spares the panic path.
        let (Some(us), Some(cs), Some(ds)) =
            (u.get(span.clone()), c.get(span.clone()), d.get(span))
        else {
            break;
        };
        tile::<TEN>([us, cs, ds], m, &mut buf, &mut out);
        x0 += m;
    }
    out
}

/// Adds one tile's sums to `out`: `rows` are the above/here/below rows from one column left of
/// the tile to one column right of it (`m + 2` samples each); column `i + 1` of each is the
/// tile's column `i`.
///
/// Two stages, so each vectorises at full width: the responses into `i16` buffers (a flat loop
/// over equal-length shifted views: no bounds checks, and no `i32` to narrow the vector width),
/// then the reductions of those buffers ([`sum`], [`sum_sq`]). The neighbour steps are sums of
/// absolute byte differences straight off the rows ([`sad`]).
#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn tile<'a, const TEN: bool>(
    rows: [&'a [u8]; 3],
    m: usize,
    buf: &mut Buffers,
    out: &mut StencilSums,
) {
    // Callers pass `m ≤ TILE` and rows of `m + 2` samples: the clamp and the `get`s change
    // nothing but let the optimiser drop every bounds check (the no-panic proof).
    let m = m.min(TILE);
    let (Some([ul, uc, ur]), Some([cl, cc, cr]), Some([dl, dc, dr])) = (
        shifted(rows[0], m),
        shifted(rows[1], m),
        shifted(rows[2], m),
    ) else {
        return;
    };
    let [lap, gx, gy, nz] = buf;
    let (lap, gx, gy, nz) = (&mut lap[..m], &mut gx[..m], &mut gy[..m], &mut nz[..m]);
    // Zipped, not indexed: every view is `m` long, and the zip says so to the optimiser.
    let g = |s: &u8| i16::from(*s);
    let three = |l: &'a [u8], c: &'a [u8], r: &'a [u8]| l.iter().zip(c).zip(r);
    {
        let ins = three(ul, uc, ur)
            .zip(three(cl, cc, cr))
            .zip(three(dl, dc, dr));
        let outs = lap.iter_mut().zip(nz.iter_mut());
        for (((u, c), d), (lap, nz)) in ins.zip(outs) {
            let (((ul, uc), ur), ((cl, cc), cr), ((dl, dc), dr)) = (u, c, d);
            let edges = g(uc) + g(dc) + g(cl) + g(cr);
            *lap = edges - 4 * g(cc);
            *nz = ((g(ul) + g(ur) + g(dl) + g(dr)) - 2 * edges + 4 * g(cc)).abs();
        }
    }
    if TEN {
        let ins = three(ul, uc, ur)
            .zip(three(cl, cc, cr))
            .zip(three(dl, dc, dr));
        for (((u, c), d), (gx, gy)) in ins.zip(gx.iter_mut().zip(gy.iter_mut())) {
            let (((ul, uc), ur), ((cl, _), cr), ((dl, dc), dr)) = (u, c, d);
            *gx = (g(ur) - g(ul)) + 2 * (g(cr) - g(cl)) + (g(dr) - g(dl));
            *gy = (g(dl) - g(ul)) + 2 * (g(dc) - g(uc)) + (g(dr) - g(ur));
        }
        out.ten += u64::from((sum_sq(gx) + sum_sq(gy)) as u32);
    }
    out.lap += i64::from(sum(lap));
    out.lap_sq += u64::from(sum_sq(lap) as u32);
    out.noise += u64::from(sum(nz) as u32);
    out.h += u64::from(sad(cc, cl));
    out.v += u64::from(sad(cc, uc));
}

/// `Σ v` of at most [`TILE`] responses with `|v| ≤ 4080`: sixteen `i16` lanes take up to
/// [`SUM_BLOCKS`] blocks of 16 (`8 · 4080 < 2¹⁵`), then are widened into `i32`.
// Not inlined: inside the big fused caller the SLP vectoriser sometimes gave up on these
// lanes (scalar `imul`s); on their own they always compile to the vector loop.
#[cfg(target_pointer_width = "64")]
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
#[cfg(target_pointer_width = "64")]
const SUM_BLOCKS: usize = 8;

/// The `m`-sample views of `s` from columns 0, 1 and 2 (inlined, so the optimiser sees that
/// each is exactly `m` long).
#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn shifted(s: &[u8], m: usize) -> Option<[&[u8]; 3]> {
    Some([s.get(..m)?, s.get(1..)?.get(..m)?, s.get(2..)?.get(..m)?])
}

/// `Σ v²` of at most [`TILE`] responses, in eight `i32` lanes of `v[j]² + v[j + 8]²` (one
/// `pmaddwd` per eight responses). The caller's bounds keep every partial sum below `2³¹`.
#[cfg(target_pointer_width = "64")]
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
#[cfg(target_pointer_width = "64")]
#[inline(never)]
fn sad(a: &[u8], b: &[u8]) -> u32 {
    // Spelled as a signed difference of widened samples, reduced per 16-sample block: the
    // shape LLVM matches to a full-width `psadbw` (a flat reduction gets 4-byte loads, and a
    // two-output variant fell back to them too).
    let d = |x: &u8, y: &u8| (i32::from(*x) - i32::from(*y)).unsigned_abs();
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

// ---------------------------------------------------------------------------------------------
// The 2×2 binning of a row pair with its noise residual ([`super::bin2_row`]).

/// `Σ |e(x)|` of the row pair `top`, `bottom` over the columns `1..n − 1` (`n` the shorter
/// length), `e(x) = r(x − 1) − 2 r(x) + r(x + 1)` with `r = bottom − top` (see
/// [`crate::metrics::noise`]): six equal-length shifted views in one flat loop. `|e| ≤ 1020`,
/// so rows up to 4 million samples fit.
pub(super) fn pair_residual(top: &[u8], bottom: &[u8]) -> u32 {
    let n = top.len().min(bottom.len());
    if n < 3 {
        return 0;
    }
    let m = n - 2;
    fn view(s: &[u8], at: usize, m: usize) -> &[u8] {
        s.get(at..).and_then(|s| s.get(..m)).unwrap_or_default()
    }
    let t = [view(top, 0, m), view(top, 1, m), view(top, 2, m)];
    let b = [view(bottom, 0, m), view(bottom, 1, m), view(bottom, 2, m)];
    let r = |b: u8, t: u8| i16::from(b) - i16::from(t);
    let cols = t[0].iter().zip(t[1]).zip(t[2]);
    let cols = cols.zip(b[0].iter().zip(b[1]).zip(b[2]));
    cols.map(|(((&t0, &t1), &t2), ((&b0, &b1), &b2))| {
        u32::from((r(b0, t0) + r(b2, t2) - 2 * r(b1, t1)).unsigned_abs())
    })
    .sum()
}

/// One 2×2-binned row and the pair's residual (see [`super::bin2_row`]).
pub(super) fn bin2_row(top: &[u8], bottom: &[u8], out: &mut [u8], limited: bool) -> u32 {
    let n = out.len();
    let (Some(top), Some(bottom)) = (top.get(..2 * n), bottom.get(..2 * n)) else {
        return 0;
    };
    if limited {
        bin2_sums(top, bottom, out, crate::color::expand_limited_sum4);
    } else {
        bin2_sums(top, bottom, out, |s| ((s + 2) >> 2) as u8);
    }
    pair_residual(top, bottom)
}

/// `out[i] = value(Σ 2×2 block i)` (`top`, `bottom` at least `2 · out.len()` long): eight source bytes per row read as a little-endian word,
/// masks and shifts giving four pair sums in 16-bit lanes at once (each at most `4 · 255`, so
/// no lane carries into the next), which vectorises on plain SSE2.
#[inline(always)]
pub(super) fn bin2_sums(top: &[u8], bottom: &[u8], out: &mut [u8], value: impl Fn(u16) -> u8) {
    const LO: u64 = 0x00ff_00ff_00ff_00ff;
    let n = 2 * out.len();
    let (Some(top), Some(bottom)) = (top.get(..n), bottom.get(..n)) else {
        return;
    };
    let word = |b: &[u8]| {
        let mut x = [0u8; 8];
        x.copy_from_slice(b);
        u64::from_le_bytes(x)
    };
    let mut outs = out.chunks_exact_mut(4);
    let (mut tw, mut bw) = (top.chunks_exact(8), bottom.chunks_exact(8));
    for ((o, t), b) in (&mut outs).zip(&mut tw).zip(&mut bw) {
        let (t, b) = (word(t), word(b));
        let s = (t & LO) + ((t >> 8) & LO) + (b & LO) + ((b >> 8) & LO);
        for (l, v) in o.iter_mut().enumerate() {
            *v = value((s >> (16 * l)) as u16);
        }
    }
    let rest = outs.into_remainder();
    let pairs = tw
        .remainder()
        .chunks_exact(2)
        .zip(bw.remainder().chunks_exact(2));
    for (o, (t, b)) in rest.iter_mut().zip(pairs) {
        *o = value(u16::from(t[0]) + u16::from(t[1]) + u16::from(b[0]) + u16::from(b[1]));
    }
}

/// [`bin2_row`] of the pairs outside the SIMD paths' blocks: pair 0 and pairs `done..`, with
/// the residual columns 1 and `2·done ..= 2n − 2` (`n = out.len()`, rows `2n` long).
#[cfg(all(not(miri), any(target_arch = "x86_64", target_arch = "aarch64")))]
pub(super) fn bin2_edges(
    top: &[u8],
    bottom: &[u8],
    out: &mut [u8],
    limited: bool,
    done: usize,
) -> u32 {
    let n = out.len();
    let sums = |t: &[u8], b: &[u8], o: &mut [u8]| {
        if limited {
            bin2_sums(t, b, o, crate::color::expand_limited_sum4);
        } else {
            bin2_sums(t, b, o, |s| ((s + 2) >> 2) as u8);
        }
    };
    let (first, rest) = out.split_at_mut(1.min(n));
    sums(top, bottom, first);
    let tail = rest.get_mut(done.saturating_sub(1)..).unwrap_or_default();
    let from = 2 * done;
    if let (Some(t), Some(b)) = (top.get(from..), bottom.get(from..)) {
        sums(t, b, tail);
    }
    let mut residual = 0;
    if let (Some(t), Some(b)) = (top.get(..3), bottom.get(..3)) {
        residual += pair_residual(t, b);
    }
    let from = from.saturating_sub(1);
    if let (Some(t), Some(b)) = (top.get(from..2 * n), bottom.get(from..2 * n)) {
        residual += pair_residual(t, b);
    }
    residual
}

// ---------------------------------------------------------------------------------------------
// Column sums of absolute differences ([`super::sad_acc`]), the residual search's kernel.

/// `acc[i] += |a[i] − b[i] − off|`, wrapping in `u16`, over the shortest length (`|off| ≤ 255`,
/// so the difference fits `i16`).
pub(super) fn sad_acc(a: &[u8], b: &[u8], off: i16, acc: &mut [u16]) {
    for ((s, &p), &q) in acc.iter_mut().zip(a).zip(b) {
        *s = s.wrapping_add((i16::from(p) - i16::from(q) - off).unsigned_abs());
    }
}

/// [`super::add_cols`].
pub(super) fn add_cols(row: &[u8], cols: &mut [u16]) {
    for (c, &v) in cols.iter_mut().zip(row) {
        *c = c.wrapping_add(u16::from(v));
    }
}

/// Counts `c` into the tables, byte `j` of each 8 into table `j`, the tail into table 0.
pub(super) fn histogram(c: &[u8], t: &mut [[u32; 256]; 8]) {
    let blocks = c.chunks_exact(8);
    let [t0, ..] = t;
    for &v in blocks.remainder() {
        t0[usize::from(v)] += 1;
    }
    for q in blocks {
        for (tab, &v) in t.iter_mut().zip(q) {
            tab[usize::from(v)] += 1;
        }
    }
}
