/* C conformance tests for the engagement API: every vector of the shared engagement file
 * through the C ABI (with the file's tolerances), plus bad-input handling.
 * Usage: test_engage tests/vectors/engagement.json
 * Prints one line per failure and a closing "N passed, N failed". */
#include "reelscore.h"
#include "check.h"
#include "vectors.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


typedef struct {
    double abs, rel;
} tol;

static const cJSON *at(const cJSON *obj, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) {
        fprintf(stderr, "missing key %s\n", key);
        exit(2);
    }
    return v;
}

static double num(const cJSON *obj, const char *key) { return at(obj, key)->valuedouble; }

static tol tol_of(const cJSON *t) {
    tol r;
    r.abs = num(t, "abs");
    r.rel = num(t, "rel");
    return r;
}

static int close_to(double got, double want, tol t) {
    return fabs(got - want) <= t.abs + t.rel * fabs(want);
}

/* A JSON array of numbers as a malloc'd double array (NULL-safe: at least one element). */
static double *doubles(const cJSON *arr, size_t *len) {
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
    double *out = (double *)malloc((n ? n : 1) * sizeof(double));
    const cJSON *v;
    cJSON_ArrayForEach(v, arr) out[i++] = v->valuedouble;
    *len = n;
    return out;
}

/* A JSON array of rows as one row-major double array. */
static double *matrix(const cJSON *rows, size_t *n_rows, size_t *n_cols) {
    size_t r = (size_t)cJSON_GetArraySize(rows), c = 0, i = 0;
    double *out;
    const cJSON *row, *v;
    if (r) c = (size_t)cJSON_GetArraySize(cJSON_GetArrayItem(rows, 0));
    out = (double *)malloc((r * c > 0 ? r * c : 1) * sizeof(double));
    cJSON_ArrayForEach(row, rows) cJSON_ArrayForEach(v, row) out[i++] = v->valuedouble;
    *n_rows = r;
    *n_cols = c;
    return out;
}

#define CLOSE(st, got, want, t, ...) \
    CHECK((st) == REEL_STATUS_OK && close_to((got), (want), (t)), __VA_ARGS__)

/* ---------------------------------------------------------------------------------- */

static void test_normal(const cJSON *g) {
    tol t = tol_of(at(g, "tolerance"));
    const cJSON *c;
    double v = 0;
    reel_status st;
    cJSON_ArrayForEach(c, at(g, "isf")) {
        st = reel_normal_isf(num(c, "q"), &v);
        CLOSE(st, v, num(c, "z"), t, "normal isf(%g): status %u got %.17g want %.17g", num(c, "q"), st, v, num(c, "z"));
        if (num(c, "q") < 1.0 && num(c, "q") > 0.0) {
            st = reel_normal_ppf(num(c, "q"), &v);
            CLOSE(st, -v, num(c, "z"), t, "normal ppf(%g) = -isf: status %u got %.17g", num(c, "q"), st, -v);
        }
    }
    cJSON_ArrayForEach(c, at(g, "two_sided")) {
        st = reel_z_for_confidence(num(c, "confidence"), &v);
        CLOSE(st, v, num(c, "z"), t, "z_for_confidence(%g): status %u got %.17g", num(c, "confidence"), st, v);
    }
}

static void test_wilson(const cJSON *g) {
    tol t = tol_of(at(g, "tolerance"));
    const cJSON *cases = at(g, "cases"), *c, *zt = at(g, "zero_total");
    size_t n = (size_t)cJSON_GetArraySize(cases), i, j, m;
    double *s = (double *)malloc(n * sizeof(double)), *tot = (double *)malloc(n * sizeof(double));
    double *z = (double *)malloc(n * sizeof(double)), *lo_w = (double *)malloc(n * sizeof(double));
    double *hi_w = (double *)malloc(n * sizeof(double)), *lb = (double *)malloc(n * sizeof(double));
    double *lo = (double *)malloc(n * sizeof(double)), *hi = (double *)malloc(n * sizeof(double));
    double *gs = (double *)malloc(n * sizeof(double)), *gt = (double *)malloc(n * sizeof(double));
    size_t *idx = (size_t *)malloc(n * sizeof(size_t));
    char *done = (char *)calloc(n, 1);
    double v = 0, u = 0;
    reel_status st;
    i = 0;
    cJSON_ArrayForEach(c, cases) {
        s[i] = num(c, "successes");
        tot[i] = num(c, "totals");
        z[i] = num(c, "z");
        lo_w[i] = num(c, "lower");
        hi_w[i] = num(c, "upper");
        st = reel_wilson_lower_bound(s[i], tot[i], z[i], &v);
        CLOSE(st, v, lo_w[i], t, "wilson lower %g/%g z %g: status %u got %.17g want %.17g", s[i], tot[i], z[i], st, v, lo_w[i]);
        st = reel_wilson_interval(s[i], tot[i], z[i], &v, &u);
        CLOSE(st, v, lo_w[i], t, "wilson interval lower %g/%g", s[i], tot[i]);
        CLOSE(st, u, hi_w[i], t, "wilson interval upper %g/%g: got %.17g want %.17g", s[i], tot[i], u, hi_w[i]);
        i++;
    }
    /* The array entry points, once per distinct z over all rows sharing it. */
    for (i = 0; i < n; i++) {
        if (done[i]) continue;
        for (m = 0, j = i; j < n; j++)
            if (!done[j] && z[j] == z[i]) {
                done[j] = 1;
                idx[m] = j;
                gs[m] = s[j];
                gt[m] = tot[j];
                m++;
            }
        st = reel_wilson_lower_bound_array(gs, gt, m, z[i], lb);
        CHECK(st == REEL_STATUS_OK, "wilson array z %g status %u", z[i], st);
        st = reel_wilson_interval_array(gs, gt, m, z[i], lo, hi);
        CHECK(st == REEL_STATUS_OK, "wilson interval array z %g status %u", z[i], st);
        for (j = 0; j < m; j++) {
            CHECK(close_to(lb[j], lo_w[idx[j]], t) && lb[j] == lo[j], "wilson array row %zu", idx[j]);
            CHECK(close_to(hi[j], hi_w[idx[j]], t), "wilson interval array row %zu", idx[j]);
        }
    }
    st = reel_wilson_lower_bound(num(zt, "successes"), num(zt, "totals"), num(zt, "z"), &v);
    CHECK(st == REEL_STATUS_OK && v == num(zt, "lower"), "wilson zero total gives %g", v);
    st = reel_wilson_interval(0, 0, REEL_Z_95, &v, &u);
    CHECK(st == REEL_STATUS_OK && v == 0.0 && u == 1.0, "wilson interval zero total (0, 1)");
    free(s);
    free(tot);
    free(z);
    free(lo_w);
    free(hi_w);
    free(lb);
    free(lo);
    free(hi);
    free(gs);
    free(gt);
    free(idx);
    free(done);
}

static void test_rates(const cJSON *doc) {
    const cJSON *g = at(doc, "bayesian_average"), *c;
    tol t = tol_of(at(g, "tolerance"));
    double v = 0, m, vo;
    reel_status st;
    cJSON_ArrayForEach(c, at(g, "cases")) {
        st = reel_bayesian_average(num(c, "mean"), num(c, "votes"), num(c, "prior_weight"), num(c, "prior_mean"), &v);
        CLOSE(st, v, num(c, "expected"), t, "bayesian average: status %u got %.17g want %.17g", st, v, num(c, "expected"));
        m = num(c, "mean");
        vo = num(c, "votes");
        st = reel_bayesian_average_array(&m, &vo, 1, num(c, "prior_weight"), num(c, "prior_mean"), &v);
        CLOSE(st, v, num(c, "expected"), t, "bayesian average array");
    }
    g = at(doc, "additive_smoothing");
    t = tol_of(at(g, "tolerance"));
    cJSON_ArrayForEach(c, at(g, "cases")) {
        double cnt = num(c, "count"), tot = num(c, "total");
        st = reel_additive_smoothing(cnt, tot, num(c, "alpha"), num(c, "categories"), &v);
        CLOSE(st, v, num(c, "expected"), t, "additive smoothing: status %u got %.17g", st, v);
        st = reel_additive_smoothing_array(&cnt, &tot, 1, num(c, "alpha"), num(c, "categories"), &v);
        CLOSE(st, v, num(c, "expected"), t, "additive smoothing array");
    }
    g = at(doc, "star_rating");
    t = tol_of(at(g, "tolerance"));
    cJSON_ArrayForEach(c, at(g, "cases")) {
        size_t n;
        double *counts = doubles(at(c, "counts_high_to_low"), &n);
        st = reel_star_rating_sort(counts, n, num(c, "z"), &v);
        CLOSE(st, v, num(c, "expected"), t, "star rating: status %u got %.17g want %.17g", st, v, num(c, "expected"));
        free(counts);
    }
}

static void test_watch(const cJSON *g) {
    tol t = tol_of(at(g, "tolerance"));
    const cJSON *c;
    double v = 0, a, b;
    reel_status st;
    cJSON_ArrayForEach(c, at(g, "hook_retention")) {
        size_t n;
        double *w = doubles(at(c, "watch_times"), &n);
        st = reel_hook_retention(w, n, num(c, "t"), &v);
        CLOSE(st, v, num(c, "expected"), t, "hook retention t=%g: status %u got %.17g", num(c, "t"), st, v);
        free(w);
    }
    cJSON_ArrayForEach(c, at(g, "retention_area")) {
        size_t n, m;
        double *ti = doubles(at(c, "times"), &n), *r = doubles(at(c, "retention"), &m);
        st = reel_retention_curve_area(ti, r, n, &v);
        CLOSE(st, v, num(c, "expected"), t, "retention area: status %u got %.17g", st, v);
        free(ti);
        free(r);
    }
    cJSON_ArrayForEach(c, at(g, "completion_rate")) {
        a = num(c, "completions");
        b = num(c, "views");
        st = reel_completion_rate(a, b, &v);
        CLOSE(st, v, num(c, "expected"), t, "completion rate");
        st = reel_completion_rate_array(&a, &b, 1, &v);
        CLOSE(st, v, num(c, "expected"), t, "completion rate array");
    }
    cJSON_ArrayForEach(c, at(g, "average_view_duration")) {
        double avd = 0;
        a = num(c, "total_watch_seconds");
        b = num(c, "views");
        st = reel_average_view_duration(a, b, &avd);
        CLOSE(st, avd, num(c, "avd"), t, "average view duration");
        st = reel_average_view_duration_array(&a, &b, 1, &v);
        CLOSE(st, v, num(c, "avd"), t, "average view duration array");
        b = num(c, "duration_seconds");
        st = reel_fraction_viewed(avd, b, &v);
        CLOSE(st, v, num(c, "fraction_viewed"), t, "fraction viewed");
        st = reel_fraction_viewed_array(&avd, &b, 1, &v);
        CLOSE(st, v, num(c, "fraction_viewed"), t, "fraction viewed array");
    }
    cJSON_ArrayForEach(c, at(g, "rewatch_ratio")) {
        a = num(c, "views");
        b = num(c, "unique_viewers");
        st = reel_rewatch_ratio(a, b, &v);
        CLOSE(st, v, num(c, "expected"), t, "rewatch ratio");
        st = reel_rewatch_ratio_array(&a, &b, 1, &v);
        CLOSE(st, v, num(c, "expected"), t, "rewatch ratio array");
    }
}

static void test_actions(const cJSON *g) {
    tol t = tol_of(at(g, "tolerance"));
    const cJSON *c, *names = at(g, "x_preset_names");
    size_t n, i, rows = (size_t)cJSON_GetArraySize(at(g, "cases")), r = 0;
    double *pw = doubles(at(g, "x_preset_weights"), &n), w10[REEL_X_RECAP_ACTIONS], v = 0;
    double *all = (double *)malloc(rows * REEL_X_RECAP_ACTIONS * sizeof(double));
    double *scores = (double *)malloc(rows * sizeof(double));
    reel_status st;
    int preset_rows = 1;
    CHECK(n == REEL_X_RECAP_ACTIONS, "preset length %zu", n);
    CHECK(reel_x_recap_weights(w10, REEL_X_RECAP_ACTIONS) == REEL_STATUS_OK, "x recap weights");
    for (i = 0; i < n && i < REEL_X_RECAP_ACTIONS; i++) {
        CHECK(w10[i] == pw[i], "x recap weight %zu: %g vs %g", i, w10[i], pw[i]);
        CHECK(strcmp(reel_x_recap_action_name(i), cJSON_GetArrayItem(names, (int)i)->valuestring) == 0,
              "x recap name %zu", i);
    }
    CHECK(reel_x_recap_action_name(REEL_X_RECAP_ACTIONS) == NULL, "name past the end is NULL");
    CHECK(w10[0] == REEL_X_RECAP_WEIGHT_FAV && w10[9] == REEL_X_RECAP_WEIGHT_REPORT, "named weights");
    cJSON_ArrayForEach(c, at(g, "cases")) {
        size_t k, kw;
        double *p = doubles(at(c, "predictions"), &k), *w = doubles(at(c, "weights"), &kw);
        st = reel_weighted_scores_sum(p, w, k, &v);
        CLOSE(st, v, num(c, "expected"), t, "weighted scores sum: status %u got %.17g want %.17g", st, v, num(c, "expected"));
        if (k == REEL_X_RECAP_ACTIONS && memcmp(w, w10, sizeof w10) == 0)
            memcpy(all + r * REEL_X_RECAP_ACTIONS, p, sizeof w10);
        else
            preset_rows = 0;
        r++;
        free(p);
        free(w);
    }
    if (preset_rows) {
        st = reel_weighted_scores_sum_rows(all, rows, w10, REEL_X_RECAP_ACTIONS, scores);
        r = 0;
        cJSON_ArrayForEach(c, at(g, "cases")) {
            CLOSE(st, scores[r], num(c, "expected"), t, "weighted rows %zu", r);
            r++;
        }
    } else {
        /* Mixed weights: check the rows entry point on the preset cases one by one. */
        r = 0;
        cJSON_ArrayForEach(c, at(g, "cases")) {
            size_t k, kw;
            double *p = doubles(at(c, "predictions"), &k), *w = doubles(at(c, "weights"), &kw);
            st = reel_weighted_scores_sum_rows(p, 1, w, k, &v);
            CLOSE(st, v, num(c, "expected"), t, "weighted rows case %zu", r);
            r++;
            free(p);
            free(w);
        }
    }
    free(pw);
    free(all);
    free(scores);
}

static void test_decay(const cJSON *g) {
    const cJSON *grp, *c;
    tol t;
    double v = 0, a, b, d;
    reel_status st;
    grp = at(g, "hot");
    t = tol_of(at(grp, "tolerance"));
    cJSON_ArrayForEach(c, at(grp, "cases")) {
        a = num(c, "ups");
        b = num(c, "downs");
        d = num(c, "date");
        st = reel_reddit_hot(a, b, d, &v);
        CLOSE(st, v, num(c, "expected"), t, "reddit hot(%g, %g, %.17g): status %u got %.17g want %.17g", a, b, d, st, v, num(c, "expected"));
        st = reel_reddit_hot_array(&a, &b, &d, 1, &v);
        CLOSE(st, v, num(c, "expected"), t, "reddit hot array");
    }
    grp = at(g, "confidence");
    t = tol_of(at(grp, "tolerance"));
    cJSON_ArrayForEach(c, at(grp, "cases")) {
        a = num(c, "ups");
        b = num(c, "downs");
        st = reel_reddit_confidence(a, b, &v);
        CLOSE(st, v, num(c, "expected"), t, "reddit confidence(%g, %g): got %.17g", a, b, v);
        st = reel_reddit_confidence_array(&a, &b, 1, &v);
        CLOSE(st, v, num(c, "expected"), t, "reddit confidence array");
    }
    grp = at(g, "hacker_news");
    t = tol_of(at(grp, "tolerance"));
    cJSON_ArrayForEach(c, at(grp, "cases")) {
        a = num(c, "points");
        b = num(c, "age_minutes");
        st = reel_hacker_news_rank(a, b, num(c, "gravity"), num(c, "penalty"), &v);
        CLOSE(st, v, num(c, "expected"), t, "hacker news(%g, %g): got %.17g", a, b, v);
        if (num(c, "penalty") == 1.0) {
            st = reel_hacker_news_rank_array(&a, &b, 1, num(c, "gravity"), &v);
            CLOSE(st, v, num(c, "expected"), t, "hacker news array");
        }
    }
    grp = at(g, "ewm");
    t = tol_of(at(grp, "tolerance"));
    cJSON_ArrayForEach(c, at(grp, "cases")) {
        size_t n, i, m;
        double *xs = doubles(at(c, "series"), &n), *out = (double *)malloc(n * sizeof(double));
        const char *keys[3] = {"ewma", "ewvar", "trending_z"};
        int k;
        for (k = 0; k < 3; k++) {
            double *want = doubles(at(c, keys[k]), &m);
            if (k == 0) st = reel_ewma_array(xs, n, num(c, "alpha"), out);
            else if (k == 1) st = reel_ewm_variance_array(xs, n, num(c, "alpha"), out);
            else st = reel_trending_z_array(xs, n, num(c, "alpha"), out);
            CHECK(st == REEL_STATUS_OK && m == n, "%s status %u", keys[k], st);
            for (i = 0; i < n && i < m; i++)
                CHECK(close_to(out[i], want[i], t), "%s alpha %g [%zu]: got %.17g want %.17g", keys[k], num(c, "alpha"), i, out[i], want[i]);
            free(want);
        }
        free(xs);
        free(out);
    }
    grp = at(g, "half_life");
    t = tol_of(at(grp, "tolerance"));
    cJSON_ArrayForEach(c, at(grp, "cases")) {
        double one = 1.0;
        a = num(c, "age");
        st = reel_half_life_decay(a, num(c, "half_life"), &v);
        CLOSE(st, v, num(c, "expected"), t, "half-life decay(%g): got %.17g", a, v);
        st = reel_half_life_decay_array(&one, &a, 1, num(c, "half_life"), &v);
        CLOSE(st, v, num(c, "expected"), t, "half-life decay array");
    }
}

static void test_pairwise(const cJSON *g) {
    const cJSON *grp, *c;
    tol t;
    double v = 0, u = 0;
    reel_status st;
    grp = at(g, "elo");
    t = tol_of(at(grp, "tolerance"));
    cJSON_ArrayForEach(c, at(grp, "cases")) {
        st = reel_elo_update(num(c, "ra"), num(c, "rb"), num(c, "score_a"), num(c, "k"), &v, &u);
        CLOSE(st, v, num(c, "expected_a"), t, "elo a: got %.17g want %.17g", v, num(c, "expected_a"));
        CLOSE(st, u, num(c, "expected_b"), t, "elo b: got %.17g want %.17g", u, num(c, "expected_b"));
    }
    st = reel_elo_expected(1500, 1500, &v);
    CHECK(st == REEL_STATUS_OK && v == 0.5, "elo expected of equals is 0.5");
    grp = at(g, "glicko2");
    t = tol_of(at(grp, "tolerance"));
    cJSON_ArrayForEach(c, at(grp, "cases")) {
        size_t m, cols, j;
        double *opp = matrix(at(c, "opponents"), &m, &cols);
        double r[8], rd[8], sc[8];
        ReelGlicko2Rating p, out;
        const cJSON *e = at(c, "expected");
        p.rating = num(c, "rating");
        p.rd = num(c, "rd");
        p.volatility = num(c, "volatility");
        for (j = 0; j < m && j < 8; j++) {
            r[j] = opp[j * cols];
            rd[j] = opp[j * cols + 1];
            sc[j] = opp[j * cols + 2];
        }
        st = reel_glicko2_update(&p, r, rd, sc, m, num(c, "tau"), &out);
        CLOSE(st, out.rating, cJSON_GetArrayItem(e, 0)->valuedouble, t, "glicko2 r': status %u got %.17g", st, out.rating);
        CLOSE(st, out.rd, cJSON_GetArrayItem(e, 1)->valuedouble, t, "glicko2 RD': got %.17g", out.rd);
        CLOSE(st, out.volatility, cJSON_GetArrayItem(e, 2)->valuedouble, t, "glicko2 sigma': got %.17g", out.volatility);
        free(opp);
    }
    grp = at(g, "bradley_terry");
    cJSON_ArrayForEach(c, at(grp, "cases")) {
        tol tt = tol_of(at(grp, "tolerance_theta")), ta = tol_of(at(grp, "tolerance_arena"));
        tol tp = tol_of(at(grp, "tolerance_probability"));
        size_t n = (size_t)num(c, "n"), r, cols, i, j, it = 0, m;
        double *wins = matrix(at(c, "wins"), &r, &cols);
        double *want = doubles(at(c, "theta"), &m);
        double *theta = (double *)malloc(n * sizeof(double)), *arena = (double *)malloc(n * sizeof(double));
        size_t sl = reel_bradley_terry_scratch_len(n);
        double *scratch = (double *)malloc(sl * sizeof(double));
        const cJSON *arena_want = at(c, "arena"), *pw = at(c, "win_probability");
        ReelBradleyTerryOptions o;
        reel_bradley_terry_default_options(&o);
        o.alpha = num(c, "alpha");
        st = reel_bradley_terry_fit(n, wins, &o, scratch, sl, theta, &it);
        CHECK(st == REEL_STATUS_OK && it > 0, "bt fit n=%zu status %u", n, st);
        for (i = 0; i < n; i++) CHECK(close_to(theta[i], want[i], tt), "bt theta[%zu]: got %.17g want %.17g", i, theta[i], want[i]);
        st = reel_bradley_terry_fit(n, wins, &o, NULL, 0, theta, &it);
        CHECK(st == REEL_STATUS_OK, "bt fit with library scratch");
        st = reel_arena_rating_array(theta, n, arena);
        for (i = 0; i < n; i++) {
            CLOSE(st, arena[i], cJSON_GetArrayItem(arena_want, (int)i)->valuedouble, ta, "bt arena[%zu]", i);
            CHECK(reel_arena_rating(theta[i], &v) == REEL_STATUS_OK && v == arena[i], "arena scalar");
        }
        for (i = 0; i < n; i++)
            for (j = 0; j < n; j++) {
                st = reel_bradley_terry_win_probability(theta[i], theta[j], &v);
                CLOSE(st, v, cJSON_GetArrayItem(cJSON_GetArrayItem(pw, (int)i), (int)j)->valuedouble, tp, "bt P(%zu beats %zu)", i, j);
            }
        {
            size_t a = 99, b = 99;
            double *lo = (double *)malloc(n * sizeof(double)), *hi = (double *)malloc(n * sizeof(double));
            double *lo2 = (double *)malloc(n * sizeof(double)), *hi2 = (double *)malloc(n * sizeof(double));
            ReelBradleyTerryOptions ob = o;
            if (ob.alpha == 0.0) ob.alpha = REEL_BT_DEFAULT_ALPHA; /* resamples may lose every win */
            st = reel_bradley_terry_next_pair(n, theta, wins, REEL_PAIR_MOST_UNCERTAIN, &a, &b);
            CHECK(st == REEL_STATUS_OK && a < b && b < n, "next pair (%zu, %zu) status %u", a, b, st);
            st = reel_bradley_terry_next_pair(n, theta, wins, REEL_PAIR_CHALLENGE_LEADER, &a, &b);
            CHECK(st == REEL_STATUS_OK && a < b && b < n, "next pair vs leader (%zu, %zu)", a, b);
            st = reel_bradley_terry_bootstrap(n, wins, theta, &ob, 50, 7, 0.9, NULL, 0, lo, hi);
            CHECK(st == REEL_STATUS_OK, "bootstrap status %u", st);
            sl = reel_bradley_terry_bootstrap_scratch_len(n, 50);
            free(scratch);
            scratch = (double *)malloc(sl * sizeof(double));
            st = reel_bradley_terry_bootstrap(n, wins, theta, &ob, 50, 7, 0.9, scratch, sl, lo2, hi2);
            for (i = 0; i < n; i++) {
                CHECK(st == REEL_STATUS_OK && lo[i] == lo2[i] && hi[i] == hi2[i], "bootstrap is seeded [%zu]", i);
                CHECK(lo[i] <= hi[i], "bootstrap interval ordered [%zu]", i);
            }
            free(lo);
            free(hi);
            free(lo2);
            free(hi2);
        }
        free(wins);
        free(want);
        free(theta);
        free(arena);
        free(scratch);
    }
}

static void test_ranking(const cJSON *g) {
    const cJSON *grp, *c;
    reel_status st;
    grp = at(g, "top_k");
    cJSON_ArrayForEach(c, at(grp, "cases")) {
        size_t n, m, i, k = (size_t)num(c, "k"), got = 0;
        double *s = doubles(at(c, "scores"), &n), *idd = doubles(at(c, "ids"), &m);
        double *want = doubles(at(c, "expected_indices"), &m);
        uint64_t *ids = (uint64_t *)malloc(n * sizeof(uint64_t));
        size_t *out = (size_t *)malloc((k ? k : 1) * sizeof(size_t));
        for (i = 0; i < n; i++) ids[i] = (uint64_t)idd[i];
        st = reel_top_k(s, ids, n, out, k, &got);
        CHECK(st == REEL_STATUS_OK && got == m, "top_k k=%zu: status %u wrote %zu", k, st, got);
        for (i = 0; i < got && i < m; i++) CHECK(out[i] == (size_t)want[i], "top_k k=%zu [%zu]: %zu vs %g", k, i, out[i], want[i]);
        free(s);
        free(idd);
        free(want);
        free(ids);
        free(out);
    }
    grp = at(g, "mmr");
    cJSON_ArrayForEach(c, at(grp, "cases")) {
        size_t d, n, cols, m, i, k = (size_t)num(c, "k"), got = 0;
        double *q = doubles(at(c, "query"), &d), *e = matrix(at(c, "embeddings"), &n, &cols);
        double *want = doubles(at(c, "expected_indices"), &m);
        size_t *out = (size_t *)malloc(k * sizeof(size_t));
        size_t sl = reel_mmr_scratch_len(n);
        double *scratch = (double *)malloc(sl * sizeof(double));
        st = reel_mmr(q, d, e, n, num(c, "lambda"), scratch, sl, out, k, &got);
        CHECK(st == REEL_STATUS_OK && got == m, "mmr lambda %g: status %u wrote %zu", num(c, "lambda"), st, got);
        for (i = 0; i < got && i < m; i++) CHECK(out[i] == (size_t)want[i], "mmr lambda %g [%zu]: %zu vs %g", num(c, "lambda"), i, out[i], want[i]);
        st = reel_mmr(q, d, e, n, num(c, "lambda"), NULL, 0, out, k, &got);
        CHECK(st == REEL_STATUS_OK && out[0] == (size_t)want[0], "mmr with library scratch");
        st = reel_mmr(q, d, e, n, num(c, "lambda"), scratch, sl - 1, out, k, &got);
        CHECK(st == REEL_STATUS_BUFFER_TOO_SHORT, "mmr short scratch gave %u", st);
        free(q);
        free(e);
        free(want);
        free(out);
        free(scratch);
    }
    grp = at(g, "author_diversity");
    {
        tol t = tol_of(at(grp, "tolerance"));
        size_t n, m, i;
        double *mult = doubles(at(grp, "multipliers_k0_to_4"), &m);
        double *a = doubles(at(grp, "authors"), &n), *want = doubles(at(grp, "expected"), &m);
        uint64_t *authors = (uint64_t *)malloc(n * sizeof(uint64_t));
        double *out = (double *)malloc(n * sizeof(double)), v = 0;
        for (i = 0; i < 5; i++) {
            st = reel_author_diversity_multiplier(i, num(grp, "decay"), num(grp, "floor"), &v);
            CLOSE(st, v, mult[i], t, "author multiplier k=%zu", i);
        }
        for (i = 0; i < n; i++) authors[i] = (uint64_t)a[i];
        st = reel_author_diversity_multipliers(authors, n, num(grp, "decay"), num(grp, "floor"), out);
        for (i = 0; i < n; i++) CLOSE(st, out[i], want[i], t, "author multipliers [%zu]", i);
        free(mult);
        free(a);
        free(want);
        free(authors);
        free(out);
    }
}

static void test_splitmix(const cJSON *g) {
    const cJSON *c, *o;
    cJSON_ArrayForEach(c, at(g, "cases")) {
        uint64_t seed = strtoull(at(c, "seed")->valuestring, NULL, 10), out[16];
        size_t n = (size_t)cJSON_GetArraySize(at(c, "outputs")), i = 0;
        reel_status st = reel_splitmix64_fill(seed, out, n);
        CHECK(st == REEL_STATUS_OK && n <= 16, "splitmix64 status %u", st);
        cJSON_ArrayForEach(o, at(c, "outputs")) {
            CHECK(out[i] == strtoull(o->valuestring, NULL, 10), "splitmix64 seed %s [%zu]", at(c, "seed")->valuestring, i);
            i++;
        }
    }
}

/* ------------------------------------------------------------------------ d2q watch */

static void test_watch_distribution(void) {
    static ReelWatchDistribution dist; /* caller-allocated, no heap */
    ReelWatchDistribution *heap = NULL, garbage;
    double edges[3] = {15.0, 60.0, 600.0}, nine[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, v = -1;
    double durs[1000], watch[1000], pct[3], dq[3] = {30, 30, 30}, wq[3] = {0, 30, 80};
    uint64_t count = 0;
    size_t i;
    reel_status st;
    CHECK(reel_watch_distribution_init(&dist, edges, 3) == REEL_STATUS_OK, "d2q init");
    st = reel_watch_distribution_percentile(&dist, 30, 10, &v);
    CHECK(st == REEL_STATUS_INVALID_STATE && v == -1, "empty bucket refused: %u", st);
    for (i = 0; i < 1000; i++) {
        durs[i] = 45.0;
        watch[i] = (double)((i * 7919) % 1000) * 0.06; /* 0 .. 59.94 s, evenly */
    }
    CHECK(reel_watch_distribution_add_array(&dist, durs, watch, 1000) == REEL_STATUS_OK, "d2q add array");
    CHECK(reel_watch_distribution_add(&dist, 300, 100) == REEL_STATUS_OK, "d2q add");
    CHECK(reel_watch_distribution_count(&dist, 20, &count) == REEL_STATUS_OK && count == 1000, "d2q count %llu", (unsigned long long)count);
    st = reel_watch_distribution_percentile(&dist, 30, 30, &v);
    CHECK(st == REEL_STATUS_OK && fabs(v - 0.5) <= 1.0 / REEL_D2Q_BINS + 1e-3, "d2q median %g", v);
    st = reel_watch_distribution_percentile_array(&dist, dq, wq, 3, pct);
    CHECK(st == REEL_STATUS_OK && pct[0] == 0.0 && pct[2] == 1.0 && pct[1] == v, "d2q array %g %g %g", pct[0], pct[1], pct[2]);
    CHECK(reel_watch_distribution_add(&dist, -1, 3) == REEL_STATUS_INVALID_VALUE, "negative duration");
    CHECK(reel_watch_distribution_add(&dist, 3, NAN) == REEL_STATUS_INVALID_VALUE, "NaN watch time");
    CHECK(reel_watch_distribution_init(&dist, nine, 9) == REEL_STATUS_CAPACITY_EXCEEDED, "9 buckets exceed capacity");
    CHECK(reel_watch_distribution_init(&dist, edges, 0) == REEL_STATUS_EMPTY_INPUT, "0 buckets");
    edges[1] = 10.0;
    CHECK(reel_watch_distribution_init(&dist, edges, 3) == REEL_STATUS_INVALID_VALUE, "edges not increasing");
    edges[1] = 60.0;
    memset(&garbage, 0x5A, sizeof garbage);
    CHECK(reel_watch_distribution_add(&garbage, 3, 1) == REEL_STATUS_INVALID_STATE, "uninitialised struct refused");
    CHECK(reel_watch_distribution_add(NULL, 3, 1) == REEL_STATUS_NULL_POINTER, "NULL dist");
    CHECK(reel_watch_distribution_new(edges, 3, &heap) == REEL_STATUS_OK && heap != NULL, "d2q new");
    CHECK(reel_watch_distribution_add(heap, 10, 5) == REEL_STATUS_OK, "heap add");
    CHECK(reel_watch_distribution_percentile(heap, 10, 15, &v) == REEL_STATUS_OK && v == 1.0, "heap percentile %g", v);
    reel_watch_distribution_free(heap);
    reel_watch_distribution_free(NULL);
    heap = NULL;
    CHECK(reel_watch_distribution_new(nine, 9, &heap) == REEL_STATUS_CAPACITY_EXCEEDED && heap == NULL, "new over capacity");
}

/* ------------------------------------------------------------------------ bad input */

static void bad_inputs(void) {
    double v = -1.0, u = -1.0, s[3] = {1, 2, 3}, n[3] = {2, 2, 2}, o[3];
    double lo3[3], nan = NAN, wins[9] = {0, 7, 8, 3, 0, 6, 2, 4, 0}, theta[3], scratch[64];
    size_t it = 0, a = 0, b = 0, out[4], got = 0;
    uint64_t ids[2] = {1, 2};
    ReelBradleyTerryOptions opt;
    ReelGlicko2Rating p = {1500, 200, 0.06}, pr;
    reel_bradley_terry_default_options(&opt);
    /* NULLs */
    CHECK(reel_wilson_lower_bound(1, 2, REEL_Z_95, NULL) == REEL_STATUS_NULL_POINTER, "NULL out");
    CHECK(reel_wilson_lower_bound_array(NULL, n, 3, REEL_Z_95, o) == REEL_STATUS_NULL_POINTER, "NULL array");
    CHECK(reel_wilson_lower_bound_array(s, n, 0, REEL_Z_95, NULL) == REEL_STATUS_NULL_POINTER, "NULL even when empty");
    CHECK(reel_wilson_interval(1, 2, REEL_Z_95, &v, NULL) == REEL_STATUS_NULL_POINTER && v == -1.0, "NULL upper, lower untouched");
    CHECK(reel_glicko2_update(NULL, s, n, s, 1, 0.5, &pr) == REEL_STATUS_NULL_POINTER, "NULL player");
    CHECK(reel_bradley_terry_fit(3, wins, NULL, NULL, 0, theta, &it) == REEL_STATUS_NULL_POINTER, "NULL options");
    CHECK(reel_bradley_terry_next_pair(3, theta, wins, 0, NULL, &b) == REEL_STATUS_NULL_POINTER, "NULL pair out");
    /* negative counts, likes > views, NaN */
    CHECK(reel_wilson_lower_bound(-1, 2, REEL_Z_95, &v) == REEL_STATUS_INVALID_VALUE && v == -1.0, "negative successes; out untouched");
    CHECK(reel_wilson_lower_bound(3, 2, REEL_Z_95, &v) == REEL_STATUS_INVALID_VALUE, "successes > totals");
    CHECK(reel_wilson_lower_bound(nan, 2, REEL_Z_95, &v) == REEL_STATUS_INVALID_VALUE, "NaN successes");
    CHECK(reel_wilson_lower_bound(1, 2, nan, &v) == REEL_STATUS_INVALID_VALUE, "NaN z");
    CHECK(reel_wilson_lower_bound_array(s, n, 3, REEL_Z_95, o) == REEL_STATUS_INVALID_VALUE, "array: 3 likes of 2 views");
    s[2] = nan;
    CHECK(reel_wilson_lower_bound_array(s, n, 3, REEL_Z_95, o) == REEL_STATUS_INVALID_VALUE, "array: NaN");
    CHECK(reel_wilson_interval_array(s, n, 3, REEL_Z_95, o, lo3) == REEL_STATUS_INVALID_VALUE, "interval array NaN");
    s[2] = 3;
    CHECK(reel_completion_rate(5, 4, &v) == REEL_STATUS_INVALID_VALUE, "completions > views");
    CHECK(reel_completion_rate_array(s, n, 3, o) == REEL_STATUS_INVALID_VALUE, "completions > views array");
    CHECK(reel_rewatch_ratio(3, 0, &v) == REEL_STATUS_INVALID_VALUE, "views without viewers");
    CHECK(reel_average_view_duration(-5, 2, &v) == REEL_STATUS_INVALID_VALUE, "negative watch time");
    CHECK(reel_fraction_viewed(5, 0, &v) == REEL_STATUS_INVALID_VALUE, "zero duration");
    CHECK(reel_bayesian_average(4, -1, 10, 3, &v) == REEL_STATUS_INVALID_VALUE, "negative votes");
    CHECK(reel_additive_smoothing(3, 2, 1, 2, &v) == REEL_STATUS_INVALID_VALUE, "count > total");
    CHECK(reel_reddit_hot(1.5, 0, 0, &v) == REEL_STATUS_INVALID_VALUE, "fractional ups");
    CHECK(reel_reddit_confidence(-1, 0, &v) == REEL_STATUS_INVALID_VALUE, "negative ups");
    CHECK(reel_hacker_news_rank(10, -1, REEL_HN_GRAVITY, 1, &v) == REEL_STATUS_INVALID_VALUE, "negative age");
    CHECK(reel_half_life_decay(1, 0, &v) == REEL_STATUS_INVALID_VALUE, "zero half-life");
    CHECK(reel_ewma_array(n, 3, 0.0, o) == REEL_STATUS_INVALID_VALUE, "alpha 0");
    CHECK(reel_trending_z_array(s, 3, 1.5, o) == REEL_STATUS_INVALID_VALUE, "alpha > 1");
    CHECK(reel_elo_update(1500, nan, 1, 32, &v, &u) == REEL_STATUS_INVALID_VALUE, "NaN rating");
    CHECK(reel_elo_update(1500, 1500, 2, 32, &v, &u) == REEL_STATUS_INVALID_VALUE, "score 2");
    p.rd = -1;
    CHECK(reel_glicko2_update(&p, s, n, n, 1, 0.5, &pr) == REEL_STATUS_INVALID_VALUE, "negative RD");
    p.rd = 200;
    CHECK(reel_glicko2_update(&p, s, n, n, 1, 0.5, &pr) == REEL_STATUS_INVALID_VALUE, "score 2");
    CHECK(reel_glicko2_update(&p, s, n, s, 1, -0.5, &pr) == REEL_STATUS_INVALID_VALUE, "negative tau");
    CHECK(reel_arena_rating(nan, &v) == REEL_STATUS_INVALID_VALUE, "NaN theta");
    CHECK(reel_bradley_terry_win_probability(0, INFINITY, &v) == REEL_STATUS_INVALID_VALUE, "infinite theta");
    wins[1] = -7;
    CHECK(reel_bradley_terry_fit(3, wins, &opt, NULL, 0, theta, &it) == REEL_STATUS_INVALID_VALUE, "negative wins");
    wins[1] = 7;
    wins[3] = 0; /* item 0 undefeated: the MLE does not exist with alpha = 0 */
    wins[6] = 0;
    CHECK(reel_bradley_terry_fit(3, wins, &opt, NULL, 0, theta, &it) == REEL_STATUS_INVALID_VALUE, "undefeated item with alpha 0");
    opt.alpha = REEL_BT_DEFAULT_ALPHA;
    CHECK(reel_bradley_terry_fit(3, wins, &opt, NULL, 0, theta, &it) == REEL_STATUS_OK && theta[0] > theta[1], "undefeated item with alpha > 0");
    CHECK(reel_top_k(s, NULL, 0, out, 4, &got) == REEL_STATUS_OK && got == 0, "top_k of nothing");
    s[1] = nan;
    CHECK(reel_top_k(s, NULL, 3, out, 2, &got) == REEL_STATUS_INVALID_VALUE, "top_k NaN");
    s[1] = 2;
    /* empty */
    CHECK(reel_star_rating_sort(s, 0, 1.65, &v) == REEL_STATUS_EMPTY_INPUT, "no star levels");
    CHECK(reel_hook_retention(s, 0, 3, &v) == REEL_STATUS_EMPTY_INPUT, "no views");
    CHECK(reel_retention_curve_area(s, n, 1, &v) == REEL_STATUS_EMPTY_INPUT, "one retention point");
    CHECK(reel_weighted_scores_sum_rows(s, 1, n, 0, o) == REEL_STATUS_EMPTY_INPUT, "no actions");
    CHECK(reel_bradley_terry_fit(0, wins, &opt, NULL, 0, theta, &it) == REEL_STATUS_EMPTY_INPUT, "no items");
    CHECK(reel_bradley_terry_next_pair(1, theta, wins, 0, &a, &b) == REEL_STATUS_EMPTY_INPUT, "one item");
    CHECK(reel_mmr(s, 0, n, 3, 0.5, NULL, 0, out, 2, &got) == REEL_STATUS_EMPTY_INPUT, "mmr empty query");
    CHECK(reel_bradley_terry_bootstrap(3, wins, theta, &opt, 0, 1, 0.9, NULL, 0, o, lo3) == REEL_STATUS_EMPTY_INPUT, "0 replicates");
    /* Mismatched lengths cannot be expressed: paired arrays share one length argument and
     * matrices are sized from their dimensions. What remains is a bad shape of values. */
    n[1] = 1;
    CHECK(reel_retention_curve_area(n, s, 3, &v) == REEL_STATUS_INVALID_VALUE, "times not increasing");
    n[1] = 2;
    CHECK(reel_top_k(s, ids, 2, out, 2, &got) == REEL_STATUS_OK && got == 2 && out[0] == 1, "top_k with ids");
    CHECK(reel_bradley_terry_bootstrap(3, wins, theta, &opt, 2, 1, 1.5, NULL, 0, o, lo3) == REEL_STATUS_INVALID_VALUE, "confidence 1.5");
    /* capacity and scratch */
    CHECK(reel_bradley_terry_fit(3, wins, &opt, scratch, 8, theta, &it) == REEL_STATUS_BUFFER_TOO_SHORT, "short fit scratch");
    CHECK(reel_bradley_terry_fit((size_t)1 << 40, wins, &opt, NULL, 0, theta, &it) == REEL_STATUS_CAPACITY_EXCEEDED, "n*n overflows");
    CHECK(reel_x_recap_weights(o, 3) == REEL_STATUS_BUFFER_TOO_SHORT, "x recap weights need 10");
    /* bad enum */
    CHECK(reel_bradley_terry_next_pair(3, theta, wins, 7, &a, &b) == REEL_STATUS_INVALID_ENUM, "bad strategy");
    /* vote counting */
    {
        size_t w[2] = {0, 3}, l[2] = {1, 0};
        double m[9] = {0};
        CHECK(reel_bradley_terry_count_votes(3, w, l, 1, m) == REEL_STATUS_OK && m[1] == 1.0, "count votes");
        CHECK(reel_bradley_terry_count_votes(3, w, l, 2, m) == REEL_STATUS_INVALID_VALUE, "vote index out of range");
        l[0] = 0;
        CHECK(reel_bradley_terry_count_votes(3, w, l, 1, m) == REEL_STATUS_INVALID_VALUE, "self vote");
    }
}

int main(int argc, char **argv) {
    cJSON *doc = load_vectors(argc, argv, "engagement.json");
    test_normal(at(doc, "normal"));
    test_wilson(at(doc, "wilson"));
    test_rates(doc);
    test_watch(at(doc, "watch"));
    test_actions(at(doc, "actions"));
    test_decay(at(doc, "decay"));
    test_pairwise(at(doc, "pairwise"));
    test_ranking(at(doc, "ranking"));
    test_splitmix(at(doc, "splitmix64"));
    test_watch_distribution();
    bad_inputs();
    cJSON_Delete(doc);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
