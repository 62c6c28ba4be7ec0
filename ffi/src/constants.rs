//! Tuning constants for C. cbindgen only emits literal values, so each is written out here and
//! the test below asserts it equals the core's definition — the core stays the single source.

// The metric and engagement constants come from the core's tables
// (`reelscore::metrics_surface!`, `reelscore::engage_surface!`; see `crate::table`), which
// check them against the core at compile time.

/// Score at or above which a take without defects is a keeper.
pub const REEL_KEEPER_SCORE: f64 = 80.0;
/// Default largest frame area (1280×720) whose statistics the clip scorer measures at full
/// resolution; larger frames are measured on a binned copy.
pub const REEL_ANALYSIS_PIXELS: usize = 921_600;
/// The fast budget (960×540) for `reel_clip_scorer_set_analysis_pixels`: 720p is binned too
/// (about 2× less scoring work there; a slight blur goes unseen).
pub const REEL_FAST_ANALYSIS_PIXELS: usize = 518_400;

// ------------------------------------------------------------------------------ audio

/// Default target integrated loudness, LUFS.
pub const REEL_AUDIO_DEFAULT_TARGET_LUFS: f64 = -14.0;
/// `too_quiet` / `too_loud` beyond this distance from the target, LU.
pub const REEL_LOUDNESS_TOLERANCE_LU: f64 = 4.0;
/// Integrated loudness reported when nothing passes the gates, LUFS.
pub const REEL_LOUDNESS_FLOOR_LUFS: f64 = -70.0;
/// Peak level reported for digital silence, dB.
pub const REEL_PEAK_FLOOR_DB: f64 = -120.0;
/// Lowest accepted sample rate, Hz.
pub const REEL_AUDIO_MIN_SAMPLE_RATE: u32 = 8000;
/// Highest accepted sample rate, Hz.
pub const REEL_AUDIO_MAX_SAMPLE_RATE: u32 = 192000;
/// Most channels (5.1: L, R, C, LFE, Ls, Rs).
pub const REEL_AUDIO_MAX_CHANNELS: usize = 6;
/// Most defects an audio report keeps.
pub const REEL_MAX_AUDIO_DEFECTS: usize = 32;
/// `monotone_voice` below this F0 spread, semitones.
pub const REEL_MONOTONE_SPREAD_SEMITONES: f64 = 1.0;

// ------------------------------------------------------------------- detector outputs

/// Most OCR items per frame (and live text regions).
pub const REEL_MAX_TEXT_REGIONS: usize = 32;
/// Bytes kept of each OCR reading.
pub const REEL_MAX_TEXT_BYTES: usize = 64;
/// Most subjects per frame (and tracks kept).
pub const REEL_MAX_SUBJECTS: usize = 8;
/// Floats in a subject's chroma signature (`REEL_CHROMA_RINGS` rings of `REEL_HUE_BINS`).
pub const REEL_SIGNATURE_BINS: usize = 64;
/// Hue sectors of a chroma signature.
pub const REEL_HUE_BINS: usize = 16;
/// Chroma rings of a chroma signature.
pub const REEL_CHROMA_RINGS: usize = 4;
/// Chroma (8-bit code values) below which a pixel counts as grey in a signature.
pub const REEL_NEUTRAL_CHROMA: f64 = 4.0;
/// Signature mass below which a bin and its neighbours are a colour not shown before.
pub const REEL_NEW_COLOUR_FLOOR: f64 = 0.002;
/// New-colour share across a cut above which a subject's appearance shifted.
pub const REEL_NEW_COLOUR_SHARE: f64 = 0.03;
/// Floats in a MediaPipe blendshape vector.
pub const REEL_BLENDSHAPES: usize = 52;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_constants_equal_core() {
        assert_eq!(REEL_KEEPER_SCORE, reelscore::clip::config::KEEPER_SCORE);
        assert_eq!(
            REEL_ANALYSIS_PIXELS,
            reelscore::clip::config::ANALYSIS_PIXELS
        );
        assert_eq!(
            REEL_FAST_ANALYSIS_PIXELS,
            reelscore::clip::config::FAST_ANALYSIS_PIXELS
        );
    }

    #[test]
    fn x_recap_action_names_equal_core() {
        use reelscore::engage as e;
        for (i, name) in e::X_RECAP_ACTION_NAMES.iter().enumerate() {
            let c = crate::engage::reel_x_recap_action_name(i);
            // SAFETY: a static NUL-terminated string.
            let got = unsafe { core::ffi::CStr::from_ptr(c) }.to_str().unwrap();
            assert_eq!(got, *name);
        }
        assert!(crate::engage::reel_x_recap_action_name(e::X_RECAP_ACTIONS).is_null());
    }

    #[test]
    fn audio_constants_equal_core() {
        use reelscore::audio::config as a;
        assert_eq!(REEL_AUDIO_DEFAULT_TARGET_LUFS, a::DEFAULT_TARGET_LUFS);
        assert_eq!(REEL_LOUDNESS_TOLERANCE_LU, a::LOUDNESS_TOLERANCE_LU);
        assert_eq!(REEL_LOUDNESS_FLOOR_LUFS, a::LOUDNESS_FLOOR_LUFS);
        assert_eq!(REEL_PEAK_FLOOR_DB, a::PEAK_FLOOR_DB);
        assert_eq!(REEL_AUDIO_MIN_SAMPLE_RATE, a::MIN_SAMPLE_RATE);
        assert_eq!(REEL_AUDIO_MAX_SAMPLE_RATE, a::MAX_SAMPLE_RATE);
        assert_eq!(REEL_AUDIO_MAX_CHANNELS, a::MAX_CHANNELS);
        assert_eq!(REEL_MAX_AUDIO_DEFECTS, a::MAX_AUDIO_DEFECTS);
        assert_eq!(REEL_MONOTONE_SPREAD_SEMITONES, a::MONOTONE_SPREAD_SEMITONES);
    }

    #[test]
    fn detect_constants_equal_core() {
        use reelscore::detect::{face, subject, text};
        assert_eq!(REEL_MAX_TEXT_REGIONS, text::MAX_TEXT_REGIONS);
        assert_eq!(REEL_MAX_TEXT_BYTES, text::MAX_TEXT_BYTES);
        assert_eq!(REEL_MAX_SUBJECTS, subject::MAX_SUBJECTS);
        assert_eq!(REEL_SIGNATURE_BINS, subject::SIGNATURE_BINS);
        assert_eq!(REEL_HUE_BINS, subject::HUE_BINS);
        assert_eq!(REEL_CHROMA_RINGS, subject::CHROMA_RINGS);
        assert_eq!(REEL_NEUTRAL_CHROMA, subject::NEUTRAL_CHROMA);
        assert_eq!(REEL_NEW_COLOUR_FLOOR, subject::NEW_COLOUR_FLOOR);
        assert_eq!(REEL_NEW_COLOUR_SHARE, subject::NEW_COLOUR_SHARE);
        assert_eq!(REEL_BLENDSHAPES, face::BLENDSHAPES);
    }
}
