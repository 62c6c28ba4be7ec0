//! Random push sequences into the clip scorer: frames of changing sizes, luma / YUV / RGB,
//! row-streamed frames (rows of wrong lengths, too many or too few rows, `end_frame` without
//! `begin_frame`), pushes after finish, resets. Every call returns Ok or Err; reports stay in
//! range; a twin scorer fed the same frames whole agrees with the row-streamed one.
#![no_main]

use core_rs::clip::{ClipConfig, ClipScorerWith, RowFeeder};
use core_rs::{Plane, RgbImage, Yuv420};
use libfuzzer_sys::fuzz_target;

type Small = ClipScorerWith<{ 32 * 24 }, 16>;

fn check_report(s: &mut Small, frames: u32) {
    if let Ok(r) = s.finish() {
        assert!(r.score.is_finite() && (0.0..=100.0).contains(&r.score));
        assert_eq!(r.metrics.frames, frames);
        for d in &r.defects {
            assert!(d.start <= d.end && d.end < frames && (0.0..=1.0).contains(&d.severity));
        }
        assert!(r.cuts.iter().all(|&c| c < frames));
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let w = 1 + data[0] as usize % 40;
    let h = 1 + data[1] as usize % 30;
    let fps = f64::from(data[2]) / 4.0;
    let Ok(cfg) = ClipConfig::new(w, h, fps) else {
        return;
    };
    let Ok(mut s) = Small::new(cfg) else { return };
    // `twin` sees only well-formed whole luma frames, the same ones `s` receives either whole
    // or row by row; their observations must be identical.
    let Ok(mut twin) = Small::new(cfg) else {
        return;
    };
    let mut twin_ok = true;
    let mut feeder = RowFeeder::<48>::new();
    let mut frames = 0u32;
    for (k, chunk) in data[3..].chunks(7).enumerate() {
        let op = chunk[0] % 10;
        let (fw, fh) = if chunk.len() > 1 && chunk[1] % 5 == 0 {
            (w + 1, h)
        } else {
            (w, h)
        };
        let fill = chunk.get(2).copied().unwrap_or(0);
        let buf: Vec<u8> = (0..fw * fh * 3)
            .map(|i| fill.wrapping_mul(i as u8).wrapping_add(k as u8 * 17))
            .collect();
        let pushed = match op {
            0..=1 => {
                let p = Plane::packed(&buf[..fw * fh], fw, fh).unwrap();
                let a = s.push(&p);
                if twin_ok {
                    let b = twin.push(&p);
                    assert_eq!(a.is_ok(), b.is_ok());
                    if let (Ok(a), Ok(b)) = (a, b) {
                        assert_eq!(format!("{a:?}"), format!("{b:?}"));
                    }
                }
                a.is_ok()
            }
            2 => {
                // Row by row, well formed when the frame has the configured size.
                let p = Plane::packed(&buf[..fw * fh], fw, fh).unwrap();
                let mut ok = s.begin_frame(&mut feeder).is_ok();
                for row in p.rows() {
                    ok &= s.push_row(&mut feeder, row).is_ok();
                }
                let a = s.end_frame(&mut feeder);
                let pushed = a.is_ok();
                if twin_ok && ok && pushed {
                    let b = twin.push(&p).expect("row push Ok, whole push Err");
                    assert_eq!(
                        format!("{:?}", a.unwrap()),
                        format!("{b:?}"),
                        "rows vs whole"
                    );
                } else {
                    // A refused row leaves the frame open: the twin no longer mirrors `s`.
                    twin_ok = false;
                }
                pushed
            }
            3 => {
                // Malformed row streams: random row counts and lengths, random calls order.
                let rows = chunk.get(3).copied().unwrap_or(0) as usize % (fh + 3);
                let len = chunk.get(4).copied().unwrap_or(0) as usize % (fw + 3);
                if chunk.get(5).is_some_and(|b| b & 1 == 1) {
                    let _ = s.begin_frame(&mut feeder);
                }
                for r in 0..rows {
                    let start = (r * len) % (buf.len() - len.min(buf.len()) + 1);
                    let row = &buf[start..start + len.min(buf.len())];
                    let _ = s.push_row(&mut feeder, row);
                }
                twin_ok = false;
                s.end_frame(&mut feeder).is_ok()
            }
            4 => {
                let (cw, ch) = (fw.div_ceil(2), fh.div_ceil(2));
                let y = Plane::packed(&buf[..fw * fh], fw, fh).unwrap();
                let u = Plane::packed(&buf[..cw * ch], cw, ch).unwrap();
                twin_ok = false;
                match Yuv420::new(y, u, u) {
                    Ok(f) => s.push_yuv420(&f).is_ok(),
                    Err(_) => false,
                }
            }
            5 => {
                let img = RgbImage::new(&buf, fw, fh, 3 * fw).unwrap();
                let mut scratch = vec![0u8; fw * fh];
                twin_ok = false;
                s.push_rgb(&img, &mut scratch).is_ok()
            }
            6 => {
                if twin_ok {
                    let (a, b) = (s.finish(), twin.finish());
                    assert_eq!(
                        format!("{a:?}"),
                        format!("{b:?}"),
                        "same frames, same report"
                    );
                }
                check_report(&mut s, frames);
                false
            }
            7 => {
                s.reset(cfg).unwrap();
                twin.reset(cfg).unwrap();
                twin_ok = true;
                frames = 0;
                false
            }
            8 => {
                // A frame pushed whole while a row-streamed one is open.
                if s.begin_frame(&mut feeder).is_ok() {
                    let _ = s.push_row(&mut feeder, &buf[..fw.min(buf.len())]);
                }
                twin_ok = false;
                let p = Plane::packed(&buf[..fw * fh], fw, fh).unwrap();
                s.push(&p).is_ok()
            }
            _ => {
                let _ = s.finish();
                let _ = twin.finish();
                false
            }
        };
        if pushed {
            frames += 1;
        }
    }
    check_report(&mut s, frames);
});
