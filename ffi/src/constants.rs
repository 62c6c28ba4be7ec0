//! Tuning constants for C. cbindgen only emits literal values, so each is written out here and
//! the test below asserts it equals the core's definition — the core stays the single source.

/// SSIM luminance constant K1.
pub const REEL_SSIM_K1: f64 = 0.01;
/// SSIM contrast constant K2.
pub const REEL_SSIM_K2: f64 = 0.03;
/// SSIM Gaussian window σ, pixels.
pub const REEL_SSIM_SIGMA: f64 = 1.5;
/// SSIM window side, pixels (planes must be at least this large).
pub const REEL_SSIM_WINDOW: usize = 11;
/// Smallest width and height MS-SSIM accepts.
pub const REEL_MS_SSIM_MIN_SIZE: usize = 176;
/// PSNR cap for 8-bit planes, dB (libvmaf's).
pub const REEL_PSNR_CAP_8BIT: f64 = 60.0;
/// Histogram bins written by `reel_histogram`.
pub const REEL_HISTOGRAM_BINS: usize = 256;
/// Coding block size used by the blockiness metric.
pub const REEL_BLOCK_SIZE: usize = 8;
/// Score at or above which a take without defects is a keeper.
pub const REEL_KEEPER_SCORE: f64 = 80.0;
/// Default largest frame area (1280×720) whose statistics the clip scorer measures at full
/// resolution; larger frames are measured on a binned copy.
pub const REEL_ANALYSIS_PIXELS: usize = 921_600;
/// The fast budget (960×540) for `reel_clip_scorer_set_analysis_pixels`: 720p is binned too
/// (about 2× less scoring work there; a slight blur goes unseen).
pub const REEL_FAST_ANALYSIS_PIXELS: usize = 518_400;

// ------------------------------------------------------------------------- engagement

/// Two-sided 95% critical value `z = Φ⁻¹(0.975)` (statsmodels' `alpha = 0.05`).
pub const REEL_Z_95: f64 = 1.959963984540054;
/// `Epsilon` of twitter's `WeightedScoresSumScorer`: offset of non-negative totals and width
/// of the band negative totals are squeezed into.
pub const REEL_WEIGHTED_SCORES_EPSILON: f64 = 0.001;
/// Number of actions in the X recap preset (`reel_x_recap_weights`).
pub const REEL_X_RECAP_ACTIONS: usize = 10;
/// X recap weight of `fav` (the-algorithm-ml recap README, 2023-04-05).
pub const REEL_X_RECAP_WEIGHT_FAV: f64 = 0.5;
/// X recap weight of `retweet`.
pub const REEL_X_RECAP_WEIGHT_RETWEET: f64 = 1.0;
/// X recap weight of `reply`.
pub const REEL_X_RECAP_WEIGHT_REPLY: f64 = 13.5;
/// X recap weight of `good_profile_click`.
pub const REEL_X_RECAP_WEIGHT_GOOD_PROFILE_CLICK: f64 = 12.0;
/// X recap weight of `video_playback50`.
pub const REEL_X_RECAP_WEIGHT_VIDEO_PLAYBACK50: f64 = 0.005;
/// X recap weight of `reply_engaged_by_author`.
pub const REEL_X_RECAP_WEIGHT_REPLY_ENGAGED_BY_AUTHOR: f64 = 75.0;
/// X recap weight of `good_click`.
pub const REEL_X_RECAP_WEIGHT_GOOD_CLICK: f64 = 11.0;
/// X recap weight of `good_click_v2`.
pub const REEL_X_RECAP_WEIGHT_GOOD_CLICK_V2: f64 = 10.0;
/// X recap weight of `negative_feedback_v2`.
pub const REEL_X_RECAP_WEIGHT_NEGATIVE_FEEDBACK_V2: f64 = -74.0;
/// X recap weight of `report`.
pub const REEL_X_RECAP_WEIGHT_REPORT: f64 = -369.0;
/// Reddit's epoch offset in `hot`: 2005-12-08 07:46:43 UTC, Unix seconds.
pub const REEL_REDDIT_EPOCH_SECONDS: f64 = 1134028003.0;
/// Seconds per unit of Reddit `hot` (12.5 hours).
pub const REEL_REDDIT_HOT_SECONDS_PER_UNIT: f64 = 45000.0;
/// Decimal places Reddit `hot` is rounded to.
pub const REEL_REDDIT_HOT_DECIMALS: i32 = 7;
/// `z` of Reddit's `_confidence` (80% two-sided), a C `float` as in `_sorts.pyx`.
pub const REEL_REDDIT_CONFIDENCE_Z: f32 = 1.2815516;
/// Largest count Reddit `hot` accepts (2⁵³, exact in a double).
pub const REEL_MAX_EXACT_COUNT: f64 = 9007199254740992.0;
/// Hacker News gravity (`news.arc` `gravity*`).
pub const REEL_HN_GRAVITY: f64 = 1.8;
/// Hacker News time base in minutes (`timebase*`), added to the item's age.
pub const REEL_HN_TIMEBASE_MINUTES: f64 = 120.0;
/// Exponent applied to `points − 1` in `frontpage-rank`.
pub const REEL_HN_SCORE_EXPONENT: f64 = 0.8;
/// `news.arc` penalty for stories without a URL (`nourl-factor*`).
pub const REEL_HN_NOURL_FACTOR: f64 = 0.4;
/// `news.arc` cap for "lightweight" stories (`lightweight-factor*`).
pub const REEL_HN_LIGHTWEIGHT_FACTOR: f64 = 0.17;
/// `news.arc` penalty for gagged stories (`gag-factor*`).
pub const REEL_HN_GAG_FACTOR: f64 = 0.1;
/// Elo's logistic scale: a 400-point gap means 10:1 odds.
pub const REEL_ELO_SCALE: f64 = 400.0;
/// A common Elo K-factor.
pub const REEL_ELO_DEFAULT_K: f64 = 32.0;
/// Glicko-2 scale factor (`400/ln 10` rounded as in Glickman's paper).
pub const REEL_GLICKO2_SCALE: f64 = 173.7178;
/// Glicko rating of a new player.
pub const REEL_GLICKO2_DEFAULT_RATING: f64 = 1500.0;
/// Rating deviation of a new player.
pub const REEL_GLICKO2_DEFAULT_RD: f64 = 350.0;
/// Volatility of a new player.
pub const REEL_GLICKO2_DEFAULT_VOLATILITY: f64 = 0.06;
/// Glicko-2 system constant τ of Glickman's example (reasonable range 0.3–1.2).
pub const REEL_GLICKO2_DEFAULT_TAU: f64 = 0.5;
/// Convergence tolerance of the Glicko-2 volatility iteration.
pub const REEL_GLICKO2_EPSILON: f64 = 1e-6;
/// Iteration cap of each loop of the Glicko-2 volatility step.
pub const REEL_GLICKO2_MAX_ITERATIONS: usize = 10000;
/// Arena ratings per unit of Bradley–Terry `θ`: `400 / ln 10`.
pub const REEL_ARENA_SCALE: f64 = 173.71779276130073;
/// Arena rating of the average item (`θ = 0`).
pub const REEL_ARENA_OFFSET: f64 = 1000.0;
/// A small Bradley–Terry regulariser for undefeated or winless items.
pub const REEL_BT_DEFAULT_ALPHA: f64 = 0.01;
/// Default convergence tolerance of the Bradley–Terry MM iteration.
pub const REEL_BT_DEFAULT_TOLERANCE: f64 = 1e-12;
/// Default iteration cap of the Bradley–Terry MM iteration.
pub const REEL_BT_DEFAULT_MAX_ITERATIONS: usize = 100000;
/// Largest total number of votes the Bradley–Terry bootstrap resamples.
pub const REEL_BT_BOOTSTRAP_MAX_VOTES: f64 = 1e9;

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
    use reelscore::metrics::{blockiness, histogram, ms_ssim, mse, ssim};

    #[test]
    fn header_constants_equal_core() {
        assert_eq!(REEL_SSIM_K1, ssim::SSIM_K1);
        assert_eq!(REEL_SSIM_K2, ssim::SSIM_K2);
        assert_eq!(REEL_SSIM_SIGMA, ssim::SSIM_SIGMA);
        assert_eq!(REEL_SSIM_WINDOW, ssim::SSIM_WINDOW);
        assert_eq!(REEL_MS_SSIM_MIN_SIZE, ms_ssim::MS_SSIM_MIN_SIZE);
        assert_eq!(REEL_PSNR_CAP_8BIT, mse::PSNR_CAP_8BIT);
        assert_eq!(REEL_HISTOGRAM_BINS, histogram::HISTOGRAM_BINS);
        assert_eq!(REEL_BLOCK_SIZE, blockiness::BLOCK_SIZE);
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
    fn engagement_constants_equal_core() {
        use reelscore::engage as e;
        assert_eq!(REEL_Z_95, e::Z_95);
        assert_eq!(REEL_WEIGHTED_SCORES_EPSILON, e::WEIGHTED_SCORES_EPSILON);
        assert_eq!(REEL_X_RECAP_ACTIONS, e::X_RECAP_ACTIONS);
        let named = [
            REEL_X_RECAP_WEIGHT_FAV,
            REEL_X_RECAP_WEIGHT_RETWEET,
            REEL_X_RECAP_WEIGHT_REPLY,
            REEL_X_RECAP_WEIGHT_GOOD_PROFILE_CLICK,
            REEL_X_RECAP_WEIGHT_VIDEO_PLAYBACK50,
            REEL_X_RECAP_WEIGHT_REPLY_ENGAGED_BY_AUTHOR,
            REEL_X_RECAP_WEIGHT_GOOD_CLICK,
            REEL_X_RECAP_WEIGHT_GOOD_CLICK_V2,
            REEL_X_RECAP_WEIGHT_NEGATIVE_FEEDBACK_V2,
            REEL_X_RECAP_WEIGHT_REPORT,
        ];
        assert_eq!(named, e::X_RECAP_WEIGHTS);
        for (i, name) in e::X_RECAP_ACTION_NAMES.iter().enumerate() {
            let c = crate::engage::reel_x_recap_action_name(i);
            // SAFETY: a static NUL-terminated string.
            let got = unsafe { core::ffi::CStr::from_ptr(c) }.to_str().unwrap();
            assert_eq!(got, *name);
        }
        assert!(crate::engage::reel_x_recap_action_name(e::X_RECAP_ACTIONS).is_null());
        assert_eq!(REEL_REDDIT_EPOCH_SECONDS, e::REDDIT_EPOCH_SECONDS);
        assert_eq!(
            REEL_REDDIT_HOT_SECONDS_PER_UNIT,
            e::REDDIT_HOT_SECONDS_PER_UNIT
        );
        assert_eq!(REEL_REDDIT_HOT_DECIMALS, e::REDDIT_HOT_DECIMALS);
        assert_eq!(REEL_REDDIT_CONFIDENCE_Z, e::REDDIT_CONFIDENCE_Z);
        assert_eq!(REEL_MAX_EXACT_COUNT, e::MAX_EXACT_COUNT);
        assert_eq!(REEL_HN_GRAVITY, e::HN_GRAVITY);
        assert_eq!(REEL_HN_TIMEBASE_MINUTES, e::HN_TIMEBASE_MINUTES);
        assert_eq!(REEL_HN_SCORE_EXPONENT, e::HN_SCORE_EXPONENT);
        assert_eq!(REEL_HN_NOURL_FACTOR, e::HN_NOURL_FACTOR);
        assert_eq!(REEL_HN_LIGHTWEIGHT_FACTOR, e::HN_LIGHTWEIGHT_FACTOR);
        assert_eq!(REEL_HN_GAG_FACTOR, e::HN_GAG_FACTOR);
        assert_eq!(REEL_ELO_SCALE, e::ELO_SCALE);
        assert_eq!(REEL_ELO_DEFAULT_K, e::ELO_DEFAULT_K);
        assert_eq!(REEL_GLICKO2_SCALE, e::GLICKO2_SCALE);
        assert_eq!(REEL_GLICKO2_DEFAULT_RATING, e::GLICKO2_DEFAULT_RATING);
        assert_eq!(REEL_GLICKO2_DEFAULT_RD, e::GLICKO2_DEFAULT_RD);
        assert_eq!(
            REEL_GLICKO2_DEFAULT_VOLATILITY,
            e::GLICKO2_DEFAULT_VOLATILITY
        );
        assert_eq!(REEL_GLICKO2_DEFAULT_TAU, e::GLICKO2_DEFAULT_TAU);
        assert_eq!(REEL_GLICKO2_EPSILON, e::GLICKO2_EPSILON);
        assert_eq!(REEL_GLICKO2_MAX_ITERATIONS, e::GLICKO2_MAX_ITERATIONS);
        assert_eq!(REEL_ARENA_SCALE, e::ARENA_SCALE);
        assert_eq!(REEL_ARENA_OFFSET, e::ARENA_OFFSET);
        assert_eq!(REEL_BT_DEFAULT_ALPHA, e::BT_DEFAULT_ALPHA);
        assert_eq!(REEL_BT_DEFAULT_TOLERANCE, e::BT_DEFAULT_TOLERANCE);
        assert_eq!(REEL_BT_DEFAULT_MAX_ITERATIONS, e::BT_DEFAULT_MAX_ITERATIONS);
        assert_eq!(REEL_BT_BOOTSTRAP_MAX_VOTES, e::BT_BOOTSTRAP_MAX_VOTES);
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
