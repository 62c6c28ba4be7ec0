//! Engagement scoring: confidence-aware rates, watch time, decay, pairwise ratings and ranking.
//!
//! One file per formula family, each opening with its formulas, sources and edge cases:
//!
//! - [`normal`]: inverse normal (AS 241), `confidence → z`;
//! - [`rates`]: Wilson bounds (scalar and a vectorising slice path), Bayesian average,
//!   additive smoothing, star-rating sort;
//! - [`watch`]: completion, view duration, hook retention, retention area, rewatch ratio and
//!   the duration-debiased (D2Q) watch percentile;
//! - [`actions`]: action-weighted scores with twitter's negative-total handling and the X recap
//!   preset;
//! - [`decay`]: half-life decay, Reddit hot and confidence, Hacker News rank, EWMA, trending
//!   z-score;
//! - [`pairwise`]: Elo, Glicko-2, Bradley–Terry (fit, Arena scale, win probability, bootstrap)
//!   and the next pair to ask about;
//! - [`ranking`]: deterministic top-k, MMR, author-diversity decay;
//! - [`prng`]: the seeded SplitMix64 generator the bootstrap uses;
//! - [`columns`]: element-wise formulas over columns, the one loop of every array form;
//! - [`surface`]: the table of formulas the C and Python bindings expose.
//!
//! Everything is re-exported here, so `reelscore::engage::wilson_lower_bound` works.
//! Expected values live in `tests/vectors/engagement.json`, produced from independent oracles
//! by `tests/gen_engagement_vectors.py`.

pub mod actions;
pub mod columns;
pub mod decay;
pub mod normal;
pub mod pairwise;
pub mod prng;
pub mod ranking;
pub mod rates;
pub mod surface;
pub mod watch;

pub use actions::*;
pub use decay::*;
pub use normal::*;
pub use pairwise::*;
pub use prng::*;
pub use ranking::*;
pub use rates::*;
pub use watch::*;
