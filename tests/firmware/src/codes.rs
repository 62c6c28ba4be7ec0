//! Record codes of the input tapes, shared by the writer (build.rs, `#[path]`-included) and
//! the reader (the firmware), so the two cannot drift apart.
//!
//! A tape is little-endian: `u8`, `u32`, `u64`, `f64` fields; a *name* is a `u8` length and
//! that many bytes; a *list* is a `u8` count and that many `f64`. A recipe is its kind, seed
//! (`u64`), width, height, amp (`u32` each), bits (`u8`), followed by its base recipe when the
//! kind is [`DISTORT`].
#![allow(dead_code)] // each side uses part of the table

/// Recipe kinds (tests/recipes.py).
pub const NOISE: u8 = 0;
pub const NOISE16: u8 = 1;
pub const SCENE: u8 = 2;
pub const DISTORT: u8 = 3;
pub const BLOCKY: u8 = 4;
pub const RGB_NOISE: u8 = 5;
pub const RGB_TINT: u8 = 6;

/// Engagement records: the lists each carries (in order) and the outputs the firmware prints.
pub const NORMAL_ISF: u8 = 0; // [q] → z
pub const TWO_SIDED: u8 = 1; // [confidence] → z
pub const WILSON: u8 = 2; // [successes, totals, z] → lower, upper
pub const WILSON_ZERO_TOTAL: u8 = 3; // [successes, totals, z] → lower (lower bound)
pub const BAYES: u8 = 4; // [mean, votes, prior_weight, prior_mean] → expected
pub const ADDITIVE: u8 = 5; // [count, total, alpha, categories] → expected
pub const STAR: u8 = 6; // [counts…], [z] → expected
pub const HOOK: u8 = 7; // [watch_times…], [t] → expected
pub const AREA: u8 = 8; // [times…], [retention…] → expected
pub const COMPLETION: u8 = 9; // [completions, views] → expected
pub const AVD: u8 = 10; // [total_watch_seconds, views, duration] → avd, fraction_viewed
pub const REWATCH: u8 = 11; // [views, unique_viewers] → expected
pub const ACTIONS: u8 = 12; // [predictions…], [weights…] → expected
pub const HOT: u8 = 13; // [ups, downs, date] → expected
pub const CONFIDENCE: u8 = 14; // [ups, downs] → expected
pub const HACKER_NEWS: u8 = 15; // [points, age_minutes, gravity, penalty] → expected
pub const EWM: u8 = 16; // [alpha], [series…] → ewma[j], trending_z[j], ewvar[j]
pub const HALF_LIFE: u8 = 17; // [age, half_life] → expected
pub const ELO: u8 = 18; // [ra, rb, score_a, k] → expected_a, expected_b
pub const GLICKO2: u8 = 19; // [rating, rd, volatility, tau], [ratings…], [rds…], [scores…] → expected[0..3]
pub const SPLITMIX64: u8 = 20; // [seed as f64 bits] → outputs[0..6] (decimal u64)
