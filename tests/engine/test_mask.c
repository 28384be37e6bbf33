/* test_mask.c — the gradient band of each family: where its slope is >= 1% of its peak
 * (what the window shades), and exactly zero outside it for the compact families. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "sl_mask.h"

static float slope_at(SlMaskKind kind, float d, float k, float w)
{
    return sl_mask_slope(kind, d, sl_mask_value(kind, d, k, w), k, w);
}

static void test_mask_band_logistic_is_one_percent_of_the_peak(void **state)
{
    (void)state;
    const float ks[] = {0.5f, 1.0f, 8.0f, 32.0f};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        float k = ks[i], half = sl_mask_band(SL_MASK_LOGISTIC, k, 4.0f);
        float peak = slope_at(SL_MASK_LOGISTIC, 0.0f, k, 4.0f);
        assert_true(fabsf(peak - 0.25f * k) <= 1e-6f * k);
        /* just inside the band the slope is above 1% of the peak, just outside below */
        assert_true(slope_at(SL_MASK_LOGISTIC, -half * 0.99f, k, 4.0f) > 0.01f * peak);
        assert_true(slope_at(SL_MASK_LOGISTIC, -half * 1.01f, k, 4.0f) < 0.01f * peak);
        assert_true(sl_mask_band(SL_MASK_STE, k, 4.0f) == half);
    }
}

static void test_mask_band_compact_families_are_exactly_zero_outside(void **state)
{
    (void)state;
    const SlMaskKind kinds[] = {SL_MASK_SMOOTHSTEP, SL_MASK_HARDSIGMOID};
    for (size_t i = 0; i < 2; i++) {
        float w = 4.0f, half = sl_mask_band(kinds[i], 1.0f, w);
        assert_true(half == 2.0f);
        assert_true(slope_at(kinds[i], half + 0.01f, 1.0f, w) == 0.0f);
        assert_true(slope_at(kinds[i], -half - 0.01f, 1.0f, w) == 0.0f);
        assert_true(slope_at(kinds[i], half - 0.5f, 1.0f, w) > 0.0f);
    }
    assert_true(sl_mask_band(SL_MASK_HARD, 1.0f, 4.0f) == 0.0f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mask_band_logistic_is_one_percent_of_the_peak),
        cmocka_unit_test(test_mask_band_compact_families_are_exactly_zero_outside),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
