//! Plain C structs describing borrowed images, converted to validated core planes.

use crate::guard::slice;
use crate::status::reel_status;
use reelscore::plane::required_len;
use reelscore::{Plane, RgbImage};

/// A borrowed 8-bit plane: `height` rows of `width` samples, rows `stride` samples apart.
/// `data` must hold at least `(height − 1) · stride + width` samples.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ReelPlane {
    /// First sample of the first row.
    pub data: *const u8,
    /// Visible samples per row.
    pub width: usize,
    /// Number of rows.
    pub height: usize,
    /// Distance between row starts, in samples (≥ width).
    pub stride: usize,
}

/// A borrowed 16-bit plane holding `bits`-bit samples (9–16), e.g. 10-bit video.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ReelPlane16 {
    /// First sample of the first row.
    pub data: *const u16,
    /// Visible samples per row.
    pub width: usize,
    /// Number of rows.
    pub height: usize,
    /// Distance between row starts, in samples (≥ width).
    pub stride: usize,
    /// Significant bits per sample (9–16).
    pub bits: u32,
}

/// A borrowed interleaved RGB image (R, G, B bytes per pixel); `stride` in bytes (≥ 3·width).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ReelRgb {
    /// First byte of the first row.
    pub data: *const u8,
    /// Pixels per row.
    pub width: usize,
    /// Number of rows.
    pub height: usize,
    /// Distance between row starts, in bytes.
    pub stride: usize,
}

impl ReelPlane {
    /// Validates and borrows.
    ///
    /// # Safety
    /// `data` is NULL or readable for the length the geometry implies.
    pub(crate) unsafe fn plane<'a>(&self) -> Result<Plane<'a, u8>, reel_status> {
        let len = required_len(self.width, self.height, self.stride)?;
        // SAFETY: per the struct's contract.
        let data = unsafe { slice(self.data, len, "data")? };
        Ok(Plane::new(data, self.width, self.height, self.stride)?)
    }
}

impl ReelPlane16 {
    /// Validates and borrows.
    ///
    /// # Safety
    /// As for [`ReelPlane::plane`].
    pub(crate) unsafe fn plane<'a>(&self) -> Result<Plane<'a, u16>, reel_status> {
        let len = required_len(self.width, self.height, self.stride)?;
        // SAFETY: per the struct's contract.
        let data = unsafe { slice(self.data, len, "data")? };
        Ok(Plane::new_u16(
            data,
            self.width,
            self.height,
            self.stride,
            self.bits,
        )?)
    }
}

impl ReelRgb {
    /// Validates and borrows.
    ///
    /// # Safety
    /// As for [`ReelPlane::plane`], with rows of `3·width` bytes.
    pub(crate) unsafe fn image<'a>(&self) -> Result<RgbImage<'a>, reel_status> {
        let row = self
            .width
            .checked_mul(3)
            .ok_or(reel_status::REEL_STATUS_BUFFER_TOO_SHORT)?;
        let len = required_len(row, self.height, self.stride)?;
        // SAFETY: per the struct's contract.
        let data = unsafe { slice(self.data, len, "data")? };
        Ok(RgbImage::new(data, self.width, self.height, self.stride)?)
    }
}
