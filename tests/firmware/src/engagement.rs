//! The engagement formulas, one tape record per vector case (codes and lists in `codes.rs`);
//! each output line is the record's JSON path plus the output's key.

use crate::Must;
use crate::codes;
use crate::out::Out;
use crate::tape::Tape;
use reelscore::engage::*;

/// Longest list a record carries (hook retention's watch times: 40).
const MAX_LIST: usize = 64;

/// Starts the line `engagement:<path>.<key>`.
fn name<'o>(o: &'o mut Out, path: &[u8], key: &str) -> &'o mut Out {
    o.s("engagement:").b(path).s(".").s(key)
}

/// Starts the line `engagement:<path>.<key>[j]`.
fn item<'o>(o: &'o mut Out, path: &[u8], key: &str, j: usize) -> &'o mut Out {
    name(o, path, key).s("[").u(j as u64).s("]")
}

#[inline(never)] // its own symbol, so `nm --size-sort` attributes flash per section
pub fn run(o: &mut Out, t: &mut Tape<'_>) {
    let mut lists = [[0.0f64; MAX_LIST]; 4];
    for _ in 0..t.u32() {
        let code = t.u8();
        let path = t.name();
        let mut lens = [0usize; 4];
        let k = usize::from(t.u8());
        assert!(k <= lists.len(), "too many lists in a record");
        for j in 0..k {
            lens[j] = t.list(&mut lists[j]);
        }
        let [l0, l1, l2, l3] = &lists;
        let (a, b, c, d) = (
            &l0[..lens[0]],
            &l1[..lens[1]],
            &l2[..lens[2]],
            &l3[..lens[3]],
        );
        // Scalars of the first list (zero where a record carries fewer).
        let x = |i: usize| a.get(i).copied().unwrap_or(0.0);
        match code {
            codes::NORMAL_ISF => name(o, path, "z").value(normal_isf(x(0))),
            codes::TWO_SIDED => name(o, path, "z").value(z_for_confidence(x(0))),
            codes::WILSON => {
                let r = wilson_interval(x(0), x(1), x(2));
                name(o, path, "lower").value(r.map(|r| r.0));
                name(o, path, "upper").value(r.map(|r| r.1));
            }
            codes::WILSON_ZERO_TOTAL => {
                name(o, path, "lower").value(wilson_lower_bound(x(0), x(1), x(2)))
            }
            codes::BAYES => {
                let r = bayesian_average(x(0), x(1), x(2), x(3));
                name(o, path, "expected").value(r)
            }
            codes::ADDITIVE => {
                let r = additive_smoothing(x(0), x(1), x(2), x(3));
                name(o, path, "expected").value(r)
            }
            codes::STAR => name(o, path, "expected").value(star_rating_sort(a, b[0])),
            codes::HOOK => name(o, path, "expected").value(hook_retention(a, b[0])),
            codes::AREA => name(o, path, "expected").value(retention_curve_area(a, b)),
            codes::COMPLETION => name(o, path, "expected").value(completion_rate(x(0), x(1))),
            codes::AVD => {
                let avd = average_view_duration(x(0), x(1));
                name(o, path, "avd").value(avd);
                let f = avd.and_then(|v| fraction_viewed(v, x(2)));
                name(o, path, "fraction_viewed").value(f);
            }
            codes::REWATCH => name(o, path, "expected").value(rewatch_ratio(x(0), x(1))),
            codes::ACTIONS => name(o, path, "expected").value(weighted_scores_sum(a, b)),
            codes::HOT => name(o, path, "expected").value(reddit_hot(x(0), x(1), x(2))),
            codes::CONFIDENCE => name(o, path, "expected").value(reddit_confidence(x(0), x(1))),
            codes::HACKER_NEWS => {
                let r = hacker_news_rank(x(0), x(1), x(2), x(3));
                name(o, path, "expected").value(r)
            }
            codes::EWM => ewm(o, path, x(0), b),
            codes::HALF_LIFE => name(o, path, "expected").value(half_life_decay(x(0), x(1))),
            codes::ELO => {
                let r = elo_update(x(0), x(1), x(2), x(3));
                name(o, path, "expected_a").value(r.map(|r| r.0));
                name(o, path, "expected_b").value(r.map(|r| r.1));
            }
            codes::GLICKO2 => {
                let player = Glicko2Rating {
                    rating: x(0),
                    rd: x(1),
                    volatility: x(2),
                };
                let r = glicko2_update(player, b, c, d, x(3));
                let parts = [
                    r.map(|r| r.rating),
                    r.map(|r| r.rd),
                    r.map(|r| r.volatility),
                ];
                for (j, v) in parts.into_iter().enumerate() {
                    item(o, path, "expected", j).value(v);
                }
            }
            codes::SPLITMIX64 => {
                let mut g = SplitMix64::new(x(0).to_bits());
                for j in 0..6 {
                    item(o, path, "outputs", j).s(" ").u(g.next_u64()).end();
                }
            }
            _ => panic!("unknown engagement record on the tape"),
        }
    }
}

/// EWMA, trending z (slices) and the streaming EW variance of one series.
fn ewm(o: &mut Out, path: &[u8], alpha: f64, xs: &[f64]) {
    let mut out = [0.0; MAX_LIST];
    let out = &mut out[..xs.len()];
    let ok = ewma_slice(xs, alpha, out);
    for (j, &v) in out.iter().enumerate() {
        item(o, path, "ewma", j).value(ok.map(|()| v));
    }
    let ok = trending_z_slice(xs, alpha, out);
    for (j, &v) in out.iter().enumerate() {
        item(o, path, "trending_z", j).value(ok.map(|()| v));
    }
    let mut tz = TrendingZ::new(alpha).must();
    for (j, &x) in xs.iter().enumerate() {
        let r = tz.update(x).map(|_| tz.variance().unwrap_or(f64::NAN));
        item(o, path, "ewvar", j).value(r);
    }
}
