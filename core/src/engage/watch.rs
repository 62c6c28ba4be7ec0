//! Watch time: completion rate, average view duration and fraction viewed, hook retention,
//! retention-curve area, rewatch ratio, and a duration-debiased watch score.
//!
//! Definitions (times in seconds):
//! * completion rate `= completions / views` (`0` when there are no views);
//! * average view duration `= total watch seconds / views` (`0` with no views); fraction viewed
//!   `= average view duration / clip duration` (YouTube's "average percentage viewed" / 100; it
//!   can exceed 1 when people loop the clip);
//! * hook retention at `t` `= share of views with watch time ≥ t` (e.g. the 3-second hook);
//! * retention-curve area: trapezoidal area under a sampled retention curve divided by its time
//!   span, i.e. the mean retention (`numpy.trapezoid(r, t) / (t[-1] − t[0])`);
//! * rewatch ratio `= views / unique viewers` (≥ 1; `0` when there are no views);
//! * duration-debiased watch score ([`WatchTimeDistribution`]): the percentile of a watch time
//!   among views of clips of similar duration — the duration-bucketed quantile label of D2Q
//!   (Zhan et al., "Deconfounding Duration Bias in Watch-time Prediction for Video
//!   Recommendation", KDD 2022), kept in fixed memory as one histogram per duration bucket.

use crate::error::{Error, Rule, check_len, check_range, finite_result};

fn check_count(name: &'static str, value: f64) -> Result<f64, Error> {
    check_range(name, value, 0.0, f64::MAX)
}

/// Completion rate `completions / views`, in `[0, 1]`; `views = 0` gives `0`.
///
/// Errors ([`Error::InvalidValue`]): negative or non-finite counts; `completions > views`.
pub fn completion_rate(completions: f64, views: f64) -> Result<f64, Error> {
    check_count("completions", completions)?;
    check_count("views", views)?;
    if completions > views {
        return Err(Error::invalid(
            "completions",
            completions,
            Rule::AtMost {
                other: "views",
                limit: views,
            },
        ));
    }
    Ok(if views > 0.0 {
        completions / views
    } else {
        0.0
    })
}

/// Average view duration `total_watch_seconds / views` in seconds; `views = 0` gives `0`.
///
/// Errors ([`Error::InvalidValue`]): negative or non-finite inputs.
pub fn average_view_duration(total_watch_seconds: f64, views: f64) -> Result<f64, Error> {
    check_count("total_watch_seconds", total_watch_seconds)?;
    check_count("views", views)?;
    finite_result(
        "average view duration (overflow)",
        if views > 0.0 {
            total_watch_seconds / views
        } else {
            0.0
        },
    )
}

/// Fraction of the clip viewed on average: `average_view_duration / duration_seconds`
/// (may exceed 1 with rewatches).
///
/// Errors ([`Error::InvalidValue`]): negative or non-finite average; `duration_seconds ≤ 0`.
pub fn fraction_viewed(average_view_duration: f64, duration_seconds: f64) -> Result<f64, Error> {
    check_count("average_view_duration", average_view_duration)?;
    if !(duration_seconds > 0.0 && duration_seconds <= f64::MAX) {
        return Err(Error::invalid(
            "duration_seconds",
            duration_seconds,
            Rule::POSITIVE,
        ));
    }
    finite_result(
        "fraction viewed (overflow)",
        average_view_duration / duration_seconds,
    )
}

/// Hook retention: the share of views whose watch time is at least `t` seconds, in `[0, 1]`.
///
/// Errors: [`Error::Empty`] (`watch_times`); [`Error::InvalidValue`] for a negative or
/// non-finite watch time or `t`.
pub fn hook_retention(watch_times: &[f64], t: f64) -> Result<f64, Error> {
    if watch_times.is_empty() {
        return Err(Error::Empty {
            name: "watch_times",
        });
    }
    check_count("t", t)?;
    let mut kept = 0usize;
    for (i, &w) in watch_times.iter().enumerate() {
        check_count("watch_times", w).map_err(|e| e.at(i))?;
        kept += usize::from(w >= t);
    }
    Ok(kept as f64 / watch_times.len() as f64)
}

/// Mean retention over a sampled retention curve: the trapezoidal area under `retention`
/// against `times`, divided by `times[last] − times[0]`.
///
/// Errors: [`Error::LengthMismatch`]; [`Error::Empty`] (`times`) with fewer than two points;
/// [`Error::InvalidValue`] if `times` is not strictly increasing and finite (`times`), their
/// span `times[last] − times[0]` overflows (`times span (overflow)`), a retention value is
/// negative or not finite (`retention`), or the area overflows.
pub fn retention_curve_area(times: &[f64], retention: &[f64]) -> Result<f64, Error> {
    if retention.len() != times.len() {
        return Err(Error::LengthMismatch {
            expected: times.len(),
            got: retention.len(),
        });
    }
    if times.len() < 2 {
        return Err(Error::Empty { name: "times" });
    }
    let mut area = 0.0;
    for (i, (t, r)) in times.windows(2).zip(retention.windows(2)).enumerate() {
        crate::error::check_finite("times", t[0]).map_err(|e| e.at(i))?;
        if !(t[1] > t[0] && t[1] <= f64::MAX) {
            return Err(Error::invalid("times", t[1], Rule::Text("strictly increasing")).at(i + 1));
        }
        check_count("retention", r[0]).map_err(|e| e.at(i))?;
        check_count("retention", r[1]).map_err(|e| e.at(i + 1))?;
        // Each step is at most the span, checked finite below before it divides.
        area += (t[1] - t[0]) * (r[0] * 0.5 + r[1] * 0.5);
    }
    // An infinite span would silently divide a finite area down to 0.
    let span = finite_result("times span (overflow)", times[times.len() - 1] - times[0])?;
    finite_result("retention curve area (overflow)", area / span)
}

/// Rewatch ratio `views / unique_viewers` (≥ 1); `views = 0` gives `0`.
///
/// Errors ([`Error::InvalidValue`]): negative or non-finite counts; `unique_viewers > views`
/// (`unique_viewers`); views without any viewer (`unique_viewers`).
pub fn rewatch_ratio(views: f64, unique_viewers: f64) -> Result<f64, Error> {
    check_count("views", views)?;
    check_count("unique_viewers", unique_viewers)?;
    if unique_viewers > views || (views > 0.0 && unique_viewers == 0.0) {
        return Err(Error::invalid(
            "unique_viewers",
            unique_viewers,
            if unique_viewers > views {
                Rule::AtMost {
                    other: "views",
                    limit: views,
                }
            } else {
                Rule::Text(">= 1 when views > 0 (views need at least one viewer)")
            },
        ));
    }
    finite_result(
        "rewatch ratio (overflow)",
        if views > 0.0 {
            views / unique_viewers
        } else {
            0.0
        },
    )
}

/// Fixed-memory, duration-bucketed distribution of watch times, for the duration-debiased
/// watch score (D2Q, Zhan et al. KDD 2022): a watch time is scored by its percentile among
/// views of clips in the same duration bucket, so long clips do not win on raw seconds.
///
/// Up to `MAX_BUCKETS` duration buckets with caller-chosen upper edges (the number is chosen
/// at run time, so one type serves every binding); bucket `b` holds durations in
/// `(edge[b−1], edge[b]]` (the first from 0; durations above the last edge go to the last
/// bucket). Each bucket keeps a histogram of `BINS` equal bins over watch times
/// `[0, edge[b]]`; a watch time beyond the bucket's edge (rewatches, or clips longer than the
/// last edge) counts in the top bin. Memory: `MAX_BUCKETS × (BINS + 2)` 8-byte words, all
/// `f64` or `u64` (so any bit pattern is a valid value; unused edges hold `+∞`).
///
/// [`Self::percentile`] interpolates linearly inside a bin, so its error against the exact
/// empirical percentile is at most the mass of one bin.
#[derive(Debug, Clone)]
pub struct WatchTimeDistribution<const MAX_BUCKETS: usize, const BINS: usize> {
    edges: [f64; MAX_BUCKETS],
    counts: [[u64; BINS]; MAX_BUCKETS],
    totals: [u64; MAX_BUCKETS],
}

impl<const MAX_BUCKETS: usize, const BINS: usize> WatchTimeDistribution<MAX_BUCKETS, BINS> {
    /// An empty distribution with the given duration bucket upper edges (seconds), 1 to
    /// `MAX_BUCKETS` of them.
    ///
    /// Errors: [`Error::Empty`] if `duration_edges` is empty (`duration_edges`) or `BINS` is 0
    /// (`bins`); [`Error::CapacityExceeded`] for more than `MAX_BUCKETS` edges;
    /// [`Error::InvalidValue`] (`duration_edges`) if the edges are not finite, positive and
    /// strictly increasing.
    pub fn new(duration_edges: &[f64]) -> Result<Self, Error> {
        if duration_edges.is_empty() {
            return Err(Error::Empty {
                name: "duration_edges",
            });
        }
        if duration_edges.len() > MAX_BUCKETS {
            return Err(Error::CapacityExceeded {
                capacity: MAX_BUCKETS,
            });
        }
        if BINS == 0 {
            return Err(Error::Empty { name: "bins" });
        }
        let mut prev = 0.0;
        for (i, &e) in duration_edges.iter().enumerate() {
            if !(e > prev && e <= f64::MAX) {
                let rule = Rule::Text("positive and strictly increasing");
                return Err(Error::invalid("duration_edges", e, rule).at(i));
            }
            prev = e;
        }
        let mut edges = [f64::INFINITY; MAX_BUCKETS];
        edges[..duration_edges.len()].copy_from_slice(duration_edges);
        Ok(Self {
            edges,
            counts: [[0; BINS]; MAX_BUCKETS],
            totals: [0; MAX_BUCKETS],
        })
    }

    /// Number of duration buckets (the number of edges given to [`Self::new`]).
    pub fn buckets(&self) -> usize {
        self.edges.iter().take_while(|e| e.is_finite()).count()
    }

    /// The duration bucket upper edges, seconds.
    pub fn duration_edges(&self) -> &[f64] {
        &self.edges[..self.buckets()]
    }

    /// The bucket index for a clip duration (`duration` must be finite and ≥ 0).
    pub fn bucket_of(&self, duration: f64) -> Result<usize, Error> {
        check_count("duration", duration)?;
        let last = self.buckets().saturating_sub(1);
        Ok(self.edges[..last]
            .iter()
            .position(|&e| duration <= e)
            .unwrap_or(last))
    }

    /// `(bin, fraction inside the bin)` of a watch time in bucket `b`.
    fn locate(&self, b: usize, watch: f64) -> (usize, f64) {
        let width = self.edges[b] / BINS as f64;
        // A subnormal edge can make the width underflow to 0 (then 0/0 would be NaN).
        let x = if width > 0.0 {
            watch / width
        } else {
            watch / self.edges[b] * BINS as f64
        };
        if x >= BINS as f64 || x.is_nan() {
            return (BINS - 1, 1.0);
        }
        let bin = x as usize; // x ≥ 0 and < BINS: truncation is floor
        (bin, x - bin as f64)
    }

    /// Records one view of a clip of `duration` seconds watched for `watch_time` seconds.
    ///
    /// Errors ([`Error::InvalidValue`]): negative or non-finite inputs.
    pub fn add(&mut self, duration: f64, watch_time: f64) -> Result<(), Error> {
        let b = self.bucket_of(duration)?;
        check_count("watch_time", watch_time)?;
        let (bin, _) = self.locate(b, watch_time);
        self.counts[b][bin] = self.counts[b][bin].saturating_add(1);
        self.totals[b] = self.totals[b].saturating_add(1);
        Ok(())
    }

    /// Records views `(durations[i], watch_times[i])` in order; on error the views before the
    /// offending one are recorded.
    ///
    /// Errors: [`Error::LengthMismatch`]; [`Error::InvalidValue`] as [`Self::add`], located
    /// at the view.
    pub fn add_slice(&mut self, durations: &[f64], watch_times: &[f64]) -> Result<(), Error> {
        check_len(durations.len(), watch_times.len())?;
        for (i, (&d, &w)) in durations.iter().zip(watch_times).enumerate() {
            self.add(d, w).map_err(|e| e.at(i))?;
        }
        Ok(())
    }

    /// The histograms: row `b` holds bucket `b`'s `BINS` counters (bin `k` counts watch times
    /// in `[k, k + 1) · edge[b] / BINS`; the top bin also the longer ones).
    ///
    /// With [`Self::add_counts`] this splits one distribution's work over many machines:
    /// distributions built on parts of a data set, their counts added together, are exactly
    /// the distribution of the whole (counters are integers; order does not matter).
    pub fn counts(&self) -> &[[u64; BINS]] {
        &self.counts[..self.buckets()]
    }

    /// Adds histogram counters, e.g. another distribution's [`Self::counts`] built with the
    /// same duration edges on another part of the data (saturating, as [`Self::add`]).
    ///
    /// Errors: [`Error::LengthMismatch`] unless `counts` has one row per bucket.
    pub fn add_counts(&mut self, counts: &[[u64; BINS]]) -> Result<(), Error> {
        check_len(self.buckets(), counts.len())?;
        for ((mine, theirs), total) in self.counts.iter_mut().zip(counts).zip(&mut self.totals) {
            for (m, &t) in mine.iter_mut().zip(theirs) {
                *m = m.saturating_add(t);
                *total = total.saturating_add(t);
            }
        }
        Ok(())
    }

    /// Number of views recorded in the bucket of `duration`.
    pub fn count(&self, duration: f64) -> Result<u64, Error> {
        Ok(self.totals[self.bucket_of(duration)?])
    }

    /// Duration-debiased watch score: the share (in `[0, 1]`) of recorded views in the same
    /// duration bucket that watched less than `watch_time`, interpolated linearly within its
    /// histogram bin.
    ///
    /// Errors: [`Error::InvalidValue`] for negative or non-finite inputs;
    /// [`Error::InvalidState`] if the bucket has no recorded views yet.
    pub fn percentile(&self, duration: f64, watch_time: f64) -> Result<f64, Error> {
        let b = self.bucket_of(duration)?;
        check_count("watch_time", watch_time)?;
        let total = self.totals[b];
        if total == 0 {
            return Err(Error::InvalidState {
                reason: "no views recorded in this duration bucket",
            });
        }
        let (bin, frac) = self.locate(b, watch_time);
        let below = self.counts[b][..bin]
            .iter()
            .fold(0u64, |acc, &c| acc.saturating_add(c));
        Ok((below as f64 + frac * self.counts[b][bin] as f64) / total as f64)
    }

    /// [`Self::percentile`] of many views: `out[i]` scores `(durations[i], watch_times[i])`.
    ///
    /// Errors: [`Error::LengthMismatch`]; the first error of [`Self::percentile`], located at
    /// its view when it is about the view's values.
    pub fn percentile_slice(
        &self,
        durations: &[f64],
        watch_times: &[f64],
        out: &mut [f64],
    ) -> Result<(), Error> {
        let columns = [durations, watch_times];
        super::columns::map(["duration", "watch_time"], columns, [out], |[d, w]| {
            Ok([self.percentile(d, w)?])
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn engage_watch_basics() {
        assert_eq!(completion_rate(0.0, 0.0).unwrap(), 0.0);
        assert!(completion_rate(5.0, 4.0).is_err());
        assert!(hook_retention(&[], 3.0).is_err());
        assert_eq!(hook_retention(&[1.0, 3.0, 5.0, 2.9], 3.0).unwrap(), 0.5);
        assert!(retention_curve_area(&[0.0, 0.0], &[1.0, 1.0]).is_err());
        assert!(rewatch_ratio(3.0, 0.0).is_err());
    }

    #[test]
    fn engage_watch_d2q_matches_exact_percentile() {
        let mut d = WatchTimeDistribution::<3, 200>::new(&[15.0, 60.0, 600.0]).unwrap();
        // Deterministic spread of watch times in bucket 1 (durations 15..60 s).
        let mut xs = [0.0f64; 1000];
        for (i, x) in xs.iter_mut().enumerate() {
            *x = ((i * 7919) % 1000) as f64 * 0.06;
            d.add(45.0, *x).unwrap();
        }
        for &w in &[0.0, 5.0, 17.3, 30.0, 59.9, 80.0] {
            let exact = xs.iter().filter(|&&x| x < w).count() as f64 / xs.len() as f64;
            let got = d.percentile(30.0, w).unwrap();
            assert!(
                (got - exact).abs() <= 1.0 / 200.0 + 1e-3,
                "{w}: {got} vs {exact}"
            );
        }
        assert!(d.percentile(5.0, 1.0).is_err());
        assert!(WatchTimeDistribution::<2, 4>::new(&[5.0, 5.0]).is_err());
    }

    #[test]
    fn engage_watch_d2q_parts_add_up_to_the_whole() {
        let edges = [10.0, 30.0, 120.0];
        let mut whole = WatchTimeDistribution::<3, 16>::new(&edges).unwrap();
        let mut parts = [whole.clone(), whole.clone()];
        for i in 0..500usize {
            let (d, w) = ((i * 37 % 150) as f64, (i * 53 % 140) as f64 * 0.9);
            whole.add(d, w).unwrap();
            parts[i % 2].add(d, w).unwrap();
        }
        let mut merged = WatchTimeDistribution::<3, 16>::new(&edges).unwrap();
        merged.add_counts(parts[1].counts()).unwrap();
        merged.add_counts(parts[0].counts()).unwrap();
        assert_eq!(merged.counts(), whole.counts());
        for d in [5.0, 20.0, 200.0] {
            assert_eq!(merged.count(d).unwrap(), whole.count(d).unwrap());
            for w in [0.0, 3.3, 29.0, 500.0] {
                assert_eq!(
                    merged.percentile(d, w).unwrap(),
                    whole.percentile(d, w).unwrap()
                );
            }
        }
    }

    #[test]
    fn engage_watch_d2q_fewer_buckets_than_room_act_as_an_exact_fit() {
        let edges = [10.0, 30.0];
        let mut roomy = WatchTimeDistribution::<8, 16>::new(&edges).unwrap();
        let mut exact = WatchTimeDistribution::<2, 16>::new(&edges).unwrap();
        let (ds, ws) = ([5.0, 25.0, 300.0, 30.0], [1.0, 20.0, 500.0, 7.5]);
        roomy.add_slice(&ds, &ws).unwrap();
        exact.add_slice(&ds, &ws).unwrap();
        assert_eq!((roomy.buckets(), roomy.duration_edges()), (2, &edges[..]));
        assert_eq!(roomy.counts(), exact.counts());
        for d in [0.0, 10.0, 10.5, 1e9] {
            assert_eq!(roomy.bucket_of(d).unwrap(), exact.bucket_of(d).unwrap());
            assert_eq!(roomy.count(d).unwrap(), exact.count(d).unwrap());
        }
        let mut out = [0.0; 4];
        roomy.percentile_slice(&ds, &ws, &mut out).unwrap();
        for (i, o) in out.iter().enumerate() {
            assert_eq!(*o, exact.percentile(ds[i], ws[i]).unwrap());
        }
        // The first bad view is located; the views before it were recorded.
        let e = roomy.add_slice(&[1.0, 2.0, -3.0], &[1.0; 3]).unwrap_err();
        let count = Rule::Range {
            lo: 0.0,
            hi: f64::MAX,
        };
        assert_eq!(e, Error::invalid("duration", -3.0, count).at(2));
        assert_eq!(roomy.count(1.0).unwrap(), 3);
        let e = roomy.percentile_slice(&[1.0, 2.0], &[1.0, -1.0], &mut out[..2]);
        assert_eq!(
            e.unwrap_err(),
            Error::invalid("watch_time", -1.0, count).at(1)
        );
        let nine = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0];
        let full = WatchTimeDistribution::<8, 16>::new(&nine);
        assert_eq!(full.unwrap_err(), Error::CapacityExceeded { capacity: 8 });
        let none = WatchTimeDistribution::<8, 16>::new(&[]);
        assert_eq!(
            none.unwrap_err(),
            Error::Empty {
                name: "duration_edges"
            }
        );
        assert!(roomy.add_counts(exact.counts()).is_ok());
        assert!(roomy.add_counts(&exact.counts()[..1]).is_err());
    }
}
