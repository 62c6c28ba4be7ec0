/* Error messages through the C ABI: every failed call leaves a message naming the argument (its
 * value, the rule it broke and, for an array, the element index), read back without a heap by
 * reel_last_error_message / reel_error_message. Expected texts are written out by hand from the
 * calls' documented rules. */
#include <string.h>

#include "check.h"
#include "reelscore.h"

/* The last error's message, checked for the status `st` the call returned. */
static const char *last(reel_status st) {
    static char buf[256];
    size_t n = 0;
    reel_status got = reel_error_message((uint32_t)st, buf, sizeof buf, &n);
    CHECK(got == REEL_STATUS_OK && n == strlen(buf), "reel_error_message: status %d, %zu bytes", (int)got, n);
    return buf;
}

static void expect(reel_status st, reel_status want, const char *text) {
    const char *m = last(st);
    CHECK(st == want, "status %d, want %d (%s)", (int)st, (int)want, m);
    CHECK(strcmp(m, text) == 0, "message\n  got:  %s\n  want: %s", m, text);
}

int main(void) {
    double out = 0, outs[4] = {0};

    /* A scalar argument: name, value and range. */
    expect(reel_half_life_decay(1.0, 0.0, &out), REEL_STATUS_INVALID_VALUE,
           "half_life = 0 is invalid: must be finite and > 0");
    expect(reel_z_for_confidence(1.5, &out), REEL_STATUS_INVALID_VALUE,
           "confidence = 1.5 is invalid: must be strictly between 0 and 1");

    /* An array argument: name, element index, value and rule. */
    {
        const double values[4] = {1, 2, 3, 4}, ages[4] = {0, 5, -2, 1};
        expect(reel_half_life_decay_array(values, ages, 4, 10.0, outs), REEL_STATUS_INVALID_VALUE,
               "age (index 2) = -2 is invalid: must be finite and >= 0");
    }
    {
        const double successes[4] = {1, 2, 3, 12}, totals[4] = {5, 5, 5, 10};
        expect(reel_wilson_lower_bound_array(successes, totals, 4, REEL_Z_95, outs), REEL_STATUS_INVALID_VALUE,
               "successes (index 3) = 12 exceeds totals = 10");
    }
    {
        /* An element-wise function the binding maps over (two arrays, one core scalar rule). */
        const double views[3] = {10, 10, 4}, uniques[3] = {5, 10, 0};
        expect(reel_rewatch_ratio_array(views, uniques, 3, outs), REEL_STATUS_INVALID_VALUE,
               "unique_viewers (index 2) = 0 is invalid: must be >= 1 when views > 0 "
               "(views need at least one viewer)");
    }

    /* A NULL pointer names its argument. */
    {
        const double totals[2] = {1, 2};
        expect(reel_wilson_lower_bound_array(NULL, totals, 2, REEL_Z_95, outs), REEL_STATUS_NULL_POINTER,
               "successes is NULL (a required pointer)");
    }

    /* A successful call keeps the last failure's message. */
    CHECK(reel_half_life_decay(1.0, 2.0, &out) == REEL_STATUS_OK, "valid call");
    {
        char buf[64];
        reel_last_error_message(buf, sizeof buf, NULL);
        CHECK(strcmp(buf, "successes is NULL (a required pointer)") == 0, "after a success: %s", buf);
    }

    /* A status other than the last failure's gets its static text; OK is "ok". */
    CHECK(strcmp(last(REEL_STATUS_BIT_DEPTH), reel_status_str(REEL_STATUS_BIT_DEPTH)) == 0, "static text: %s",
          last(REEL_STATUS_BIT_DEPTH));
    CHECK(strcmp(last(REEL_STATUS_OK), "ok") == 0, "ok: %s", last(REEL_STATUS_OK));

    /* snprintf-style sizing and truncation, cut text still terminated. */
    {
        char small[8];
        size_t need = 0, full = 0;
        reel_half_life_decay(1.0, -1.0, &out);
        CHECK(reel_last_error_message(NULL, 0, &need) == REEL_STATUS_BUFFER_TOO_SHORT, "size query");
        CHECK(need == strlen("half_life = -1 is invalid: must be finite and > 0"), "needs %zu bytes", need);
        CHECK(reel_last_error_message(small, sizeof small, &full) == REEL_STATUS_BUFFER_TOO_SHORT && full == need,
              "truncated: %zu", full);
        CHECK(strcmp(small, "half_li") == 0, "cut text: %s", small);
        CHECK(reel_last_error_message(NULL, 4, NULL) == REEL_STATUS_NULL_POINTER, "NULL buf with len > 0");
    }

    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
