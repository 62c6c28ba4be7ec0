//! Which SIMD kernel path the metrics run, and forcing one (tests, benchmarks).
//!
//! The library picks the best path the CPU supports on first use. On hosts (the `std`
//! feature) the environment variable `REELSCORE_KERNELS=portable|sse41|avx2|avx512|neon` forces
//! one: it is read once, at the first call into the library; a name that is unknown or not
//! available on this CPU is ignored (the detected path runs, and [`reel_kernels_path`] says
//! which). [`reel_kernels_force`] changes the path at run time, process-wide.

use crate::guard::{guard, put};
use crate::status::reel_status;
use reelscore::kernels::{self, Path};

/// A kernel path. Values are stable.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)] // C naming: the header calls it `reel_kernels`
pub enum reel_kernels {
    /// Plain Rust, every target.
    REEL_KERNELS_PORTABLE = 1,
    /// x86-64 SSE4.1.
    REEL_KERNELS_SSE41 = 2,
    /// x86-64 AVX2 with FMA.
    REEL_KERNELS_AVX2 = 3,
    /// x86-64 AVX-512F and AVX-512BW.
    REEL_KERNELS_AVX512 = 4,
    /// aarch64 NEON.
    REEL_KERNELS_NEON = 5,
}

impl From<Path> for reel_kernels {
    fn from(p: Path) -> Self {
        match p {
            Path::Portable => reel_kernels::REEL_KERNELS_PORTABLE,
            Path::Sse41 => reel_kernels::REEL_KERNELS_SSE41,
            Path::Avx2 => reel_kernels::REEL_KERNELS_AVX2,
            Path::Avx512 => reel_kernels::REEL_KERNELS_AVX512,
            Path::Neon => reel_kernels::REEL_KERNELS_NEON,
        }
    }
}

/// Applies `REELSCORE_KERNELS` once (hosts only; see the module docs).
#[cfg(feature = "std")]
pub(crate) fn apply_env_once() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if let Some(p) = std::env::var("REELSCORE_KERNELS")
            .ok()
            .and_then(|v| Path::from_name(v.trim()))
        {
            // An unavailable path is ignored: the detected one keeps running.
            let _ = kernels::force(p);
        }
    });
}

/// Writes the kernel path the metrics run to `*out`.
///
/// # Safety
/// `out` must be NULL (→ `REEL_STATUS_NULL_POINTER`) or valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_kernels_path(out: *mut reel_kernels) -> reel_status {
    // SAFETY: forwarded caller contract.
    guard(|| unsafe { put(out, kernels::path().into(), "out") })
}

/// Makes every later metric call run `path` (process-wide).
/// `REEL_STATUS_INVALID_ENUM` for a value outside [`reel_kernels`]; `REEL_STATUS_INVALID_STATE`
/// if the path is not available on this CPU or build (the selection is then unchanged).
///
/// # Safety
/// No pointers are involved. Calls already running on other threads may finish on the path
/// they started with; every path gives the same results (see the core's `kernels` docs).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_kernels_force(path: u32) -> reel_status {
    guard(|| {
        let p = Path::ALL
            .into_iter()
            .find(|&p| reel_kernels::from(p) as u32 == path)
            .ok_or(reel_status::REEL_STATUS_INVALID_ENUM)?;
        Ok(kernels::force(p)?)
    })
}
