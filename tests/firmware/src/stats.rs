//! The eleven frame statistics as named values, for the frame-metric and clip lines.

use reelscore::metrics::FrameStats;

/// The statistics' names (the vector files' keys), in [`values`] order.
pub const NAMES: [&str; 11] = [
    "sharpness",
    "tenengrad",
    "mean",
    "p10",
    "p90",
    "black_fraction",
    "white_fraction",
    "rms_contrast",
    "noise_sigma",
    "blockiness",
    "entropy",
];

pub fn values(s: &FrameStats) -> [f64; 11] {
    [
        s.sharpness,
        s.tenengrad,
        s.mean,
        s.p10,
        s.p90,
        s.black_fraction,
        s.white_fraction,
        s.rms_contrast,
        s.noise_sigma,
        s.blockiness,
        s.entropy,
    ]
}
