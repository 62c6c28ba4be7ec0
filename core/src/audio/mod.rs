//! Sound: loudness, peaks, clipping, silence and voice prosody from PCM, in fixed memory.
//!
//! - [`AudioScorer`]: push interleaved `f32` or `i16` blocks (mono, stereo or 5.1 at
//!   8–192 kHz), read an [`AudioReport`] at any time: ITU-R BS.1770-4 integrated, momentary and
//!   short-term loudness, EBU Tech 3342 loudness range, true peak, clipped-sample fraction,
//!   silence ratio, YIN pitch and prosody, and located [`AudioDefect`]s (`clipping`,
//!   `too_quiet`, `too_loud`, `silence`, `monotone_voice`);
//! - [`filters`]: K-weighting for any rate; [`truepeak`]: the oversampling meter;
//!   [`gating`]: block-loudness histograms; [`yin`]: the pitch estimator;
//! - every threshold is a named constant in [`config`].
//!
//! Cross-checked against pyloudnorm, FFmpeg's `ebur128` filter and a YIN written from the
//! paper (tests/gen_audio_vectors.py → tests/vectors/audio.json).

mod clipping;
pub mod config;
pub mod filters;
pub mod gating;
mod loudness;
pub mod scorer;
mod silence;
pub mod truepeak;
pub mod yin;

pub use config::AudioConfig;
pub use scorer::{
    AudioDefect, AudioDefectKind, AudioMetrics, AudioReport, AudioScorer, SubblockReading,
    score_f32,
};
pub use yin::{Prosody, yin_period};
