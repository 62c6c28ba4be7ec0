/* Who is in the shot across cuts, model-free, through the C ABI: a textured scene with a red
 * subject, cut at frame 20 into a shot reframed 1.2x about the centre. With the subject turned
 * green in the second shot the scorer reports a salient shift at the cut where the subject is
 * (and an appearance_shift defect there); relit instead (luma times 0.8, the subject's colour
 * kept) it reports none. reel_salient_compare gives the same answers for the two frames of the
 * cut, and its errors. The scene is analytic: the expected place is the subject's box. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "reelscore.h"

enum { W = 160, H = 120, CW = W / 2, CH = H / 2, FRAMES = 40, CUT = 20 };
/* The subject: a box centred at (80, 84), 36 x 24 pixels. */
static const double PX = 80.0, PY = 84.0, HW = 18.0, HH = 12.0;

static uint8_t clamp8(double v) { return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v + 0.5); }

/* One frame: the scene seen at `zoom` about the centre, luma times `gain`, the subject's chroma
 * (cb, cr); the background is grey. */
static void render(double zoom, double gain, int cb, int cr, uint8_t *y, uint8_t *u, uint8_t *v) {
    int i, j;
    for (j = 0; j < H; j++)
        for (i = 0; i < W; i++) {
            double sx = W / 2.0 + (i - W / 2.0) / zoom, sy = H / 2.0 + (j - H / 2.0) / zoom;
            double l = 110 + 50 * sin(sx / 11.0) + 40 * cos(sy / 8.0) + 25 * sin((sx + sy) / 17.0);
            if (fabs(sx - PX) < HW && fabs(sy - PY) < HH) l = 70 + 10 * sin(sx / 5.0);
            y[j * W + i] = clamp8(l * gain);
        }
    for (j = 0; j < CH; j++)
        for (i = 0; i < CW; i++) {
            double sx = W / 2.0 + (2 * i + 1 - W / 2.0) / zoom, sy = H / 2.0 + (2 * j + 1 - H / 2.0) / zoom;
            int in = fabs(sx - PX) < HW && fabs(sy - PY) < HH;
            u[j * CW + i] = (uint8_t)(in ? cb : 128);
            v[j * CW + i] = (uint8_t)(in ? cr : 128);
        }
}

static void planes(uint8_t *y, uint8_t *u, uint8_t *v, ReelPlane *py, ReelPlane *pu, ReelPlane *pv) {
    py->data = y; py->width = W; py->height = H; py->stride = W;
    pu->data = u; pu->width = CW; pu->height = CH; pu->stride = CW;
    *pv = *pu;
    pv->data = v;
}

/* Red subject before the cut; after it, (cb, cr) and luma gain `gain`. Returns the count. */
static size_t take(int cb, int cr, double gain, ReelSalientShift *first, int *defect_at_cut) {
    static uint8_t y[W * H], u[CW * CH], v[CW * CH];
    ReelPlane py, pu, pv;
    ReelClipScorer *s = NULL;
    ReelClipSummary sum;
    ReelDefect d;
    size_t n = 0, k;
    int f;
    *defect_at_cut = 0;
    CHECK(reel_clip_scorer_new(W, H, 30.0, &s) == REEL_STATUS_OK, "new");
    for (f = 0; f < FRAMES; f++) {
        if (f < CUT) render(1.0, 1.0, 100, 190, y, u, v);
        else render(1.2, gain, cb, cr, y, u, v);
        planes(y, u, v, &py, &pu, &pv);
        CHECK(reel_clip_scorer_push_yuv420(s, &py, &pu, &pv, NULL) == REEL_STATUS_OK, "push %d", f);
    }
    CHECK(reel_clip_scorer_finish(s, &sum) == REEL_STATUS_OK, "finish");
    CHECK(sum.cuts == 1, "one cut: %zu", (size_t)sum.cuts);
    CHECK(reel_clip_scorer_salient_shift_count(s, &n) == REEL_STATUS_OK, "count");
    if (n > 0) CHECK(reel_clip_scorer_salient_shift(s, 0, first) == REEL_STATUS_OK, "shift 0");
    CHECK(reel_clip_scorer_salient_shift(s, n, first) == REEL_STATUS_INVALID_VALUE, "index beyond");
    for (k = 0; k < sum.defects; k++)
        if (reel_clip_scorer_defect(s, k, &d) == REEL_STATUS_OK && d.kind == REEL_DEFECT_APPEARANCE_SHIFT && d.start == CUT)
            *defect_at_cut = 1;
    reel_clip_scorer_free(s);
    return n;
}

static void scorer(void) {
    ReelSalientShift sh;
    int at_cut;
    size_t n = take(160, 60, 1.0, &sh, &at_cut); /* turned green-blue: hue moved by half a turn */
    CHECK(n == 1 && sh.frame == CUT, "recoloured: %zu shifts, frame %u", n, n ? sh.frame : 0);
    if (n == 1) {
        /* The subject's box after the 1.2x reframing, in 255ths: it holds the region's centre. */
        double cx = (W / 2.0 + (PX - W / 2.0) * 1.2) / W * 255, cy = (H / 2.0 + (PY - H / 2.0) * 1.2) / H * 255;
        CHECK(sh.region[0] <= cx && cx <= sh.region[2] && sh.region[1] <= cy && cy <= sh.region[3],
              "region %u %u %u %u holds (%.0f, %.0f)", sh.region[0], sh.region[1], sh.region[2], sh.region[3], cx, cy);
        CHECK(sh.same_scene >= REEL_SALIENT_SAME_SCENE && sh.same_scene <= 1.0, "same scene %g", sh.same_scene);
        CHECK(sh.new_cells >= REEL_SALIENT_NEW_MIN, "new cells %u", sh.new_cells);
    }
    CHECK(at_cut, "appearance_shift at the cut");
    n = take(100, 190, 0.8, &sh, &at_cut); /* relit, colour kept */
    CHECK(n == 0 && !at_cut, "relit: %zu shifts", n);
    CHECK(reel_clip_scorer_salient_shift_count(NULL, &n) == REEL_STATUS_NULL_POINTER, "NULL scorer");
}

static void compare(void) {
    static uint8_t y0[W * H], u0[CW * CH], v0[CW * CH], y1[W * H], u1[CW * CH], v1[CW * CH];
    ReelPlane a[3], b[3], small;
    ReelSalientShift out;
    bool found = true;
    render(1.0, 1.0, 100, 190, y0, u0, v0);
    planes(y0, u0, v0, &a[0], &a[1], &a[2]);
    render(1.2, 1.0, 160, 60, y1, u1, v1);
    planes(y1, u1, v1, &b[0], &b[1], &b[2]);
    CHECK(reel_salient_compare(&a[0], &a[1], &a[2], &b[0], &b[1], &b[2], &out, &found) == REEL_STATUS_OK && found &&
              out.frame == 0 && out.new_cells >= REEL_SALIENT_NEW_MIN,
          "compare recoloured: found %d", found);
    render(1.2, 0.8, 100, 190, y1, u1, v1);
    CHECK(reel_salient_compare(&a[0], &a[1], &a[2], &b[0], &b[1], &b[2], &out, &found) == REEL_STATUS_OK && !found &&
              out.new_cells == 0,
          "compare relit: found %d", found);
    CHECK(reel_salient_compare(&a[0], &a[1], NULL, &b[0], &b[1], &b[2], &out, &found) == REEL_STATUS_NULL_POINTER, "NULL plane");
    CHECK(reel_salient_compare(&a[0], &a[1], &a[2], &b[0], &b[1], &b[2], &out, NULL) == REEL_STATUS_NULL_POINTER, "NULL found");
    small = b[2];
    small.width = CW - 1;
    CHECK(reel_salient_compare(&a[0], &a[1], &a[2], &b[0], &b[1], &small, &out, &found) == REEL_STATUS_SIZE_MISMATCH,
          "chroma sizes differ");
}

int main(void) {
    scorer();
    compare();
    printf("test_subjects: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
