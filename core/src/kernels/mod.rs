//! Per-pixel kernels of the frame metrics, with one implementation per instruction set and
//! run-time dispatch (the BLAKE3 / memchr model).
//!
//! - `portable.rs`: plain safe Rust, the oracle every other path is tested against, and the
//!   only path Miri runs.
//! - `sse41.rs`, `avx2.rs` (AVX2 + FMA), `avx512.rs` (AVX-512F + BW): `core::arch::x86_64`
//!   intrinsics.
//! - `neon.rs`: `core::arch::aarch64` intrinsics (NEON is part of the aarch64 baseline).
//!
//! This module is the only place in the crate with `unsafe` code: calls into
//! `#[target_feature]` functions, and raw loads/stores. Each block carries a `// SAFETY:`
//! comment; the precondition shared by all of them is that [`available`] returned `true` for the
//! path, which the dispatch below guarantees.
//!
//! ## Selection
//! The first kernel call (or [`path`]) picks the best [`Path`] the CPU supports and caches it in an
//! atomic; [`force`] replaces it (tests, benchmarks, and the `REELSCORE_KERNELS` variable, which
//! the C library and the Python extension read; the core cannot read the environment).
//! Detection needs no `std`: on x86-64 it asks `cpuid` directly and checks with `xgetbv` that the
//! OS saves the wide registers, the same test `std::is_x86_feature_detected!` makes. Under Miri,
//! which cannot run the intrinsics, only [`Path::Portable`] is available. On other targets the
//! choice is fixed at compile time (`cfg(target_feature)`): aarch64 always has NEON, everything
//! else (Cortex-M4F, wasm, ...) runs the portable kernels.
//!
//! ## What each path guarantees
//! Integer kernels (squared differences for MSE/PSNR, the Laplacian sums for sharpness, the
//! residual search's and the working copy's column sums) are exact on every path: bit for bit
//! equal. The `f64` SSIM kernels of SSE4.1 perform the portable operations in the same order
//! (bit for bit equal); AVX2, AVX-512 and NEON fuse multiply-adds,
//! which rounds once instead of twice: their filtered means differ from the portable ones by at
//! most [`FMA_REL_TOL`] relative (tested), far inside the 1e-9 of the conformance vectors.

use core::sync::atomic::{AtomicU8, Ordering};

use crate::error::Error;

mod portable;

#[cfg(all(target_arch = "x86_64", not(miri)))]
mod avx2;
#[cfg(all(target_arch = "x86_64", not(miri)))]
mod avx512;
#[cfg(all(target_arch = "x86_64", not(miri)))]
mod sse41;

#[cfg(all(target_arch = "aarch64", target_feature = "neon", not(miri)))]
mod neon;

#[cfg(test)]
mod tests;

/// Relative tolerance between a fused-multiply-add path and the portable one for the SSIM
/// window sums (a few roundings of `f64`, ε = 2.2e-16, on at most 11 terms).
pub const FMA_REL_TOL: f64 = 1e-13;

/// An implementation of the kernels. Exhaustive on purpose: the C and Python bindings match on
/// it, so a new path cannot be added without giving it a C enum value and a name there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Path {
    /// Plain Rust; every target.
    Portable = 1,
    /// x86-64 SSE4.1 (128-bit).
    Sse41 = 2,
    /// x86-64 AVX2 with FMA (256-bit).
    Avx2 = 3,
    /// x86-64 AVX-512F, AVX-512BW and AVX-512VL (512-bit, and 256-bit with 32 registers).
    Avx512 = 4,
    /// aarch64 NEON (128-bit).
    Neon = 5,
}

impl Path {
    /// Every path, in order of preference on its architecture (worst first).
    pub const ALL: [Path; 5] = [
        Path::Portable,
        Path::Sse41,
        Path::Avx2,
        Path::Avx512,
        Path::Neon,
    ];

    /// The lower-case name used by `REELSCORE_KERNELS`: `portable`, `sse41`, `avx2`, `avx512`,
    /// `neon`.
    pub const fn name(self) -> &'static str {
        match self {
            Path::Portable => "portable",
            Path::Sse41 => "sse41",
            Path::Avx2 => "avx2",
            Path::Avx512 => "avx512",
            Path::Neon => "neon",
        }
    }

    /// The path called `name` (see [`Path::name`]), if any.
    pub fn from_name(name: &str) -> Option<Path> {
        Path::ALL.into_iter().find(|p| p.name() == name)
    }

    fn from_u8(v: u8) -> Option<Path> {
        Path::ALL.into_iter().find(|p| *p as u8 == v)
    }
}

/// Whether this build has any path besides portable. Without one (Cortex-M4F, wasm, Miri) the
/// choice is made at compile time: [`path`] is a constant and the SIMD-only code drops out.
const HAS_SIMD: bool = cfg!(all(
    not(miri),
    any(
        target_arch = "x86_64",
        all(target_arch = "aarch64", target_feature = "neon")
    )
));

/// 0 = not detected yet; otherwise a `Path as u8`.
static SELECTED: AtomicU8 = AtomicU8::new(0);

/// Whether `p` can run on this CPU and build.
pub fn available(p: Path) -> bool {
    match p {
        Path::Portable => true,
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        Path::Sse41 => x86::has_sse41(),
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        Path::Avx2 => x86::has_avx2_fma(),
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        Path::Avx512 => x86::has_avx512bw(),
        #[cfg(all(target_arch = "aarch64", target_feature = "neon", not(miri)))]
        Path::Neon => true,
        #[allow(unreachable_patterns)] // which arms exist depends on the target
        _ => false,
    }
}

/// The best path this CPU and build support.
pub fn detect() -> Path {
    let mut best = Path::Portable;
    for p in Path::ALL {
        if available(p) {
            best = p;
        }
    }
    best
}

/// The path the kernels run (detected on first use, or as [`force`]d).
#[inline]
pub fn path() -> Path {
    if !HAS_SIMD {
        return Path::Portable;
    }
    match Path::from_u8(SELECTED.load(Ordering::Relaxed)) {
        Some(p) => p,
        None => {
            let p = detect();
            SELECTED.store(p as u8, Ordering::Relaxed);
            p
        }
    }
}

/// Makes every later kernel call run `p` (process-wide). Errors, leaving the selection as it
/// was, if `p` is not [`available`].
pub fn force(p: Path) -> Result<(), Error> {
    if !available(p) {
        return Err(Error::InvalidState {
            reason: "kernel path not available on this CPU or build",
        });
    }
    SELECTED.store(p as u8, Ordering::Relaxed);
    Ok(())
}

/// Run-time CPU feature detection on x86-64 without `std`.
#[cfg(all(target_arch = "x86_64", not(miri)))]
mod x86 {
    use core::arch::x86_64::{__cpuid, __cpuid_count, _xgetbv};
    use core::sync::atomic::{AtomicU8, Ordering};

    struct Features {
        sse41: bool,
        avx2_fma: bool,
        avx512bw: bool,
    }

    #[target_feature(enable = "xsave")]
    fn xcr0() -> u64 {
        // SAFETY: only called after `cpuid` reported OSXSAVE (the OS enabled `xgetbv`), and
        // `xsave` is enabled on this function.
        unsafe { _xgetbv(0) }
    }

    fn features() -> Features {
        let leaf1 = __cpuid(1);
        let max_leaf = __cpuid(0).eax;
        let sse41 = leaf1.ecx & (1 << 19) != 0;
        let osxsave = leaf1.ecx & (1 << 27) != 0;
        let avx = leaf1.ecx & (1 << 28) != 0;
        let fma = leaf1.ecx & (1 << 12) != 0;
        let (ymm_os, zmm_os) = if osxsave {
            // SAFETY: OSXSAVE is set, so `xgetbv` exists and the OS allows it; this CPU has
            // `xsave` (OSXSAVE implies XSAVE).
            let x = unsafe { xcr0() };
            (x & 0b110 == 0b110, x & 0b1110_0110 == 0b1110_0110)
        } else {
            (false, false)
        };
        let leaf7 = if max_leaf >= 7 {
            __cpuid_count(7, 0)
        } else {
            __cpuid(0)
        };
        let has7 = max_leaf >= 7;
        let avx2 = has7 && leaf7.ebx & (1 << 5) != 0;
        let avx512f = has7 && leaf7.ebx & (1 << 16) != 0;
        let avx512bw = has7 && leaf7.ebx & (1 << 30) != 0;
        let avx512vl = has7 && leaf7.ebx & (1 << 31) != 0;
        Features {
            sse41,
            avx2_fma: avx && avx2 && fma && ymm_os,
            avx512bw: avx && avx2 && fma && avx512f && avx512bw && avx512vl && ymm_os && zmm_os,
        }
    }

    /// Detected features as bits (1 = SSE4.1, 2 = AVX2 + FMA, 4 = AVX-512F/BW/VL), with bit 7 set
    /// once detection ran; `cpuid` is slow, so it runs once.
    static CACHE: AtomicU8 = AtomicU8::new(0);

    fn bits() -> u8 {
        let b = CACHE.load(Ordering::Relaxed);
        if b & 0x80 != 0 {
            return b;
        }
        let f = features();
        let b = 0x80 | u8::from(f.sse41) | u8::from(f.avx2_fma) << 1 | u8::from(f.avx512bw) << 2;
        CACHE.store(b, Ordering::Relaxed);
        b
    }

    pub(super) fn has_sse41() -> bool {
        bits() & 1 != 0
    }
    pub(super) fn has_avx2_fma() -> bool {
        bits() & 2 != 0
    }
    pub(super) fn has_avx512bw() -> bool {
        bits() & 4 != 0
    }
}

/// The first `n` values (all of them if fewer): slicing without a panic path, which keeps the
/// callers provably panic-free (`tests/no_panic`).
#[inline(always)]
fn cut<T>(s: &[T], n: usize) -> &[T] {
    s.get(..n).unwrap_or(s)
}

/// [`cut`] for mutable slices.
#[inline(always)]
fn cut_mut<T>(s: &mut [T], n: usize) -> &mut [T] {
    let len = s.len();
    s.split_at_mut(n.min(len)).0
}

// ---------------------------------------------------------------------------------------------
// The kernels. Each `*_on` takes the path explicitly (tests compare paths without touching the
// process-wide selection); the plain name runs the selected path. All are called once per row
// (or strip row), never per pixel, and are `#[inline(never)]`: the dispatch costs one call per
// row, and the metrics that call them stay small enough for the optimiser to inline the rest,
// which the link-time panic proof (`tests/no_panic`) depends on.

/// `Σ (a[i] − b[i])²` over two equal-length byte rows (the shorter length is used otherwise).
#[inline(never)]
pub(crate) fn sse_u8(a: &[u8], b: &[u8]) -> u64 {
    sse_u8_on(path(), a, b)
}

#[inline(never)]
pub(crate) fn sse_u8_on(p: Path, a: &[u8], b: &[u8]) -> u64 {
    let n = a.len().min(b.len());
    let (a, b) = (cut(a, n), cut(b, n));
    match p {
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: `available(p)` holds for every path that reaches here (see `path`/`force`
        // and the tests, which only pass available paths).
        Path::Sse41 if available(p) => unsafe { sse41::sse_u8(a, b) },
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: as above; AVX2 was detected.
        Path::Avx2 if available(p) => unsafe { avx2::sse_u8(a, b) },
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: as above; AVX-512F/BW/VL were detected.
        Path::Avx512 if available(p) => unsafe { avx512::sse_u8(a, b) },
        #[cfg(all(target_arch = "aarch64", target_feature = "neon", not(miri)))]
        // SAFETY: this build targets aarch64 with NEON enabled (the `cfg` above); the slices
        // meet the same length contract as on x86-64.
        Path::Neon => unsafe { neon::sse_u8(a, b) },
        _ => portable::sse_u8(a, b),
    }
}

/// Sum and sum of squares of the 4-neighbour Laplacian `l + r + u + d − 4c` at the interior
/// columns `1..n−1` of row `c` (`n = c.len()`; `u`, `d` are the rows above and below, at least
/// `n` long). `(0, 0)` for `n < 3`.
#[inline(never)]
pub(crate) fn laplacian_u8(u: &[u8], c: &[u8], d: &[u8]) -> (i64, i64) {
    laplacian_u8_on(path(), u, c, d)
}

#[inline(never)]
pub(crate) fn laplacian_u8_on(p: Path, u: &[u8], c: &[u8], d: &[u8]) -> (i64, i64) {
    let n = c.len();
    if n < 3 || u.len() < n || d.len() < n {
        return (0, 0);
    }
    let (u, d) = (cut(u, n), cut(d, n));
    match p {
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: SSE4.1 is available (see `sse_u8_on`); the slices have `n ≥ 3` samples each.
        Path::Sse41 if available(p) => unsafe { sse41::laplacian_u8(u, c, d) },
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: AVX2 is available; equal lengths `n ≥ 3`.
        Path::Avx2 if available(p) => unsafe { avx2::laplacian_u8(u, c, d) },
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: AVX-512BW is available; equal lengths `n ≥ 3`.
        Path::Avx512 if available(p) => unsafe { avx512::laplacian_u8(u, c, d) },
        #[cfg(all(target_arch = "aarch64", target_feature = "neon", not(miri)))]
        // SAFETY: this build targets aarch64 with NEON enabled (the `cfg` above); the slices
        // meet the same length contract as on x86-64.
        Path::Neon => unsafe { neon::laplacian_u8(u, c, d) },
        _ => portable::laplacian_u8(u, c, d),
    }
}

/// The sums of one row's 3×3 responses over its interior columns `1..n−1` (`n` the row's
/// length), in integers: what [`crate::metrics::sharpness`], [`crate::metrics::noise`] and
/// [`crate::metrics::blockiness`] add up per row (each metric's file gives its formula). Row
/// totals fit: a row has at most 2⁶⁴ / 1020² columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct StencilSums {
    /// Σ Laplacian `l + r + u + d − 4c`.
    pub lap: i64,
    /// Σ Laplacian².
    pub lap_sq: u64,
    /// Σ |Immerkær `N ∗ I`|, `N = [1 −2 1; −2 4 −2; 1 −2 1]`.
    pub noise: u64,
    /// Σ Sobel `Gx² + Gy²` (0 unless asked for).
    pub ten: u64,
    /// Σ |c[x] − c[x − 1]|: the steps to the left neighbours.
    pub h: u64,
    /// Σ |c[x] − u[x]|: the steps to the row above.
    pub v: u64,
    /// The part of `h` at the columns of the block grid, `x ≡ 0 (mod block)`.
    pub hb: u64,
}

impl core::ops::AddAssign for StencilSums {
    #[inline(always)]
    fn add_assign(&mut self, o: Self) {
        self.lap += o.lap;
        self.lap_sq += o.lap_sq;
        self.noise += o.noise;
        self.ten += o.ten;
        self.h += o.h;
        self.v += o.v;
        self.hb += o.hb;
    }
}

/// [`StencilSums`] of row `c` with the rows above (`u`) and below (`d`) it, each at least as
/// long as `c`; Sobel only when `ten` (the clip scorer's verdict does not use it); boundary
/// steps on a `block`-pixel grid (≥ 1). All zero for rows shorter than 3. The engine of the
/// 8-bit frame statistics ([`crate::metrics::rows`]).
#[inline(never)]
pub(crate) fn stencil_row(u: &[u8], c: &[u8], d: &[u8], ten: bool, block: usize) -> StencilSums {
    stencil_row_on(path(), u, c, d, ten, block)
}

#[inline(never)]
pub(crate) fn stencil_row_on(
    p: Path,
    u: &[u8],
    c: &[u8],
    d: &[u8],
    ten: bool,
    block: usize,
) -> StencilSums {
    let block = block.max(1);
    let n = c.len();
    if n < 3 || u.len() < n || d.len() < n {
        return StencilSums::default();
    }
    let (u, d) = (cut(u, n), cut(d, n));
    match p {
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: SSE4.1 is available (see `sse_u8_on`); the rows have `n ≥ 3` samples each.
        Path::Sse41 if available(p) => unsafe { sse41::stencil_row(u, c, d, ten, block) },
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: AVX2 is available; equal lengths `n ≥ 3`.
        Path::Avx2 if available(p) => unsafe { avx2::stencil_row(u, c, d, ten, block) },
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: AVX-512F/BW/VL (and AVX2) are available; equal lengths `n ≥ 3`.
        Path::Avx512 if available(p) => unsafe { avx512::stencil_row(u, c, d, ten, block) },
        #[cfg(all(target_arch = "aarch64", target_feature = "neon", not(miri)))]
        // SAFETY: this build targets aarch64 with NEON enabled (the `cfg` above); the rows
        // meet the same length contract as on x86-64.
        Path::Neon => unsafe { neon::stencil_row(u, c, d, ten, block) },
        _ => portable::stencil_row(u, c, d, ten, block),
    }
}

/// [`stencil_row`] (`ten`, `block` as there) that also counts row `c` into the histogram
/// tables `hist` (how the counts split between the tables is unspecified: only their sum per
/// code value is), while the stencil's vector work runs.
#[inline(never)]
pub(crate) fn stencil_hist_row(
    u: &[u8],
    c: &[u8],
    d: &[u8],
    ten: bool,
    block: usize,
    hist: &mut [[u32; 256]; 8],
) -> StencilSums {
    stencil_hist_row_on(path(), u, c, d, ten, block, hist)
}

#[inline(never)]
pub(crate) fn stencil_hist_row_on(
    p: Path,
    u: &[u8],
    c: &[u8],
    d: &[u8],
    ten: bool,
    block: usize,
    hist: &mut [[u32; 256]; 8],
) -> StencilSums {
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    if matches!(p, Path::Avx2 | Path::Avx512)
        && available(p)
        && c.len() >= 3
        && u.len() >= c.len()
        && d.len() >= c.len()
    {
        let (u, d) = (cut(u, c.len()), cut(d, c.len()));
        // SAFETY: AVX2 is available; equal lengths `n ≥ 3`.
        return unsafe { avx2::stencil_hist(u, c, d, ten, block.max(1), hist) };
    }
    portable::histogram(c, hist);
    stencil_row_on(p, u, c, d, ten, block)
}

/// One row of a frame binned 2×2 from its source rows `top` and `bottom` (each at least
/// `2 · out.len()` long): `out[i] = ⌊(Σ block i + 2) / 4⌋`, or when `limited` the full-range
/// expansion of the block's exact mean ([`crate::color::expand_limited_sum4`]); returns the
/// pair's noise residual `Σ |e(x)|` over the columns `1..2·out.len() − 1`,
/// `e(x) = r(x − 1) − 2 r(x) + r(x + 1)`, `r = bottom − top` ([`crate::metrics::noise`]).
#[inline(never)]
pub(crate) fn bin2_row(top: &[u8], bottom: &[u8], out: &mut [u8], limited: bool) -> u32 {
    bin2_row_on(path(), top, bottom, out, limited)
}

#[inline(never)]
pub(crate) fn bin2_row_on(
    p: Path,
    top: &[u8],
    bottom: &[u8],
    out: &mut [u8],
    limited: bool,
) -> u32 {
    let n = 2 * out.len();
    let (Some(top), Some(bottom)) = (top.get(..n), bottom.get(..n)) else {
        return 0;
    };
    match p {
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: SSE4.1 is available; `top` and `bottom` hold exactly `2 · out.len()` bytes.
        Path::Sse41 if available(p) => unsafe { sse41::bin2_row(top, bottom, out, limited) },
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: AVX2 is available (AVX-512 runs this kernel too); lengths as above.
        Path::Avx2 | Path::Avx512 if available(p) => unsafe {
            avx2::bin2_row(top, bottom, out, limited)
        },
        #[cfg(all(target_arch = "aarch64", target_feature = "neon", not(miri)))]
        // SAFETY: this build targets aarch64 with NEON enabled; lengths as above.
        Path::Neon => unsafe { neon::bin2_row(top, bottom, out, limited) },
        _ => portable::bin2_row(top, bottom, out, limited),
    }
}

/// Column sums of absolute differences after a change of brightness: `acc[i] += |a[i] − b[i] −
/// off|` over the shortest of the three lengths, `off` clamped to ±255, each sum wrapping in
/// `u16` (callers add at most 128 rows of `|·| ≤ 510`). The kernel of the motion-compensated
/// residual search ([`crate::clip::residual`]).
#[inline(never)]
pub(crate) fn sad_acc(a: &[u8], b: &[u8], off: i16, acc: &mut [u16]) {
    sad_acc_on(path(), a, b, off, acc)
}

#[inline(never)]
pub(crate) fn sad_acc_on(p: Path, a: &[u8], b: &[u8], off: i16, acc: &mut [u16]) {
    let n = a.len().min(b.len()).min(acc.len());
    let (a, b, acc) = (cut(a, n), cut(b, n), cut_mut(acc, n));
    let off = off.clamp(-255, 255);
    match p {
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: SSE4.1 is available; the three slices have exactly `n` elements.
        Path::Sse41 if available(p) => unsafe { sse41::sad_acc(a, b, off, acc) },
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: AVX2 is available (AVX-512 runs this kernel too); lengths as above.
        Path::Avx2 | Path::Avx512 if available(p) => unsafe { avx2::sad_acc(a, b, off, acc) },
        #[cfg(all(target_arch = "aarch64", target_feature = "neon", not(miri)))]
        // SAFETY: this build targets aarch64 with NEON enabled; lengths as above.
        Path::Neon => unsafe { neon::sad_acc(a, b, off, acc) },
        _ => portable::sad_acc(a, b, off, acc),
    }
}

/// Column sums of a row: `cols[i] += row[i]` over the shorter length, wrapping in `u16`
/// (callers add at most `⌊65535 / 255⌋` rows between clears). The working copy's box average
/// ([`crate::clip::working`]). AVX2 and AVX-512 run a 256-bit kernel; the other paths the
/// portable loop, which LLVM already vectorises on their baseline (SSE2, NEON).
#[inline(never)]
pub(crate) fn add_cols(row: &[u8], cols: &mut [u16]) {
    add_cols_on(path(), row, cols)
}

#[inline(never)]
pub(crate) fn add_cols_on(p: Path, row: &[u8], cols: &mut [u16]) {
    let n = row.len().min(cols.len());
    let (row, cols) = (cut(row, n), cut_mut(cols, n));
    match p {
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: AVX2 is available (AVX-512 runs this kernel too); both slices have `n`
        // elements.
        Path::Avx2 | Path::Avx512 if available(p) => unsafe { avx2::add_cols(row, cols) },
        _ => portable::add_cols(row, cols),
    }
}

/// The 11-tap symmetric filter of SSIM: `out[i] = w5·t5[i] + w4·(t4[i] + t6[i]) + … +
/// w0·(t0[i] + t10[i])`. Every tap must hold at least `out.len()` values.
#[inline(never)]
pub(crate) fn filter11(t: &[&[f64]; 11], w: &[f64; 11], out: &mut [f64]) {
    filter11_on(path(), t, w, out)
}

#[inline(never)]
pub(crate) fn filter11_on(p: Path, t: &[&[f64]; 11], w: &[f64; 11], out: &mut [f64]) {
    let n = out.len();
    if t.iter().any(|s| s.len() < n) {
        return portable::filter11(t, w, out);
    }
    match p {
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: SSE4.1 is available; every tap holds at least `out.len()` values.
        Path::Sse41 if available(p) => unsafe { sse41::filter11(t, w, out) },
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: AVX2 + FMA are available; every tap holds at least `out.len()` values.
        Path::Avx2 if available(p) => unsafe { avx2::filter11(t, w, out) },
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: AVX-512F is available; every tap holds at least `out.len()` values.
        Path::Avx512 if available(p) => unsafe { avx512::filter11(t, w, out) },
        #[cfg(all(target_arch = "aarch64", target_feature = "neon", not(miri)))]
        // SAFETY: this build targets aarch64 with NEON enabled (the `cfg` above); the slices
        // meet the same length contract as on x86-64.
        Path::Neon => unsafe { neon::filter11(t, w, out) },
        _ => portable::filter11(t, w, out),
    }
}

/// The local statistics of one SSIM output row: filtered `a`, `b`, `a² + b²`, `ab`.
pub(crate) struct Means<'a> {
    pub a: &'a [f64],
    pub b: &'a [f64],
    pub sq: &'a [f64],
    pub ab: &'a [f64],
}

/// Per-pixel SSIM and CS terms from the local means (see [`crate::metrics::ssim`]):
/// `cs = (2(ab − μaμb) + C2) / ((sq − μa² − μb²) + C2)`, `ssim = (2μaμb + C1)(…) / ((μa² + μb² +
/// C1)(…))`. Writes `ssim[..n]` and `cs[..n]` when given, `n` the shortest length.
#[inline(never)]
pub(crate) fn ssim_terms(
    m: &Means<'_>,
    c: (f64, f64),
    ssim: Option<&mut [f64]>,
    cs: Option<&mut [f64]>,
) {
    ssim_terms_on(path(), m, c, ssim, cs)
}

#[inline(never)]
pub(crate) fn ssim_terms_on(
    p: Path,
    m: &Means<'_>,
    c: (f64, f64),
    ssim: Option<&mut [f64]>,
    cs: Option<&mut [f64]>,
) {
    let mut n = m.a.len().min(m.b.len()).min(m.sq.len()).min(m.ab.len());
    if let Some(s) = &ssim {
        n = n.min(s.len());
    }
    if let Some(s) = &cs {
        n = n.min(s.len());
    }
    let m = Means {
        a: cut(m.a, n),
        b: cut(m.b, n),
        sq: cut(m.sq, n),
        ab: cut(m.ab, n),
    };
    let ssim = ssim.map(|s| cut_mut(s, n));
    let cs = cs.map(|s| cut_mut(s, n));
    match p {
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: SSE4.1 is available; every slice has exactly `n` values.
        Path::Sse41 if available(p) => unsafe { sse41::ssim_terms(&m, c, ssim, cs) },
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: AVX2 + FMA are available; every slice has exactly `n` values.
        Path::Avx2 if available(p) => unsafe { avx2::ssim_terms(&m, c, ssim, cs) },
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: AVX-512F is available; every slice has exactly `n` values.
        Path::Avx512 if available(p) => unsafe { avx512::ssim_terms(&m, c, ssim, cs) },
        #[cfg(all(target_arch = "aarch64", target_feature = "neon", not(miri)))]
        // SAFETY: this build targets aarch64 with NEON enabled (the `cfg` above); the slices
        // meet the same length contract as on x86-64.
        Path::Neon => unsafe { neon::ssim_terms(&m, c, ssim, cs) },
        _ => portable::ssim_terms(&m, c, ssim, cs),
    }
}

/// Bytes widened to `f64`: `dst[i] = src[i]` over the shorter length.
#[inline(never)]
pub(crate) fn widen_u8(src: &[u8], dst: &mut [f64]) {
    widen_u8_on(path(), src, dst)
}

#[inline(never)]
pub(crate) fn widen_u8_on(p: Path, src: &[u8], dst: &mut [f64]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (cut(src, n), cut_mut(dst, n));
    match p {
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: SSE4.1 is available; both slices have exactly `n` elements.
        Path::Sse41 if available(p) => unsafe { sse41::widen_u8(src, dst) },
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: AVX2 is available; both slices have exactly `n` elements.
        Path::Avx2 if available(p) => unsafe { avx2::widen_u8(src, dst) },
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: AVX-512F is available; both slices have exactly `n` elements.
        Path::Avx512 if available(p) => unsafe { avx512::widen_u8(src, dst) },
        #[cfg(all(target_arch = "aarch64", target_feature = "neon", not(miri)))]
        // SAFETY: this build targets aarch64 with NEON enabled (the `cfg` above); the slices
        // meet the same length contract as on x86-64.
        Path::Neon => unsafe { neon::widen_u8(src, dst) },
        _ => portable::widen_u8(src, dst),
    }
}

/// The SSIM products of two widened rows: `sq[i] = a[i]² + b[i]²`, `ab[i] = a[i]·b[i]` over
/// the shortest length. Exact on every path for samples of up to 16 bits and the MS-SSIM
/// averages (multiples of 1/4), so every path gives the same bits.
#[inline(never)]
pub(crate) fn products(a: &[f64], b: &[f64], sq: &mut [f64], ab: &mut [f64]) {
    products_on(path(), a, b, sq, ab)
}

#[inline(never)]
pub(crate) fn products_on(p: Path, a: &[f64], b: &[f64], sq: &mut [f64], ab: &mut [f64]) {
    let n = a.len().min(b.len()).min(sq.len()).min(ab.len());
    let (a, b, sq, ab) = (cut(a, n), cut(b, n), cut_mut(sq, n), cut_mut(ab, n));
    match p {
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: SSE4.1 is available; all four slices have exactly `n` elements.
        Path::Sse41 if available(p) => unsafe { sse41::products(a, b, sq, ab) },
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: AVX2 is available; all four slices have exactly `n` elements.
        Path::Avx2 if available(p) => unsafe { avx2::products(a, b, sq, ab) },
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        // SAFETY: AVX-512F is available; all four slices have exactly `n` elements.
        Path::Avx512 if available(p) => unsafe { avx512::products(a, b, sq, ab) },
        #[cfg(all(target_arch = "aarch64", target_feature = "neon", not(miri)))]
        // SAFETY: this build targets aarch64 with NEON enabled (the `cfg` above); the slices
        // meet the same length contract as on x86-64.
        Path::Neon => unsafe { neon::products(a, b, sq, ab) },
        _ => portable::products(a, b, sq, ab),
    }
}
