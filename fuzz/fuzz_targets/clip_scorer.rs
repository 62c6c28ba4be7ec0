//! Random push sequences into the clip scorer: frames of changing sizes and analysis budgets
//! (binned or not), luma / YUV (full and video range) / RGB, row-streamed frames (rows of
//! wrong lengths, too many or too few rows, `end_frame` without `begin_frame`), pushes after
//! finish, resets. Every call returns Ok or Err; reports stay in
//! range; a twin scorer fed the same frames whole agrees with the row-streamed one.
//!
//! Inputs whose first byte is ≥ 224 drive the C ABI's device scorer instead (`device.rs`:
//! caller memory, whole / YUV / row-band pushes through a `ReelRowFeeder`, finish, defects,
//! cuts, and the fold-in of an audio scorer's and the detectors' defects into the finished
//! clip), with a default-size `ReelClipScorer` as its twin: equal observations and summaries
//! for frames up to 64×48 in clips up to 128 frames, as `device.rs` promises.
//!
//! Long clips come from a burst rather than long inputs: in clips of small frames (up to
//! [`BURST_PIXELS`]), one whole-frame op may push its frame (or the frame and its negative in
//! turn: a cut every frame) 72 times in the core path and 136 times on the device
//! ([`CORE_BURST_FRAMES`], [`DEVICE_BURST_FRAMES`]: past the series records, 16 / 128, and the
//! cut list, 64), once per input. So inputs can stay short (`-max_len=512`, as scripts/test.sh
//! runs it) and cheap. Bursts have one length and small frames on purpose: variable lengths
//! gave new hit-count features for every length, and the fuzzer then spent most of its time
//! in bursts.
#![no_main]

use core_rs::clip::{ClipConfig, ClipScorerWith, FrameObservation, RowFeeder};
use core_rs::{Plane, RgbImage, Yuv420};
use ffi_rs::audio::*;
use ffi_rs::clip::*;
use ffi_rs::detect::ReelDetectDefect;
use ffi_rs::device::*;
use ffi_rs::status::reel_status::{self, *};
use ffi_rs::types::ReelPlane;
use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;
use std::ffi::{CStr, c_void};
use std::ptr;

type Small = ClipScorerWith<{ 32 * 24 }, 16>;

/// The byte value that turns a whole-frame push into a burst: not 0 or 255, which mutations
/// and old seeds hold often (bursts are meant to be rare and bounded).
const BURST: u8 = 0xA5;
/// Largest frame (width × height) a burst pushes: 136 device frames of it cost about as much
/// as a full-length input (512 bytes) of ordinary ops.
const BURST_PIXELS: usize = 16 * 16;
/// Frames of a core-path burst: past three 2:1 merges of `Small`'s 16 records and past the
/// 64-cut list.
const CORE_BURST_FRAMES: usize = 72;
/// Frames of a device burst: past the device scorer's 128 records and the 64-cut list.
const DEVICE_BURST_FRAMES: usize = 136;

/// `len` bytes of `fill·i + salt` (index `i` taken as a byte): the pattern repeats every 256
/// bytes, so one period is computed and the rest copied.
fn pattern(len: usize, fill: u8, salt: u8) -> Vec<u8> {
    let period: Vec<u8> = (0..=255u8)
        .map(|i| fill.wrapping_mul(i).wrapping_add(salt))
        .collect();
    let mut buf = Vec::with_capacity(len);
    while buf.len() < len {
        let n = (len - buf.len()).min(256);
        buf.extend_from_slice(&period[..n]);
    }
    buf
}

fn check_report(s: &mut Small, frames: u32) {
    if let Ok(r) = s.finish() {
        assert!(r.score.is_finite() && (0.0..=100.0).contains(&r.score));
        assert_eq!(r.metrics.frames, frames);
        for d in &r.defects {
            assert!(d.start <= d.end && d.end < frames && (0.0..=1.0).contains(&d.severity));
            assert!(d.points.is_finite() && d.points >= 0.0);
        }
        let points: f64 = r.defects.iter().map(|d| d.points).sum();
        assert!((points - (100.0 - r.score)).abs() < 1e-9, "deductions {points} vs score {}", r.score);
        assert!(r.cuts.iter().all(|&c| c < frames));
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    if data[0] >= 224 {
        device(&data[1..]);
        return;
    }
    let w = 1 + data[0] as usize % 40;
    let h = 1 + data[1] as usize % 30;
    let fps = f64::from(data[2]) / 4.0;
    let Ok(cfg) = ClipConfig::new(w, h, fps) else {
        return;
    };
    // The analysis budget: the default for most inputs; for some, budgets that bin these small
    // frames by 2, 4 or as far as their shorter side allows (the binned paths, whole and row
    // by row, video range included, on odd sizes).
    let cfg = match data[1] / 30 {
        6 => cfg.with_analysis_pixels((w * h / 4).max(1)),
        7 => cfg.with_analysis_pixels((w * h / 16).max(1)),
        8 => cfg.with_analysis_pixels(1),
        _ => Ok(cfg),
    };
    let Ok(cfg) = cfg else { return };
    let Ok(mut s) = Small::new(cfg) else { return };
    // `twin` sees only well-formed whole luma frames, the same ones `s` receives either whole
    // or row by row; their observations must be identical.
    let Ok(mut twin) = Small::new(cfg) else {
        return;
    };
    let mut twin_ok = true;
    // Whether `twin` was finished (and not reset since): until then every well-formed whole
    // frame of the configured size must be accepted, whatever the budget bins it to.
    let mut twin_finished = false;
    let mut feeder = RowFeeder::<48>::new();
    let mut frames = 0u32;
    let mut burst = w * h <= BURST_PIXELS; // still available
    for (k, chunk) in data[3..].chunks(7).enumerate() {
        let op = chunk[0] % 10;
        let (fw, fh) = if chunk.len() > 1 && chunk[1] % 5 == 0 {
            (w + 1, h)
        } else {
            (w, h)
        };
        let fill = chunk.get(2).copied().unwrap_or(0);
        // Only the frame ops need pixels (finish, reset and the final op do not).
        let buf: Vec<u8> = if matches!(op, 6 | 7 | 9) {
            Vec::new()
        } else {
            pattern(fw * fh * 3, fill, (k as u8).wrapping_mul(17))
        };
        let pushed = match op {
            0..=1 => {
                // One frame; with byte 3 = BURST the input's burst, alternating with the
                // frame's negative when byte 5 is odd.
                let at = |i: usize| chunk.get(i).copied().unwrap_or(0);
                let reps = if at(3) == BURST && burst {
                    burst = false;
                    CORE_BURST_FRAMES
                } else {
                    1
                };
                let neg: Vec<u8> = if reps > 1 && at(5) & 1 == 1 {
                    buf[..fw * fh].iter().map(|&v| !v).collect()
                } else {
                    Vec::new()
                };
                let mut n = 0u32;
                for r in 0..reps {
                    let src = if r % 2 == 1 && !neg.is_empty() {
                        &neg[..]
                    } else {
                        &buf[..fw * fh]
                    };
                    let p = Plane::packed(src, fw, fh).unwrap();
                    let a = s.push(&p);
                    if twin_ok {
                        let b = twin.push(&p);
                        if !twin_finished && (fw, fh) == (w, h) {
                            assert!(b.is_ok(), "{w}×{h} frame refused: {b:?}");
                        }
                        assert_eq!(a.is_ok(), b.is_ok());
                        if let (Ok(a), Ok(b)) = (a, b) {
                            assert_eq!(format!("{a:?}"), format!("{b:?}"));
                        }
                    }
                    n += u32::from(a.is_ok());
                }
                // `pushed` below counts one; the rest of a burst is counted here.
                frames += n.saturating_sub(1);
                n > 0
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
                    // Video-range luma, with a scratch one byte short now and then.
                    Ok(f) if buf[0] & 1 == 1 => {
                        let short = usize::from(buf.get(1).is_some_and(|b| b & 1 == 1));
                        let mut scratch = vec![0u8; (fw * fh).saturating_sub(short)];
                        s.push_yuv420_limited(&f, &mut scratch).is_ok()
                    }
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
                    twin_finished = true;
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
                twin_finished = false;
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
                twin_finished = true;
                false
            }
        };
        if pushed {
            frames += 1;
        }
    }
    check_report(&mut s, frames);
});

// ------------------------------------------------------------------ the C device scorer

/// Caller memory for a C `_init`: `size` bytes aligned to `align`, or (per `flags`) one byte
/// short (bit 0), misaligned by one byte (bit 1) or NULL (bits 2–3 both set).
struct Mem(Vec<u8>);

/// The device path's caller memory (≈ 310 KiB), allocated once per process rather than per
/// input: fresh allocations cost more than short inputs' scoring (ASan maps and faults in new
/// pages every time). Each `_init` overwrites its whole handle, so the bytes left by the last
/// input are only what a reused static array holds in a C program.
struct Mems {
    device: Mem,
    twin: Mem,
    feeder: Mem,
    audio: Mem,
    other: Mem,
}

thread_local! {
    static MEMS: RefCell<Option<Mems>> = const { RefCell::new(None) };
}

impl Mem {
    fn new(size: usize) -> Self {
        Mem(vec![0u8; size + 64])
    }
    fn get(&mut self, size: usize, align: usize, flags: u8) -> (*mut c_void, usize) {
        if flags & 12 == 12 {
            return (ptr::null_mut(), size);
        }
        let off = self.0.as_ptr().align_offset(align) + usize::from(flags & 2 == 2);
        let len = size - usize::from(flags & 1);
        (self.0[off..].as_mut_ptr().cast(), len)
    }
}

fn plane(buf: &[u8], w: usize, h: usize) -> ReelPlane {
    ReelPlane {
        data: buf.as_ptr(),
        width: w,
        height: h,
        stride: w,
    }
}

fn fps_of(b: u8) -> f64 {
    match b {
        250 => f64::MIN_POSITIVE,
        251 => 1e-300,
        252 => 1000.0,
        253 => 5e-324,
        254 => f64::NAN,
        255 => f64::INFINITY,
        _ => f64::from(b) / 4.0,
    }
}

fn ok(st: reel_status) -> bool {
    assert_ne!(st, REEL_STATUS_PANIC, "panic caught at the C boundary");
    st == REEL_STATUS_OK
}

fn check_summary(sum: &ReelClipSummary, frames: u32) {
    assert!(
        sum.score.is_finite() && (0.0..=100.0).contains(&sum.score),
        "{sum:?}"
    );
    assert_eq!(sum.metrics.frames, frames);
}

/// Reads every defect and cut of a finished device scorer (and its twin when mirrored), plus
/// one index past the end; checks ranges, names and weights.
unsafe fn read_back(
    d: *mut ReelDeviceClipScorer,
    twin: Option<*mut ReelClipScorer>,
    sum: &ReelClipSummary,
    frames: u32,
) {
    unsafe {
        for i in 0..=sum.defects as usize {
            let mut a = ReelDefect::default();
            let st = reel_device_clip_scorer_defect(d, i, &mut a);
            if i == sum.defects as usize {
                assert_eq!(st, REEL_STATUS_INVALID_VALUE);
                continue;
            }
            assert!(ok(st));
            assert!(a.start <= a.end && a.end < frames, "{a:?} of {frames}");
            assert!((0.0..=1.0).contains(&a.severity));
            let w = reel_defect_weight(a.kind);
            assert!(w > 0.0 && w <= 1.0, "kind {} weight {w}", a.kind);
            let name = CStr::from_ptr(reel_defect_kind_str(a.kind));
            assert_ne!(name.to_bytes(), b"unknown");
            if let Some(t) = twin {
                let mut b = ReelDefect::default();
                assert!(ok(reel_clip_scorer_defect(t, i, &mut b)));
                assert_eq!(format!("{a:?}"), format!("{b:?}"), "defect {i}");
            }
        }
        for i in 0..=sum.cuts as usize {
            let mut c = 0u32;
            let st = reel_device_clip_scorer_cut(d, i, &mut c);
            if i == sum.cuts as usize {
                assert_eq!(st, REEL_STATUS_INVALID_VALUE);
            } else {
                assert!(ok(st) && c < frames);
            }
        }
        assert_eq!(
            reel_device_clip_scorer_defect(d, 0, ptr::null_mut()),
            if sum.defects > 0 {
                REEL_STATUS_NULL_POINTER
            } else {
                REEL_STATUS_INVALID_VALUE
            }
        );
    }
}

/// An audio scorer in caller memory fed samples shaped by `c` (silence, full-scale square,
/// quiet tone, raw bytes; f32 or i16), or NULL when it could not be made. With `full` (the
/// fold-in can succeed) up to 8161 frames (≈ 1 s at 8 kHz: long enough for a silence defect)
/// and at most 16,384 samples; otherwise (the fold-in is refused whatever the audio holds)
/// up to 32 frames.
unsafe fn audio(mem: &mut Mem, c: &[u8], full: bool) -> *mut ReelAudioScorer {
    let b = |i: usize| c.get(i).copied().unwrap_or(0);
    let rate = [8000u32, 8000, 16000, 44100, 7999, 192_001, 0, 48000][usize::from(b(1) & 7)];
    let channels = u32::from(b(1) >> 3) % 8;
    let target = if b(2) == 255 {
        f64::NAN
    } else {
        -40.0 + f64::from(b(2)) / 8.0
    };
    let (buf, len) = mem.get(
        reel_audio_scorer_size(),
        reel_audio_scorer_align(),
        b(3) & 15,
    );
    let mut a = ptr::null_mut();
    unsafe {
        if !ok(reel_audio_scorer_init(
            buf, len, rate, channels, target, &mut a,
        )) {
            return ptr::null_mut();
        }
        let frames = if full {
            // up to ~1 s at 8 kHz
            (1 + usize::from(b(4)) * 32).min(16_384 / channels.max(1) as usize)
        } else {
            1 + usize::from(b(4)) % 32
        };
        let n = frames * channels.max(1) as usize + usize::from(b(5) % 4 == 3); // maybe ragged
        let shape = b(5) >> 2;
        let i16s: Vec<i16> = (0..n)
            .map(|i| match shape % 4 {
                0 => 0,
                1 => {
                    if (i / 40) % 2 == 0 {
                        i16::MAX
                    } else {
                        i16::MIN
                    }
                }
                2 => ((i as f64 * 0.3).sin() * 300.0) as i16,
                _ => i16::from_le_bytes([c[i % c.len()], c[(i * 7 + 1) % c.len()]]),
            })
            .collect();
        let st = if shape & 4 == 4 {
            let f: Vec<f32> = i16s.iter().map(|&v| f32::from(v) / 32768.0).collect();
            reel_audio_scorer_push_f32(a, f.as_ptr(), f.len())
        } else {
            reel_audio_scorer_push_i16(a, i16s.as_ptr(), i16s.len())
        };
        let _ = ok(st);
    }
    a
}

/// Detector defects from the bytes: kinds 0–3 (3 is unknown), frames around the clip's end,
/// severities around 0–1.
fn detections(c: &[u8], frames: u32) -> Vec<ReelDetectDefect> {
    c.chunks(3)
        .map(|d| {
            let b = |i: usize| d.get(i).copied().unwrap_or(0);
            let start = u32::from(b(0) >> 2) % (frames + 2);
            ReelDetectDefect {
                kind: u32::from(b(0) & 3),
                id: u32::from(b(1)),
                start,
                end: if b(1) == 255 {
                    u32::MAX
                } else {
                    start
                        .saturating_add(u32::from(b(1) % 40))
                        .saturating_sub(u32::from(b(1) >> 7))
                },
                severity: match b(2) {
                    255 => f64::NAN,
                    254 => -0.0,
                    v => f64::from(v) / 240.0,
                },
            }
        })
        .collect()
}

fn device(data: &[u8]) {
    if data.len() < 4 {
        return;
    }
    MEMS.with_borrow_mut(|m| {
        let m = m.get_or_insert_with(|| Mems {
            device: Mem::new(reel_device_clip_scorer_size()),
            twin: Mem::new(reel_clip_scorer_size()),
            feeder: Mem::new(reel_row_feeder_size()),
            audio: Mem::new(reel_audio_scorer_size()),
            other: Mem::new(reel_device_clip_scorer_size()),
        });
        device_in(data, m);
    });
}

fn device_in(data: &[u8], m: &mut Mems) {
    let w = 1 + data[0] as usize % 64;
    let h = 1 + data[1] as usize % 64;
    let fps = fps_of(data[2]);
    let flags = data[3];
    let Mems {
        device: dmem,
        twin: tmem,
        feeder: fmem,
        audio: amem,
        other: omem,
    } = m;
    let (mut d, mut t, mut f, mut other) = (
        ptr::null_mut(),
        ptr::null_mut(),
        ptr::null_mut(),
        ptr::null_mut(),
    );
    unsafe {
        let (buf, len) = dmem.get(
            reel_device_clip_scorer_size(),
            reel_device_clip_scorer_align(),
            flags & 15,
        );
        let st = reel_device_clip_scorer_init(buf, len, w, h, fps, &mut d);
        if !ok(st) {
            assert!(d.is_null(), "out written on error");
            return;
        }
        let (buf, len) = tmem.get(reel_clip_scorer_size(), reel_clip_scorer_align(), 0);
        assert!(ok(reel_clip_scorer_init(buf, len, w, h, fps, &mut t)));
        let (buf, len) = fmem.get(reel_row_feeder_size(), reel_row_feeder_align(), flags >> 4);
        let _ = ok(reel_row_feeder_init(buf, len, &mut f)); // NULL feeder when refused
        // A second device scorer of the same height, sharing the feeder (misuse).
        let (buf, len) = omem.get(
            reel_device_clip_scorer_size(),
            reel_device_clip_scorer_align(),
            0,
        );
        let _ = ok(reel_device_clip_scorer_init(
            buf,
            len,
            w.max(2) - 1,
            h,
            30.0,
            &mut other,
        ));

        let mut twin_ok = true;
        let mut frames = 0u32;
        let mut finished: Option<ReelClipSummary> = None;
        let mut obs_a = FrameObservation::default();
        let mut obs_b = FrameObservation::default();
        let mut audio_added = false;
        let mut burst = w * h <= BURST_PIXELS; // still available
        for (k, c) in data[4..].chunks(6).enumerate() {
            let b = |i: usize| c.get(i).copied().unwrap_or(0);
            let (fw, fh) = if b(1) % 7 == 0 { (w + 1, h) } else { (w, h) };
            let fill = b(2);
            // Pixels only for the frame ops 0–6.
            let buf: Vec<u8> = if b(0) % 12 <= 6 {
                (0..(fw + 1) * (fh + 1) * 2)
                    .map(|i| {
                        fill.wrapping_mul(i as u8 ^ (i >> 5) as u8)
                            .wrapping_add((k as u8).wrapping_mul(29))
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let exact = w <= 64 && h <= 48 && frames < 128;
            // Whether a frame was pushed to `d` (and, with `mirrored`, the same one to `t`).
            let (pushed, mirrored) = match b(0) % 12 {
                0..=2 => {
                    // One frame; with byte 4 = BURST the input's burst, alternating with the
                    // frame's negative when bit 1 of byte 3 is set. Each push of a burst is
                    // checked against the twin here.
                    let reps = if b(4) == BURST && burst {
                        burst = false;
                        DEVICE_BURST_FRAMES
                    } else {
                        1
                    };
                    let neg: Vec<u8> = if reps > 1 && b(3) & 2 == 2 {
                        buf.iter().map(|&v| !v).collect()
                    } else {
                        Vec::new()
                    };
                    let op: *mut FrameObservation = if b(3) & 1 == 1 {
                        ptr::null_mut()
                    } else {
                        &mut obs_a
                    };
                    let mut last = (false, false);
                    for r in 0..reps {
                        if r > 0 && last.0 {
                            // The previous push of the burst, as after any op below.
                            frames += 1;
                            if last.1 && twin_ok {
                                same_obs(&obs_a, &obs_b, w <= 64 && h <= 48 && frames <= 128);
                            }
                        }
                        let src = if r % 2 == 1 && !neg.is_empty() {
                            &neg
                        } else {
                            &buf
                        };
                        let p = plane(src, fw, fh);
                        let pp: *const ReelPlane = if b(1) == 255 { ptr::null() } else { &p };
                        let a = ok(reel_device_clip_scorer_push(d, pp, op));
                        let tb = twin_ok && ok(reel_clip_scorer_push(t, pp, &mut obs_b));
                        if twin_ok {
                            assert_eq!(a, tb, "device and default scorer disagree on a push");
                        }
                        last = (a, !op.is_null());
                    }
                    if reps > 1 {
                        // `exact` above was for the burst's first frame; the last push is
                        // checked with its own index.
                        if last.0 {
                            frames += 1;
                            if last.1 && twin_ok {
                                same_obs(&obs_a, &obs_b, w <= 64 && h <= 48 && frames <= 128);
                            }
                        }
                        (false, false)
                    } else {
                        last
                    }
                }
                3 | 4 => {
                    // Well-formed row bands of random heights; a twin gets the frame whole.
                    let p = plane(&buf, fw, fh);
                    let began = ok(reel_device_clip_scorer_begin_frame(d, f));
                    let mut good = began;
                    let mut y = 0;
                    let mut step = 1 + usize::from(b(3)) % fh.max(1);
                    while y < fh {
                        let n = step.min(fh - y);
                        let band = plane(&buf[y * fw..], fw, n);
                        good &= ok(reel_device_clip_scorer_push_rows(d, f, &band));
                        y += n;
                        step = 1 + (step * 5 + 3) % fh.max(1);
                    }
                    let a = ok(reel_device_clip_scorer_end_frame(d, f, &mut obs_a));
                    if good && a {
                        if twin_ok {
                            assert!(
                                ok(reel_clip_scorer_push(t, &p, &mut obs_b)),
                                "rows Ok, whole Err"
                            );
                        }
                        (true, true)
                    } else {
                        if began {
                            twin_ok = false; // a frame may be left open
                        }
                        (a, false)
                    }
                }
                5 => {
                    // Malformed row streams: NULL feeder / rows, wrong widths, too many rows,
                    // end_frame early, the shared feeder stolen by the other scorer.
                    if b(1) & 1 == 1 {
                        let _ = ok(reel_device_clip_scorer_begin_frame(d, f));
                    }
                    if b(1) & 2 == 2 {
                        let _ = ok(reel_device_clip_scorer_begin_frame(other, f));
                    }
                    let rows = usize::from(b(3)) % (fh + 3);
                    let rw = usize::from(b(4)) % (fw + 3);
                    let band = plane(&buf, rw, rows);
                    let fp = if b(1) & 4 == 4 { ptr::null_mut() } else { f };
                    let _ = ok(reel_device_clip_scorer_push_rows(d, fp, &band));
                    if b(1) & 8 == 8 {
                        let _ = ok(reel_device_clip_scorer_push_rows(other, f, &band));
                        let _ = ok(reel_device_clip_scorer_end_frame(other, f, ptr::null_mut()));
                    }
                    if b(1) & 16 == 16 {
                        let _ = ok(reel_device_clip_scorer_push_rows(d, f, ptr::null()));
                    }
                    twin_ok = false;
                    (
                        ok(reel_device_clip_scorer_end_frame(d, fp, ptr::null_mut())),
                        false,
                    )
                }
                6 => {
                    let (cw, ch) = (fw.div_ceil(2), fh.div_ceil(2));
                    let y = plane(&buf, fw, fh);
                    let u = plane(&buf[7..], cw + usize::from(b(3) == 1), ch);
                    let v = plane(&buf[3..], cw, ch);
                    let a = ok(reel_device_clip_scorer_push_yuv420(
                        d, &y, &u, &v, &mut obs_a,
                    ));
                    let tb = twin_ok && ok(reel_clip_scorer_push_yuv420(t, &y, &u, &v, &mut obs_b));
                    if twin_ok {
                        assert_eq!(a, tb);
                    }
                    (a, true)
                }
                7 => {
                    let mut sum = ReelClipSummary::default();
                    let st = reel_device_clip_scorer_finish(
                        d,
                        if b(1) == 0 { ptr::null_mut() } else { &mut sum },
                    );
                    if ok(st) {
                        check_summary(&sum, frames);
                        let mut tsum = ReelClipSummary::default();
                        if twin_ok {
                            assert!(ok(reel_clip_scorer_finish(t, &mut tsum)));
                            if exact {
                                assert_eq!(format!("{sum:?}"), format!("{tsum:?}"), "summaries");
                            }
                        }
                        read_back(d, (twin_ok && exact).then_some(t), &sum, frames);
                        finished = Some(sum);
                    } else if twin_ok && b(1) != 0 {
                        let mut tsum = ReelClipSummary::default();
                        assert!(
                            !ok(reel_clip_scorer_finish(t, &mut tsum)),
                            "twin finished, device did not"
                        );
                    }
                    (false, false)
                }
                8 => {
                    // The sound track folded in (once); long audio only when it can be.
                    let a = audio(amem, c, finished.is_some() && !audio_added);
                    let mut sum = ReelClipSummary::default();
                    let st = reel_device_clip_scorer_add_audio(d, a, &mut sum);
                    if ok(st) {
                        assert!(finished.is_some() && !audio_added && !a.is_null());
                        audio_added = true;
                        check_summary(&sum, frames);
                        if twin_ok {
                            let mut tsum = ReelClipSummary::default();
                            assert!(ok(reel_clip_scorer_add_audio(t, a, &mut tsum)));
                            if exact {
                                assert_eq!(format!("{sum:?}"), format!("{tsum:?}"), "with audio");
                            }
                        }
                        read_back(d, (twin_ok && exact).then_some(t), &sum, frames);
                        finished = Some(sum);
                    } else if twin_ok && !a.is_null() {
                        let mut tsum = ReelClipSummary::default();
                        assert_eq!(reel_clip_scorer_add_audio(t, a, &mut tsum), st);
                    }
                    (false, false)
                }
                9 => {
                    let ds = detections(&c[1..], frames);
                    let n = ds.len() - usize::from(b(1) & 1 == 1 && !ds.is_empty());
                    let dp = if b(1) & 6 == 6 {
                        ptr::null()
                    } else {
                        ds.as_ptr()
                    };
                    let mut sum = ReelClipSummary::default();
                    let st = reel_device_clip_scorer_add_detections(d, dp, n, &mut sum);
                    if ok(st) {
                        assert!(finished.is_some());
                        check_summary(&sum, frames);
                        if twin_ok {
                            let mut tsum = ReelClipSummary::default();
                            assert!(ok(reel_clip_scorer_add_detections(t, dp, n, &mut tsum)));
                            if exact {
                                assert_eq!(
                                    format!("{sum:?}"),
                                    format!("{tsum:?}"),
                                    "with detections"
                                );
                            }
                        }
                        read_back(d, (twin_ok && exact).then_some(t), &sum, frames);
                        finished = Some(sum);
                    } else if twin_ok {
                        let mut tsum = ReelClipSummary::default();
                        assert_eq!(reel_clip_scorer_add_detections(t, dp, n, &mut tsum), st);
                    }
                    (false, false)
                }
                10 => {
                    // Reset: mostly the same geometry, sometimes another (twin lost) or invalid.
                    let (rw, rh, rfps) = match b(1) % 4 {
                        0 => (w + usize::from(b(3) % 3), h, fps),
                        1 => (0, h, fps),
                        2 => (w, h, fps_of(b(3))),
                        _ => (w, h, fps),
                    };
                    let st = reel_device_clip_scorer_reset(d, rw, rh, rfps);
                    let tst = reel_clip_scorer_reset(t, rw, rh, rfps);
                    assert_eq!(st, tst);
                    if ok(st) {
                        frames = 0;
                        finished = None;
                        audio_added = false;
                        if (rw, rh) != (w, h) {
                            // Back to the geometry the frames are made for (scored the same).
                            assert!(ok(reel_device_clip_scorer_reset(d, w, h, rfps)));
                            assert!(ok(reel_clip_scorer_reset(t, w, h, rfps)));
                        }
                        twin_ok = true; // both scorers are fresh
                        if b(1) % 4 == 3 {
                            // A new analysis budget for both (kept by later resets): binned
                            // by 2, as far as the frame allows, or whole.
                            let px = match b(3) % 3 {
                                0 => (w * h / 4).max(1),
                                1 => 1,
                                _ => w * h,
                            };
                            let st = reel_device_clip_scorer_set_analysis_pixels(d, px);
                            assert!(ok(st));
                            assert_eq!(st, reel_clip_scorer_set_analysis_pixels(t, px));
                        }
                    }
                    (false, false)
                }
                _ => {
                    // Reads in any state: unfinished (INVALID_STATE), NULL handles and outs,
                    // huge indices; names and weights of any kind code.
                    let mut dd = ReelDefect::default();
                    let mut cut = 0u32;
                    let idx = if b(1) == 255 {
                        usize::MAX
                    } else {
                        usize::from(b(1))
                    };
                    let st = reel_device_clip_scorer_defect(d, idx, &mut dd);
                    if finished.is_none() {
                        assert_eq!(st, REEL_STATUS_INVALID_STATE);
                    }
                    let _ = ok(reel_device_clip_scorer_cut(d, idx, &mut cut));
                    let _ = ok(reel_device_clip_scorer_cut(d, idx, ptr::null_mut()));
                    let _ = ok(reel_device_clip_scorer_defect(ptr::null(), idx, &mut dd));
                    let _ = ok(reel_device_clip_scorer_push(
                        ptr::null_mut(),
                        ptr::null(),
                        ptr::null_mut(),
                    ));
                    let _ = ok(reel_device_clip_scorer_finish(
                        ptr::null_mut(),
                        ptr::null_mut(),
                    ));
                    let mut sum = ReelClipSummary::default();
                    let _ = ok(reel_device_clip_scorer_add_audio(d, ptr::null(), &mut sum));
                    let _ = ok(reel_device_clip_scorer_add_detections(
                        ptr::null_mut(),
                        ptr::null(),
                        0,
                        &mut sum,
                    ));
                    let kind = u32::from_le_bytes([b(2), b(3), b(4), b(5)]);
                    let w = reel_defect_weight(kind);
                    let name = CStr::from_ptr(reel_defect_kind_str(kind));
                    assert_eq!(w == -1.0, name.to_bytes() == b"unknown", "kind {kind}");
                    assert!(w == -1.0 || (w > 0.0 && w <= 1.0));
                    (false, false)
                }
            };
            if pushed {
                frames += 1;
                if mirrored && twin_ok {
                    same_obs(&obs_a, &obs_b, exact);
                }
            }
        }
    }
}

/// A device push's observation against its twin's: equal frame statistics always, equal in
/// full while `exact` (frames up to 64×48, the first 128 frames).
fn same_obs(a: &FrameObservation, b: &FrameObservation, exact: bool) {
    if exact {
        // The whole observation (its statistics included), formatted once.
        assert_eq!(format!("{a:?}"), format!("{b:?}"), "observations");
    } else {
        assert_eq!(
            format!("{:?}", a.stats),
            format!("{:?}", b.stats),
            "frame statistics"
        );
    }
}
