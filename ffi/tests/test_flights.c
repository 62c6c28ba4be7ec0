/* Objects in flight through the C ABI: a bright 8 x 8 ball on a still, smoothly textured
 * 192 x 128 frame (working copy 96 x 64, factor 2; the texture holds the camera's translation
 * estimate at zero, which a ball alone on flat grey would drag along) follows a known path at
 * 30 fps. Thrown (x moves 4 px a
 * frame, gravity 0.2 px/frame^2 down, 1.4 frame heights/s^2) the scorer reports one plausible
 * flight; accelerating upward as fast, a flight that falls upward, behind an impossible_motion
 * defect on its frames. The difference of two frames shows the ball at both places, so the
 * tracker sees it midway between its centres in frames i - 1 and i: every returned point must
 * lie within TOL pixels of that analytic midpoint (the ball is drawn on the working grid,
 * rounded to it: at most one working pixel, 2 frame pixels, away). Then the errors: NULL
 * pointers, an index beyond the count, a buffer one point short. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "reelscore.h"

enum { W = 192, H = 128, F = 2, FRAMES = 36, BALL = 8 };
static const double TOL = 2.0, PI = 3.14159265358979323846;

typedef void (*path_fn)(double i, double *x, double *y);

/* The paths in working pixels (the core's own flight tests): thrown, and falling upward. */
static void thrown(double i, double *x, double *y) { *x = 8 + 2 * i; *y = 50 - 2 * i + 0.05 * i * i; }
static void upward(double i, double *x, double *y) { *x = 8 + 2 * i; *y = 20 + 1.5 * i - 0.05 * i * i; }

/* The ball's top-left corner in frame pixels at frame i: on the working grid. */
static void corner(path_fn p, int i, int *x0, int *y0) {
    double x, y;
    p(i, &x, &y);
    *x0 = F * (int)lround(x);
    *y0 = F * (int)lround(y);
}

/* The analytic midpoint of the ball's centres (unrounded) in frames i - 1 and i, frame pixels. */
static void midpoint(path_fn p, int i, double *mx, double *my) {
    double xa, ya, xb, yb;
    p(i - 1, &xa, &ya);
    p(i, &xb, &yb);
    *mx = F * (xa + xb) / 2 + (BALL - 1) / 2.0;
    *my = F * (ya + yb) / 2 + (BALL - 1) / 2.0;
}

static ReelClipScorer *score(path_fn p, ReelClipSummary *sum) {
    static uint8_t frame[W * H];
    ReelPlane pl = {frame, W, H, W};
    ReelClipScorer *s = NULL;
    int f, x, y, x0, y0;
    CHECK(reel_clip_scorer_new(W, H, 30.0, &s) == REEL_STATUS_OK, "new");
    for (f = 0; f < FRAMES; f++) {
        for (y = 0; y < H; y++)
            for (x = 0; x < W; x++)
                frame[y * W + x] = (uint8_t)lround(100 + 25 * sin(2 * PI * x / 46) + 25 * sin(2 * PI * y / 34));
        corner(p, f, &x0, &y0);
        for (y = y0; y < y0 + BALL && y < H; y++)
            for (x = x0; x < x0 + BALL && x < W; x++)
                if (x >= 0 && y >= 0) frame[y * W + x] = 240;
        CHECK(reel_clip_scorer_push(s, &pl, NULL) == REEL_STATUS_OK, "push %d", f);
    }
    CHECK(reel_clip_scorer_finish(s, sum) == REEL_STATUS_OK, "finish");
    return s;
}

/* Checks every point of flight k against path p; returns its verdict. */
static uint32_t check_flight(ReelClipScorer *s, size_t k, path_fn p, const char *name) {
    ReelFlight fl;
    ReelFlightPoint pts[REEL_FLIGHT_PATH_POINTS];
    size_t n = 0, j;
    double worst = 0;
    CHECK(reel_clip_scorer_flight(s, k, &fl) == REEL_STATUS_OK, "%s: flight %zu", name, k);
    CHECK(reel_clip_scorer_flight_points(s, k, pts, REEL_FLIGHT_PATH_POINTS, &n) == REEL_STATUS_OK, "%s: points", name);
    CHECK(n == fl.points && n >= 2 && n <= REEL_FLIGHT_PATH_POINTS, "%s: %zu points, flight says %u", name, n, fl.points);
    if (n < 2) return fl.verdict;
    CHECK(pts[0].frame == fl.start && pts[n - 1].frame == fl.end, "%s: frames %u-%u vs %u-%u", name, pts[0].frame,
          pts[n - 1].frame, fl.start, fl.end);
    for (j = 0; j < n; j++) {
        double mx, my, d;
        CHECK(pts[j].frame >= 1 && pts[j].frame < FRAMES, "%s: frame %u", name, pts[j].frame);
        if (j > 0) CHECK(pts[j].frame > pts[j - 1].frame, "%s: frames ascend at %zu", name, j);
        if (pts[j].frame < 1 || pts[j].frame >= FRAMES) continue;
        midpoint(p, (int)pts[j].frame, &mx, &my);
        d = hypot(pts[j].x - mx, pts[j].y - my);
        if (d > worst) worst = d;
        CHECK(d <= TOL, "%s: frame %u at (%.2f, %.2f), the path at (%.2f, %.2f): %.2f px", name, pts[j].frame, pts[j].x,
              pts[j].y, mx, my, d);
    }
    printf("%s: %zu points over frames %u-%u, farthest %.2f px from the path\n", name, n, fl.start, fl.end, worst);
    return fl.verdict;
}

static void thrown_ball(void) {
    ReelClipSummary sum;
    ReelClipScorer *s = score(thrown, &sum);
    ReelDefect d;
    size_t n = 0, k;
    CHECK(reel_clip_scorer_flight_count(s, &n) == REEL_STATUS_OK && n == 1, "thrown: %zu flights", n);
    if (n == 1) CHECK(check_flight(s, 0, thrown, "thrown") == REEL_FLIGHT_PLAUSIBLE, "thrown: plausible");
    for (k = 0; k < sum.defects; k++)
        if (reel_clip_scorer_defect(s, k, &d) == REEL_STATUS_OK)
            CHECK(d.kind != REEL_DEFECT_IMPOSSIBLE_MOTION, "thrown: no impossible_motion");
    reel_clip_scorer_free(s);
}

static void upward_ball(void) {
    ReelClipSummary sum;
    ReelClipScorer *s = score(upward, &sum);
    ReelFlight fl;
    ReelDefect d;
    size_t n = 0, k, j;
    int upward_found = 0, behind = 0;
    CHECK(reel_clip_scorer_flight_count(s, &n) == REEL_STATUS_OK && n >= 1, "upward: %zu flights", n);
    for (k = 0; k < n; k++) {
        if (check_flight(s, k, upward, "upward") != REEL_FLIGHT_FALLS_UPWARD) continue;
        upward_found = 1;
        CHECK(reel_clip_scorer_flight(s, k, &fl) == REEL_STATUS_OK, "flight");
        for (j = 0; j < sum.defects; j++)
            if (reel_clip_scorer_defect(s, j, &d) == REEL_STATUS_OK && d.kind == REEL_DEFECT_IMPOSSIBLE_MOTION &&
                d.start <= fl.end && fl.start <= d.end)
                behind = 1;
    }
    CHECK(upward_found, "upward: a flight that falls upward");
    CHECK(behind, "upward: an impossible_motion defect on its frames");
    reel_clip_scorer_free(s);
}

static void errors(void) {
    ReelClipSummary sum;
    ReelClipScorer *s = score(thrown, &sum);
    ReelFlight fl;
    ReelFlightPoint pts[REEL_FLIGHT_PATH_POINTS];
    size_t n = 0, written = 12345;
    CHECK(reel_clip_scorer_flight_count(s, &n) == REEL_STATUS_OK && n >= 1, "count");
    CHECK(reel_clip_scorer_flight_count(NULL, &n) == REEL_STATUS_NULL_POINTER, "count: NULL scorer");
    CHECK(reel_clip_scorer_flight_count(s, NULL) == REEL_STATUS_NULL_POINTER, "count: NULL out");
    CHECK(reel_clip_scorer_flight(NULL, 0, &fl) == REEL_STATUS_NULL_POINTER, "flight: NULL scorer");
    CHECK(reel_clip_scorer_flight(s, 0, NULL) == REEL_STATUS_NULL_POINTER, "flight: NULL out");
    CHECK(reel_clip_scorer_flight(s, n, &fl) == REEL_STATUS_INVALID_VALUE, "flight: index beyond");
    CHECK(reel_clip_scorer_flight_points(s, n, pts, REEL_FLIGHT_PATH_POINTS, &written) == REEL_STATUS_INVALID_VALUE,
          "points: index beyond");
    CHECK(reel_clip_scorer_flight_points(NULL, 0, pts, REEL_FLIGHT_PATH_POINTS, &written) == REEL_STATUS_NULL_POINTER,
          "points: NULL scorer");
    CHECK(reel_clip_scorer_flight_points(s, 0, NULL, REEL_FLIGHT_PATH_POINTS, &written) == REEL_STATUS_NULL_POINTER,
          "points: NULL buffer");
    CHECK(reel_clip_scorer_flight_points(s, 0, pts, REEL_FLIGHT_PATH_POINTS, NULL) == REEL_STATUS_NULL_POINTER,
          "points: NULL written");
    if (n >= 1 && reel_clip_scorer_flight(s, 0, &fl) == REEL_STATUS_OK) {
        /* One point short: refused, nothing written (the sentinels stay). */
        memset(pts, 0xAB, sizeof pts);
        CHECK(reel_clip_scorer_flight_points(s, 0, pts, fl.points - 1, &written) == REEL_STATUS_BUFFER_TOO_SHORT,
              "points: one short");
        CHECK(written == 12345 && pts[0].frame == 0xABABABABu, "points: nothing written when short");
        CHECK(reel_clip_scorer_flight_points(s, 0, pts, fl.points, &written) == REEL_STATUS_OK && written == fl.points,
              "points: exactly enough");
    }
    reel_clip_scorer_free(s);
}

int main(void) {
    thrown_ball();
    upward_ball();
    errors();
    printf("test_flights: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
