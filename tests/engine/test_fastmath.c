/* test_fastmath.c — the float32 exp every mask uses (sl_fastmath.h) against its claim:
 * within 1 ulp of libm's expf over [-110, 90] (normal, subnormal and zero results), and
 * +inf exactly above 88.7228317, the largest float with a finite exp. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "qa_assert.h"
#include "sl_fastmath.h"

/* Distance in units in the last place between two non-negative floats (their bit
 * patterns are ordered like the numbers). */
static uint32_t ulps_apart(float a, float b)
{
    uint32_t ua, ub;
    memcpy(&ua, &a, sizeof ua);
    memcpy(&ub, &b, sizeof ub);
    return ua > ub ? ua - ub : ub - ua;
}

static void check_one(float x, uint32_t *worst, float *worst_x)
{
    float got = sl__expf(x), want = expf(x);
    if (isinf(want)) {
        if (!isinf(got)) {
            print_error("sl__expf(%.9g) = %.9g, libm says inf\n", (double)x, (double)got);
            fail();
        }
        return;
    }
    uint32_t d = ulps_apart(got, want);
    if (d > *worst) {
        *worst = d;
        *worst_x = x;
    }
}

/* 4 million evenly spaced floats and 4 million pseudo-random ones in [-110, 90]. */
static void test_fastmath_expf_within_one_ulp_of_libm(void **state)
{
    (void)state;
    uint32_t worst = 0;
    float worst_x = 0.0f;
    const int count = 4000000;
    for (int i = 0; i <= count; i++) check_one(-110.0f + 200.0f * (float)((double)i / count), &worst, &worst_x);
    uint32_t s = 12345u;
    for (int i = 0; i < count; i++) {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        check_one((float)(-110.0 + 200.0 * ((double)s / 4294967296.0)), &worst, &worst_x);
    }
    if (worst > 1) {
        print_error("sl__expf is %u ulps from expf at x = %.9g\n", (unsigned)worst, (double)worst_x);
        fail();
    }
}

/* exp(88.7228317) is the largest finite result; one float above it is +inf, as in libm. */
static void test_fastmath_expf_overflows_exactly_above_88_7228317(void **state)
{
    (void)state;
    const float max = 88.7228317f;
    assert_true(isfinite(sl__expf(max)));
    assert_true(isfinite(expf(max)));
    assert_true(ulps_apart(sl__expf(max), expf(max)) <= 1);
    float above = nextafterf(max, INFINITY);
    assert_true(isinf(sl__expf(above)) && sl__expf(above) > 0.0f);
    assert_true(isinf(expf(above)));
    for (float x = above; x < 90.0f; x = nextafterf(x, INFINITY) + 0.001f) assert_true(isinf(sl__expf(x)));
    assert_true(isinf(sl__expf(INFINITY)));
    assert_exact(sl__expf(-INFINITY), 0.0);
    assert_true(isnan(sl__expf(NAN)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fastmath_expf_within_one_ulp_of_libm),
        cmocka_unit_test(test_fastmath_expf_overflows_exactly_above_88_7228317),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
