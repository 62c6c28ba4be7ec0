//! Mean level and RMS contrast.
//!
//! RMS contrast (Peli 1990): the population standard deviation of the samples divided by full
//! scale, `sqrt((1/N) Σ (x − μ)²) / MAX`; range [0, 0.5]; a flat plane gives 0. Equals
//! `img.std() / 255` in numpy for 8-bit planes. Sums are exact integers (8-bit rows summed in
//! `u32` per chunk, widened once per chunk).

use super::sharpness::variance_exact;
use crate::plane::{Plane, Sample};

/// 8-bit samples per `u32` partial sum of squares: `255² · 65536 < 2³²`.
const NARROW_CHUNK: usize = 65536;

fn sums<T: Sample>(p: &Plane<'_, T>) -> (i128, i128) {
    let mut s: i128 = 0;
    let mut ss: i128 = 0;
    for row in p.rows() {
        if core::mem::size_of::<T>() == 1 {
            for chunk in row.chunks(NARROW_CHUNK) {
                let (mut rs, mut rss) = (0u32, 0u32);
                for v in chunk {
                    let x = v.to_u32();
                    rs += x;
                    rss += x * x;
                }
                s += i128::from(rs);
                ss += i128::from(rss);
            }
            continue;
        }
        let mut rs: u64 = 0;
        let mut rss: u64 = 0;
        for v in row {
            let x = u64::from(v.to_u32());
            rs += x;
            rss += x * x;
        }
        s += i128::from(rs);
        ss += i128::from(rss);
    }
    (s, ss)
}

/// Mean sample value, code values (exact sum, one division).
pub fn mean<T: Sample>(p: &Plane<'_, T>) -> f64 {
    sums(p).0 as f64 / p.len() as f64
}

/// RMS contrast in [0, 0.5] (see the module docs).
pub fn rms_contrast<T: Sample>(p: &Plane<'_, T>) -> f64 {
    let (s, ss) = sums(p);
    rms_from_sums(s, ss, p.len(), p.max_value())
}

/// RMS contrast from the exact `Σx`, `Σx²` of `n` samples with full scale `max`.
pub(crate) fn rms_from_sums(s: i128, ss: i128, n: usize, max: u32) -> f64 {
    libm::sqrt(variance_exact(s, ss, n)) / f64::from(max)
}
