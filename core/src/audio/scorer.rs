//! The streaming audio scorer: push interleaved PCM blocks, read a report at any time.
//!
//! State is a fixed-size struct (no allocation; `size_of::<AudioScorer>()` bytes): per-channel
//! K-weighting and true-peak filters, a ring of the last 30 sub-block energies (3 s), two
//! block-loudness histograms (integrated, loudness range), the pitch tracker, clip and silence
//! run state and up to [`MAX_AUDIO_DEFECTS`] closed defects. All-zero bytes are a valid unconfigured state;
//! [`AudioScorer::reset`] configures one in place.

use super::clipping::{ClipSpan, Clipping};
use super::config::*;
use super::loudness::{Loudness, floor_lufs};
use super::silence::Silence;
use super::truepeak::{MAX_RUN, TruePeak, abs_max};
use super::yin::{PitchTracker, Prosody};
use crate::error::{Error, Rule};

/// The audio defect kinds, spelled the same in Rust ([`AudioDefectKind::name`]), C and Python.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[repr(u32)]
pub enum AudioDefectKind {
    /// Runs of full-scale samples, or sub-blocks pinned near full scale (clipping after lossy coding).
    #[default]
    Clipping = 0,
    /// Integrated loudness far below the target.
    TooQuiet = 1,
    /// Integrated loudness far above the target.
    TooLoud = 2,
    /// A stretch of (near) digital silence.
    Silence = 3,
    /// Voiced sound with almost no pitch movement.
    MonotoneVoice = 4,
}

impl AudioDefectKind {
    /// Every kind, in code order.
    pub const ALL: [AudioDefectKind; 5] = [
        AudioDefectKind::Clipping,
        AudioDefectKind::TooQuiet,
        AudioDefectKind::TooLoud,
        AudioDefectKind::Silence,
        AudioDefectKind::MonotoneVoice,
    ];

    /// `clipping`, `too_quiet`, `too_loud`, `silence`, `monotone_voice`.
    pub const fn name(self) -> &'static str {
        match self {
            AudioDefectKind::Clipping => "clipping",
            AudioDefectKind::TooQuiet => "too_quiet",
            AudioDefectKind::TooLoud => "too_loud",
            AudioDefectKind::Silence => "silence",
            AudioDefectKind::MonotoneVoice => "monotone_voice",
        }
    }

    /// The kind with code `code`, if any.
    pub fn from_code(code: u32) -> Option<AudioDefectKind> {
        AudioDefectKind::ALL.get(code as usize).copied()
    }
}

/// One located audio defect: `start..end` seconds, severity 0–1.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[repr(C)]
pub struct AudioDefect {
    /// What is wrong.
    pub kind: AudioDefectKind,
    /// Start, seconds from the first sample.
    pub start: f64,
    /// End, seconds.
    pub end: f64,
    /// How bad, 0–1.
    pub severity: f64,
}

/// Whole-stream figures.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[repr(C)]
pub struct AudioMetrics {
    /// Seconds of audio pushed.
    pub duration: f64,
    /// Integrated loudness (BS.1770-4 gating), LUFS; [`LOUDNESS_FLOOR_LUFS`] if nothing passed
    /// the gates.
    pub integrated_lufs: f64,
    /// Largest momentary (400 ms) loudness, LUFS (floor if shorter than 400 ms).
    pub momentary_max_lufs: f64,
    /// Largest short-term (3 s) loudness, LUFS (floor if shorter than 3 s).
    pub short_term_max_lufs: f64,
    /// Loudness range (EBU Tech 3342), LU.
    pub loudness_range_lu: f64,
    /// True peak (4× oversampled below 96 kHz), dBTP; [`PEAK_FLOOR_DB`] for silence.
    pub true_peak_dbtp: f64,
    /// Sample peak, dBFS.
    pub sample_peak_dbfs: f64,
    /// Share of samples (all channels) clipped: in full-scale runs, or near full scale in pinned
    /// sub-blocks ([`PINNED_MIN_SHARE`]).
    pub clipped_fraction: f64,
    /// Share of 100 ms sub-blocks below [`SILENCE_LUFS`].
    pub silence_ratio: f64,
    /// Share of pitch frames that are voiced.
    pub voiced_fraction: f64,
    /// Median F0 of voiced frames, Hz (0 if none).
    pub f0_median_hz: f64,
    /// Standard deviation of F0 over voiced frames, semitones.
    pub f0_spread_semitones: f64,
    /// 400 ms blocks kept by both gates.
    pub gated_blocks: u32,
    /// Pitch frames analysed.
    pub pitch_frames: u32,
    /// Voiced pitch frames.
    pub voiced_frames: u32,
    /// Defects not kept because the list was full.
    pub dropped_defects: u32,
}

/// One closed 100 ms sub-block, for loudness over time (see [`AudioScorer::push_f32_with`]).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[repr(C)]
pub struct SubblockReading {
    /// Sub-blocks closed before this one: it spans `index × 0.1 s` to `(index + 1) × 0.1 s`.
    pub index: u64,
    /// Momentary loudness ending with this sub-block (its 400 ms, fewer at the very start),
    /// LUFS, at least [`LOUDNESS_FLOOR_LUFS`].
    pub momentary_lufs: f64,
    /// Largest absolute sample of this sub-block over all channels, dBFS, at least
    /// [`PEAK_FLOOR_DB`].
    pub peak_dbfs: f64,
}

/// The verdict on one stream.
#[derive(Debug, Clone, PartialEq)]
pub struct AudioReport {
    /// Whole-stream figures.
    pub metrics: AudioMetrics,
    /// Located defects, by start time.
    pub defects: heapless::Vec<AudioDefect, MAX_AUDIO_DEFECTS>,
}

/// Streaming BS.1770 / EBU R128 meter, true-peak meter, clip and silence finder and YIN prosody.
#[derive(Debug, Clone)]
pub struct AudioScorer {
    cfg: AudioConfig,
    configured: bool,
    channels: usize,
    /// K-weighting, sub-block energies and the gated block loudnesses ([`super::loudness`]).
    loudness: Loudness,
    /// Samples per channel of a sub-block, and of the open one so far.
    sub_len: usize,
    sub_pos: usize,
    tp: TruePeak,
    sample_peak: f32,
    /// Largest absolute sample of the open sub-block.
    block_peak: f32,
    frames: u64,
    /// Full-scale runs and pinned sub-blocks ([`super::clipping`]).
    clipping: Clipping,
    /// Silent sub-blocks and the silent run still open ([`super::silence`]).
    silence: Silence,
    pitch: PitchTracker,
    defects: heapless::Vec<AudioDefect, MAX_AUDIO_DEFECTS>,
    dropped: u32,
}

/// Samples of one push processed together (per channel).
const CHUNK: usize = MAX_RUN;

impl AudioScorer {
    /// A scorer configured by `cfg`.
    pub fn new(cfg: AudioConfig) -> Result<Self, Error> {
        let mut s = AudioScorer {
            cfg,
            configured: false,
            channels: 1,
            loudness: Loudness::new(),
            sub_len: 1,
            sub_pos: 0,
            tp: TruePeak::new(MIN_SAMPLE_RATE),
            sample_peak: 0.0,
            block_peak: 0.0,
            frames: 0,
            clipping: Clipping::new(),
            silence: Silence::new(),
            pitch: PitchTracker::new(MIN_SAMPLE_RATE),
            defects: heapless::Vec::new(),
            dropped: 0,
        };
        s.reset(cfg)?;
        Ok(s)
    }

    /// Forgets every sample and configures the scorer for a new stream, in place.
    pub fn reset(&mut self, cfg: AudioConfig) -> Result<(), Error> {
        cfg.validate()?;
        self.cfg = cfg;
        self.configured = true;
        self.channels = cfg.channels as usize;
        self.loudness.reset(&cfg);
        self.sub_len = cfg.subblock_len();
        self.sub_pos = 0;
        self.tp.reset(cfg.sample_rate);
        self.sample_peak = 0.0;
        self.block_peak = 0.0;
        self.frames = 0;
        self.clipping = Clipping::new();
        self.silence = Silence::new();
        self.pitch.reset(cfg.sample_rate);
        self.defects.clear();
        self.dropped = 0;
        Ok(())
    }

    /// The configuration.
    pub fn config(&self) -> AudioConfig {
        self.cfg
    }

    /// Sample frames (one sample per channel) pushed so far.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    fn check(&self, len: usize) -> Result<(), Error> {
        if !self.configured {
            return Err(Error::InvalidState {
                reason: "audio scorer is not configured (call reset)",
            });
        }
        match len.checked_rem(self.channels) {
            Some(0) => Ok(()),
            rem => Err(Error::LengthMismatch {
                expected: len - rem.unwrap_or(len),
                got: len,
            }),
        }
    }

    /// Pushes interleaved `f32` samples (full scale ±1; a whole number of frames). NaN or
    /// infinite samples are refused before anything is consumed.
    pub fn push_f32(&mut self, samples: &[f32]) -> Result<(), Error> {
        self.push_f32_with(samples, |_| {})
    }

    /// [`push_f32`](Self::push_f32), calling `on_subblock` with each 100 ms sub-block the samples
    /// close, in order (loudness over time for a plot; the verdict does not need them).
    pub fn push_f32_with(
        &mut self,
        samples: &[f32],
        on_subblock: impl FnMut(SubblockReading),
    ) -> Result<(), Error> {
        self.check(samples.len())?;
        // Branch-free scan (vectorises): an exponent of all ones is NaN or infinity.
        let mut bad = 0u32;
        for &v in samples {
            bad |= u32::from(v.to_bits() & 0x7f80_0000 == 0x7f80_0000);
        }
        if bad != 0
            && let Some(&v) = samples.iter().find(|v| !v.is_finite())
        {
            return Err(Error::invalid("audio sample", f64::from(v), Rule::FINITE));
        }
        self.feed(samples, |v| v, on_subblock);
        Ok(())
    }

    /// Pushes interleaved `i16` samples (a whole number of frames), scaled by 1/32768.
    pub fn push_i16(&mut self, samples: &[i16]) -> Result<(), Error> {
        self.push_i16_with(samples, |_| {})
    }

    /// [`push_i16`](Self::push_i16), calling `on_subblock` as
    /// [`push_f32_with`](Self::push_f32_with) does.
    pub fn push_i16_with(
        &mut self,
        samples: &[i16],
        on_subblock: impl FnMut(SubblockReading),
    ) -> Result<(), Error> {
        self.check(samples.len())?;
        self.feed(samples, |v| f32::from(v) * (1.0 / 32768.0), on_subblock);
        Ok(())
    }

    /// Feeds the whole frames of interleaved `samples`, converted by `to_f32`.
    fn feed<T: Copy>(
        &mut self,
        samples: &[T],
        to_f32: impl Fn(T) -> f32,
        mut on_subblock: impl FnMut(SubblockReading),
    ) {
        let ch = self.channels;
        // A configured scorer has 1..=MAX_CHANNELS channels (`reset` validated them).
        if ch == 0 || ch > MAX_CHANNELS {
            return;
        }
        let frames = samples.len() / ch;
        let mut rest = samples;
        let mut buf = [[0.0f32; CHUNK]; MAX_CHANNELS];
        let mut mono = [0.0f32; CHUNK];
        let mut done = 0usize;
        let mono_gain = if ch == 6 { 1.0 / 5.0 } else { 1.0 / ch as f32 };
        while done < frames {
            let n = (frames - done).min(CHUNK).min(self.sub_len - self.sub_pos);
            let Some((block, tail)) = rest.split_at_checked(n * ch) else {
                return;
            };
            rest = tail;
            match ch {
                1 => {
                    for (b, &v) in buf[0][..n].iter_mut().zip(block) {
                        *b = to_f32(v);
                    }
                }
                2 => {
                    let [b0, b1, ..] = &mut buf;
                    let (pairs, _) = block.as_chunks::<2>();
                    for ((l, r), &[vl, vr]) in b0[..n].iter_mut().zip(b1[..n].iter_mut()).zip(pairs)
                    {
                        *l = to_f32(vl);
                        *r = to_f32(vr);
                    }
                }
                _ => {
                    for (c, b) in buf.iter_mut().enumerate().take(ch) {
                        for (x, frame) in b[..n].iter_mut().zip(block.chunks_exact(ch)) {
                            if let Some(&v) = frame.get(c) {
                                *x = to_f32(v);
                            }
                        }
                    }
                }
            }
            mono[..n].fill(0.0);
            for (c, b) in buf.iter().enumerate().take(ch) {
                if !(ch == 6 && c == LFE_CHANNEL) {
                    for (m, &v) in mono[..n].iter_mut().zip(&b[..n]) {
                        *m += v;
                    }
                }
            }
            for (c, b) in buf.iter().enumerate().take(ch) {
                let x = &b[..n];
                let merge = self.merge_frames();
                let local = abs_max(x);
                let (rate, channels) = (self.cfg.sample_rate, self.channels);
                let (defects, dropped) = (&mut self.defects, &mut self.dropped);
                self.clipping
                    .scan(c, x, local, (self.frames, merge), &mut |span| {
                        push_span(defects, dropped, span, rate, channels)
                    });
                if local > self.sample_peak {
                    self.sample_peak = local;
                }
                if local > self.block_peak {
                    self.block_peak = local;
                }
                self.tp.push(c, x);
            }
            self.loudness.weigh(&buf, n);
            for m in mono[..n].iter_mut() {
                *m *= mono_gain;
            }
            self.pitch.push(&mono[..n]);
            self.frames += n as u64;
            self.sub_pos += n;
            done += n;
            if self.sub_pos == self.sub_len {
                on_subblock(self.close_subblock());
            }
        }
    }

    fn merge_frames(&self) -> u64 {
        (CLIP_MERGE_SECONDS * f64::from(self.cfg.sample_rate)) as u64
    }

    fn add_defect(&mut self, d: AudioDefect) {
        if self.defects.push(d).is_err() {
            self.dropped += 1;
        }
    }

    fn subblock_seconds(&self) -> f64 {
        self.sub_len as f64 / f64::from(self.cfg.sample_rate)
    }

    fn close_subblock(&mut self) -> SubblockReading {
        let (e, momentary) = self.loudness.close_subblock(self.sub_len);
        self.sub_pos = 0;
        let (rate, channels, merge) = (self.cfg.sample_rate, self.channels, self.merge_frames());
        let (defects, dropped) = (&mut self.defects, &mut self.dropped);
        self.clipping.close_subblock(
            (self.frames, self.sub_len),
            (channels, merge),
            &mut |span| push_span(defects, dropped, span, rate, channels),
        );
        if let Some(d) = self.silence.close(e, self.subblock_seconds()) {
            self.add_defect(d);
        }
        let reading = SubblockReading {
            index: self.loudness.subblocks() - 1,
            momentary_lufs: floor_lufs(momentary),
            peak_dbfs: peak_db(self.block_peak),
        };
        self.block_peak = 0.0;
        reading
    }

    /// Pitch statistics so far.
    pub fn prosody(&self) -> Prosody {
        self.pitch.prosody()
    }

    /// The report on everything pushed so far (the scorer can keep going afterwards).
    pub fn report(&self) -> AudioReport {
        let rate = f64::from(self.cfg.sample_rate);
        let duration = self.frames as f64 / rate;
        let db = peak_db;
        let (integrated, gated) = self.loudness.integrated();
        let mut tp = self.sample_peak;
        for c in 0..self.channels {
            tp = tp.max(self.tp.peak(c));
        }
        let p = self.pitch.prosody();
        let total = self.frames as f64 * self.channels as f64;
        // The open sub-block's pinned samples count as if it closed now.
        let (clipped, clip_closed, clip) = self.clipping.if_closed(
            (self.frames, self.sub_pos),
            (self.channels, self.merge_frames()),
        );
        let mut m = AudioMetrics {
            duration,
            integrated_lufs: integrated,
            momentary_max_lufs: self.loudness.momentary_max(),
            short_term_max_lufs: self.loudness.short_term_max(),
            loudness_range_lu: self.loudness.range(),
            true_peak_dbtp: db(tp),
            sample_peak_dbfs: db(self.sample_peak),
            clipped_fraction: if total > 0.0 {
                clipped as f64 / total
            } else {
                0.0
            },
            silence_ratio: self.silence.ratio(),
            voiced_fraction: if p.frames > 0 {
                f64::from(p.voiced) / f64::from(p.frames)
            } else {
                0.0
            },
            f0_median_hz: p.median_hz,
            f0_spread_semitones: p.spread_semitones,
            gated_blocks: gated.min(u64::from(u32::MAX)) as u32,
            pitch_frames: p.frames,
            voiced_frames: p.voiced,
            dropped_defects: self.dropped,
        };
        let mut defects = self.defects.clone();
        let mut extra = 0u32;
        let mut add = |d: AudioDefect| {
            if defects.push(d).is_err() {
                extra += 1;
            }
        };
        for span in clip_closed.iter().chain([&clip]) {
            if let Some(d) = span.defect(rate, self.channels) {
                add(d);
            }
        }
        if let Some(d) = self.silence.open(self.subblock_seconds()) {
            add(d);
        }
        if gated > 0 {
            let off = integrated - self.cfg.target_lufs;
            if libm::fabs(off) > LOUDNESS_TOLERANCE_LU {
                add(AudioDefect {
                    kind: if off < 0.0 {
                        AudioDefectKind::TooQuiet
                    } else {
                        AudioDefectKind::TooLoud
                    },
                    start: 0.0,
                    end: duration,
                    severity: ((libm::fabs(off) - LOUDNESS_TOLERANCE_LU) / LOUDNESS_SEVERE_LU)
                        .min(1.0),
                });
            }
        }
        let voiced_s = f64::from(p.voiced) * p.hop_s;
        if voiced_s >= MONOTONE_MIN_VOICED_SECONDS
            && f64::from(p.voiced_runs) >= MONOTONE_MIN_RUNS_PER_VOICED_SECOND * voiced_s
            && p.spread_semitones < MONOTONE_SPREAD_SEMITONES
        {
            add(AudioDefect {
                kind: AudioDefectKind::MonotoneVoice,
                start: (p.first_voiced_s - YIN_WINDOW_SECONDS / 2.0).max(0.0),
                end: (p.last_voiced_s + YIN_WINDOW_SECONDS / 2.0).min(duration),
                severity: (1.0 - p.spread_semitones / MONOTONE_SPREAD_SEMITONES).clamp(0.0, 1.0),
            });
        }
        m.dropped_defects += extra;
        // Insertion sort (at most MAX_AUDIO_DEFECTS; no two share a start and kind, so any sort
        // gives this order).
        crate::sort::insertion_sort(&mut defects, |a, b| {
            a.start
                .total_cmp(&b.start)
                .then(a.kind.cmp(&b.kind))
                .is_gt()
        });
        AudioReport {
            metrics: m,
            defects,
        }
    }
}

/// A peak of full scale ±1 in dB, at least [`PEAK_FLOOR_DB`].
fn peak_db(v: f32) -> f64 {
    if v > 0.0 {
        (20.0 * libm::log10(f64::from(v))).max(PEAK_FLOOR_DB)
    } else {
        PEAK_FLOOR_DB
    }
}

/// Adds the clipping defect of `span` (at `rate` Hz, over `channels`) to `defects`, counting
/// it in `dropped` when the list is full.
fn push_span(
    defects: &mut heapless::Vec<AudioDefect, MAX_AUDIO_DEFECTS>,
    dropped: &mut u32,
    span: ClipSpan,
    rate: u32,
    channels: usize,
) {
    if let Some(d) = span.defect(f64::from(rate), channels)
        && defects.push(d).is_err()
    {
        *dropped += 1;
    }
}

/// Scores a whole interleaved `f32` buffer at once (the scorer, `size_of::<AudioScorer>()`
/// bytes, lives on the stack).
pub fn score_f32(samples: &[f32], cfg: AudioConfig) -> Result<AudioReport, Error> {
    let mut s = AudioScorer::new(cfg)?;
    s.push_f32(samples)?;
    Ok(s.report())
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::vec::Vec;

    fn sine(rate: u32, ch: usize, f: f64, amp: f64, secs: f64) -> Vec<f32> {
        let n = (f64::from(rate) * secs) as usize;
        let mut v = Vec::with_capacity(n * ch);
        for i in 0..n {
            let x = amp * libm::sin(2.0 * core::f64::consts::PI * f * i as f64 / f64::from(rate));
            for _ in 0..ch {
                v.push(x as f32);
            }
        }
        v
    }

    #[test]
    fn full_scale_1k_sine_reads_minus_3_lufs_per_channel() {
        // BS.1770: a 0 dBFS 997 Hz sine in one channel reads −3.01 LKFS (K-weighting ≈ +0.69 dB
        // at 1 kHz cancels the −0.691 offset).
        let s = AudioScorer::new(AudioConfig::new(48_000, 1).unwrap()).unwrap();
        let mut s = std::boxed::Box::new(s);
        s.push_f32(&sine(48_000, 1, 997.0, 1.0, 5.0)).unwrap();
        let r = s.report();
        assert!(
            (r.metrics.integrated_lufs + 3.01).abs() < 0.02,
            "{:?}",
            r.metrics
        );
        assert!(r.metrics.true_peak_dbtp.abs() < 0.01);
        assert!((r.metrics.momentary_max_lufs + 3.01).abs() < 0.02);
        assert!((r.metrics.short_term_max_lufs + 3.01).abs() < 0.02);
        assert!(r.metrics.loudness_range_lu < 0.1);
        assert!(r.defects.iter().any(|d| d.kind == AudioDefectKind::TooLoud));
        // Stereo: +3 dB.
        let mut s = AudioScorer::new(AudioConfig::new(44_100, 2).unwrap()).unwrap();
        s.push_f32(&sine(44_100, 2, 997.0, 0.5, 3.0)).unwrap();
        let r = s.report();
        assert!(
            (r.metrics.integrated_lufs + 6.02).abs() < 0.03,
            "{:?}",
            r.metrics
        );
    }

    #[test]
    fn subblock_readings_follow_loudness_and_peak_over_time() {
        // 1 s of a -20 dBFS 997 Hz sine (BS.1770: -23.01 LUFS in one channel), then 1 s of
        // digital silence, pushed in uneven pieces: one reading per 100 ms sub-block, in order.
        let mut x = sine(48_000, 1, 997.0, 0.1, 1.0);
        x.extend(core::iter::repeat_n(0.0f32, 48_000));
        let mut s =
            std::boxed::Box::new(AudioScorer::new(AudioConfig::new(48_000, 1).unwrap()).unwrap());
        let mut got = Vec::new();
        for piece in x.chunks(1_777) {
            s.push_f32_with(piece, |r| got.push(r)).unwrap();
        }
        assert_eq!(got.len(), 20);
        assert!(got.iter().enumerate().all(|(i, r)| r.index == i as u64));
        for r in &got[3..10] {
            assert!((r.momentary_lufs + 23.01).abs() < 0.05, "{r:?}");
        }
        for r in &got[..10] {
            assert!((r.peak_dbfs + 20.0).abs() < 0.02, "{r:?}");
        }
        // Four silent sub-blocks empty the 400 ms window; a silent sub-block has no peak.
        for r in &got[14..] {
            assert_eq!(r.momentary_lufs, LOUDNESS_FLOOR_LUFS);
        }
        assert!(got[10..].iter().all(|r| r.peak_dbfs == PEAK_FLOOR_DB));
        // The readings leave the verdict as plain pushes of the same pieces do.
        let mut plain = AudioScorer::new(AudioConfig::new(48_000, 1).unwrap()).unwrap();
        for piece in x.chunks(1_777) {
            plain.push_f32(piece).unwrap();
        }
        assert_eq!(plain.report(), s.report());
        // int16 pushes read the same.
        let q: Vec<i16> = x.iter().map(|v| libm::roundf(v * 32768.0) as i16).collect();
        let mut n = 0;
        let mut t = AudioScorer::new(AudioConfig::new(48_000, 1).unwrap()).unwrap();
        t.push_i16_with(&q, |r| {
            assert!((r.peak_dbfs - got[n].peak_dbfs).abs() < 0.01);
            n += 1;
        })
        .unwrap();
        assert_eq!(n, 20);
    }

    #[test]
    fn i16_and_f32_agree_and_clipping_is_found() {
        let cfg = AudioConfig::new(16_000, 1).unwrap();
        let x = sine(16_000, 1, 200.0, 1.6, 2.0);
        let clipped: Vec<f32> = x.iter().map(|v| v.clamp(-1.0, 1.0)).collect();
        let q: Vec<i16> = clipped
            .iter()
            .map(|v| libm::floor(f64::from(*v) * 32768.0 + 0.5).clamp(-32768.0, 32767.0) as i16)
            .collect();
        let mut a = AudioScorer::new(cfg).unwrap();
        a.push_i16(&q).unwrap();
        let ra = a.report();
        assert!(ra.metrics.clipped_fraction > 0.3, "{:?}", ra.metrics);
        let c = ra
            .defects
            .iter()
            .find(|d| d.kind == AudioDefectKind::Clipping)
            .unwrap();
        assert!(c.start < 0.01 && c.end > 1.99 && c.severity == 1.0);
        let mut b = AudioScorer::new(cfg).unwrap();
        b.push_f32(&clipped).unwrap();
        assert!((b.report().metrics.integrated_lufs - ra.metrics.integrated_lufs).abs() < 1e-3);
    }

    #[test]
    fn silence_gap_and_quiet_clip() {
        let cfg = AudioConfig::new(8_000, 1).unwrap();
        let mut s = AudioScorer::new(cfg).unwrap();
        s.push_f32(&sine(8_000, 1, 440.0, 0.01, 1.0)).unwrap();
        s.push_f32(&[0.0; 16_000]).unwrap();
        s.push_f32(&sine(8_000, 1, 440.0, 0.01, 1.0)).unwrap();
        let r = s.report();
        let sil = r
            .defects
            .iter()
            .find(|d| d.kind == AudioDefectKind::Silence)
            .unwrap();
        // The gap is 1.0–3.0 s: it ends exactly at the sub-block boundary where the tone
        // returns; it may start one sub-block late while the K-filter's tail rings out.
        assert!(
            (1.0 - 1e-9..=1.1 + 1e-9).contains(&sil.start) && (sil.end - 3.0).abs() < 1e-9,
            "{sil:?}"
        );
        assert!((r.metrics.silence_ratio - 0.5).abs() < 0.05);
        assert!(
            r.defects
                .iter()
                .any(|d| d.kind == AudioDefectKind::TooQuiet)
        );
        // Digital silence only: floors, silence defect, no loudness verdict.
        let mut s = AudioScorer::new(cfg).unwrap();
        s.push_i16(&[0; 24_000]).unwrap();
        let r = s.report();
        assert_eq!(r.metrics.integrated_lufs, LOUDNESS_FLOOR_LUFS);
        assert_eq!(r.metrics.true_peak_dbtp, PEAK_FLOOR_DB);
        assert_eq!(r.defects.len(), 1);
        assert_eq!(r.defects[0].kind, AudioDefectKind::Silence);
    }

    #[test]
    fn steady_tone_is_not_a_voice_but_a_flat_syllabic_one_is() {
        // A held 180 Hz tone is one voiced run: pitch measured, no monotone voice.
        let mut s = AudioScorer::new(AudioConfig::new(22_050, 1).unwrap()).unwrap();
        s.push_f32(&sine(22_050, 1, 180.0, 0.2, 3.0)).unwrap();
        let r = s.report();
        assert!(
            (r.metrics.f0_median_hz / 180.0 - 1.0).abs() < 0.005,
            "{:?}",
            r.metrics
        );
        assert!(
            !r.defects
                .iter()
                .any(|d| d.kind == AudioDefectKind::MonotoneVoice)
        );
        // The same pitch in 200 ms syllables with 100 ms pauses: a flat voice.
        let mut s = AudioScorer::new(AudioConfig::new(22_050, 1).unwrap()).unwrap();
        for _ in 0..10 {
            s.push_f32(&sine(22_050, 1, 180.0, 0.2, 0.2)).unwrap();
            s.push_f32(&[0.0; 2_205]).unwrap();
        }
        let r = s.report();
        assert!(
            r.defects
                .iter()
                .any(|d| d.kind == AudioDefectKind::MonotoneVoice),
            "{:?}",
            r.metrics
        );
    }

    #[test]
    fn bad_input_is_refused() {
        assert!(AudioConfig::new(7_999, 1).is_err());
        assert!(AudioConfig::new(48_000, 3).is_err());
        assert!(
            AudioConfig::new(48_000, 2)
                .unwrap()
                .with_target(1.0)
                .is_err()
        );
        let mut s = AudioScorer::new(AudioConfig::new(48_000, 2).unwrap()).unwrap();
        assert!(s.push_f32(&[0.0; 3]).is_err());
        assert!(s.push_f32(&[0.0, f32::NAN]).is_err());
        assert_eq!(s.frames(), 0);
    }
}
