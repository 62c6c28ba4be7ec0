/* Example: compare a synthetic frame with a noisier copy through the reelscore C API,
 * without heap allocation (MS-SSIM scratch is a static array).
 * Build: cc -std=c99 -Iffi/include ffi/examples/compare_frames.c target/release/libreelscore.a -lpthread -ldl -lm */
#include "reelscore.h"

#include <stdio.h>

#define W 320
#define H 240

static uint8_t ref[W * H], dist[W * H];
static float scratch[2 * (160 * 120 + 80 * 60 + 40 * 30 + 20 * 15)];

int main(void) {
    ReelPlane a = {ref, W, H, W}, b = {dist, W, H, W};
    ReelFrameStats stats;
    double psnr, ssim, ms_ssim;
    uint32_t seed = 12345u;
    size_t i;
    reel_status st;
    for (i = 0; i < W * H; i++) {
        seed = seed * 1664525u + 1013904223u;
        ref[i] = (uint8_t)((i % W) * 255 / W);
        dist[i] = (uint8_t)(ref[i] + (seed >> 29));
    }
    if (reel_ms_ssim_scratch_len(W, H) > sizeof scratch / sizeof scratch[0]) return 1;
    st = reel_psnr(&a, &b, &psnr);
    if (st == REEL_STATUS_OK) st = reel_ssim(&a, &b, &ssim);
    if (st == REEL_STATUS_OK) st = reel_ms_ssim(&a, &b, 0, scratch, sizeof scratch / sizeof scratch[0], &ms_ssim);
    if (st == REEL_STATUS_OK) st = reel_frame_stats(&b, &stats);
    if (st != REEL_STATUS_OK) {
        fprintf(stderr, "reelscore: %s\n", reel_status_str(st));
        return 1;
    }
    printf("reelscore %s\n", reel_version());
    printf("PSNR %.3f dB  SSIM %.5f  MS-SSIM %.5f\n", psnr, ssim, ms_ssim);
    printf("sharpness %.1f  noise sigma %.2f  mean %.1f  entropy %.2f bits\n", stats.sharpness,
           stats.noise_sigma, stats.mean, stats.entropy);
    return 0;
}
