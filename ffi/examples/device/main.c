/* A no-heap C application on a Cortex-M4F (QEMU mps2-an386): scores a synthetic clip with the
 * reelscore C API's device-sized scorer (reel_device_clip_scorer_*, <= 32 KiB) in static
 * storage, feeding each frame row by row as a camera's line buffer would (no frame buffer), and
 * prints the results over semihosting. The same file builds for the host (stdio) so CI can
 * diff the two outputs: they must be identical (values are printed as exact IEEE-754 bit
 * patterns) but for the `*_bytes` lines (usize is 4 bytes on the device).
 *
 * Device: arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -O2
 *   -ffreestanding -nostdlib -Iffi/include -T ffi/examples/device/link.ld
 *   ffi/examples/device/main.c ffi/examples/device/startup.c libreelscore.a -lgcc
 * Host:   cc -std=c99 -Iffi/include ffi/examples/device/main.c target/debug/libreelscore.a -lpthread -ldl -lm
 * (see scripts/firmware.sh). Exit status 0 when every self-check passes. */
#include "reelscore.h"

#define W 160
#define H 120
#define FRAMES 30
#define CUT 15

#ifdef __arm__
void semihost_write(const char *s);
#define out(s) semihost_write(s)
#else
#include <stdio.h>
#define out(s) fputs((s), stdout)
#endif

/* The scorer and its row state live here: no malloc anywhere (the device build links no C
 * library at all), and no frame buffer either, only one row. */
static unsigned char storage[32 * 1024] __attribute__((aligned(16)));
static unsigned char feeder_storage[11 * 1024] __attribute__((aligned(16)));
static uint8_t row[W];

static void put_u64_hex(uint64_t v) {
    char buf[19] = "0x";
    for (int i = 0; i < 16; i++) {
        unsigned d = (unsigned)(v >> (60 - 4 * i)) & 15u;
        buf[2 + i] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
    }
    buf[18] = 0;
    out(buf);
}

static void put_u32(uint32_t v) {
    char buf[11];
    int i = 10;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    out(buf + i);
}

/* `name value` with the double's exact bit pattern. */
static void put_f64(const char *name, double v) {
    union {
        double d;
        uint64_t u;
    } bits;
    bits.d = v;
    out(name);
    out(" ");
    put_u64_hex(bits.u);
    out("\n");
}

static void put_kv(const char *name, uint32_t v) {
    out(name);
    out(" ");
    put_u32(v);
    out("\n");
}

/* Row y of frame k (rows come in order; `s` carries the noise from row to row): a diagonal
 * gradient moving right before the cut, an 8x8 block grid after it, plus a little xorshift
 * noise. */
static void make_row(int k, int y, uint32_t *s) {
    for (int x = 0; x < W; x++) {
        *s ^= *s << 13;
        *s ^= *s >> 17;
        *s ^= *s << 5;
        int v = k < CUT ? ((x + 3 * k) + y) % 256 : ((x / 8) * 37 + (y / 8) * 91) % 200 + 28;
        row[x] = (uint8_t)(v + (int)(*s >> 30));
    }
}

static int fail(const char *what, reel_status st) {
    out("FAIL ");
    out(what);
    out(": ");
    out(reel_status_str(st));
    out("\n");
    return 1;
}

int main(void) {
    ReelDeviceClipScorer *sc = 0;
    ReelRowFeeder *feeder = 0;
    reel_status st;
    out("reelscore ");
    out(reel_version());
    out(" device example\n");
    put_kv("scorer_bytes", (uint32_t)reel_device_clip_scorer_size());
    put_kv("feeder_bytes", (uint32_t)reel_row_feeder_size());
    put_kv("default_scorer_bytes", (uint32_t)reel_clip_scorer_size());
    if (reel_device_clip_scorer_size() > sizeof storage) return fail("storage too small", REEL_STATUS_OK);
    if (reel_row_feeder_size() > sizeof feeder_storage) return fail("feeder storage too small", REEL_STATUS_OK);
#ifdef __arm__
    {
        /* The bare-metal library has no heap: the allocating constructor must refuse. */
        ReelClipScorer *heap = 0;
        st = reel_clip_scorer_new(W, H, 30.0, &heap);
        if (st != REEL_STATUS_ALLOCATION_FAILED) return fail("reel_clip_scorer_new on bare metal", st);
    }
#endif
    st = reel_device_clip_scorer_init(storage, sizeof storage, W, H, 30.0, &sc);
    if (st != REEL_STATUS_OK) return fail("init", st);
    st = reel_row_feeder_init(feeder_storage, sizeof feeder_storage, &feeder);
    if (st != REEL_STATUS_OK) return fail("feeder init", st);
    for (int k = 0; k < FRAMES; k++) {
        ReelPlane line = {row, W, 1, W};
        ReelFrameObservation obs;
        uint32_t noise = 0x9E3779B9u ^ (uint32_t)k * 2654435761u;
        st = reel_device_clip_scorer_begin_frame(sc, feeder);
        if (st != REEL_STATUS_OK) return fail("begin_frame", st);
        for (int y = 0; y < H; y++) {
            make_row(k, y, &noise);
            st = reel_device_clip_scorer_push_rows(sc, feeder, &line);
            if (st != REEL_STATUS_OK) return fail("push_rows", st);
        }
        st = reel_device_clip_scorer_end_frame(sc, feeder, &obs);
        if (st != REEL_STATUS_OK) return fail("end_frame", st);
        if (k == CUT) {
            put_f64("cut_frame.scene_score", obs.scene_score);
            put_f64("cut_frame.mean", obs.stats.mean);
            put_f64("cut_frame.sharpness", obs.stats.sharpness);
        }
    }
    ReelClipSummary sum;
    st = reel_device_clip_scorer_finish(sc, &sum);
    if (st != REEL_STATUS_OK) return fail("finish", st);
    put_f64("score", sum.score);
    put_f64("motion", sum.metrics.motion);
    put_kv("defects", sum.defects);
    for (uint32_t i = 0; i < sum.defects; i++) {
        ReelDefect d;
        if (reel_device_clip_scorer_defect(sc, i, &d) != REEL_STATUS_OK) return fail("defect", st);
        out(reel_defect_kind_str(d.kind));
        out(" ");
        put_u32(d.start);
        out("..");
        put_u32(d.end);
        out(" ");
        {
            union {
                double d;
                uint64_t u;
            } b;
            b.d = d.severity;
            put_u64_hex(b.u);
        }
        out("\n");
    }
    put_kv("cuts", sum.cuts);
    uint32_t cut = 0;
    if (sum.cuts != 1 || reel_device_clip_scorer_cut(sc, 0, &cut) != REEL_STATUS_OK || cut != CUT)
        return fail("expected one cut at frame 15", REEL_STATUS_OK);
    put_kv("cut", cut);
    if (!(sum.score >= 0.0 && sum.score <= 100.0)) return fail("score out of range", REEL_STATUS_OK);
    out("ok\n");
    return 0;
}
