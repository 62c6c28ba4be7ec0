//! Every available path equals the portable one: bit for bit for the integer kernels and
//! SSE4.1's `f64` kernels, within [`FMA_REL_TOL`] for the fused paths; on random rows of every
//! width 1–130 read at odd offsets (odd strides).

extern crate std;

use super::*;

fn xorshift(s: &mut u64) -> u64 {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    *s
}

fn paths() -> impl Iterator<Item = Path> {
    Path::ALL.into_iter().filter(|&p| available(p))
}

/// Widths to try: every one of 1–130 natively; a sample under Miri (interpreted).
fn widths() -> impl Iterator<Item = usize> {
    (1..=130).filter(|w| !cfg!(miri) || w % 17 == 1 || *w < 4)
}

/// A byte plane of `rows × stride` (odd stride) with random or extreme content.
fn plane(seed: u64, w: usize, rows: usize, mode: u8) -> ([u8; 3 * 140], usize) {
    let stride = w | 1; // odd, ≥ w
    let stride = if stride == w { w + 2 } else { stride };
    let mut s = seed | 1;
    let mut buf = [0u8; 3 * 140];
    for (i, v) in buf.iter_mut().enumerate().take(rows * stride) {
        *v = match mode {
            0 => (xorshift(&mut s) >> 56) as u8,
            1 => [0, 255][(i + i / stride) % 2],
            _ => 255,
        };
    }
    (buf, stride)
}

#[test]
fn integer_kernels_are_exact_on_every_path() {
    for w in widths() {
        for mode in 0..3u8 {
            let (a, stride) = plane(w as u64 * 31 + u64::from(mode), w, 3, mode);
            let (b, _) = plane(w as u64 * 77 + 5, w, 3, 0);
            let (u, c, d) = (
                &a[..w],
                &a[stride..stride + w],
                &a[2 * stride..2 * stride + w],
            );
            let want_sse = portable::sse_u8(c, &b[stride..stride + w]);
            let want_lap = portable::laplacian_u8(u, c, d);
            // The oracle against a plain i64 loop, too.
            let plain: u64 = c
                .iter()
                .zip(&b[stride..stride + w])
                .map(|(&x, &y)| ((i64::from(x) - i64::from(y)).pow(2)) as u64)
                .sum();
            assert_eq!(want_sse, plain, "w {w}");
            for p in paths() {
                assert_eq!(
                    sse_u8_on(p, c, &b[stride..stride + w]),
                    want_sse,
                    "{p:?} w {w}"
                );
                assert_eq!(
                    laplacian_u8_on(p, u, c, d),
                    want_lap,
                    "{p:?} w {w} mode {mode}"
                );
            }
        }
    }
}

#[test]
fn float_kernels_agree_on_every_path() {
    let mut s = 0x9e37_79b9_7f4a_7c15u64;
    let w = super::super::metrics::ssim::gaussian_window();
    for n in widths() {
        // Taps read from one row at offsets 0..10 (the horizontal pass) of integer-valued data
        // like the real inputs, plus fractional values (the MS-SSIM scales).
        let mut row = [0.0f64; 150];
        for v in row.iter_mut() {
            let r = xorshift(&mut s);
            *v = (r >> 56) as f64
                + if r & 1 == 0 {
                    0.25 * ((r >> 8) & 3) as f64
                } else {
                    0.0
                };
        }
        let taps: [&[f64]; 11] = core::array::from_fn(|k| &row[k + (n & 1)..]);
        let mut want = [0.0f64; 130];
        portable::filter11(&taps, &w, &mut want[..n]);
        let mut sq = [0.0f64; 130];
        let mut ab = [0.0f64; 130];
        let mut b = [0.0f64; 130];
        for i in 0..n {
            b[i] = (want[i] + (xorshift(&mut s) >> 60) as f64).min(255.0);
            sq[i] = want[i] * want[i] + b[i] * b[i] + (xorshift(&mut s) >> 54) as f64;
            ab[i] = want[i] * b[i] + (xorshift(&mut s) >> 55) as f64 - 256.0;
        }
        let m = Means {
            a: &want[..n],
            b: &b[..n],
            sq: &sq[..n],
            ab: &ab[..n],
        };
        let c = (6.5025, 58.5225);
        let (mut ws, mut wc) = ([0.0f64; 130], [0.0f64; 130]);
        portable::ssim_terms(&m, c, Some(&mut ws[..n]), Some(&mut wc[..n]));
        for p in paths() {
            let mut got = [0.0f64; 130];
            filter11_on(p, &taps, &w, &mut got[..n]);
            let exact = matches!(p, Path::Portable | Path::Sse41);
            for i in 0..n {
                if exact {
                    assert_eq!(got[i].to_bits(), want[i].to_bits(), "{p:?} n {n} i {i}");
                } else {
                    let tol = FMA_REL_TOL * want[i].abs();
                    assert!((got[i] - want[i]).abs() <= tol, "{p:?} n {n} i {i}");
                }
            }
            // The terms never fuse: bit for bit on every path, each output alone or both.
            let (mut gs, mut gc) = ([0.0f64; 130], [0.0f64; 130]);
            ssim_terms_on(p, &m, c, Some(&mut gs[..n]), Some(&mut gc[..n]));
            assert_eq!(gs[..n], ws[..n], "{p:?} n {n}");
            assert_eq!(gc[..n], wc[..n], "{p:?} n {n}");
            let mut only = [0.0f64; 130];
            ssim_terms_on(p, &m, c, Some(&mut only[..n]), None);
            assert_eq!(only[..n], ws[..n], "{p:?} n {n}");
            ssim_terms_on(p, &m, c, None, Some(&mut only[..n]));
            assert_eq!(only[..n], wc[..n], "{p:?} n {n}");
        }
    }
}

#[test]
fn names_round_trip_and_unavailable_paths_are_refused() {
    for p in Path::ALL {
        assert_eq!(Path::from_name(p.name()), Some(p));
    }
    assert_eq!(Path::from_name("sse2"), None);
    assert!(available(Path::Portable));
    assert!(available(detect()));
    #[cfg(miri)]
    assert_eq!(detect(), Path::Portable);
    for p in Path::ALL {
        if !available(p) {
            let before = path();
            assert!(force(p).is_err());
            assert_eq!(path(), before);
        }
    }
}

#[test]
fn widening_and_products_are_exact_on_every_path() {
    for w in widths() {
        let (a, stride) = plane(w as u64 * 13 + 1, w, 2, 0);
        let (ra, rb) = (&a[1..1 + w.min(stride - 1)], &a[stride..stride + w]);
        let n = ra.len();
        let (mut fa, mut fb) = ([0.0f64; 140], [0.0f64; 140]);
        portable::widen_u8(ra, &mut fa[..n]);
        portable::widen_u8(&rb[..n], &mut fb[..n]);
        for i in 0..n {
            assert_eq!(fa[i], f64::from(ra[i]));
        }
        // Quarter values, as in the MS-SSIM scales.
        fb[0] += 0.75;
        let (mut ws, mut wp) = ([0.0f64; 140], [0.0f64; 140]);
        portable::products(&fa[..n], &fb[..n], &mut ws[..n], &mut wp[..n]);
        for p in paths() {
            let mut g = [0.0f64; 140];
            widen_u8_on(p, ra, &mut g[..n]);
            assert_eq!(g[..n], fa[..n], "{p:?} w {w}");
            let (mut gs, mut gp) = ([0.0f64; 140], [0.0f64; 140]);
            products_on(p, &fa[..n], &fb[..n], &mut gs[..n], &mut gp[..n]);
            assert_eq!(gs[..n], ws[..n], "{p:?} w {w}");
            assert_eq!(gp[..n], wp[..n], "{p:?} w {w}");
        }
    }
}

/// The stencil sums written the plain way: every interior column, `i64` responses.
fn stencil_plain(u: &[u8], c: &[u8], d: &[u8], ten: bool, block: usize) -> StencilSums {
    let mut s = StencilSums::default();
    for x in 1..c.len().saturating_sub(1) {
        let g = |r: &[u8], i: usize| i64::from(r[i]);
        let edges = g(u, x) + g(d, x) + g(c, x - 1) + g(c, x + 1);
        let corners = g(u, x - 1) + g(u, x + 1) + g(d, x - 1) + g(d, x + 1);
        let lap = edges - 4 * g(c, x);
        s.lap += lap;
        s.lap_sq += (lap * lap) as u64;
        s.noise += (corners - 2 * edges + 4 * g(c, x)).unsigned_abs();
        if ten {
            let gx = (g(u, x + 1) - g(u, x - 1))
                + 2 * (g(c, x + 1) - g(c, x - 1))
                + (g(d, x + 1) - g(d, x - 1));
            let gy =
                (g(d, x - 1) - g(u, x - 1)) + 2 * (g(d, x) - g(u, x)) + (g(d, x + 1) - g(u, x + 1));
            s.ten += (gx * gx + gy * gy) as u64;
        }
        s.h += (g(c, x) - g(c, x - 1)).unsigned_abs();
        s.v += (g(c, x) - g(u, x)).unsigned_abs();
        if x % block == 0 {
            s.hb += (g(c, x) - g(c, x - 1)).unsigned_abs();
        }
    }
    s
}

#[test]
fn stencil_is_exact_on_every_path() {
    for w in widths() {
        for mode in 0..3u8 {
            let (a, stride) = plane(w as u64 * 131 + u64::from(mode), w, 3, mode);
            let (u, c, d) = (
                &a[..w],
                &a[stride..stride + w],
                &a[2 * stride..2 * stride + w],
            );
            for (ten, block) in [(false, 8), (true, 8), (false, 1), (true, 2), (false, 4)]
                .into_iter()
                .chain([(false, 3), (false, 16), (true, 32), (false, 64)])
            {
                let want = stencil_plain(u, c, d, ten, block);
                let ctx = (w, mode, ten, block);
                assert_eq!(portable::stencil_row(u, c, d, ten, block), want, "{ctx:?}");
                for p in paths() {
                    let got = stencil_row_on(p, u, c, d, ten, block);
                    assert_eq!(got, want, "{p:?} {ctx:?}");
                }
            }
        }
    }
}

/// Long rows cross the kernels' flush points and the portable tiles (extreme content: every
/// response at its bound, where a too-late flush would wrap).
#[test]
fn stencil_is_exact_on_long_extreme_rows() {
    let lens: &[usize] = if cfg!(miri) {
        &[600]
    } else {
        &[513, 1043, 4097 + 33, 16384]
    };
    for &n in lens {
        let checker =
            |r: usize| -> std::vec::Vec<u8> { (0..n).map(|x| [0, 255][(x + r) % 2]).collect() };
        // Period-4 columns 0, 0, 255, 255: every Sobel `Gx` at ±1020.
        let edges: std::vec::Vec<u8> = (0..n).map(|x| [0, 0, 255, 255][x % 4]).collect();
        let (zeros, full) = (std::vec![0u8; n], std::vec![255u8; n]);
        let rows = [
            (checker(1), checker(0), checker(1)),
            (edges.clone(), edges.clone(), edges.clone()),
            (zeros, edges, full),
        ];
        for (u, c, d) in &rows {
            for ten in [false, true] {
                let want = stencil_plain(u, c, d, ten, 8);
                for p in paths() {
                    assert_eq!(stencil_row_on(p, u, c, d, ten, 8), want, "{p:?} n {n}");
                }
            }
        }
    }
}

/// The microcontroller form of the portable stencil equals the oracle too.
#[test]
fn plain_stencil_equals_the_oracle() {
    for w in widths().chain([1025, 2100]) {
        let rows: std::vec::Vec<std::vec::Vec<u8>> = (0..3u64)
            .map(|r| {
                let mut s = w as u64 * 7 + r + 1;
                (0..w).map(|_| (xorshift(&mut s) >> 56) as u8).collect()
            })
            .collect();
        let (u, c, d) = (&rows[0][..], &rows[1][..], &rows[2][..]);
        let mut want = stencil_plain(u, c, d, true, 8);
        want.hb = 0;
        assert_eq!(portable::stencil_plain::<true>(u, c, d), want, "w {w}");
        want.ten = 0;
        assert_eq!(portable::stencil_plain::<false>(u, c, d), want, "w {w}");
    }
}

/// The pair residual in its other form: `e = Dxx(bottom) − Dxx(top)`, each row's own second
/// difference, in `i64` (independent of the kernels' `r`-first form); and the 2×2 block values
/// the plain way (rounded means, or the limited-range expansion of the exact mean as one
/// fraction: `⌊(510 (S − 16·4) + 219·4) / (438·4)⌋`, clamped).
fn bin2_plain(top: &[u8], bottom: &[u8], out: &mut [u8], limited: bool) -> u32 {
    let n = 2 * out.len();
    let dxx = |s: &[u8], x: usize| i64::from(s[x - 1]) - 2 * i64::from(s[x]) + i64::from(s[x + 1]);
    let mut total: i64 = 0;
    for x in 1..n.saturating_sub(1) {
        total += (dxx(bottom, x) - dxx(top, x)).abs();
    }
    for (i, o) in out.iter_mut().enumerate() {
        let s = i64::from(top[2 * i])
            + i64::from(top[2 * i + 1])
            + i64::from(bottom[2 * i])
            + i64::from(bottom[2 * i + 1]);
        *o = if limited {
            (510 * (s - 64) + 876).div_euclid(1752).clamp(0, 255) as u8
        } else {
            ((s + 2) / 4) as u8
        };
    }
    total as u32
}

#[test]
fn bin2_is_exact_on_every_path() {
    let lens: std::vec::Vec<usize> = widths().chain([300, 960, 2048]).collect();
    for &n in &lens {
        for mode in 0..3u64 {
            let mut s = n as u64 * 3 + mode + 1;
            let row = |s: &mut u64, r: usize| -> std::vec::Vec<u8> {
                (0..2 * n + 1)
                    .map(|x| match mode {
                        0 => (xorshift(s) >> 56) as u8,
                        // A checkerboard against its inverse: every |e| = 1020.
                        1 => [0, 255][(x + r) % 2],
                        _ => [0, 255, 16, 235, 128][(x * 7 + r) % 5],
                    })
                    .collect()
            };
            let (top, bottom) = (row(&mut s, 0), row(&mut s, 1));
            for limited in [false, true] {
                let mut want = std::vec![0u8; n];
                let r = bin2_plain(&top, &bottom, &mut want, limited);
                for p in Path::ALL.into_iter().filter(|&p| available(p)) {
                    let mut got = std::vec![7u8; n];
                    let g = bin2_row_on(p, &top, &bottom, &mut got, limited);
                    assert_eq!((g, &got), (r, &want), "{p:?} n {n} mode {mode} {limited}");
                }
            }
        }
    }
}

/// The residual search's column sums: every path equals portable (and a plain `i32` loop) on
/// rows of every width read at odd offsets, for offsets across and beyond ±255 and sums that
/// start near the top of `u16` (they wrap alike).
#[test]
fn sad_columns_are_exact_on_every_path() {
    let mut s = 0x2545_f491_4f6c_dd1du64;
    for w in widths() {
        for mode in 0..3u8 {
            let (a, stride) = plane(w as u64 * 13 + u64::from(mode), w, 3, mode);
            let (b, _) = plane(w as u64 * 101 + 7, w, 3, if mode == 2 { 2 } else { 0 });
            let (ra, rb) = (
                &a[stride..stride + w],
                &b[2 * stride + 1..2 * stride + 1 + w],
            );
            for off in [0i16, 1, -1, 37, -200, 255, -255, 300, -300, i16::MIN] {
                let mut start = [0u16; 130];
                for v in start.iter_mut() {
                    let r = xorshift(&mut s);
                    *v = if r & 1 == 0 {
                        (r >> 48) as u16
                    } else {
                        65_000 + (r >> 60) as u16
                    };
                }
                let mut want = start;
                sad_acc_on(Path::Portable, ra, rb, off, &mut want[..w]);
                let o = i32::from(off.clamp(-255, 255));
                for i in 0..130 {
                    let add = if i < w {
                        (i32::from(ra[i]) - i32::from(rb[i]) - o).unsigned_abs() as u16
                    } else {
                        0
                    };
                    assert_eq!(want[i], start[i].wrapping_add(add), "w {w} off {off} i {i}");
                }
                for p in paths() {
                    let mut got = start;
                    sad_acc_on(p, ra, rb, off, &mut got[..w]);
                    assert_eq!(got, want, "{p:?} w {w} mode {mode} off {off}");
                    // A shorter accumulator bounds the columns.
                    let mut short = start;
                    sad_acc_on(p, ra, rb, off, &mut short[..w / 2]);
                    assert_eq!(short[..w / 2], want[..w / 2], "{p:?} w {w}");
                    assert_eq!(short[w / 2..], start[w / 2..], "{p:?} w {w}");
                }
            }
        }
    }
}

/// The working copy's column sums: every path equals portable (and a plain `u32` loop modulo
/// 2¹⁶) on rows of every width read at odd offsets, for sums that start near the top of `u16`
/// (they wrap alike), and a shorter row or column slice bounds the columns.
#[test]
fn column_sums_are_exact_on_every_path() {
    let mut s = 0x9e37_79b9_7f4a_7c15u64;
    for w in widths() {
        for mode in 0..3u8 {
            let (a, stride) = plane(w as u64 * 29 + u64::from(mode), w, 3, mode);
            let row = &a[2 * stride..2 * stride + w];
            let mut start = [0u16; 130];
            for v in start.iter_mut() {
                let r = xorshift(&mut s);
                *v = if r & 1 == 0 {
                    (r >> 48) as u16
                } else {
                    65_400 + (r >> 60) as u16
                };
            }
            let mut want = start;
            add_cols_on(Path::Portable, row, &mut want[..w]);
            for i in 0..130 {
                let add = if i < w { u32::from(row[i]) } else { 0 };
                assert_eq!(
                    u32::from(want[i]),
                    (u32::from(start[i]) + add) % 65_536,
                    "w {w} i {i}"
                );
            }
            for p in paths() {
                let mut got = start;
                add_cols_on(p, row, &mut got[..w]);
                assert_eq!(got, want, "{p:?} w {w} mode {mode}");
                let mut short = start;
                add_cols_on(p, row, &mut short[..w / 2]);
                assert_eq!(short[..w / 2], want[..w / 2], "{p:?} w {w}");
                assert_eq!(short[w / 2..], start[w / 2..], "{p:?} w {w}");
                let mut long = start;
                add_cols_on(p, &row[..w / 2], &mut long[..w]);
                assert_eq!(long[..w / 2], want[..w / 2], "{p:?} w {w}");
                assert_eq!(long[w / 2..], start[w / 2..], "{p:?} w {w}");
            }
        }
    }
}

/// The stencil with the histogram counted alongside: on every path, the stencil sums of
/// [`stencil_row_on`] and, summed over the tables, a plain count of the row's codes, on rows
/// of every width 1–130 read at odd offsets, on top of counts already in the tables.
#[test]
fn stencil_with_histogram_is_exact_on_every_path() {
    for w in widths() {
        for mode in 0..3u8 {
            let (a, stride) = plane(w as u64 * 41 + u64::from(mode), w, 3, mode);
            let (u, c, d) = (
                &a[..w],
                &a[stride..stride + w],
                &a[2 * stride..2 * stride + w],
            );
            let mut plain = [0u32; 256];
            for &v in c {
                plain[usize::from(v)] += 1;
            }
            for p in paths() {
                for (ten, block) in [(false, 8), (true, 4), (false, 3)] {
                    let mut tables = [[0u32; 256]; 8];
                    tables[3][17] = 5;
                    let got = stencil_hist_row_on(p, u, c, d, ten, block, &mut tables);
                    let want = stencil_row_on(p, u, c, d, ten, block);
                    assert_eq!(got, want, "{p:?} w {w} mode {mode} {ten} {block}");
                    for (v, &n) in plain.iter().enumerate() {
                        let total: u32 = tables.iter().map(|t| t[v]).sum();
                        let extra = if v == 17 { 5 } else { 0 };
                        assert_eq!(total, n + extra, "{p:?} w {w} mode {mode} code {v}");
                    }
                }
            }
        }
    }
}
