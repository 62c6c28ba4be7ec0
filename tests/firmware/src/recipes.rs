//! The shared input recipes (tests/recipes.py), generated on the device.

use reelscore::engage::SplitMix64;

#[derive(Clone, Copy)]
pub enum Kind {
    Noise,
    Noise16,
    Scene,
    Distort,
    Blocky,
    RgbNoise,
    RgbTint,
}

/// One recipe (fields a kind does not use are 0).
pub struct Recipe {
    pub kind: Kind,
    pub seed: u64,
    pub width: usize,
    pub height: usize,
    pub amp: i64,
    pub bits: u32,
    pub base: Option<&'static Recipe>,
}

pub struct FrameCase {
    pub bits: u32,
    pub a: Recipe,
    pub b: Recipe,
}

pub struct Clip {
    pub width: usize,
    pub height: usize,
    pub fps: f64,
    pub frames: &'static [Recipe],
}

include!(concat!(env!("OUT_DIR"), "/vectors.rs"));

fn noise(rng: &mut SplitMix64, amp: i64) -> i64 {
    (rng.next_u64() % (2 * amp as u64 + 1)) as i64 - amp
}

fn scene(x: i64, y: i64) -> i64 {
    ((x * x + 3 * y * y + 5 * x * y) >> 6) & 255
}

/// Writes the samples of `r` to `out` (row-major; R, G, B per pixel for RGB kinds) and returns
/// `(width, height, channels)`.
pub fn build(r: &Recipe, out: &mut [u16]) -> (usize, usize, usize) {
    let mut rng = SplitMix64::new(r.seed);
    let (w, h) = (r.width, r.height);
    match r.kind {
        Kind::Distort => {
            let Some(base) = r.base else {
                panic!("distort without a base")
            };
            let (w, h, c) = build(base, out);
            for v in &mut out[..w * h * c] {
                *v = (i64::from(*v) + noise(&mut rng, r.amp)).clamp(0, 255) as u16;
            }
            (w, h, c)
        }
        Kind::Noise => {
            for v in &mut out[..w * h] {
                *v = (rng.next_u64() >> 56) as u16;
            }
            (w, h, 1)
        }
        Kind::Noise16 => {
            for v in &mut out[..w * h] {
                *v = (rng.next_u64() >> (64 - r.bits)) as u16;
            }
            (w, h, 1)
        }
        Kind::Scene => {
            for y in 0..h {
                for x in 0..w {
                    let s = scene(x as i64, y as i64) + noise(&mut rng, r.amp);
                    out[y * w + x] = s.clamp(0, 255) as u16;
                }
            }
            (w, h, 1)
        }
        Kind::Blocky => {
            for y in 0..h {
                for x in 0..w {
                    out[y * w + x] = (((x / 8) * 37 + (y / 8) * 91) % 200 + 28) as u16;
                }
            }
            (w, h, 1)
        }
        Kind::RgbNoise => {
            for v in &mut out[..w * h * 3] {
                *v = (rng.next_u64() >> 56) as u16;
            }
            (w, h, 3)
        }
        Kind::RgbTint => {
            for y in 0..h {
                for x in 0..w {
                    let s = (scene(x as i64, y as i64) + noise(&mut rng, r.amp)).clamp(0, 255);
                    let i = 3 * (y * w + x);
                    out[i] = s as u16;
                    out[i + 1] = (s / 2) as u16;
                    out[i + 2] = (255 - s) as u16;
                }
            }
            (w, h, 3)
        }
    }
}
