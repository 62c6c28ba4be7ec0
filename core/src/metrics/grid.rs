//! A read-only 2-D view over any sample type (`u8`, `u16`, `f32`), used internally by the
//! windowed metrics so that MS-SSIM can run the same kernel on its `f32` downsampled scales.

use crate::plane::{Plane, Sample};

/// A `width × height` view into `data` with rows `stride` apart. Constructed only from
/// validated planes or from scratch buffers whose size the caller checked.
#[derive(Debug, Clone, Copy)]
pub struct Grid<'a, S> {
    pub(crate) data: &'a [S],
    pub(crate) width: usize,
    pub(crate) height: usize,
    pub(crate) stride: usize,
}

impl<'a, S: Copy> Grid<'a, S> {
    /// Row `y`'s visible samples (empty if out of range).
    #[inline]
    pub fn row(&self, y: usize) -> &'a [S] {
        let start = y * self.stride;
        self.data.get(start..start + self.width).unwrap_or(&[])
    }
    /// Width in samples.
    pub fn width(&self) -> usize {
        self.width
    }
    /// Height in rows.
    pub fn height(&self) -> usize {
        self.height
    }
}

impl<'a, T: Sample> From<&Plane<'a, T>> for Grid<'a, T> {
    fn from(p: &Plane<'a, T>) -> Self {
        Grid {
            data: p.raw(),
            width: p.width(),
            height: p.height(),
            stride: p.stride(),
        }
    }
}

/// Conversion of a grid sample to `f64`.
pub trait ToF64: Copy {
    /// Exact widening.
    fn f(self) -> f64;
    /// Exact widening of a row: `dst[i] = src[i].f()` over the shorter length.
    #[inline]
    fn widen(src: &[Self], dst: &mut [f64]) {
        for (d, s) in dst.iter_mut().zip(src) {
            *d = s.f();
        }
    }
}
impl ToF64 for u8 {
    #[inline(always)]
    fn f(self) -> f64 {
        f64::from(self)
    }
    #[inline]
    fn widen(src: &[u8], dst: &mut [f64]) {
        crate::kernels::widen_u8(src, dst)
    }
}
impl ToF64 for u16 {
    #[inline(always)]
    fn f(self) -> f64 {
        f64::from(self)
    }
}
impl ToF64 for f32 {
    #[inline(always)]
    fn f(self) -> f64 {
        f64::from(self)
    }
}
