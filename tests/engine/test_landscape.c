/* test_landscape.c — the O(band) loss, gradient and chain rule against the direct sum
 * over every position. Tolerances: against the same float32 terms summed in double,
 * 2.5e-7 relative for the loss (two float32 roundings: the sum, then / n) and 1e-6 of
 * the sum of |terms| for the gradient; against the fused float32 kernel 1e-5 relative
 * (its own float32 sum); exactly for the binary fractions of docs/task.md §5. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "qa_assert.h"
#include "sl_gradcheck.h"
#include "sl_landscape.h"

typedef struct Direct {
    double sq, g, g_abs;   /* sums over every position */
} Direct;

/* Every position, the fused kernel's float32 operations, summed in double. */
static Direct direct(const SlTaskConfig *cfg, const float *x, float t)
{
    Direct o = {0.0, 0.0, 0.0};
    float gscale = 1.0f / (float)cfg->n;
    for (int i = 0; i < cfg->n; i++) {
        float pos = (float)i, d = t - pos;
        float m = sl_mask_value(cfg->mask, d, cfg->k, cfg->width);
        float r = x[i] * m - (pos < cfg->target ? x[i] : 0.0f);
        float gt = sl_mask_grad(cfg->mask, (gscale * (2.0f * r)) * x[i], d, m, cfg->k, cfg->width);
        o.sq += (double)(r * r);
        o.g += (double)gt;
        o.g_abs += fabs((double)gt);
    }
    return o;
}

static SlTaskConfig config(SlMaskKind mask, int n, float target, float k, float w, SlSignalKind signal)
{
    SlTaskConfig cfg;
    sl_task_config_default(&cfg);
    cfg.mask = mask;
    cfg.n = n;
    cfg.target = target;
    cfg.k = k;
    cfg.width = w;
    cfg.signal = signal;
    cfg.seed = 7;
    return cfg;
}

static void check_against_direct(const SlTaskConfig *cfg, const float *x, const SlLandscape *ls, float t)
{
    SlTaskEval e = sl_landscape_eval(ls, cfg, t);
    Direct d = direct(cfg, x, t);
    float want = (float)d.sq / (float)cfg->n;
    assert_rel(e.loss, want, 2.5e-7);
    if (cfg->mask == SL_MASK_HARD) {
        assert_int_equal(e.state, SL_GRAD_NONE);
        return;
    }
    assert_abs(e.grad, d.g, 1e-6 * d.g_abs + 1e-30);
    assert_int_equal(e.grad == 0.0f, d.g == 0.0);
}

static void test_landscape_matches_the_direct_sum_for_every_family(void **state)
{
    (void)state;
    static const int ns[] = {2, 64, 1000, 20011};
    static const float ks[] = {0.05f, 1.0f, 32.0f, 64.0f};
    static const float ws[] = {0.25f, 4.0f, 32.0f};
    for (size_t a = 0; a < sizeof ns / sizeof ns[0]; a++) {
        int n = ns[a];
        float *x = malloc((size_t)n * sizeof *x);
        assert_non_null(x);
        for (int sig = 0; sig < SL_SIGNAL_COUNT; sig++) {
            if (n > 1000 && sig != SL_SIGNAL_ONES && sig != SL_SIGNAL_NOISE) continue; /* keep the test quick */
            sl_signal_fill((SlSignalKind)sig, 7, n, x);
            SlLandscape ls;
            assert_int_equal(sl_landscape_init(&ls, x, n), SL_OK);
            float fn = (float)n;
            const float ts[] = {-0.25f * fn, -1.0f, 0.0f, 0.5f, 10.0f, 0.37f * fn, 0.6321f * fn, fn - 1.0f, fn, 1.5f * fn};
            const float targets[] = {0.6321f * fn, 40.5f, fn};
            for (int f = 0; f < SL_MASK_COUNT; f++)
                for (size_t b = 0; b < 4; b++)
                    for (size_t c = 0; c < 3; c++)
                        for (size_t g = 0; g < 3; g++) {
                            SlTaskConfig cfg = config((SlMaskKind)f, n, targets[g], ks[b], ws[c], (SlSignalKind)sig);
                            for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) check_against_direct(&cfg, x, &ls, ts[i]);
                        }
            sl_landscape_deinit(&ls);
        }
        free(x);
    }
}

static void test_landscape_agrees_with_the_fused_kernel(void **state)
{
    (void)state;
    int n = 4096;
    float *x = malloc((size_t)n * sizeof *x);
    assert_non_null(x);
    sl_signal_fill(SL_SIGNAL_NOISE, 3, n, x);
    SlLandscape ls;
    assert_int_equal(sl_landscape_init(&ls, x, n), SL_OK);
    for (int f = 0; f < SL_MASK_COUNT; f++)
        for (float t = -100.0f; t < 4200.0f; t += 37.3f) {
            SlTaskConfig cfg = config((SlMaskKind)f, n, 1234.5f, 0.7f, 6.0f, SL_SIGNAL_NOISE);
            SlTaskEval e = sl_landscape_eval(&ls, &cfg, t), want = sl_task_eval_fast(&cfg, x, t);
            assert_rel(e.loss, want.loss, 1e-5);
            assert_int_equal(e.state, want.state);
            if (want.state == SL_GRAD_VALUE) assert_abs(e.grad, want.grad, 1e-5 * fabsf(want.grad) + 1e-9);
        }
    sl_landscape_deinit(&ls);
    free(x);
}

/* The landscape's finite difference is sl_task_fd's quotient: the hard mask's jump of
 * 1/(64 * 2h) where [t-h, t+h] holds a sample, 0 between samples, and the soft masks'
 * slope within float32 rounding of the two losses (2 ulp of the loss over 2h). */
static void test_landscape_fd_matches_the_tape(void **state)
{
    (void)state;
    int n = 64;
    float x[64];
    sl_signal_fill(SL_SIGNAL_ONES, 1, n, x);
    SlLandscape ls;
    assert_int_equal(sl_landscape_init(&ls, x, n), SL_OK);
    SlTape *tape = sl_tape_create();
    assert_non_null(tape);
    const float h = 0.01f, ts[] = {10.0f, 10.5f, 33.3f};
    for (int f = 0; f < SL_MASK_COUNT; f++)
        for (int i = 0; i < 3; i++) {
            SlTaskConfig cfg = config((SlMaskKind)f, n, 40.5f, 1.0f, 4.0f, SL_SIGNAL_ONES);
            float want = NAN, got = sl_landscape_fd(&ls, &cfg, ts[i], h);
            assert_int_equal(sl_task_fd(tape, &cfg, x, ts[i], h, &want), SL_OK);
            assert_abs(got, want, 2.0 * 1.2e-7 / (2.0 * h) + 1e-4 * fabsf(want));
        }
    SlTaskConfig hard = config(SL_MASK_HARD, n, 40.5f, 1.0f, 4.0f, SL_SIGNAL_ONES);
    assert_abs(sl_landscape_fd(&ls, &hard, 10.0f, h), -1.0f / (64.0f * 2.0f * h), 1e-3);
    assert_true(sl_landscape_fd(&ls, &hard, 10.5f, h) == 0.0f);
    /* t + h rounds to t: the step is t's spacing, 64 at 1e9 (docs/task.md §9), and both
     * faces give the same number (0: the hard step is far away), never NaN. */
    assert_true(sl_fd_step(1e9f, h) == 64.0f);
    assert_true(sl_landscape_fd(&ls, &hard, 1e9f, h) == 0.0f);
    float far = NAN;
    assert_int_equal(sl_task_fd(tape, &hard, x, 1e9f, h, &far), SL_OK);
    assert_true(far == 0.0f);
    sl_tape_destroy(tape);
    sl_landscape_deinit(&ls);
}

/* The step of a central difference (docs/task.md §9): h while t - h < t < t + h in
 * float32, else t's spacing, so the two sides are distinct floats. */
static void test_fd_step_is_h_or_ts_spacing(void **state)
{
    (void)state;
    assert_true(sl_fd_step(10.0f, 0.01f) == 0.01f);
    assert_true(sl_fd_step(0.0f, 0.01f) == 0.01f);
    assert_true(sl_fd_step(5e6f, 0.01f) == 0.5f);
    assert_true(sl_fd_step(-5e6f, 0.01f) == 0.5f);
    assert_true(sl_fd_step(500000.0f, 0.01f) == 0.03125f);
    assert_true(sl_fd_step(4194304.0f, 0.01f) == 0.5f); /* 2^22: spacing 0.5 above, 0.25 below */
    for (int i = 0; i < 4; i++) {
        float t = (float[]){5e6f, 4194304.0f, -3e7f, 1e30f}[i], s = sl_fd_step(t, 1e-3f);
        assert_true(t + s > t && t - s < t);
    }
}

/* docs/task.md §5: N=64, t=10, t*=40.5, x=1. */
static void test_landscape_reference_fractions_are_exact(void **state)
{
    (void)state;
    float x[64];
    sl_signal_fill(SL_SIGNAL_ONES, 1, 64, x);
    SlLandscape ls;
    assert_int_equal(sl_landscape_init(&ls, x, 64), SL_OK);
    SlTaskConfig hard = config(SL_MASK_HARD, 64, 40.5f, 1.0f, 4.0f, SL_SIGNAL_ONES);
    SlTaskEval e = sl_landscape_eval(&ls, &hard, 10.0f);
    assert_exact(e.loss, 0.484375);
    assert_int_equal(e.state, SL_GRAD_NONE);
    SlTaskConfig ss = config(SL_MASK_SMOOTHSTEP, 64, 40.5f, 1.0f, 1.0f, SL_SIGNAL_ONES);
    e = sl_landscape_eval(&ls, &ss, 10.0f);
    assert_exact(e.loss, 0.47265625);
    assert_exact(e.grad, -0.0234375);
    SlTaskConfig lg = config(SL_MASK_LOGISTIC, 64, 40.5f, 32.0f, 4.0f, SL_SIGNAL_ONES);
    e = sl_landscape_eval(&ls, &lg, 10.0f);
    assert_exact(e.loss, 0.47265625);
    assert_exact(e.grad, -0.125);
    SlTaskConfig ste = config(SL_MASK_STE, 64, 40.5f, 1.0f, 4.0f, SL_SIGNAL_ONES);
    e = sl_landscape_eval(&ls, &ste, 10.0f);
    assert_exact(e.loss, 0.484375);
    assert_rel(e.grad, -0.0195312537, 1e-5);
    assert_exact(sl_landscape_hard_loss(&ls, 40.5f, 10.0f), 0.484375);
    sl_landscape_deinit(&ls);
}

/* Outside the band the mask is exactly 1 (below) or 0 (above) and its slope exactly 0. */
static void test_landscape_band_holds_every_non_saturated_position(void **state)
{
    (void)state;
    int n = 3000;
    static const float ks[] = {0.05f, 0.3f, 1.0f, 17.0f, 64.0f, 1e4f};
    static const float ws[] = {0.25f, 1.0f, 3.3f, 32.0f, 1e4f};
    for (int f = 0; f < SL_MASK_COUNT; f++)
        for (size_t a = 0; a < 6; a++)
            for (float t = -700.0f; t < 3700.0f; t += 91.17f) {
                SlTaskConfig cfg = config((SlMaskKind)f, n, 100.0f, ks[a], ws[a < 5 ? a : 4], SL_SIGNAL_ONES);
                int lo, hi;
                sl_landscape_band(&cfg, t, &lo, &hi);
                assert_true(0 <= lo && lo <= hi && hi <= n);
                for (int i = 0; i < n; i++) {
                    if (i >= lo && i < hi) continue;
                    float d = t - (float)i, k = cfg.k, w = cfg.width;
                    float m = sl_mask_value(cfg.mask, d, k, w);
                    float want = i < lo ? 1.0f : 0.0f;
                    if (m != want) fail_msg("family %d k %g w %g t %g: m(%d) = %g outside [%d, %d)", f, (double)k,
                                            (double)w, (double)t, i, (double)m, lo, hi);
                    assert_true(sl_mask_slope(cfg.mask, d, m, k, w) == 0.0f);
                }
            }
}

static void test_landscape_hard_loss_matches_the_kernel(void **state)
{
    (void)state;
    int n = 5000;
    float *x = malloc((size_t)n * sizeof *x);
    assert_non_null(x);
    sl_signal_fill(SL_SIGNAL_RAMP, 1, n, x);
    SlLandscape ls;
    assert_int_equal(sl_landscape_init(&ls, x, n), SL_OK);
    SlTaskConfig cfg = config(SL_MASK_HARD, n, 2718.3f, 1.0f, 4.0f, SL_SIGNAL_RAMP);
    for (float t = -10.0f; t <= 5010.0f; t += 13.7f) {
        Direct d = direct(&cfg, x, t);
        assert_rel(sl_landscape_hard_loss(&ls, cfg.target, t), (float)d.sq / (float)n, 2.5e-7);
        assert_rel(sl_landscape_hard_loss(&ls, cfg.target, t), sl_task_hard_loss(&cfg, x, t), 1e-5);
    }
    sl_landscape_deinit(&ls);
    free(x);
}

/* The chain rule's sum and largest term, as a loop over every position finds them. */
static void test_landscape_chain_rule_equals_the_loop_over_every_position(void **state)
{
    (void)state;
    int n = 20000;
    float *x = malloc((size_t)n * sizeof *x);
    assert_non_null(x);
    sl_signal_fill(SL_SIGNAL_SINE, 1, n, x);
    SlLandscape ls;
    assert_int_equal(sl_landscape_init(&ls, x, n), SL_OK);
    static const float ts[] = {-5000.0f, 10.0f, 9000.25f, 15000.0f, 25000.0f};
    for (int f = SL_MASK_LOGISTIC; f < SL_MASK_COUNT; f++)
        for (size_t a = 0; a < sizeof ts / sizeof ts[0]; a++) {
            SlTaskConfig cfg = config((SlMaskKind)f, n, 12345.5f, 0.5f, 8.0f, SL_SIGNAL_SINE);
            float t = ts[a], gscale = 1.0f / (float)n;
            double sum = 0.0, best_abs = -1.0;
            int best = -1;
            for (int i = 0; i < n; i++) {
                float pos = (float)i, d = t - pos, m = sl_mask_value(cfg.mask, d, cfg.k, cfg.width);
                float r = x[i] * m - (pos < cfg.target ? x[i] : 0.0f);
                double term = (double)((gscale * (2.0f * r)) * x[i]) *
                              (double)sl_mask_slope(cfg.mask, d, m, cfg.k, cfg.width);
                sum += term;
                if (fabs(term) > best_abs) best_abs = fabs(term), best = i;
            }
            SlChainTerms c;
            sl_landscape_chain(&ls, &cfg, t, &c);
            assert_int_equal(c.count, n);
            assert_int_equal(c.best, best);
            assert_true(c.sum == sum);
            assert_true(fabs(c.best_term) == best_abs);
        }
    sl_landscape_deinit(&ls);
    free(x);
}

static void test_landscape_refuses_bad_sizes(void **state)
{
    (void)state;
    float x[4] = {1, 1, 1, 1};
    SlLandscape ls;
    assert_int_equal(sl_landscape_init(&ls, x, 1), SL_ERR_ARG);
    assert_int_equal(sl_landscape_init(&ls, NULL, 4), SL_ERR_ARG);
    assert_int_equal(sl_landscape_init(&ls, x, 4), SL_OK);
    SlTaskConfig cfg = config(SL_MASK_LOGISTIC, 5, 2.0f, 1.0f, 1.0f, SL_SIGNAL_ONES);
    assert_is_nan(sl_landscape_eval(&ls, &cfg, 1.0f).loss); /* n does not match the signal */
    sl_landscape_deinit(&ls);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_landscape_matches_the_direct_sum_for_every_family),
        cmocka_unit_test(test_landscape_agrees_with_the_fused_kernel),
        cmocka_unit_test(test_landscape_reference_fractions_are_exact),
        cmocka_unit_test(test_landscape_fd_matches_the_tape),
        cmocka_unit_test(test_fd_step_is_h_or_ts_spacing),
        cmocka_unit_test(test_landscape_band_holds_every_non_saturated_position),
        cmocka_unit_test(test_landscape_hard_loss_matches_the_kernel),
        cmocka_unit_test(test_landscape_chain_rule_equals_the_loop_over_every_position),
        cmocka_unit_test(test_landscape_refuses_bad_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
