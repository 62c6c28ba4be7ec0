//! Borrowed image planes, validated once at construction.
//!
//! A [`Plane`] is a rectangle of samples inside a caller's buffer: `width` visible samples per row,
//! rows `stride` samples apart (stride ≥ width; padding is never read). Samples are `u8` (8-bit
//! video) or `u16` holding 9- to 16-bit values (10/12-bit video), whose declared depth sets the
//! full-scale value `2^bits − 1`. Every metric takes planes, never raw pointers.

use crate::error::Error;

mod sealed {
    pub trait Sealed {}
    impl Sealed for u8 {}
    impl Sealed for u16 {}
}

/// A pixel sample type: `u8` or `u16`.
pub trait Sample: Copy + Default + PartialOrd + sealed::Sealed + 'static {
    /// Widening conversion.
    fn to_u32(self) -> u32;
    /// Widening conversion to `f64` (exact).
    #[inline]
    fn to_f64(self) -> f64 {
        f64::from(self.to_u32())
    }
    /// The samples as bytes when `Self` is `u8` (what the 8-bit SIMD kernels take), else `None`.
    #[inline]
    fn as_bytes(samples: &[Self]) -> Option<&[u8]> {
        let _ = samples;
        None
    }
}

impl Sample for u8 {
    #[inline]
    fn to_u32(self) -> u32 {
        u32::from(self)
    }
    #[inline]
    fn as_bytes(samples: &[u8]) -> Option<&[u8]> {
        Some(samples)
    }
}

impl Sample for u16 {
    #[inline]
    fn to_u32(self) -> u32 {
        u32::from(self)
    }
}

/// A validated, borrowed plane of samples (see the module docs for the layout).
#[derive(Debug, Clone, Copy)]
pub struct Plane<'a, T: Sample = u8> {
    data: &'a [T],
    width: usize,
    height: usize,
    stride: usize,
    bits: u32,
}

/// Number of samples a `width × height` plane with `stride` needs (the last row may end at `width`).
pub fn required_len(width: usize, height: usize, stride: usize) -> Result<usize, Error> {
    if width == 0 || height == 0 {
        return Err(Error::EmptyPlane { width, height });
    }
    if stride < width {
        return Err(Error::StrideTooSmall { stride, width });
    }
    (height - 1)
        .checked_mul(stride)
        .and_then(|n| n.checked_add(width))
        .ok_or(Error::BufferTooShort {
            needed: usize::MAX,
            got: 0,
        })
}

fn check_geometry(len: usize, width: usize, height: usize, stride: usize) -> Result<(), Error> {
    let needed = required_len(width, height, stride)?;
    if len < needed {
        return Err(Error::BufferTooShort { needed, got: len });
    }
    Ok(())
}

impl<'a> Plane<'a, u8> {
    /// An 8-bit plane. Errors on zero sizes, `stride < width` or a short buffer.
    pub fn new(data: &'a [u8], width: usize, height: usize, stride: usize) -> Result<Self, Error> {
        check_geometry(data.len(), width, height, stride)?;
        Ok(Plane {
            data,
            width,
            height,
            stride,
            bits: 8,
        })
    }

    /// A tightly packed 8-bit plane (`stride == width`).
    pub fn packed(data: &'a [u8], width: usize, height: usize) -> Result<Self, Error> {
        Self::new(data, width, height, width)
    }
}

impl<'a> Plane<'a, u16> {
    /// A 16-bit plane holding `bits`-bit samples (9..=16). Also errors if any visible sample
    /// exceeds `2^bits − 1`, so every later metric can trust the range.
    pub fn new_u16(
        data: &'a [u16],
        width: usize,
        height: usize,
        stride: usize,
        bits: u32,
    ) -> Result<Self, Error> {
        if !(9..=16).contains(&bits) {
            return Err(Error::BitDepth { bits, sample: 0 });
        }
        check_geometry(data.len(), width, height, stride)?;
        let plane = Plane {
            data,
            width,
            height,
            stride,
            bits,
        };
        let max = plane.max_value();
        let worst = plane
            .rows()
            .flatten()
            .map(|s| u32::from(*s))
            .max()
            .unwrap_or(0);
        if worst > max {
            return Err(Error::BitDepth {
                bits,
                sample: worst,
            });
        }
        Ok(plane)
    }
}

impl<'a, T: Sample> Plane<'a, T> {
    /// Visible width in samples.
    #[inline]
    pub fn width(&self) -> usize {
        self.width
    }
    /// Height in rows.
    #[inline]
    pub fn height(&self) -> usize {
        self.height
    }
    /// Distance between row starts, in samples.
    #[inline]
    pub fn stride(&self) -> usize {
        self.stride
    }
    /// Bit depth of the samples (8 for `u8`).
    #[inline]
    pub fn bits(&self) -> u32 {
        self.bits
    }
    /// Full-scale value `2^bits − 1` (255 for 8-bit).
    #[inline]
    pub fn max_value(&self) -> u32 {
        (1u32 << self.bits) - 1
    }
    /// Number of visible samples.
    #[inline]
    pub fn len(&self) -> usize {
        self.width * self.height
    }
    /// Never true: a plane is validated non-empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        false
    }
    /// The visible samples of row `y` (`y < height`, else an empty slice).
    #[inline]
    pub fn row(&self, y: usize) -> &'a [T] {
        let start = y * self.stride;
        self.data.get(start..start + self.width).unwrap_or(&[])
    }
    /// The whole borrowed buffer, padding included (crate-internal views index it by stride).
    #[inline]
    pub(crate) fn raw(&self) -> &'a [T] {
        self.data
    }
    /// Iterator over the visible rows, top to bottom.
    pub fn rows(&self) -> impl Iterator<Item = &'a [T]> + '_ {
        (0..self.height).map(move |y| self.row(y))
    }
    /// `(width, height)`.
    #[inline]
    pub fn size(&self) -> (usize, usize) {
        (self.width, self.height)
    }
    /// Errors unless `other` has the same width and height.
    pub fn check_same_size<U: Sample>(&self, other: &Plane<'_, U>) -> Result<(), Error> {
        if self.size() != other.size() {
            return Err(Error::SizeMismatch {
                expected: self.size(),
                got: other.size(),
            });
        }
        Ok(())
    }
    /// Errors unless both planes have the same size and bit depth.
    pub fn check_pair(&self, other: &Plane<'_, T>) -> Result<(), Error> {
        self.check_same_size(other)?;
        if self.bits != other.bits {
            return Err(Error::BitDepth {
                bits: other.bits,
                sample: 0,
            });
        }
        Ok(())
    }
    /// Errors unless the plane is at least `min × min`.
    pub fn check_min_size(&self, min: usize) -> Result<(), Error> {
        if self.width < min || self.height < min {
            return Err(Error::TooSmall {
                min,
                width: self.width,
                height: self.height,
            });
        }
        Ok(())
    }
}

/// A mutable 8-bit output plane (colour conversions write into one).
#[derive(Debug)]
pub struct PlaneMut<'a> {
    data: &'a mut [u8],
    width: usize,
    height: usize,
    stride: usize,
}

impl<'a> PlaneMut<'a> {
    /// Validates the geometry as [`Plane::new`] does.
    pub fn new(
        data: &'a mut [u8],
        width: usize,
        height: usize,
        stride: usize,
    ) -> Result<Self, Error> {
        check_geometry(data.len(), width, height, stride)?;
        Ok(PlaneMut {
            data,
            width,
            height,
            stride,
        })
    }
    /// `(width, height)`.
    pub fn size(&self) -> (usize, usize) {
        (self.width, self.height)
    }
    /// Mutable visible samples of row `y`.
    pub fn row_mut(&mut self, y: usize) -> &mut [u8] {
        let start = y * self.stride;
        let end = start + self.width;
        self.data.get_mut(start..end).unwrap_or(&mut [])
    }
}

/// A borrowed, validated interleaved RGB image (`R, G, B` bytes per pixel, as numpy's `(H, W, 3)`).
/// `stride` is in bytes and must be at least `3 · width`.
#[derive(Debug, Clone, Copy)]
pub struct RgbImage<'a> {
    data: &'a [u8],
    width: usize,
    height: usize,
    stride: usize,
}

impl<'a> RgbImage<'a> {
    /// Validates zero sizes, stride and buffer length.
    pub fn new(data: &'a [u8], width: usize, height: usize, stride: usize) -> Result<Self, Error> {
        let row_bytes = width
            .checked_mul(3)
            .ok_or(Error::EmptyPlane { width, height })?;
        if width == 0 || height == 0 {
            return Err(Error::EmptyPlane { width, height });
        }
        check_geometry(data.len(), row_bytes, height, stride)?;
        Ok(RgbImage {
            data,
            width,
            height,
            stride,
        })
    }
    /// Width in pixels.
    pub fn width(&self) -> usize {
        self.width
    }
    /// Height in rows.
    pub fn height(&self) -> usize {
        self.height
    }
    /// `(width, height)`.
    pub fn size(&self) -> (usize, usize) {
        (self.width, self.height)
    }
    /// The `3 · width` bytes of row `y`.
    pub fn row(&self, y: usize) -> &'a [u8] {
        let start = y * self.stride;
        self.data.get(start..start + 3 * self.width).unwrap_or(&[])
    }
}

/// A validated YUV 4:2:0 frame: a full-size luma plane and two chroma planes of
/// `ceil(w/2) × ceil(h/2)` (the layout of `yuv420p` decoders and camera ISPs).
#[derive(Debug, Clone, Copy)]
pub struct Yuv420<'a> {
    /// Luma.
    pub y: Plane<'a, u8>,
    /// Blue-difference chroma.
    pub u: Plane<'a, u8>,
    /// Red-difference chroma.
    pub v: Plane<'a, u8>,
}

impl<'a> Yuv420<'a> {
    /// Checks that `u` and `v` are `ceil(w/2) × ceil(h/2)` for a `w × h` luma plane.
    pub fn new(y: Plane<'a, u8>, u: Plane<'a, u8>, v: Plane<'a, u8>) -> Result<Self, Error> {
        let chroma = (y.width().div_ceil(2), y.height().div_ceil(2));
        for c in [&u, &v] {
            if c.size() != chroma {
                return Err(Error::SizeMismatch {
                    expected: chroma,
                    got: c.size(),
                });
            }
        }
        Ok(Yuv420 { y, u, v })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_geometry() {
        let buf = [0u8; 12];
        assert_eq!(
            Plane::new(&buf, 0, 3, 4).unwrap_err(),
            Error::EmptyPlane {
                width: 0,
                height: 3
            }
        );
        assert_eq!(
            Plane::new(&buf, 4, 3, 3).unwrap_err(),
            Error::StrideTooSmall {
                stride: 3,
                width: 4
            }
        );
        assert_eq!(
            Plane::new(&buf, 4, 4, 4).unwrap_err(),
            Error::BufferTooShort {
                needed: 16,
                got: 12
            }
        );
        // The last row may end at `width`: 2 rows of stride 8 need 8 + 4 samples.
        assert!(Plane::new(&buf, 4, 2, 8).is_ok());
        assert!(Plane::new(&buf, usize::MAX, 3, usize::MAX).is_err());
    }

    #[test]
    fn rows_skip_padding() {
        let buf = [1u8, 2, 99, 3, 4, 99];
        let p = Plane::new(&buf, 2, 2, 3).unwrap();
        assert_eq!(p.row(0), &[1, 2]);
        assert_eq!(p.row(1), &[3, 4]);
    }

    #[test]
    fn u16_depth_is_enforced() {
        let buf = [1023u16, 1024];
        assert!(Plane::new_u16(&buf, 1, 1, 1, 10).is_ok());
        assert_eq!(
            Plane::new_u16(&buf, 2, 1, 2, 10).unwrap_err(),
            Error::BitDepth {
                bits: 10,
                sample: 1024
            }
        );
        assert!(Plane::new_u16(&buf, 1, 1, 1, 8).is_err());
    }

    #[test]
    fn yuv420_chroma_sizes() {
        let y = [0u8; 15];
        let c = [0u8; 6];
        let yp = Plane::packed(&y, 5, 3).unwrap();
        let cp = Plane::packed(&c, 3, 2).unwrap();
        assert!(Yuv420::new(yp, cp, cp).is_ok());
        let bad = Plane::packed(&c, 2, 3).unwrap();
        assert!(Yuv420::new(yp, bad, cp).is_err());
    }
}
