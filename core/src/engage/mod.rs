//! Engagement scoring: confidence-aware rates, watch time, decay, pairwise ratings and ranking.
