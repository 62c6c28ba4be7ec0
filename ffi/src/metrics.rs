//! Frame metrics: full-reference (MSE, PSNR, SSIM, MS-SSIM) and no-reference statistics,
//! for 8-bit ([`ReelPlane`]) and 9–16-bit ([`ReelPlane16`]) planes, plus colour helpers.
//!
//! # Safety (all functions)
//! Plane structs must describe readable memory (see [`ReelPlane`]); out-pointers must be valid
//! for writes. NULL pointers and invalid geometry return a status; nothing is written then.

use crate::guard::{get, guard, put, slice_mut, with_scratch};
use crate::status::reel_status;
use crate::types::{ReelPlane, ReelPlane16, ReelRgb};
use reelscore::color::{self, LumaMatrix};
use reelscore::metrics::{self, ms_ssim, ms_ssim::MsSsimConvention};
use reelscore::{Error, PlaneMut};

reelscore::metrics_surface!(c_table);

/// `reel_ms_ssim` and `reel_ms_ssim16`: one entry point over each kind of plane.
macro_rules! ms_ssim_entry_points {
    ($($(#[doc = $doc:literal])* fn $name:ident($plane:ty);)*) => {$(
        $(#[doc = $doc])*
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $name(
            a: *const $plane,
            b: *const $plane,
            convention: u32,
            scratch: *mut f32,
            scratch_len: usize,
            out: *mut f64,
        ) -> reel_status {
            // SAFETY: see the module docs.
            guard(|| unsafe {
                let (a, b) = (get(a, "a")?.plane()?, get(b, "b")?.plane()?);
                let conv = match convention {
                    0 => MsSsimConvention::Standard,
                    1 => MsSsimConvention::Skvideo,
                    _ => return Err(reel_status::REEL_STATUS_INVALID_ENUM),
                };
                let need = ms_ssim::ms_ssim_scratch_len(a.width(), a.height());
                let value = with_scratch(scratch, scratch_len, need, |s| {
                    ms_ssim::ms_ssim(&a, &b, conv, s)
                })?;
                put(out, value, "out")
            })
        }
    )*};
}

/// Floats of scratch `reel_ms_ssim` needs for a `width × height` pair.
#[unsafe(no_mangle)]
pub extern "C" fn reel_ms_ssim_scratch_len(width: usize, height: usize) -> usize {
    ms_ssim::ms_ssim_scratch_len(width, height)
}

ms_ssim_entry_points! {
    /// MS-SSIM (5 scales) of two 8-bit planes of at least 176×176. `convention`: 0 = standard
    /// (Wang 2003), 1 = scikit-video. `scratch` may be NULL (the library then allocates; bare
    /// metal: `REEL_STATUS_ALLOCATION_FAILED`) or point to
    /// `scratch_len ≥ reel_ms_ssim_scratch_len(w, h)` floats (no heap use).
    fn reel_ms_ssim(ReelPlane);
    /// MS-SSIM of two 9–16-bit planes; arguments as for `reel_ms_ssim`.
    fn reel_ms_ssim16(ReelPlane16);
}

/// 256-bin histogram: writes 256 counts to `bins`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_histogram(p: *const ReelPlane, bins: *mut u64) -> reel_status {
    // SAFETY: see the module docs; `bins` must hold 256 values.
    guard(|| unsafe {
        let h = metrics::histogram::Histogram::of(&get(p, "p")?.plane()?);
        slice_mut(bins, h.bins.len(), "bins")?.copy_from_slice(&h.bins);
        Ok(())
    })
}

/// Colourfulness (Hasler & Süsstrunk 2003) of an interleaved RGB image.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_colorfulness(img: *const ReelRgb, out: *mut f64) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        put(
            out,
            metrics::colorfulness::colorfulness(&get(img, "img")?.image()?),
            "out",
        )
    })
}

/// Writes the luma of `img` into `out` (`img.height` rows of `img.width` bytes, `out_stride`
/// apart). `matrix`: 0 = BT.601, 1 = BT.709.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_rgb_to_luma(
    img: *const ReelRgb,
    matrix: u32,
    out: *mut u8,
    out_stride: usize,
) -> reel_status {
    // SAFETY: see the module docs; `out` must hold the plane the geometry implies.
    guard(|| unsafe {
        let img = get(img, "img")?.image()?;
        let m = match matrix {
            0 => LumaMatrix::Bt601,
            1 => LumaMatrix::Bt709,
            _ => return Err(reel_status::REEL_STATUS_INVALID_ENUM),
        };
        let mut dst = out_plane(out, img.width(), img.height(), out_stride)?;
        Ok(color::rgb_to_luma(&img, m, &mut dst)?)
    })
}

/// Expands a limited-range (16–235) 8-bit plane to full range into `out` (same size,
/// `out_stride` apart): `round((Y − 16)·255/219)`, as FFmpeg's `-pix_fmt gray`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_expand_limited_range(
    src: *const ReelPlane,
    out: *mut u8,
    out_stride: usize,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let src = get(src, "src")?.plane()?;
        let mut dst = out_plane(out, src.width(), src.height(), out_stride)?;
        Ok(color::expand_limited_range(&src, &mut dst)?)
    })
}

unsafe fn out_plane<'a>(
    out: *mut u8,
    w: usize,
    h: usize,
    stride: usize,
) -> Result<PlaneMut<'a>, reel_status> {
    let len = reelscore::plane::required_len(w, h, stride)?;
    // SAFETY: the caller guarantees `len` writable bytes.
    let buf = unsafe { slice_mut(out, len, "out")? };
    PlaneMut::new(buf, w, h, stride).map_err(|e: Error| e.into())
}
