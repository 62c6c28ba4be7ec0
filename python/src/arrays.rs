//! numpy arrays → validated core planes, borrowed without copying.
//!
//! Any 2-D array whose rows are contiguous (inner stride = one element) is accepted as is,
//! including row-padded views such as `big[:, :w]`; the row stride becomes the plane stride.
//! Other layouts raise `TypeError` naming the strides (call `np.ascontiguousarray` first).

use numpy::ndarray::{ArrayView, Dimension};
use numpy::{
    Element, PyArrayDescrMethods, PyReadonlyArray, PyReadonlyArray2, PyReadonlyArray3,
    PyUntypedArray, PyUntypedArrayMethods,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use reelscore::{Plane, RgbImage};

use crate::borrow::{self, Layout};
use crate::errors::{err, msg};

/// A borrowed grey array of either depth.
pub enum Gray<'py> {
    /// `uint8`, 8-bit samples.
    U8(PyReadonlyArray2<'py, u8>),
    /// `uint16` with its declared bit depth.
    U16(PyReadonlyArray2<'py, u16>, u32),
}

/// `"shape (h, w) uint8"` for messages.
pub fn describe(obj: &Bound<'_, PyAny>) -> String {
    match obj.cast::<PyUntypedArray>() {
        Ok(a) => format!("shape {:?} {}", a.shape(), a.dtype()),
        Err(_) => format!(
            "a {}",
            obj.get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ),
    }
}

/// How to turn a float frame into the 8-bit samples reelscore reads (empty for other dtypes).
fn float_hint(obj: &Bound<'_, PyAny>) -> &'static str {
    match obj.cast::<PyUntypedArray>() {
        Ok(a) if a.dtype().kind() == b'f' => {
            "; for float frames in [0, 1] use (frame * 255).round().astype(numpy.uint8)"
        }
        _ => "",
    }
}

/// Extracts an `(H, W, 3)` uint8 RGB array, saying what was wrong otherwise (the dimensions,
/// the dtype, with a hint for float frames).
pub fn rgb_array<'py>(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<PyReadonlyArray3<'py, u8>> {
    let wrong = || {
        PyTypeError::new_err(format!(
            "{name} must be a (height, width, 3) uint8 RGB array, got {}{}",
            describe(obj),
            float_hint(obj)
        ))
    };
    let arr = obj.cast::<PyUntypedArray>().map_err(|_| wrong())?;
    if arr.ndim() != 3
        || arr.shape()[2] != 3
        || !arr.dtype().is_equiv_to(&numpy::dtype::<u8>(obj.py()))
    {
        return Err(wrong());
    }
    obj.extract().map_err(|_| wrong())
}

/// Extracts a 2-D uint8 or uint16 array; uint16 needs `bits`.
pub fn gray<'py>(obj: &Bound<'py, PyAny>, name: &str, bits: Option<u32>) -> PyResult<Gray<'py>> {
    let arr = obj.cast::<PyUntypedArray>().map_err(|_| {
        PyTypeError::new_err(format!(
            "{name} must be a numpy array, got {}",
            describe(obj)
        ))
    })?;
    if arr.ndim() != 2 {
        return Err(PyTypeError::new_err(format!(
            "{name} must be a 2-D (height, width) luma array, got {}",
            describe(obj)
        )));
    }
    let dt = arr.dtype();
    if dt.is_equiv_to(&numpy::dtype::<u8>(obj.py())) {
        if let Some(b) = bits
            && b != 8
        {
            return Err(msg(format!(
                "{name} is uint8 but bits={b} was given (uint8 is 8-bit)"
            )));
        }
        return Ok(Gray::U8(obj.extract()?));
    }
    if dt.is_equiv_to(&numpy::dtype::<u16>(obj.py())) {
        let b = bits.ok_or_else(|| {
            msg(format!(
                "{name} is uint16: pass bits= (e.g. bits=10 for 10-bit video)"
            ))
        })?;
        return Ok(Gray::U16(obj.extract()?, b));
    }
    Err(PyTypeError::new_err(format!(
        "{name} must have dtype uint8 or uint16, got {}{}",
        describe(obj),
        float_hint(obj)
    )))
}

/// The `TypeError` for a layout [`borrow`] refuses.
fn layout_error(e: Layout, name: &str, strides: &[isize]) -> PyErr {
    PyTypeError::new_err(match e {
        Layout::InnerStride(s) => format!(
            "{name}: rows must be contiguous (inner stride {s} elements, need 1); use np.ascontiguousarray"
        ),
        Layout::NegativeRowStride(s) => {
            format!("{name}: negative row stride {s}; use np.ascontiguousarray")
        }
        Layout::NotPackedRgb => format!(
            "{name}: pixels must be packed RGB rows (strides {strides:?} elements); use np.ascontiguousarray"
        ),
        Layout::Misaligned => {
            format!("{name}: samples are not aligned in memory; pass a copy (array.copy())")
        }
    })
}

/// `arr` as an ndarray view; `TypeError` naming `name` unless NumPy flags it aligned.
/// rust-numpy builds the view from the data pointer and the byte strides divided by the element
/// size, which describes the array only when both are aligned (a view one byte into a buffer
/// is not), so this is checked before the view exists.
pub fn view<'a, T: Element, D: Dimension>(
    arr: &'a PyReadonlyArray<'_, T, D>,
    name: &str,
) -> PyResult<ArrayView<'a, T, D>> {
    if !arr.is_aligned() {
        return Err(layout_error(Layout::Misaligned, name, arr.strides()));
    }
    Ok(arr.as_array())
}

/// The samples, width, height and stride of a 2-D array (see the module docs).
fn raw<'a, T: Element>(
    arr: &'a PyReadonlyArray2<'_, T>,
    name: &str,
) -> PyResult<(&'a [T], usize, usize, usize)> {
    let view = view(arr, name)?;
    let (h, w) = view.dim();
    let s = view.strides();
    let stride = borrow::row_stride((h, w), [s[0], s[1]]).map_err(|e| layout_error(e, name, s))?;
    // SAFETY: the array is borrowed read-only for `'a`; its rows are contiguous (checked) and
    // `stride` elements apart, so its buffer holds the elements from the data pointer to its
    // last row's last one (`borrow::rows`' contract).
    let data = unsafe { borrow::rows(view.as_ptr(), w, h, stride) }
        .map_err(|e| layout_error(e, name, s))?
        .map_err(|e| err(name, e))?;
    Ok((data, w, h, stride))
}

/// The array's elements in C order as one slice: borrowed when C-contiguous, else copied;
/// `TypeError` naming `name` when misaligned ([`view`]).
pub fn flat<'a, T: Element + Copy, D: Dimension>(
    arr: &'a PyReadonlyArray<'_, T, D>,
    name: &str,
) -> PyResult<std::borrow::Cow<'a, [T]>> {
    Ok(match c_slice(arr) {
        Some(x) => std::borrow::Cow::Borrowed(x),
        None => std::borrow::Cow::Owned(view(arr, name)?.iter().copied().collect()),
    })
}

/// The elements of `arr` in C (row-major) order, borrowed; `None` unless the array is
/// C-contiguous and aligned. (`as_slice` alone also accepts Fortran-ordered arrays and would
/// hand back their memory order, silently transposing an `(n, channels)` block.)
pub fn c_slice<'a, T: Element, D: numpy::ndarray::Dimension>(
    arr: &'a numpy::PyReadonlyArray<'_, T, D>,
) -> Option<&'a [T]> {
    if arr.is_c_contiguous() {
        arr.as_slice().ok()
    } else {
        None
    }
}

/// Borrows a uint8 array as an 8-bit plane.
pub fn plane8<'a>(arr: &'a PyReadonlyArray2<'_, u8>, name: &str) -> PyResult<Plane<'a, u8>> {
    let (d, w, h, s) = raw(arr, name)?;
    Plane::new(d, w, h, s).map_err(|e| err(name, e))
}

/// Borrows a uint16 array as a `bits`-bit plane.
pub fn plane16<'a>(
    arr: &'a PyReadonlyArray2<'_, u16>,
    name: &str,
    bits: u32,
) -> PyResult<Plane<'a, u16>> {
    let (d, w, h, s) = raw(arr, name)?;
    Plane::new_u16(d, w, h, s, bits).map_err(|e| err(name, e))
}

/// Borrows an `(H, W, 3)` uint8 array as an RGB image.
pub fn rgb<'a>(arr: &'a PyReadonlyArray3<'_, u8>, name: &str) -> PyResult<RgbImage<'a>> {
    let view = view(arr, name)?;
    let (h, w, c) = view.dim();
    let s = view.strides();
    if c != 3 {
        return Err(PyTypeError::new_err(format!(
            "{name} must have shape (height, width, 3), got ({h}, {w}, {c})"
        )));
    }
    let stride =
        borrow::rgb_stride((h, w), [s[0], s[1], s[2]]).map_err(|e| layout_error(e, name, s))?;
    // SAFETY: as in `raw`: read-only borrow, packed rows (checked) `stride` bytes apart.
    let data = unsafe { borrow::rows(view.as_ptr(), w.saturating_mul(3), h, stride) }
        .map_err(|e| layout_error(e, name, s))?
        .map_err(|e| err(name, e))?;
    RgbImage::new(data, w, h, stride).map_err(|e| err(name, e))
}
