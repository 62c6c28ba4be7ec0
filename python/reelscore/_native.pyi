"""Type stubs for the compiled extension ``reelscore._native``."""

from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

__all__ = [
    "ANALYSIS_PIXELS",
    "AUDIO_DEFECT_KINDS",
    "AudioDefect",
    "AudioReport",
    "AudioScorer",
    "ClipReport",
    "ClipScorer",
    "D2Q_BINS",
    "D2Q_MAX_BUCKETS",
    "DEFAULT_TARGET_LUFS",
    "DEFECT_KINDS",
    "DEFECT_RULES",
    "DEFECT_WEIGHTS",
    "DETACH_MIN",
    "DETECT_DEFECT_KINDS",
    "Defect",
    "DetectDefect",
    "FAST_ANALYSIS_PIXELS",
    "FaceTracker",
    "KEEPER_SCORE",
    "LOUDNESS_FLOOR_LUFS",
    "LOUDNESS_TOLERANCE_LU",
    "MONOTONE_SPREAD_SEMITONES",
    "MS_SSIM_WEIGHTS",
    "PEAK_FLOOR_DB",
    "ReelscoreError",
    "SIGNATURE_BINS",
    "APPEARANCE_SHIFT_DISTANCE",
    "CHROMA_RINGS",
    "HUE_BINS",
    "TORSO_HALF_WIDTH",
    "TORSO_HEIGHT",
    "NEUTRAL_CHROMA",
    "NEW_COLOUR_FLOOR",
    "NEW_COLOUR_SHARE",
    "SubjectTracker",
    "TextTracker",
    "WatchTimeDistribution",
    "X_RECAP_ACTION_NAMES",
    "X_RECAP_WEIGHTS",
    "YIN_HOP_SECONDS",
    "SCENE_THRESHOLD",
    "FREEZE_NOISE",
    "STATIC_MOTION",
    "FLICKER_MIN_STEP",
    "BLUR_DROP",
    "BLUR_ABSOLUTE",
    "NOISE_SIGMA",
    "BLOCKINESS_THRESHOLD",
    "OVEREXPOSED_WHITE",
    "UNDEREXPOSED_BLACK",
    "UNDEREXPOSED_P90",
    "LOW_CONTRAST_RMS",
    "SHAKE_JITTER",
    "COLOR_SHIFT_JUMP",
    "SILENCE_LUFS",
    "CLIP_LEVEL",
    "__version__",
    "analyze_track",
    "author_diversity_multipliers",
    "available_kernels",
    "bradley_terry_bootstrap",
    "bradley_terry_count_votes",
    "bradley_terry_fit",
    "bradley_terry_next_pair",
    "chroma_signature",
    "torso_box",
    "SALIENT_NEW_MIN",
    "FLIGHT_PATH_POINTS",
    "FLIGHT_VERDICTS",
    "MAX_FLIGHT_PATHS",
    "SALIENT_SAME_SCENE",
    "salient_compare",
    "salient_shifts",
    "colorfulness",
    "elo_replay",
    "expand_limited_range",
    "exposure",
    "force_kernels",
    "frame_stats",
    "glicko2_update",
    "histogram",
    "hook_retention",
    "kernels",
    "mmr",
    "ms_ssim",
    "prompt_alignment",
    "rank_reports",
    "retention_curve_area",
    "rgb_to_luma",
    "score_audio",
    "score_face",
    "score_text",
    "splitmix64",
    "star_rating_sort",
    "subject_consistency",
    "top_k",
    "verdict_weights",
    "weighted_action_sum",
    "weighted_scores_sum",
]

__version__: str
MS_SSIM_WEIGHTS: list[float]

_Gray: TypeAlias = npt.NDArray[np.uint8] | npt.NDArray[np.uint16]
_Rgb: TypeAlias = npt.NDArray[np.uint8]

class ReelscoreError(ValueError):
    """Invalid input to reelscore: sizes, values or state."""

def kernels() -> Literal["portable", "sse41", "avx2", "avx512", "neon"]: ...
def available_kernels() -> list[str]: ...
def force_kernels(path: str, /) -> None: ...
def ms_ssim(
    a: _Gray, b: _Gray, /, *, convention: Literal["standard", "skvideo"] = "standard", bits: int | None = None
) -> float: ...
def frame_stats(a: _Gray, /, *, bits: int | None = None) -> dict[str, float]: ...
def exposure(a: _Gray, /, *, bits: int | None = None) -> dict[str, float]: ...
def histogram(a: _Gray, /, *, bits: int | None = None) -> npt.NDArray[np.uint64]: ...
def colorfulness(image: _Rgb, /) -> float: ...
def rgb_to_luma(image: _Rgb, /, *, matrix: Literal["bt601", "bt709"] = "bt601") -> npt.NDArray[np.uint8]: ...
def expand_limited_range(a: npt.NDArray[np.uint8], /) -> npt.NDArray[np.uint8]: ...

# ---------------------------------------------------------------------------------------------
# Engagement kernels (python/src/engage.rs). Call them through ``reelscore.engage``, which
# broadcasts; here all array arguments of one call must have the same shape and be C-contiguous
# float64 (they are borrowed without copying).
# ---------------------------------------------------------------------------------------------

from typing import final

_F64: TypeAlias = npt.NDArray[np.float64]
_I64: TypeAlias = npt.NDArray[np.int64]

DETACH_MIN: int
D2Q_MAX_BUCKETS: int
D2Q_BINS: int
X_RECAP_ACTION_NAMES: list[str]
X_RECAP_WEIGHTS: list[float]

# --- Generated from the bindings' tables by scripts/table_stubs.py: do not edit by hand.
__all__ += [
    "ARENA_OFFSET", "ARENA_SCALE", "BT_DEFAULT_ALPHA", "BT_DEFAULT_MAX_ITERATIONS",
    "BT_DEFAULT_TOLERANCE", "ELO_DEFAULT_K", "ELO_SCALE", "GLICKO2_DEFAULT_RATING",
    "GLICKO2_DEFAULT_RD", "GLICKO2_DEFAULT_TAU", "GLICKO2_DEFAULT_VOLATILITY", "GLICKO2_SCALE",
    "HN_GAG_FACTOR", "HN_GRAVITY", "HN_LIGHTWEIGHT_FACTOR", "HN_NOURL_FACTOR", "HN_SCORE_EXPONENT",
    "HN_TIMEBASE_MINUTES", "MS_SSIM_MIN_SIZE", "PSNR_CAP_8BIT", "REDDIT_CONFIDENCE_Z",
    "REDDIT_EPOCH_SECONDS", "REDDIT_HOT_SECONDS_PER_UNIT", "SSIM_K1", "SSIM_K2", "SSIM_SIGMA",
    "SSIM_WINDOW", "WEIGHTED_SCORES_EPSILON", "Z_95", "additive_smoothing", "arena_ratings",
    "author_diversity_multiplier", "average_view_duration", "bayesian_average", "blockiness",
    "bradley_terry_win_probability", "completion_rate", "elo_expected", "elo_update", "entropy",
    "ewm_variance", "ewma", "fraction_viewed", "hacker_news_rank", "half_life_decay", "mse",
    "noise_sigma", "normal_isf", "normal_ppf", "psnr", "psnr_uncapped", "reddit_confidence",
    "reddit_hot", "rewatch_ratio", "rms_contrast", "sharpness", "ssim", "tenengrad", "trending_z",
    "wilson_interval", "wilson_lower_bound", "z_for_confidence",
]

def mse(a: _Gray, b: _Gray, /, *, bits: int | None = None) -> float: ...
def psnr(a: _Gray, b: _Gray, /, *, bits: int | None = None) -> float: ...
def psnr_uncapped(a: _Gray, b: _Gray, /, *, bits: int | None = None) -> float: ...
def ssim(a: _Gray, b: _Gray, /, *, bits: int | None = None) -> float: ...
def sharpness(a: _Gray, /, *, bits: int | None = None) -> float: ...
def tenengrad(a: _Gray, /, *, bits: int | None = None) -> float: ...
def rms_contrast(a: _Gray, /, *, bits: int | None = None) -> float: ...
def noise_sigma(a: _Gray, /, *, bits: int | None = None) -> float: ...
def blockiness(a: _Gray, /, *, bits: int | None = None) -> float: ...
def entropy(a: _Gray, /, *, bits: int | None = None) -> float: ...
SSIM_K1: float
SSIM_K2: float
SSIM_SIGMA: float
SSIM_WINDOW: int
MS_SSIM_MIN_SIZE: int
PSNR_CAP_8BIT: float
def normal_ppf(p: _F64, /) -> _F64: ...
def normal_isf(q: _F64, /) -> _F64: ...
def z_for_confidence(confidence: _F64, /) -> _F64: ...
def wilson_lower_bound(successes: _F64, totals: _F64, /, *, z: float) -> _F64: ...
def wilson_interval(successes: _F64, totals: _F64, /, *, z: float) -> tuple[_F64, _F64]: ...
def bayesian_average(mean: _F64, votes: _F64, /, *, prior_weight: float, prior_mean: float) -> _F64: ...
def additive_smoothing(count: _F64, total: _F64, /, *, alpha: float, categories: float) -> _F64: ...
def completion_rate(completions: _F64, views: _F64, /) -> _F64: ...
def average_view_duration(total_watch_seconds: _F64, views: _F64, /) -> _F64: ...
def fraction_viewed(average_view_duration: _F64, duration_seconds: _F64, /) -> _F64: ...
def rewatch_ratio(views: _F64, unique_viewers: _F64, /) -> _F64: ...
def half_life_decay(values: _F64, age: _F64, /, *, half_life: float) -> _F64: ...
def reddit_hot(ups: _F64, downs: _F64, date: _F64, /) -> _F64: ...
def reddit_confidence(ups: _F64, downs: _F64, /) -> _F64: ...
def hacker_news_rank(points: _F64, age_minutes: _F64, penalty: _F64, /, *, gravity: float) -> _F64: ...
def ewma(x: _F64, /, *, alpha: float) -> _F64: ...
def trending_z(x: _F64, /, *, alpha: float) -> _F64: ...
def ewm_variance(x: _F64, /, *, alpha: float) -> _F64: ...
def elo_expected(rating_a: _F64, rating_b: _F64, /) -> _F64: ...
def elo_update(rating_a: _F64, rating_b: _F64, score_a: _F64, /, *, k: float) -> tuple[_F64, _F64]: ...
def arena_ratings(theta: _F64, /) -> _F64: ...
def bradley_terry_win_probability(theta_i: _F64, theta_j: _F64, /) -> _F64: ...
def author_diversity_multiplier(k: _F64, /, *, decay: float, floor: float) -> _F64: ...
Z_95: float
WEIGHTED_SCORES_EPSILON: float
REDDIT_EPOCH_SECONDS: float
REDDIT_HOT_SECONDS_PER_UNIT: float
REDDIT_CONFIDENCE_Z: float
HN_GRAVITY: float
HN_TIMEBASE_MINUTES: float
HN_SCORE_EXPONENT: float
HN_NOURL_FACTOR: float
HN_LIGHTWEIGHT_FACTOR: float
HN_GAG_FACTOR: float
ELO_SCALE: float
ELO_DEFAULT_K: float
GLICKO2_SCALE: float
GLICKO2_DEFAULT_RATING: float
GLICKO2_DEFAULT_RD: float
GLICKO2_DEFAULT_VOLATILITY: float
GLICKO2_DEFAULT_TAU: float
ARENA_SCALE: float
ARENA_OFFSET: float
BT_DEFAULT_ALPHA: float
BT_DEFAULT_TOLERANCE: float
BT_DEFAULT_MAX_ITERATIONS: int
# --- End of the generated block.

def star_rating_sort(counts: _F64, /, *, z: float) -> _F64: ...
def hook_retention(watch_times: _F64, t: _F64, /) -> _F64: ...
def retention_curve_area(times: _F64, retention: _F64, /) -> float: ...

@final
class WatchTimeDistribution:
    def __new__(cls, duration_edges: list[float], /) -> WatchTimeDistribution: ...
    @property
    def duration_edges(self) -> list[float]: ...
    @property
    def bins(self) -> int: ...
    def add(self, durations: _F64, watch_times: _F64, /) -> None: ...
    def percentile(self, durations: _F64, watch_times: _F64, /) -> _F64: ...
    def count(self, duration: float, /) -> int: ...
    def bucket_of(self, duration: float, /) -> int: ...
    def counts(self) -> npt.NDArray[np.uint64]: ...
    def add_counts(self, counts: npt.NDArray[np.uint64], /) -> None: ...

def weighted_action_sum(predictions: _F64, weights: _F64, /) -> _F64: ...
def weighted_scores_sum(predictions: _F64, weights: _F64, /) -> _F64: ...
def elo_replay(ratings: _F64, a: _I64, b: _I64, score_a: _F64, /, *, k: float) -> _F64: ...
def glicko2_update(
    rating: float,
    rd: float,
    volatility: float,
    opponent_ratings: _F64,
    opponent_rds: _F64,
    scores: _F64,
    /,
    *,
    tau: float,
) -> tuple[float, float, float]: ...
def bradley_terry_fit(
    wins: _F64, /, *, alpha: float, tolerance: float, max_iterations: int
) -> tuple[_F64, int]: ...
def bradley_terry_count_votes(winners: _I64, losers: _I64, /, *, n: int) -> _F64: ...
def bradley_terry_bootstrap(
    wins: _F64,
    theta: _F64,
    /,
    *,
    alpha: float,
    tolerance: float,
    max_iterations: int,
    replicates: int,
    seed: int,
    confidence: float,
) -> tuple[_F64, _F64]: ...
def bradley_terry_next_pair(
    theta: _F64, wins: _F64, /, *, strategy: Literal["uncertain", "leader"]
) -> tuple[int, int]: ...
def splitmix64(seed: int, count: int, /) -> npt.NDArray[np.uint64]: ...
def top_k(scores: _F64, ids: npt.NDArray[np.uint64] | None, /, *, k: int) -> _I64: ...
def mmr(query: _F64, embeddings: _F64, /, *, k: int, lambda_mult: float) -> _I64: ...
def author_diversity_multipliers(authors: npt.NDArray[np.uint64], /, *, decay: float, floor: float) -> _F64: ...

# ---------------------------------------------------------------------------------------------
# Clip verdict (python/src/clip.rs).
# ---------------------------------------------------------------------------------------------

DEFECT_KINDS: list[str]
#: Verdict weight per defect kind (``reelscore::clip::rules``).
DEFECT_WEIGHTS: dict[str, float]
#: Per defect kind: ``weight``, ``meaning``, ``measured_from`` and ``near_share`` (the most a take
#: without defects loses for coming near the kind's threshold) (``reelscore::clip::rules``).
DEFECT_RULES: dict[str, dict[str, Any]]
KEEPER_SCORE: float
#: The thresholds the HTML report draws (``reelscore::clip::config``).
SCENE_THRESHOLD: float
FREEZE_NOISE: float
STATIC_MOTION: float
FLICKER_MIN_STEP: float
BLUR_DROP: float
BLUR_ABSOLUTE: float
NOISE_SIGMA: float
BLOCKINESS_THRESHOLD: float
OVEREXPOSED_WHITE: float
UNDEREXPOSED_BLACK: float
UNDEREXPOSED_P90: float
LOW_CONTRAST_RMS: float
SHAKE_JITTER: float
COLOR_SHIFT_JUMP: float
#: Default largest frame area measured at full resolution (1280×720); larger frames are binned.
ANALYSIS_PIXELS: int
#: The fast setting's budget (960×540): 720p is measured on a 2×2-binned copy too.
FAST_ANALYSIS_PIXELS: int

@final
class Defect:
    """One located defect: frames ``start..=end``, severity 0-1, and the points it costs."""

    @property
    def kind(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def region(self) -> tuple[float, float, float, float] | None: ...
    @property
    def severity(self) -> float: ...
    @property
    def points(self) -> float: ...

@final
class ClipReport:
    """The verdict on one clip."""

    @property
    def score(self) -> float: ...
    @property
    def defects(self) -> list[Defect]: ...
    @property
    def near_misses(self) -> list[tuple[str, float, float]]: ...
    @property
    def cuts(self) -> list[int]: ...
    @property
    def metrics(self) -> dict[str, float]: ...
    @property
    def series(self) -> dict[str, npt.NDArray[np.float64]]: ...
    @property
    def fps(self) -> float: ...
    @property
    def audio(self) -> dict[str, float] | None: ...

@final
class ClipScorer:
    """Streaming clip scorer: ``push`` frames in order, then ``finish()``."""

    def __new__(cls, width: int, height: int, *, fps: float = 30.0, analysis_pixels: int | None = None) -> ClipScorer: ...
    @property
    def frames(self) -> int: ...
    @property
    def analysis_factor(self) -> int: ...
    def push(self, frame: npt.NDArray[np.uint8], /) -> dict[str, float]: ...
    def push_yuv420(
        self, y: npt.NDArray[np.uint8], u: npt.NDArray[np.uint8], v: npt.NDArray[np.uint8], /, *, limited_range: bool = False
    ) -> dict[str, float]: ...
    def flights(self) -> list[dict[str, Any]]: ...
    def cuts_if_ended(self) -> list[int]: ...
    def finish(
        self,
        *,
        audio: AudioScorer | None = None,
        detectors: Sequence[TextTracker | FaceTracker | SubjectTracker | DetectDefect] = ...,
        weights: Mapping[str, float] | None = None,
        ignore: Sequence[str] = ...,
    ) -> ClipReport: ...

def rank_reports(reports: list[ClipReport], /, *, top: int | None = None) -> list[ClipReport]: ...
def verdict_weights(*, weights: Mapping[str, float] | None = None, ignore: Sequence[str] = ...) -> list[tuple[str, float]]: ...
def subject_consistency(embeddings: npt.NDArray[np.float32] | npt.NDArray[np.float64], /) -> float: ...
def prompt_alignment(
    embeddings: npt.NDArray[np.float32] | npt.NDArray[np.float64],
    text: npt.NDArray[np.float32] | npt.NDArray[np.float64],
    /,
) -> float: ...
def analyze_track(
    t: list[float] | npt.NDArray[np.float64],
    x: list[float] | npt.NDArray[np.float64],
    y: list[float] | npt.NDArray[np.float64],
    /,
    *,
    gravity: float,
    airborne: bool = True,
    min_jump: float = 10.0,
) -> dict[str, float]: ...

# ---------------------------------------------------------------------------------------------
# Audio (python/src/audio.rs): BS.1770-4 loudness, EBU loudness range, true peak, clipping,
# silence, YIN prosody. Samples: float32 (±1) or int16 (float64 is converted), 1-D interleaved
# or (frames, channels) C-contiguous; channels 1, 2 or 6 (L, R, C, LFE, Ls, Rs).
# ---------------------------------------------------------------------------------------------

AUDIO_DEFECT_KINDS: list[str]
DEFAULT_TARGET_LUFS: float
LOUDNESS_FLOOR_LUFS: float
LOUDNESS_TOLERANCE_LU: float
MONOTONE_SPREAD_SEMITONES: float
PEAK_FLOOR_DB: float
SILENCE_LUFS: float
CLIP_LEVEL: float
YIN_HOP_SECONDS: float

_Pcm: TypeAlias = npt.NDArray[np.float32] | npt.NDArray[np.int16] | npt.NDArray[np.float64]

@final
class AudioDefect:
    """One located audio defect (times in seconds)."""

    @property
    def kind(self) -> str: ...
    @property
    def start(self) -> float: ...
    @property
    def end(self) -> float: ...
    @property
    def severity(self) -> float: ...

@final
class AudioReport:
    """The report on an audio stream."""

    @property
    def defects(self) -> list[AudioDefect]: ...
    @property
    def metrics(self) -> dict[str, float]: ...

@final
class AudioScorer:
    """Streaming audio scorer: ``push`` PCM blocks in order, ``report()`` at any time."""

    def __new__(cls, rate: int, channels: int, *, target_lufs: float = -14.0) -> AudioScorer: ...
    @property
    def frames(self) -> int: ...
    @property
    def rate(self) -> int: ...
    @property
    def channels(self) -> int: ...
    def push(self, samples: _Pcm, /) -> None: ...
    def loudness_series(self) -> dict[str, npt.NDArray[np.float64]]: ...
    def report(self) -> AudioReport: ...
    def reset(self) -> None: ...

def score_audio(
    samples: _Pcm, /, rate: int, channels: int | None = None, *, target_lufs: float = -14.0
) -> AudioReport: ...

# ---------------------------------------------------------------------------------------------
# Detector outputs (python/src/detect.rs): OCR text stability, face blinks and expression,
# subject appearance across shots. Boxes are [x0, y0, x1, y1] or a list of (x, y) corners.
# ---------------------------------------------------------------------------------------------

DETECT_DEFECT_KINDS: list[str]
SIGNATURE_BINS: int
HUE_BINS: int
TORSO_HALF_WIDTH: float
TORSO_HEIGHT: float
CHROMA_RINGS: int
NEUTRAL_CHROMA: float
NEW_COLOUR_FLOOR: float
NEW_COLOUR_SHARE: float
APPEARANCE_SHIFT_DISTANCE: float

_Box: TypeAlias = list[float] | tuple[float, float, float, float] | list[tuple[float, float]] | list[list[float]]
_OcrItem: TypeAlias = tuple[_Box, str, float]

@final
class DetectDefect:
    """One located detector defect (frames inclusive)."""

    def __new__(cls, kind: str, *, id: int, start: int, end: int, severity: float) -> DetectDefect: ...
    @property
    def kind(self) -> str: ...
    @property
    def id(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def severity(self) -> float: ...

@final
class TextTracker:
    """Streaming OCR-result scorer: ``push`` each frame's ``[(box, text, confidence), ...]``."""

    def __new__(cls) -> TextTracker: ...
    @property
    def frames(self) -> int: ...
    def push(self, items: list[_OcrItem], /) -> None: ...
    def report(self) -> dict[str, object]: ...

def score_text(frames: list[list[_OcrItem]], /) -> dict[str, object]: ...

@final
class FaceTracker:
    """Streaming scorer of one face track."""

    def __new__(cls, *, fps: float, id: int = 0) -> FaceTracker: ...
    def push(self, landmarks: npt.NDArray[np.floating], /) -> list[dict[str, float | bool]]: ...
    def push_blendshapes(self, scores: npt.NDArray[np.float32], /) -> None: ...
    def skip(self) -> None: ...
    def report(self) -> dict[str, object]: ...

def score_face(landmarks: npt.NDArray[np.floating], /, *, fps: float) -> dict[str, object]: ...
def chroma_signature(frame: npt.NDArray[np.uint8], bbox: _Box, /) -> npt.NDArray[np.float32]: ...
def torso_box(face: _Box, width: int, height: int, /) -> list[float] | None: ...

@final
class SubjectTracker:
    """Streaming subject-appearance scorer across shots."""

    def __new__(cls, *, within_shots: bool = True) -> SubjectTracker: ...
    @property
    def frames(self) -> int: ...
    def push(
        self,
        frame: npt.NDArray[np.uint8],
        subjects: list[tuple[int, _Box]],
        /,
        *,
        new_shot: bool = False,
        embeddings: list[npt.NDArray[np.float32]] | None = None,
    ) -> None: ...
    def push_signatures(self, subjects: list[tuple[int, npt.NDArray[np.float32]]], /, *, new_shot: bool = False) -> None: ...
    def report(self) -> list[DetectDefect]: ...

# Objects in flight: the paths behind the scorer's flight verdicts (python/src/flights.rs).
MAX_FLIGHT_PATHS: int
FLIGHT_PATH_POINTS: int
FLIGHT_VERDICTS: list[str]

# Who is in the shot across cuts, model-free (python/src/subjects.rs).
SALIENT_NEW_MIN: int
SALIENT_SAME_SCENE: float

def salient_shifts(scorer: ClipScorer) -> list[dict[str, Any]]: ...
def salient_compare(
    before_y: npt.NDArray[np.uint8],
    before_u: npt.NDArray[np.uint8],
    before_v: npt.NDArray[np.uint8],
    after_y: npt.NDArray[np.uint8],
    after_u: npt.NDArray[np.uint8],
    after_v: npt.NDArray[np.uint8],
    /,
) -> dict[str, Any] | None: ...
