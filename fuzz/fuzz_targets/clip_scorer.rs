//! Random push sequences into the clip scorer: frames of changing sizes, luma / YUV / RGB,
//! pushes after finish, resets. Every call returns Ok or Err; reports stay in range.
#![no_main]

use libfuzzer_sys::fuzz_target;
use core_rs::clip::{ClipConfig, ClipScorerWith};
use core_rs::{Plane, RgbImage, Yuv420};

type Small = ClipScorerWith<{ 32 * 24 }, 16>;

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let w = 1 + data[0] as usize % 40;
    let h = 1 + data[1] as usize % 30;
    let fps = f64::from(data[2]) / 4.0;
    let Ok(cfg) = ClipConfig::new(w, h, fps) else { return };
    let Ok(mut s) = Small::new(cfg) else { return };
    let mut frames = 0u32;
    for (k, chunk) in data[3..].chunks(7).enumerate() {
        let op = chunk[0] % 8;
        let (fw, fh) = if chunk.len() > 1 && chunk[1] % 5 == 0 { (w + 1, h) } else { (w, h) };
        let fill = chunk.get(2).copied().unwrap_or(0);
        let buf: Vec<u8> = (0..fw * fh * 3).map(|i| fill.wrapping_mul(i as u8).wrapping_add(k as u8 * 17)).collect();
        let pushed = match op {
            0..=2 => s.push(&Plane::packed(&buf[..fw * fh], fw, fh).unwrap()).is_ok(),
            3 => {
                let (cw, ch) = (fw.div_ceil(2), fh.div_ceil(2));
                let y = Plane::packed(&buf[..fw * fh], fw, fh).unwrap();
                let u = Plane::packed(&buf[..cw * ch], cw, ch).unwrap();
                match Yuv420::new(y, u, u) {
                    Ok(f) => s.push_yuv420(&f).is_ok(),
                    Err(_) => false,
                }
            }
            4 => {
                let img = RgbImage::new(&buf, fw, fh, 3 * fw).unwrap();
                let mut scratch = vec![0u8; fw * fh];
                s.push_rgb(&img, &mut scratch).is_ok()
            }
            5 => {
                if let Ok(r) = s.finish() {
                    assert!(r.score.is_finite() && (0.0..=100.0).contains(&r.score));
                    assert_eq!(r.metrics.frames, frames);
                    for d in &r.defects {
                        assert!(d.start <= d.end && d.end < frames && (0.0..=1.0).contains(&d.severity));
                    }
                    assert!(r.cuts.iter().all(|&c| c < frames));
                }
                false
            }
            6 => {
                s.reset(cfg).unwrap();
                frames = 0;
                false
            }
            _ => s.finish().is_ok() && false,
        };
        if pushed {
            frames += 1;
        }
    }
});
