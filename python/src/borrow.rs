//! The layout and pointer logic under the extension's `unsafe` blocks, free of PyO3 and numpy
//! so that Miri can run it (PyO3 cannot run there): `python/pure` compiles this file on its own
//! and `scripts/test.sh` runs its tests under Miri. The bindings (`arrays.rs`, `clip.rs`) read
//! an array's shape, element strides and data pointer and hand them here.

use reelscore::Error;
use reelscore::plane::required_len;

/// Why an array's memory cannot be read as rows (the binding words the `TypeError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The elements of a row are not adjacent (the inner stride, in elements).
    InnerStride(isize),
    /// The rows run backwards (the row stride, in elements).
    NegativeRowStride(isize),
    /// Not packed RGB pixels: channel stride 1, pixel stride 3, rows at least `3·w` apart.
    NotPackedRgb,
    /// The data pointer is not aligned for the element type (a view at an odd byte offset).
    Misaligned,
}

/// Row stride, in elements, of an `(h, w)` array whose element strides are `strides` and whose
/// rows are contiguous; `w` for a single row or an empty array (the core then reports the
/// empty plane).
pub fn row_stride((h, w): (usize, usize), strides: [isize; 2]) -> Result<usize, Layout> {
    if h == 0 || w == 0 {
        return Ok(w);
    }
    if w > 1 && strides[1] != 1 {
        return Err(Layout::InnerStride(strides[1]));
    }
    if h > 1 && strides[0] < 0 {
        return Err(Layout::NegativeRowStride(strides[0]));
    }
    Ok(if h > 1 { strides[0].unsigned_abs() } else { w })
}

/// Row stride, in bytes, of an `(h, w, 3)` uint8 array of packed RGB pixels (element strides
/// `strides`).
pub fn rgb_stride((h, w): (usize, usize), strides: [isize; 3]) -> Result<usize, Layout> {
    let row = w.saturating_mul(3);
    if strides[2] != 1
        || (w > 1 && strides[1] != 3)
        || (h > 1 && (strides[0] < 0 || strides[0].unsigned_abs() < row))
    {
        return Err(Layout::NotPackedRgb);
    }
    Ok(if h > 1 {
        strides[0].unsigned_abs()
    } else {
        row
    })
}

/// The `h` rows of `row` elements, `stride` elements apart, that start at `data`, as one slice
/// of [`required_len`]`(row, h, stride)` elements (it ends at the last row's last element).
/// Errors: the core's, for an empty shape or `stride < row`; [`Layout::Misaligned`].
///
/// # Safety
/// Unless an error is returned: the `required_len(row, h, stride)` elements from `data` lie in
/// one live allocation, are initialised and are not mutated for `'a` (what a numpy array of
/// shape `(h, row)` and element strides `(stride, 1)`, borrowed read-only for `'a`, gives: its
/// rows and the padding between them are its buffer's).
pub unsafe fn rows<'a, T>(
    data: *const T,
    row: usize,
    h: usize,
    stride: usize,
) -> Result<Result<&'a [T], Error>, Layout> {
    let len = match required_len(row, h, stride) {
        Ok(len) => len,
        Err(e) => return Ok(Err(e)),
    };
    if !data.is_aligned() || data.is_null() {
        return Err(Layout::Misaligned);
    }
    // SAFETY: `data` is non-NULL and aligned (checked), and the `len` elements from it are
    // initialised elements of one allocation, unchanged for `'a` (the contract).
    Ok(Ok(unsafe { core::slice::from_raw_parts(data, len) }))
}

/// Types whose all-zero bytes are a valid value.
///
/// # Safety
/// An implementor's all-zero bytes are a valid value of it (checked for each under Miri, which
/// validates a zeroed value field by field when it is read as a typed value).
pub unsafe trait Zeroable: Sized {}

// SAFETY: the core documents that all-zero bytes are a valid, unconfigured scorer (integers,
// floats, bools, fixed arrays and `heapless` vectors of length 0); the tests read one under Miri.
unsafe impl Zeroable for reelscore::clip::ClipScorer {}

/// A zeroed `T` on the heap, never built on the stack (the clip scorer is about 200 KiB).
pub fn boxed_zeroed<T: Zeroable>() -> Box<T> {
    // SAFETY: all-zero bytes are a valid `T` (`Zeroable`).
    unsafe { Box::<T>::new_zeroed().assume_init() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reelscore::clip::{ClipConfig, ClipScorer};
    use reelscore::{Plane, RgbImage};

    /// A `rows × cols` backing buffer of distinct values.
    fn backing<T: TryFrom<usize>>(rows: usize, cols: usize) -> Vec<T> {
        (0..rows * cols)
            .map(|i| T::try_from(i % 251 + 1).ok().unwrap())
            .collect()
    }

    /// Every view `base[r0 : r0 + h·step : step, c0 : c0 + w]` of a 6×9 buffer, as numpy
    /// reports it (data pointer, shape, element strides): the plane borrowed from it reads
    /// exactly the view's samples (under Miri, a slice past the buffer would be an error).
    #[test]
    fn strided_views_read_their_own_samples() {
        let (height, cols) = (6usize, 9usize);
        let base: Vec<u16> = backing(height, cols);
        let mut views = 0;
        for r0 in 0..height {
            for c0 in 0..cols {
                for step in 1..=2usize {
                    for h in 1..=(height - r0).div_ceil(step) {
                        for w in 1..=cols - c0 {
                            let ptr = base[r0 * cols + c0..].as_ptr();
                            let s0 = (step * cols) as isize;
                            let stride = row_stride((h, w), [s0, 1]).unwrap();
                            // SAFETY: the view's rows lie in `base` (a numpy view's guarantee).
                            let data = unsafe { rows(ptr, w, h, stride) }.unwrap().unwrap();
                            let p = Plane::new_u16(data, w, h, stride, 16).unwrap();
                            for y in 0..h {
                                let want = &base[(r0 + y * step) * cols + c0..][..w];
                                assert_eq!(p.row(y), want);
                            }
                            views += 1;
                        }
                    }
                }
            }
        }
        assert!(views > 500);
    }

    /// Packed RGB views `base[r0 : r0 + h, c0 : c0 + w, :]` of a 4×5×3 image.
    #[test]
    fn rgb_views_read_their_own_pixels() {
        let (height, cols) = (4usize, 5usize);
        let base: Vec<u8> = backing(height, 3 * cols);
        for r0 in 0..height {
            for c0 in 0..cols {
                for h in 1..=height - r0 {
                    for w in 1..=cols - c0 {
                        let ptr = base[(r0 * cols + c0) * 3..].as_ptr();
                        let stride = rgb_stride((h, w), [3 * cols as isize, 3, 1]).unwrap();
                        // SAFETY: as above.
                        let data = unsafe { rows(ptr, 3 * w, h, stride) }.unwrap().unwrap();
                        let img = RgbImage::new(data, w, h, stride).unwrap();
                        for y in 0..h {
                            let want = &base[((r0 + y) * cols + c0) * 3..][..3 * w];
                            assert_eq!(img.row(y), want);
                        }
                    }
                }
            }
        }
    }

    /// Layouts that are not rows of adjacent samples are refused before any pointer is read:
    /// a column step, reversed rows, broadcast (stride 0) and overlapping rows, a misaligned
    /// view, non-packed RGB.
    #[test]
    fn other_layouts_are_refused() {
        assert_eq!(row_stride((3, 4), [9, 2]), Err(Layout::InnerStride(2)));
        assert_eq!(row_stride((3, 4), [9, -1]), Err(Layout::InnerStride(-1)));
        assert_eq!(
            row_stride((3, 4), [-9, 1]),
            Err(Layout::NegativeRowStride(-9))
        );
        // One column or one row: the stride that does not apply is not read.
        assert_eq!(row_stride((3, 1), [9, 7]), Ok(9));
        assert_eq!(row_stride((1, 4), [-9, 1]), Ok(4));
        assert_eq!(row_stride((0, 4), [0, 0]), Ok(4));
        let base: Vec<u16> = backing(4, 4);
        for stride in [0, 3] {
            // SAFETY: refused before the pointer is used (stride < row).
            let r = unsafe { rows(base.as_ptr(), 4, 4, stride) };
            assert!(matches!(r, Ok(Err(Error::StrideTooSmall { .. }))));
        }
        // SAFETY: refused before the pointer is used (empty).
        let r = unsafe { rows(base.as_ptr(), 0, 4, 4) };
        assert!(matches!(r, Ok(Err(Error::EmptyPlane { .. }))));
        let bytes = [0u8; 64];
        let odd = bytes[1..].as_ptr().cast::<u16>();
        // SAFETY: refused before the pointer is used (misaligned).
        assert_eq!(unsafe { rows(odd, 4, 2, 4) }, Err(Layout::Misaligned));
        assert_eq!(rgb_stride((2, 4), [12, 3, 2]), Err(Layout::NotPackedRgb));
        assert_eq!(rgb_stride((2, 4), [12, 4, 1]), Err(Layout::NotPackedRgb));
        assert_eq!(rgb_stride((2, 4), [11, 3, 1]), Err(Layout::NotPackedRgb));
        assert_eq!(rgb_stride((2, 4), [-12, 3, 1]), Err(Layout::NotPackedRgb));
        assert_eq!(rgb_stride((1, 4), [0, 3, 1]), Ok(12));
    }

    /// A zeroed scorer read as a typed value (Miri validates every field: bools 0 or 1,
    /// `heapless` vectors' lengths), then configured in place and scoring a short clip.
    #[test]
    fn zeroed_scorer_is_valid_and_scores() {
        let zeroed = Box::<ClipScorer>::new_zeroed();
        // SAFETY: the claim under test (`ClipScorer: Zeroable`).
        let v = core::mem::ManuallyDrop::new(unsafe { zeroed.as_ptr().read() });
        assert_eq!(v.frames(), 0);
        let mut s = boxed_zeroed::<ClipScorer>();
        let frame = [90u8; 8 * 8];
        let p = Plane::packed(&frame, 8, 8).unwrap();
        assert!(s.push(&p).is_err(), "an unconfigured scorer refuses frames");
        s.reset(ClipConfig::new(8, 8, 4.0).unwrap()).unwrap();
        for _ in 0..3 {
            s.push(&p).unwrap();
        }
        assert_eq!(s.finish().unwrap().metrics.frames, 3);
    }
}
