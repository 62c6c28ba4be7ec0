//! Ranking: deterministic top-k, MMR diversity re-ranking and author-diversity decay.
//!
//! * **Top-k**: the `k` highest scores, ties broken by the smaller id (then the smaller index),
//!   so the same input always gives the same order; NaN scores are refused.
//! * **MMR** (J. Carbonell & J. Goldstein, "The use of MMR, diversity-based reranking for
//!   reordering documents and producing summaries", SIGIR 1998), in exactly the form of
//!   LangChain's `maximal_marginal_relevance`: the first pick is the item most similar to the
//!   query; then each step adds the unpicked item maximising
//!   `λ·cos(query, item) − (1 − λ)·max over picked cos(item, picked)`; ties go to the lower
//!   index; a zero-norm vector has cosine similarity 0 with everything.
//! * **Author diversity** (as in twitter/the-algorithm's `AuthorBasedListwiseRescoringProvider`
//!   and x-algorithm's author-diversity scorer): the `k`-th item (0-based) of the same author in
//!   rank order gets the multiplier `(1 − floor)·decay^k + floor`; with decay 0.5 and floor 0.25
//!   that is 1, 0.625, 0.4375, 0.34375, 0.296875, …

use crate::error::{Error, Rule, check_finite, check_range};

/// `true` when item `a` ranks before item `b`.
fn before(sa: f64, ia: u64, xa: usize, sb: f64, ib: u64, xb: usize) -> bool {
    sa > sb || (sa == sb && (ia < ib || (ia == ib && xa < xb)))
}

/// Deterministic top-k: writes the indices of the `min(k, n)` best items to
/// `out[..min(k, n)]` (`k = out.len()`), best first, and returns how many were written.
/// Order: score descending, then `ids` ascending (the index when `ids` is `None`), then index.
///
/// Cost `O(n log k)` comparisons plus `O(k)` moves per item entering the top `k`.
///
/// Errors: [`Error::LengthMismatch`] if `ids` is given with a length other than `scores`';
/// [`Error::InvalidValue`] (`scores`) for a NaN score (±∞ are allowed and ordered).
pub fn top_k(scores: &[f64], ids: Option<&[u64]>, out: &mut [usize]) -> Result<usize, Error> {
    if let Some(ids) = ids
        && ids.len() != scores.len()
    {
        return Err(Error::LengthMismatch {
            expected: scores.len(),
            got: ids.len(),
        });
    }
    let id = |i: usize| ids.map_or(i as u64, |ids| ids[i]);
    let k = out.len();
    let mut len = 0usize;
    for (i, &s) in scores.iter().enumerate() {
        if s.is_nan() {
            return Err(Error::invalid("scores", s, Rule::Text("a number (not NaN)")).at(i));
        }
        if k == 0 {
            continue;
        }
        let idi = id(i);
        if len == k {
            let last = out[k - 1];
            if !before(s, idi, i, scores[last], id(last), last) {
                continue;
            }
        }
        // First position whose item ranks after i.
        let pos = out[..len].partition_point(|&x| before(scores[x], id(x), x, s, idi, i));
        let end = if len < k { len } else { k - 1 };
        out.copy_within(pos..end, pos + 1);
        out[pos] = i;
        if len < k {
            len += 1;
        }
    }
    Ok(len)
}

/// Scratch length [`mmr`] needs for `n` candidates: `2n` (saturating at `usize::MAX`, a
/// length no slice has, so absurd sizes are refused rather than wrapped).
pub const fn mmr_scratch_len(n: usize) -> usize {
    n.saturating_mul(2)
}

fn cosine(a: &[f64], b: &[f64], norm_a: f64, norm_b: f64) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let s = dot / (norm_a * norm_b);
    if s.is_finite() { s } else { 0.0 }
}

fn norm(a: &[f64]) -> f64 {
    libm::sqrt(a.iter().map(|x| x * x).sum())
}

/// Maximal marginal relevance (see the module doc): picks `min(k, n)` of the `n` candidate
/// embeddings (row-major `n × d` in `embeddings`, `d = query.len()`) with trade-off
/// `lambda ∈ [0, 1]` (1 = relevance only), writes their indices in pick order to `out`
/// (`k = out.len()`) and returns how many were written.
///
/// Cost `O(k·n·d)`.
///
/// Errors: [`Error::Empty`] (`query`) for `d = 0`; [`Error::LengthMismatch`] if
/// `embeddings.len()` is not a multiple of `d` or `scratch` is shorter than
/// [`mmr_scratch_len`]; [`Error::InvalidValue`] for a non-finite component (`query`,
/// `embeddings`) or `lambda` outside `[0, 1]`.
pub fn mmr(
    query: &[f64],
    embeddings: &[f64],
    lambda: f64,
    scratch: &mut [f64],
    out: &mut [usize],
) -> Result<usize, Error> {
    let d = query.len();
    if d == 0 {
        return Err(Error::Empty { name: "query" });
    }
    if !embeddings.len().is_multiple_of(d) {
        let expected = embeddings.len() / d * d;
        return Err(Error::LengthMismatch {
            expected,
            got: embeddings.len(),
        });
    }
    let n = embeddings.len() / d;
    if scratch.len() < mmr_scratch_len(n) {
        return Err(Error::LengthMismatch {
            expected: mmr_scratch_len(n),
            got: scratch.len(),
        });
    }
    check_range("lambda", lambda, 0.0, 1.0)?;
    for (i, &x) in query.iter().enumerate() {
        check_finite("query", x).map_err(|e| e.at(i))?;
    }
    for (i, &x) in embeddings.iter().enumerate() {
        check_finite("embeddings", x).map_err(|e| e.at(i))?;
    }
    let k = out.len().min(n);
    if k == 0 {
        return Ok(0);
    }
    let (to_query, redundancy) = scratch[..2 * n].split_at_mut(n);
    let qn = norm(query);
    for (sim, row) in to_query.iter_mut().zip(embeddings.chunks_exact(d)) {
        *sim = cosine(row, query, norm(row), qn);
    }
    // First maximum, as numpy.argmax.
    let mut first = 0;
    for (i, &s) in to_query.iter().enumerate() {
        if s > to_query[first] {
            first = i;
        }
    }
    // `redundancy[i]` = max cosine to the picked items; +∞ marks a picked item.
    redundancy.fill(f64::NEG_INFINITY);
    let mut picked = first;
    out[0] = first;
    for slot in out.iter_mut().take(k).skip(1) {
        let prow = &embeddings[picked * d..(picked + 1) * d];
        let pn = norm(prow);
        redundancy[picked] = f64::INFINITY;
        let mut best = f64::NEG_INFINITY;
        let mut best_i = usize::MAX;
        for (i, row) in embeddings.chunks_exact(d).enumerate() {
            if redundancy[i] == f64::INFINITY {
                continue;
            }
            let c = cosine(row, prow, norm(row), pn);
            if c > redundancy[i] {
                redundancy[i] = c;
            }
            let score = lambda * to_query[i] - (1.0 - lambda) * redundancy[i];
            if score > best {
                best = score;
                best_i = i;
            }
        }
        if best_i == usize::MAX {
            return Err(Error::InvalidState {
                reason: "mmr found no candidate",
            });
        }
        *slot = best_i;
        picked = best_i;
    }
    Ok(k)
}

/// Author-diversity multiplier of the `k`-th (0-based) item by the same author:
/// `(1 − floor)·decay^k + floor`, in `[floor, 1]`.
///
/// Errors ([`Error::InvalidValue`]): `decay` or `floor` outside `[0, 1]`.
pub fn author_diversity_multiplier(k: usize, decay: f64, floor: f64) -> Result<f64, Error> {
    check_range("decay", decay, 0.0, 1.0)?;
    check_range("floor", floor, 0.0, 1.0)?;
    let e = i32::try_from(k).unwrap_or(i32::MAX);
    Ok((1.0 - floor) * libm::pow(decay, f64::from(e)) + floor)
}

/// Largest `k` [`author_diversity_multiplier_f64`] accepts (`10¹⁸`, below `2⁶³`).
const MAX_K: f64 = 1e18;

/// [`author_diversity_multiplier`] of a `k` given as a float (the element type of the
/// bindings' arrays).
///
/// Errors ([`Error::InvalidValue`]): `k` not a whole number in `[0, 10¹⁸]` (`k`); `decay` or
/// `floor` outside `[0, 1]`.
pub fn author_diversity_multiplier_f64(k: f64, decay: f64, floor: f64) -> Result<f64, Error> {
    if !((0.0..=MAX_K).contains(&k) && libm::trunc(k) == k) {
        return Err(Error::invalid("k", k, Rule::Whole { lo: 0.0, hi: MAX_K }));
    }
    author_diversity_multiplier(k as usize, decay, floor)
}

/// Author-diversity multipliers for a list already in rank order: `out[i]` is
/// [`author_diversity_multiplier`] with `k` = the number of earlier items by `authors[i]`.
/// Multiply scores by these and re-sort to spread authors out.
///
/// Cost `O(n²)` in the worst case (meant for a page of candidates, not millions).
///
/// Errors: [`Error::LengthMismatch`]; [`Error::InvalidValue`] as
/// [`author_diversity_multiplier`].
pub fn author_diversity_multipliers(
    authors: &[u64],
    decay: f64,
    floor: f64,
    out: &mut [f64],
) -> Result<(), Error> {
    if out.len() != authors.len() {
        return Err(Error::LengthMismatch {
            expected: authors.len(),
            got: out.len(),
        });
    }
    check_range("decay", decay, 0.0, 1.0)?;
    check_range("floor", floor, 0.0, 1.0)?;
    for (i, o) in out.iter_mut().enumerate() {
        let a = authors[i];
        let k = authors[..i].iter().filter(|&&x| x == a).count();
        *o = author_diversity_multiplier(k, decay, floor).map_err(|e| e.at(i))?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn engage_ranking_top_k_ties_and_nan() {
        let mut out = [0usize; 3];
        let n = top_k(&[1.0, 3.0, 3.0, 2.0], Some(&[9, 5, 4, 1]), &mut out).unwrap();
        assert_eq!((n, out), (3, [2, 1, 3]));
        assert!(top_k(&[1.0, f64::NAN], None, &mut out).is_err());
        let mut big = [0usize; 10];
        assert_eq!(top_k(&[0.5, 0.7], None, &mut big).unwrap(), 2);
        assert_eq!(&big[..2], &[1, 0]);
    }

    #[test]
    fn engage_ranking_author_diversity_issue_values() {
        let want = [1.0, 0.625, 0.4375, 0.34375, 0.296875];
        for (k, w) in want.iter().enumerate() {
            assert_eq!(author_diversity_multiplier(k, 0.5, 0.25).unwrap(), *w);
        }
    }

    #[test]
    fn engage_ranking_author_diversity_of_float_counts() {
        assert_eq!(
            author_diversity_multiplier_f64(2.0, 0.5, 0.25).unwrap(),
            0.4375
        );
        for bad in [1.5, -1.0, f64::NAN, 2e18] {
            let e = author_diversity_multiplier_f64(bad, 0.5, 0.25).unwrap_err();
            assert!(matches!(e, Error::InvalidValue { name: "k", .. }), "{bad}");
        }
    }
}
