//! The shared input recipes (tests/recipes.py), read from a tape and generated on the device.

use crate::codes;
use crate::tape::Tape;
use reelscore::engage::SplitMix64;

fn noise(rng: &mut SplitMix64, amp: i64) -> i64 {
    (rng.next_u64() % (2 * amp as u64 + 1)) as i64 - amp
}

fn scene(x: i64, y: i64) -> i64 {
    ((x * x + 3 * y * y + 5 * x * y) >> 6) & 255
}

/// Reads the next recipe from `t`, writes its samples to `out` (row-major; R, G, B per pixel
/// for RGB kinds) and returns `(width, height, channels)`.
pub fn build(t: &mut Tape<'_>, out: &mut [u16]) -> (usize, usize, usize) {
    let kind = t.u8();
    let mut rng = SplitMix64::new(t.u64());
    let (w, h) = (t.u32(), t.u32());
    let amp = t.u32() as i64;
    let bits = u32::from(t.u8());
    match kind {
        codes::DISTORT => {
            let (w, h, c) = build(t, out);
            for v in &mut out[..w * h * c] {
                *v = (i64::from(*v) + noise(&mut rng, amp)).clamp(0, 255) as u16;
            }
            (w, h, c)
        }
        codes::NOISE => {
            for v in &mut out[..w * h] {
                *v = (rng.next_u64() >> 56) as u16;
            }
            (w, h, 1)
        }
        codes::NOISE16 => {
            for v in &mut out[..w * h] {
                *v = (rng.next_u64() >> (64 - bits)) as u16;
            }
            (w, h, 1)
        }
        codes::SCENE => {
            for y in 0..h {
                for x in 0..w {
                    let s = scene(x as i64, y as i64) + noise(&mut rng, amp);
                    out[y * w + x] = s.clamp(0, 255) as u16;
                }
            }
            (w, h, 1)
        }
        codes::BLOCKY => {
            for y in 0..h {
                for x in 0..w {
                    out[y * w + x] = (((x / 8) * 37 + (y / 8) * 91) % 200 + 28) as u16;
                }
            }
            (w, h, 1)
        }
        codes::RGB_NOISE => {
            for v in &mut out[..w * h * 3] {
                *v = (rng.next_u64() >> 56) as u16;
            }
            (w, h, 3)
        }
        codes::RGB_TINT => {
            for y in 0..h {
                for x in 0..w {
                    let s = (scene(x as i64, y as i64) + noise(&mut rng, amp)).clamp(0, 255);
                    let i = 3 * (y * w + x);
                    out[i] = s as u16;
                    out[i + 1] = (s / 2) as u16;
                    out[i + 2] = (255 - s) as u16;
                }
            }
            (w, h, 3)
        }
        _ => panic!("unknown recipe kind on the tape"),
    }
}
