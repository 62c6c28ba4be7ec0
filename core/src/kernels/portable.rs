//! The portable kernels: plain safe Rust, the oracle of every other path and what Miri runs.
//! Each function here defines the result the SIMD twins must reproduce (see the parent module
//! for the tolerances).

use super::Means;

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
    let (Some(u), Some(d)) = (u.get(..n), d.get(..n)) else {
        return (0, 0);
    };
    let (mut s, mut ss) = (0i64, 0i64);
    // Window j of `c` is centred on column j + 1.
    let (u, d) = (u.get(1..).unwrap_or(&[]), d.get(1..).unwrap_or(&[]));
    let cols = c.windows(3).zip(u).zip(d);
    for ((win, &up), &dn) in cols.skip(from.max(1) - 1) {
        let &[l, m, r] = win else { continue };
        let [l, m, r] = [l, m, r].map(i64::from);
        let v = l + r + i64::from(up) + i64::from(dn) - 4 * m;
        s += v;
        ss += v * v;
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
