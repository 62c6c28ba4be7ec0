//! Test support: the shared input recipes (see tests/recipes.py) and the vector file loader.
#![allow(dead_code)] // each test binary uses a different subset

use serde_json::Value;

/// SplitMix64 (Steele, Lea & Flood 2014), as in tests/recipes.py.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn noise(&mut self, amp: i64) -> i64 {
        (self.next() % (2 * amp as u64 + 1)) as i64 - amp
    }
}

/// Samples of a recipe: (width, height, channels, samples as u16).
pub fn build(r: &Value) -> (usize, usize, usize, Vec<u16>) {
    let kind = r["kind"].as_str().unwrap();
    let u = |k: &str| r[k].as_u64().unwrap();
    if kind == "distort" {
        let (w, h, c, base) = build(&r["base"]);
        let mut rng = SplitMix64(u("seed"));
        let amp = u("amp") as i64;
        let out = base
            .iter()
            .map(|&v| (i64::from(v) + rng.noise(amp)).clamp(0, 255) as u16)
            .collect();
        return (w, h, c, out);
    }
    let (w, h) = (u("width") as usize, u("height") as usize);
    let mut rng = SplitMix64(r["seed"].as_u64().unwrap_or(0));
    let scene = |x: i64, y: i64| ((x * x + 3 * y * y + 5 * x * y) >> 6) & 255;
    match kind {
        "noise" => (
            w,
            h,
            1,
            (0..w * h).map(|_| (rng.next() >> 56) as u16).collect(),
        ),
        "noise16" => {
            let bits = u("bits");
            (
                w,
                h,
                1,
                (0..w * h)
                    .map(|_| (rng.next() >> (64 - bits)) as u16)
                    .collect(),
            )
        }
        "scene" => {
            let amp = u("amp") as i64;
            let mut out = Vec::with_capacity(w * h);
            for y in 0..h as i64 {
                for x in 0..w as i64 {
                    out.push((scene(x, y) + rng.noise(amp)).clamp(0, 255) as u16);
                }
            }
            (w, h, 1, out)
        }
        "blocky" => {
            let mut out = Vec::with_capacity(w * h);
            for y in 0..h {
                for x in 0..w {
                    out.push((((x / 8) * 37 + (y / 8) * 91) % 200 + 28) as u16);
                }
            }
            (w, h, 1, out)
        }
        "rgb_noise" => (
            w,
            h,
            3,
            (0..w * h * 3).map(|_| (rng.next() >> 56) as u16).collect(),
        ),
        "rgb_tint" => {
            let amp = u("amp") as i64;
            let mut out = Vec::with_capacity(w * h * 3);
            for y in 0..h as i64 {
                for x in 0..w as i64 {
                    let s = (scene(x, y) + rng.noise(amp)).clamp(0, 255);
                    out.extend([s as u16, (s / 2) as u16, (255 - s) as u16]);
                }
            }
            (w, h, 3, out)
        }
        other => panic!("unknown recipe {other}"),
    }
}

/// The vector file `tests/vectors/<name>`.
pub fn vectors(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Copies `samples` (tightly packed, `width` per row) into a buffer with `pad` extra samples per
/// row filled with a sentinel, so tests prove padding is never read.
pub fn with_stride<T: Copy>(
    samples: &[T],
    width: usize,
    pad: usize,
    sentinel: T,
) -> (Vec<T>, usize) {
    let stride = width + pad;
    let height = samples.len() / width;
    let mut out = vec![sentinel; stride * height];
    for y in 0..height {
        out[y * stride..y * stride + width].copy_from_slice(&samples[y * width..(y + 1) * width]);
    }
    (out, stride)
}

pub fn close(got: f64, want: f64, rel: f64, abs: f64) -> bool {
    if want.is_infinite() {
        return got == want;
    }
    (got - want).abs() <= abs + rel * want.abs()
}
