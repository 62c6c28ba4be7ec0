//! Audio-scorer configuration and every named constant of the loudness, peak, pitch and defect
//! rules.
//!
//! Loudness constants are ITU-R BS.1770-4's and EBU Tech 3342's; the histogram layout follows
//! libebur128 (0.1 LU bins from −70 to +30 LUFS). Defect thresholds are judgement calls for
//! short-form video (documented with each constant) and are meant to be tuned on real takes.

use crate::error::{Error, Rule, check_range};

/// Lowest sample rate accepted, Hz.
pub const MIN_SAMPLE_RATE: u32 = 8_000;
/// Highest sample rate accepted, Hz.
pub const MAX_SAMPLE_RATE: u32 = 192_000;
/// Most channels: 1 (mono), 2 (stereo) or 6 (5.1 in the order L, R, C, LFE, Ls, Rs).
pub const MAX_CHANNELS: usize = 6;
/// BS.1770-4 channel weights for 5.1 (L, R, C, LFE, Ls, Rs): surrounds 1.41 (+1.5 dB), the LFE
/// channel excluded. Mono and stereo channels weigh 1.
pub const CHANNEL_WEIGHTS_5_1: [f64; 6] = [1.0, 1.0, 1.0, 0.0, 1.41, 1.41];
/// Index of the LFE channel in a 5.1 layout.
pub const LFE_CHANNEL: usize = 3;

/// BS.1770 loudness offset: `L = −0.691 + 10·log10(Σ G_i · z_i)`.
pub const LOUDNESS_OFFSET: f64 = -0.691;
/// Absolute gate, LUFS (BS.1770-4 and EBU Tech 3342).
pub const ABSOLUTE_GATE_LUFS: f64 = -70.0;
/// Relative gate of integrated loudness, LU below the absolutely gated mean.
pub const RELATIVE_GATE_LU: f64 = -10.0;
/// Relative gate of loudness range, LU below the absolutely gated short-term mean (Tech 3342).
pub const LRA_RELATIVE_GATE_LU: f64 = -20.0;
/// Lower percentile of the short-term distribution for loudness range.
pub const LRA_LOW_PERCENTILE: f64 = 0.10;
/// Upper percentile of the short-term distribution for loudness range.
pub const LRA_HIGH_PERCENTILE: f64 = 0.95;
/// Sub-block length, seconds: energies are summed per 100 ms sub-block (`(rate + 5) / 10`
/// samples, as libebur128), and blocks are built from consecutive sub-blocks.
pub const SUBBLOCK_SECONDS: f64 = 0.1;
/// Sub-blocks per momentary (400 ms) block; blocks overlap by 75 % (a new one every 100 ms).
pub const MOMENTARY_SUBBLOCKS: usize = 4;
/// Sub-blocks per short-term (3 s) block, also every 100 ms (as FFmpeg's `ebur128` for LRA).
pub const SHORT_TERM_SUBBLOCKS: usize = 30;
/// Lower edge of the block-loudness histograms, LUFS (the absolute gate).
pub const HISTOGRAM_MIN_LUFS: f64 = -70.0;
/// Bin width of the block-loudness histograms, LU. Each bin also sums its blocks' energies, and
/// the integrated-loudness histogram keeps the first [`EXACT_GATE_BLOCKS`] block energies, so
/// the one bin holding the relative gate is split block by block as BS.1770 gates
/// (integrated loudness exact); loudness-range percentiles are read as the mean loudness of the
/// bin they fall in (error < 0.1 LU per percentile, as libebur128's histogram mode).
pub const HISTOGRAM_STEP_LU: f64 = 0.1;
/// Bins of the block-loudness histograms (−70 to +30 LUFS; louder blocks land in the last bin,
/// with their exact energy).
pub const HISTOGRAM_BINS: usize = 1000;
/// Momentary-block energies kept (f32, 32 KiB) to gate the relative-gate bin exactly: 819 s
/// of sound at 10 blocks a second. Past that, the blocks of that one bin (within 0.1 LU of the
/// gate) are kept or dropped together by their mean loudness (libebur128's histogram mode).
pub const EXACT_GATE_BLOCKS: usize = 8192;
/// Loudness reported when no block passes the absolute gate (silence or too short), LUFS.
pub const LOUDNESS_FLOOR_LUFS: f64 = -70.0;
/// Peak level reported for digital silence, dBFS / dBTP.
pub const PEAK_FLOOR_DB: f64 = -120.0;

/// Taps of the true-peak interpolation filter (libebur128: Hann-windowed sinc).
pub const TRUE_PEAK_TAPS: usize = 49;
/// Oversampling factor below 96 kHz (4×; 2× up to 192 kHz, none at 192 kHz, as libebur128).
pub const TRUE_PEAK_OVERSAMPLING: usize = 4;

/// A sample is at full scale when `|x| ≥ 32767/32768` (an `i16` at ±full scale, or a float there).
pub const CLIP_LEVEL: f32 = 32767.0 / 32768.0;
/// Consecutive full-scale samples (one channel) that make a clipped run; a lone full-scale sample
/// is a peak, not clipping (Audacity's "Find Clipping" default).
pub const CLIP_RUN_MIN: u32 = 3;
/// Clipped runs closer than this, seconds, are one clipping defect.
pub const CLIP_MERGE_SECONDS: f64 = 0.5;
/// Share of clipped samples inside a clipping defect at which its severity reaches 1.
pub const CLIP_FRACTION_SEVERE: f64 = 0.01;
/// Lossy codecs (AAC, Opus, MP3) turn a clipped plateau into ripple around full scale, so exact
/// full-scale runs vanish from the decoded sound. A sample is *near* full scale at or above
/// −1 dBFS (`10^(−1/20)`)…
pub const NEAR_FULL_SCALE: f32 = 0.891_250_9;
/// …and in the *shoulder* below it from −4 dBFS (`10^(−4/20)`) up to −1 dBFS.
pub const SHOULDER_LEVEL: f32 = 0.630_957_3;
/// A channel's 100 ms sub-block is *pinned* at full scale (clipping evidence that survives lossy
/// coding, in the spirit of the amplitude-histogram detectors of Aleinik & Matveev 2014 and
/// Eaton & Naylor 2013) when at least this share of its samples is near full scale…
pub const PINNED_MIN_SHARE: f64 = 0.005;
/// …and their density per dB (1 dB band) is at least this multiple of the shoulder's (3 dB
/// band): a natural peak thins out toward its maximum, a clipped one piles up there. Set on
/// speech and music clipped by 2–4× and coded with AAC (64, 128 kb/s), Opus and MP3
/// (`python/tests/test_audio_coded_clipping.py`): clipped sub-blocks reach 1.4–11, the same
/// sound unclipped and peaking at 0 dBFS at most 0.95. A steady tone peaking within 1 dB of
/// full scale pins too (its amplitude density is highest at its crest: about 3.4).
pub const PINNED_DENSITY_RATIO: f64 = 1.5;

/// Default target integrated loudness, LUFS (common for short-video platforms).
pub const DEFAULT_TARGET_LUFS: f64 = -14.0;
/// `too_quiet` / `too_loud` when integrated loudness is further than this from the target, LU.
pub const LOUDNESS_TOLERANCE_LU: f64 = 4.0;
/// Distance beyond the tolerance at which loudness severity reaches 1, LU.
pub const LOUDNESS_SEVERE_LU: f64 = 12.0;

/// A 100 ms sub-block quieter than this (K-weighted, ungated) is silent, LUFS.
pub const SILENCE_LUFS: f64 = -60.0;
/// Shortest silent stretch reported as a `silence` defect, seconds.
pub const SILENCE_MIN_SECONDS: f64 = 1.0;
/// Silent stretch at which severity reaches 1, seconds.
pub const SILENCE_SEVERE_SECONDS: f64 = 4.0;

/// Lowest F0 searched, Hz.
pub const YIN_FMIN: f64 = 50.0;
/// Highest F0 searched, Hz.
pub const YIN_FMAX: f64 = 800.0;
/// YIN absolute threshold on the cumulative-mean-normalised difference (paper and librosa: 0.1);
/// a frame with no dip below it is unvoiced.
pub const YIN_THRESHOLD: f64 = 0.1;
/// YIN integration window, seconds (the paper's 25 ms).
pub const YIN_WINDOW_SECONDS: f64 = 0.025;
/// Hop between pitch frames, seconds (librosa's default hop is 23 ms at 22.05 kHz).
pub const YIN_HOP_SECONDS: f64 = 0.02;
/// Pitch is tracked on a mono downmix (LFE excluded) decimated by `D = max(1, rate / 8000)`
/// through a triangular filter of length `2D − 1` and then low-passed by a 4th-order Butterworth
/// at the decimated rate, so YIN runs at 8–16 kHz whatever the input rate.
pub const YIN_TARGET_RATE: u32 = 8_000;
/// Low-pass cut-off before decimation, Hz (capped at 0.4 × the decimated rate).
pub const YIN_LOWPASS_HZ: f64 = 3_000.0;
/// Frames whose RMS (decimated mono, full scale 1) is below this are unvoiced without analysis.
pub const YIN_MIN_RMS: f64 = 1e-3;
/// Longest analysis frame (window + largest lag), decimated samples.
pub const YIN_BUFFER: usize = 768;
/// Bin width of the F0 histogram used for the median, semitones (≈ 0.29 %). Each bin also sums
/// its values' offsets into the bin, so the median reads a bin's mean rather than its centre
/// (exact for a steady tone or one value per bin, never off by more than one bin).
pub const F0_HIST_STEP_SEMITONES: f64 = 0.05;
/// Bins of the F0 histogram (from `YIN_FMIN` to `YIN_FMAX`).
pub const F0_HIST_BINS: usize = 961;

/// `monotone_voice` when the F0 spread (standard deviation over voiced frames) is below this,
/// semitones. Conversational speech spreads 2–4 semitones.
pub const MONOTONE_SPREAD_SEMITONES: f64 = 1.0;
/// Voiced frames (seconds of them) needed before `monotone_voice` is judged.
pub const MONOTONE_MIN_VOICED_SECONDS: f64 = 1.0;
/// `monotone_voice` concerns speech: voiced sound broken into runs at the syllable rate. Speech
/// alternates voiced and unvoiced stretches several times a second (syllables last about
/// 150–300 ms); a held note, a drone or mains hum is one long voiced run. At least this many
/// voiced runs per second of voiced sound are needed before a flat pitch is called a voice.
pub const MONOTONE_MIN_RUNS_PER_VOICED_SECOND: f64 = 2.0;

/// Most defects kept (later ones are counted in `AudioMetrics::dropped_defects`).
pub const MAX_AUDIO_DEFECTS: usize = 32;

/// What the scorer needs to know about the stream.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C)]
pub struct AudioConfig {
    /// Samples per second per channel, 8000–192000.
    pub sample_rate: u32,
    /// 1 (mono), 2 (stereo: L, R) or 6 (5.1: L, R, C, LFE, Ls, Rs), interleaved.
    pub channels: u32,
    /// Target integrated loudness for `too_quiet` / `too_loud`, LUFS (−70 to 0).
    pub target_lufs: f64,
}

impl AudioConfig {
    /// A configuration with the default target loudness ([`DEFAULT_TARGET_LUFS`]).
    pub fn new(sample_rate: u32, channels: u32) -> Result<Self, Error> {
        let c = AudioConfig {
            sample_rate,
            channels,
            target_lufs: DEFAULT_TARGET_LUFS,
        };
        c.validate()?;
        Ok(c)
    }

    /// The same configuration with another target loudness.
    pub fn with_target(mut self, target_lufs: f64) -> Result<Self, Error> {
        self.target_lufs = target_lufs;
        self.validate()?;
        Ok(self)
    }

    /// Checks every field.
    pub fn validate(&self) -> Result<(), Error> {
        if !(MIN_SAMPLE_RATE..=MAX_SAMPLE_RATE).contains(&self.sample_rate) {
            return Err(Error::invalid(
                "sample rate",
                f64::from(self.sample_rate),
                Rule::Text("8000 to 192000 Hz"),
            ));
        }
        if !matches!(self.channels, 1 | 2 | 6) {
            return Err(Error::invalid(
                "channels",
                f64::from(self.channels),
                Rule::Text("1, 2 or 6"),
            ));
        }
        check_range("target loudness (LUFS)", self.target_lufs, -70.0, 0.0)?;
        Ok(())
    }

    /// BS.1770 weight of channel `c` in this layout (0 for the LFE).
    pub fn weight(&self, c: usize) -> f64 {
        if self.channels == 6 {
            CHANNEL_WEIGHTS_5_1.get(c).copied().unwrap_or(0.0)
        } else {
            1.0
        }
    }

    /// Samples per 100 ms sub-block, `(rate + 5) / 10`.
    pub fn subblock_len(&self) -> usize {
        ((self.sample_rate + 5) / 10) as usize
    }
}
