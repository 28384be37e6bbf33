/* test_sweep.c — the sweep: axis values, the checks that name the parameter that matters,
 * and every cell bit for bit what a plain SlTrainer run gives (t, loss, hard loss, gap,
 * grad, state, verdict, the step it was reached, the settle step) over thousands of cells,
 * every family, optimizer, annealing, threshold and signal, on several threads, through
 * every code path (cell by cell, SSE2, AVX2, AVX-512 as the machine has them), with
 * grids that between them reach every verdict; and a cancel that stops the run. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_assert.h"
#include "sl_sweep.h"

static SlSweepSetup default_setup(SlMaskKind mask, SlOptKind opt)
{
    SlSweepSetup s;
    memset(&s, 0, sizeof s);
    sl_task_config_default(&s.task);
    s.task.mask = mask;
    sl_optim_default(&s.opt, opt, 10.0f);
    s.anneal.kind = SL_ANNEAL_CONSTANT;
    s.anneal.k0 = s.anneal.k1 = 1.0f;
    s.steps = 300;
    return s;
}

static SlSweepAxis axis(SlSweepParam p, float lo, float hi, int count, int log_spaced)
{
    SlSweepAxis a = {p, lo, hi, count, log_spaced};
    return a;
}

static void test_sweep_axis_values_span_the_ends(void **state)
{
    (void)state;
    SlSweepAxis a = axis(SL_SWEEP_K, 0.25f, 64.0f, 128, 1);
    assert_true(sl_sweep_axis_value(&a, 0) == 0.25f);
    assert_true(sl_sweep_axis_value(&a, 127) == 64.0f);
    SlSweepAxis g = axis(SL_SWEEP_K, 1.0f, 100.0f, 3, 1);
    assert_rel(sl_sweep_axis_value(&g, 1), 10.0, 1e-6);
    SlSweepAxis l = axis(SL_SWEEP_T0, -10.0f, 50.0f, 4, 0);
    assert_true(sl_sweep_axis_value(&l, 1) == 10.0f);
    assert_true(sl_sweep_axis_value(&l, 2) == 30.0f);
    assert_true(sl_sweep_axis_value(&l, 3) == 50.0f);
    SlSweepAxis one = axis(SL_SWEEP_LR, 3.0f, 7.0f, 1, 1);
    assert_true(sl_sweep_axis_value(&one, 0) == 3.0f);
}

static void expect_check_error(const SlSweepSetup *s, SlSweepAxis ax, SlSweepAxis ay, const char *words)
{
    char err[512] = "";
    assert_int_equal(sl_sweep_check(s, &ax, &ay, err, sizeof err), SL_ERR_ARG);
    if (!strstr(err, words)) {
        print_error("error '%s' does not say '%s'\n", err, words);
        fail();
    }
}

static void test_sweep_check_names_the_parameter_that_matters(void **state)
{
    (void)state;
    SlSweepAxis lr = axis(SL_SWEEP_LR, 0.1f, 100.0f, 4, 1);
    SlSweepAxis k = axis(SL_SWEEP_K, 0.25f, 64.0f, 4, 1);
    SlSweepAxis w = axis(SL_SWEEP_W, 1.0f, 16.0f, 4, 1);
    char err[512];
    SlSweepSetup logistic = default_setup(SL_MASK_LOGISTIC, SL_OPT_SGD);
    assert_int_equal(sl_sweep_check(&logistic, &k, &lr, err, sizeof err), SL_OK);

    SlSweepSetup smooth = default_setup(SL_MASK_SMOOTHSTEP, SL_OPT_SGD);
    expect_check_error(&smooth, k, lr, "k does nothing for smoothstep: sweep w");
    assert_int_equal(sl_sweep_check(&smooth, &w, &lr, err, sizeof err), SL_OK);
    SlSweepSetup hs = default_setup(SL_MASK_HARDSIGMOID, SL_OPT_SGD);
    expect_check_error(&hs, lr, k, "k does nothing for hardsigmoid: sweep w");
    expect_check_error(&logistic, w, lr, "w does nothing for logistic: sweep k");
    SlSweepSetup ste = default_setup(SL_MASK_STE, SL_OPT_SGD);
    expect_check_error(&ste, w, lr, "w does nothing for ste: sweep k");
    SlSweepSetup hard = default_setup(SL_MASK_HARD, SL_OPT_SGD);
    expect_check_error(&hard, k, lr, "k does nothing for the hard mask");

    SlSweepAxis mu = axis(SL_SWEEP_MOMENTUM, 0.0f, 0.95f, 4, 0);
    expect_check_error(&logistic, mu, lr, "momentum does nothing for sgd");
    SlSweepSetup mom = default_setup(SL_MASK_LOGISTIC, SL_OPT_MOMENTUM);
    assert_int_equal(sl_sweep_check(&mom, &mu, &lr, err, sizeof err), SL_OK);

    SlSweepAxis k0 = axis(SL_SWEEP_K0, 0.5f, 8.0f, 4, 1), k1 = axis(SL_SWEEP_K1, 0.5f, 8.0f, 4, 1);
    expect_check_error(&logistic, k0, lr, "k0 does nothing without annealing");
    SlSweepSetup ann = logistic;
    ann.anneal.kind = SL_ANNEAL_GEOMETRIC;
    ann.anneal.steps = 300;
    expect_check_error(&ann, k, lr, "k does nothing with --anneal geometric");
    assert_int_equal(sl_sweep_check(&ann, &k0, &k1, err, sizeof err), SL_OK);

    expect_check_error(&logistic, lr, lr, "both axes sweep lr");
    SlSweepAxis bad = axis(SL_SWEEP_K, 0.0f, 4.0f, 4, 0);
    expect_check_error(&logistic, bad, lr, "k must be a finite number > 0");
    SlSweepAxis neg_log = axis(SL_SWEEP_T0, -1.0f, 4.0f, 4, 1);
    expect_check_error(&logistic, neg_log, lr, "log-spaced");
    SlSweepAxis none = axis(SL_SWEEP_LR, 1.0f, 4.0f, 0, 1);
    expect_check_error(&logistic, k, none, "count");
    SlSweepAxis mu_bad = axis(SL_SWEEP_MOMENTUM, 0.0f, 1.0f, 4, 0);
    expect_check_error(&mom, mu_bad, lr, "momentum must be in [0, 1)");
}

/* What `steplab train` does with these settings, written out from the trainer alone. */
static void reference_cell(const SlSweepSetup *c, const float *x, float xv, float yv, SlSweepCell *out)
{
    SlTrainer tr;
    assert_int_equal(sl_trainer_init(&tr, &c->task, &c->opt, &c->anneal, c->steps), SL_OK);
    memcpy(tr.x_own, x, (size_t)c->task.n * sizeof *x);
    assert_int_equal(sl_trainer_reset(&tr), SL_OK);
    tr.grad_threshold = c->grad_threshold;
    SlStopReason *stops = malloc((size_t)(c->steps + 1) * sizeof *stops);
    assert_non_null(stops);
    stops[0] = tr.stop;
    for (int s = 0; s < c->steps; s++) {
        assert_int_equal(sl_trainer_step(&tr), SL_OK);
        stops[tr.count] = tr.stop;
    }
    const SlTrainRow *r = sl_trainer_current(&tr);
    out->x = xv;
    out->y = yv;
    out->t = r->t;
    out->loss = r->loss;
    out->hard_loss = r->hard_loss;
    out->gap = r->hard_loss - r->loss;
    out->grad = r->grad;
    out->state = r->state;
    /* A run that has done all its steps without a verdict ended at its step limit
     * (only a run of 0 steps gets here: the trainer judges the limit after a step). */
    out->verdict = tr.stop == SL_STOP_RUNNING ? SL_STOP_STEP_LIMIT : tr.stop;
    int vs = tr.count;
    while (vs > 0 && stops[vs - 1] == tr.stop) vs--;
    out->verdict_step = vs;
    int settle = -1;
    for (int s = tr.count; s >= 0 && fabsf(tr.rows[s].t - c->task.target) < 0.5f; s--) settle = s;
    out->settle_step = settle;
    free(stops);
    sl_trainer_deinit(&tr);
}

/* Bit for bit; any NaN equals any NaN (a NaN's payload is not a number anyone reads). */
static int same_bits(float a, float b) { return memcmp(&a, &b, sizeof a) == 0 || (isnan(a) && isnan(b)); }

static int cells_equal(const SlSweepCell *a, const SlSweepCell *b)
{
    return same_bits(a->x, b->x) && same_bits(a->y, b->y) && same_bits(a->t, b->t) && same_bits(a->loss, b->loss) &&
           same_bits(a->hard_loss, b->hard_loss) && same_bits(a->gap, b->gap) && same_bits(a->grad, b->grad) &&
           a->state == b->state && a->verdict == b->verdict && a->verdict_step == b->verdict_step &&
           a->settle_step == b->settle_step;
}

/* Runs the sweep on `threads` threads through every code path this machine has (cell by
 * cell, and each SIMD width) and holds each cell to reference_cell; counts verdicts. */
static int sweep_matches_trainer_on(const SlSweepSetup *s, const float *signal, SlSweepAxis ax, SlSweepAxis ay,
                                    int threads, int *verdicts)
{
    float *x = malloc((size_t)s->task.n * sizeof *x);
    SlSweepCell *want = calloc((size_t)ax.count * (size_t)ay.count, sizeof *want);
    SlSweepCell *cells = calloc((size_t)ax.count * (size_t)ay.count, sizeof *cells);
    assert_non_null(x);
    assert_non_null(want);
    assert_non_null(cells);
    if (signal) memcpy(x, signal, (size_t)s->task.n * sizeof *x);
    else sl_signal_fill(s->task.signal, s->task.seed, s->task.n, x);
    for (int iy = 0; iy < ay.count; iy++)
        for (int ix = 0; ix < ax.count; ix++) {
            SlSweepSetup c;
            sl_sweep_cell_setup(s, &ax, &ay, ix, iy, &c);
            SlSweepCell *w = &want[iy * ax.count + ix];
            reference_cell(&c, x, sl_sweep_axis_value(&ax, ix), sl_sweep_axis_value(&ay, iy), w);
            verdicts[w->verdict]++;
        }
    static const int paths[] = {1, 4, 8, 16, 0};
    int bad = 0;
    for (size_t p = 0; p < sizeof paths / sizeof paths[0]; p++) {
        char err[512] = "";
        memset(cells, 0, (size_t)ax.count * (size_t)ay.count * sizeof *cells);
        SlStatus st = sl_sweep_run_lanes(s, x, &ax, &ay, threads, paths[p], NULL, cells, err, sizeof err);
        if (st == SL_ERR_ARG && strstr(err, "no ")) continue; /* this machine has no such kernel */
        if (st != SL_OK) {
            print_error("sl_sweep_run_lanes (%d lanes): %s\n", paths[p], err);
            fail();
        }
        for (int i = 0; i < ax.count * ay.count; i++) {
            const SlSweepCell *got = &cells[i], *w = &want[i];
            if (!cells_equal(got, w) && bad++ < 3)
                print_error("%d lanes, %s mask, %s, %s=%.9g %s=%.9g: sweep t=%.9g loss=%.9g hard=%.9g grad=%.9g %s@%d "
                            "settle %d; trainer t=%.9g loss=%.9g hard=%.9g grad=%.9g %s@%d settle %d\n",
                            paths[p], sl_mask_name(s->task.mask), sl_optim_name(s->opt.kind), sl_sweep_param_name(ax.param),
                            (double)w->x, sl_sweep_param_name(ay.param), (double)w->y, (double)got->t, (double)got->loss,
                            (double)got->hard_loss, (double)got->grad, sl_stop_reason_str(got->verdict), got->verdict_step,
                            got->settle_step, (double)w->t, (double)w->loss, (double)w->hard_loss, (double)w->grad,
                            sl_stop_reason_str(w->verdict), w->verdict_step, w->settle_step);
        }
    }
    free(cells);
    free(want);
    free(x);
    return bad;
}

static int sweep_matches_trainer(const SlSweepSetup *s, SlSweepAxis ax, SlSweepAxis ay, int threads, int *verdicts)
{
    return sweep_matches_trainer_on(s, NULL, ax, ay, threads, verdicts);
}

static void test_sweep_cells_equal_the_trainer_for_every_family_and_optimizer(void **state)
{
    (void)state;
    int verdicts[SL_STOP_REASON_COUNT] = {0};
    int bad = 0, cells = 0;
    const SlMaskKind masks[] = {SL_MASK_LOGISTIC, SL_MASK_SMOOTHSTEP, SL_MASK_HARDSIGMOID, SL_MASK_STE};
    for (size_t m = 0; m < sizeof masks / sizeof masks[0]; m++)
        for (int o = 0; o < SL_OPT_COUNT; o++) {
            SlSweepSetup s = default_setup(masks[m], (SlOptKind)o);
            SlSweepAxis ax = sl_mask_uses_k(masks[m]) ? axis(SL_SWEEP_K, 0.25f, 64.0f, 11, 1)
                                                      : axis(SL_SWEEP_W, 0.25f, 64.0f, 11, 1);
            SlSweepAxis ay = axis(SL_SWEEP_LR, 0.1f, 1000.0f, 13, 1);
            bad += sweep_matches_trainer(&s, ax, ay, 3, verdicts);
            cells += ax.count * ay.count;
        }
    /* learning rates near float32's limit: t becomes infinite (diverged) or flies off the
     * signal and stops (zero gradient outside 0..N-1) */
    for (int o = SL_OPT_MOMENTUM; o <= SL_OPT_ADAM; o++) {
        SlSweepSetup s = default_setup(SL_MASK_LOGISTIC, (SlOptKind)o);
        bad += sweep_matches_trainer(&s, axis(SL_SWEEP_K, 1.0f, 1000.0f, 5, 1), axis(SL_SWEEP_LR, 1e30f, 3e38f, 4, 1), 2,
                                     verdicts);
        cells += 20;
    }
    /* learning rates near float32's limit: t becomes infinite (diverged) or flies off the
     * signal and stops (zero gradient outside 0..N-1) */
    for (int o = SL_OPT_MOMENTUM; o <= SL_OPT_ADAM; o++) {
        SlSweepSetup s = default_setup(SL_MASK_LOGISTIC, (SlOptKind)o);
        bad += sweep_matches_trainer(&s, axis(SL_SWEEP_K, 1.0f, 1000.0f, 5, 1), axis(SL_SWEEP_LR, 1e30f, 3e38f, 4, 1), 2,
                                     verdicts);
        cells += 20;
    }
    SlSweepSetup hard = default_setup(SL_MASK_HARD, SL_OPT_SGD);
    bad += sweep_matches_trainer(&hard, axis(SL_SWEEP_T0, 0.0f, 60.0f, 5, 0), axis(SL_SWEEP_LR, 0.1f, 100.0f, 3, 1), 2, verdicts);
    cells += 15;
    assert_int_equal(bad, 0);
    assert_true(cells >= 1700);
    /* every verdict of the issue: converged, no gradient, vanished or zero, diverged, step limit */
    verdicts[SL_STOP_STALLED] += verdicts[SL_STOP_ZERO_GRADIENT] + verdicts[SL_STOP_ZERO_OUTSIDE];
    const SlStopReason need[] = {SL_STOP_CONVERGED, SL_STOP_NO_GRADIENT, SL_STOP_STALLED, SL_STOP_DIVERGED,
                                 SL_STOP_STEP_LIMIT};
    for (size_t v = 0; v < sizeof need / sizeof need[0]; v++)
        if (verdicts[need[v]] == 0) {
            print_error("no cell reached '%s': the grids must show every verdict\n", sl_stop_reason_str(need[v]));
            fail();
        }
}

static void test_sweep_cells_equal_the_trainer_for_every_setting(void **state)
{
    (void)state;
    int verdicts[SL_STOP_REASON_COUNT] = {0};
    int bad = 0;
    SlSweepAxis lr = axis(SL_SWEEP_LR, 0.3f, 300.0f, 9, 1);
    /* annealing: k0 against k1, and k1 against lr */
    SlSweepSetup geo = default_setup(SL_MASK_LOGISTIC, SL_OPT_SGD);
    geo.anneal.kind = SL_ANNEAL_GEOMETRIC;
    geo.anneal.steps = geo.steps;
    bad += sweep_matches_trainer(&geo, axis(SL_SWEEP_K0, 0.25f, 8.0f, 7, 1), axis(SL_SWEEP_K1, 1.0f, 64.0f, 7, 1), 2, verdicts);
    SlSweepSetup lin = default_setup(SL_MASK_STE, SL_OPT_ADAM);
    lin.anneal.kind = SL_ANNEAL_LINEAR;
    lin.anneal.k0 = 0.5f;
    lin.anneal.steps = lin.steps;
    bad += sweep_matches_trainer(&lin, axis(SL_SWEEP_K1, 1.0f, 64.0f, 7, 1), lr, 2, verdicts);
    /* gradient threshold; momentum swept; t0 swept; a noisy signal on N with a ragged tail */
    SlSweepSetup thr = default_setup(SL_MASK_LOGISTIC, SL_OPT_SGD);
    thr.grad_threshold = 1e-3f;
    bad += sweep_matches_trainer(&thr, axis(SL_SWEEP_K, 0.25f, 64.0f, 9, 1), lr, 2, verdicts);
    SlSweepSetup mom = default_setup(SL_MASK_LOGISTIC, SL_OPT_MOMENTUM);
    bad += sweep_matches_trainer(&mom, axis(SL_SWEEP_MOMENTUM, 0.0f, 0.99f, 7, 0), lr, 2, verdicts);
    SlSweepSetup noise = default_setup(SL_MASK_SMOOTHSTEP, SL_OPT_ADAM);
    noise.task.signal = SL_SIGNAL_NOISE;
    noise.task.seed = 7;
    noise.task.n = 37;
    noise.task.target = 20.25f;
    bad += sweep_matches_trainer(&noise, axis(SL_SWEEP_W, 0.5f, 20.0f, 6, 1), axis(SL_SWEEP_T0, -5.0f, 40.0f, 7, 0), 2, verdicts);
    SlSweepSetup ramp = default_setup(SL_MASK_LOGISTIC, SL_OPT_SGD);
    ramp.task.signal = SL_SIGNAL_RAMP;
    ramp.task.n = 100;
    ramp.task.target = 70.5f;
    ramp.steps = 120;
    bad += sweep_matches_trainer(&ramp, axis(SL_SWEEP_T0, 0.0f, 99.0f, 5, 0), axis(SL_SWEEP_K, 0.5f, 32.0f, 5, 1), 1, verdicts);
    SlSweepSetup hs = default_setup(SL_MASK_HARDSIGMOID, SL_OPT_MOMENTUM);
    hs.task.signal = SL_SIGNAL_SINE;
    bad += sweep_matches_trainer(&hs, lr, axis(SL_SWEEP_W, 0.5f, 30.0f, 5, 1), 0, verdicts);
    SlSweepSetup none = default_setup(SL_MASK_LOGISTIC, SL_OPT_SGD);
    none.steps = 0;
    bad += sweep_matches_trainer(&none, axis(SL_SWEEP_K, 1.0f, 2.0f, 2, 1), lr, 2, verdicts);
    assert_int_equal(bad, 0);
}

/* The logistic kernel's shortcuts for a finite signal with |x| <= 2^32 (exact zeros left
 * out, the far tail's products in double) and its plain path for any other signal: cells
 * bit for bit the trainer's with signals large, tiny, negative, ragged and beyond that
 * bound (1e20, inf, NaN), N across several blocks of 64, t* on and between positions,
 * and k from 1e-3 to 1e4 (bands wider than the signal, and a position or none). */
static void test_sweep_cells_equal_the_trainer_on_any_signal(void **state)
{
    (void)state;
    int verdicts[SL_STOP_REASON_COUNT] = {0};
    int bad = 0;
    enum { N = 150 };
    float x[N];
    const float scales[] = {1.0f, 4294967296.0f, 1e-20f, -3.0f};
    const int ns[] = {64, 37, 150, 129};
    const float targets[] = {40.5f, 20.0f, 100.25f, 3.0f};
    for (int c = 0; c < 4; c++) {
        SlSweepSetup s = default_setup(SL_MASK_LOGISTIC, c == 3 ? SL_OPT_MOMENTUM : SL_OPT_SGD);
        s.task.n = ns[c];
        s.task.target = targets[c];
        s.steps = 60;
        sl_signal_fill(SL_SIGNAL_NOISE, (uint32_t)c + 3u, N, x);
        for (int i = 0; i < N; i++) x[i] *= scales[c];
        SlSweepAxis ak = axis(SL_SWEEP_K, 1e-3f, 1e4f, 17, 1);
        bad += sweep_matches_trainer_on(&s, x, ak, axis(SL_SWEEP_LR, 0.01f, 1000.0f, 9, 1), 2, verdicts);
        bad += sweep_matches_trainer_on(&s, x, ak, axis(SL_SWEEP_T0, -20.0f, (float)ns[c] + 20.0f, 9, 0), 2, verdicts);
    }
    const float wild[] = {1e20f, INFINITY, NAN};
    for (int c = 0; c < 3; c++) {
        SlSweepSetup s = default_setup(SL_MASK_LOGISTIC, SL_OPT_SGD);
        s.steps = 40;
        sl_signal_fill(SL_SIGNAL_SINE, 1, N, x);
        x[50] = wild[c];
        bad += sweep_matches_trainer_on(&s, x, axis(SL_SWEEP_K, 0.25f, 64.0f, 7, 1), axis(SL_SWEEP_LR, 0.1f, 100.0f, 5, 1),
                                        2, verdicts);
    }
    assert_int_equal(bad, 0);
}

/* What the kernel's exact zeros from t* on rest on (sl__sweep_signal_prepare): the
 * logistic's m is at most 1.001 e^z for every float z from -40 down to where it is 0. */
static void test_sweep_logistic_tail_is_below_its_bound(void **state)
{
    (void)state;
    int bad = 0;
    for (float z = -40.0f; z > -89.0f; z = nextafterf(z, -INFINITY)) {
        float m = sl_sigmoidf(z);
        if (!((double)m <= 1.001 * exp((double)z)) && bad++ < 3)
            print_error("z = %.9g: m = %.9g, e^z = %.9g\n", (double)z, (double)m, exp((double)z));
    }
    assert_int_equal(bad, 0);
    assert_true(sl_sigmoidf(-89.0f) == 0.0f);
}

static void test_sweep_cancel_stops_the_run(void **state)
{
    (void)state;
    SlSweepSetup s = default_setup(SL_MASK_LOGISTIC, SL_OPT_SGD);
    SlSweepAxis ax = axis(SL_SWEEP_K, 0.25f, 64.0f, 64, 1), ay = axis(SL_SWEEP_LR, 0.1f, 100.0f, 64, 1);
    float x[64];
    sl_signal_fill(s.task.signal, s.task.seed, s.task.n, x);
    SlSweepCell *cells = calloc(64 * 64, sizeof *cells);
    assert_non_null(cells);
    atomic_int cancel = 1;
    char err[256] = "";
    assert_int_equal(sl_sweep_run(&s, x, &ax, &ay, 2, &cancel, cells, err, sizeof err), SL_ERR_CANCELLED);
    assert_non_null(strstr(err, "cancelled"));
    /* nothing was trained: a cancelled run does not finish the grid first */
    int trained = 0;
    for (int i = 0; i < 64 * 64; i++) trained += cells[i].verdict != SL_STOP_RUNNING;
    assert_int_equal(trained, 0);
    atomic_store(&cancel, 0);
    assert_int_equal(sl_sweep_run(&s, x, &ax, &ay, 2, &cancel, cells, err, sizeof err), SL_OK);
    free(cells);
}

static void test_sweep_rejects_what_check_rejects(void **state)
{
    (void)state;
    SlSweepSetup s = default_setup(SL_MASK_SMOOTHSTEP, SL_OPT_SGD);
    SlSweepAxis ax = axis(SL_SWEEP_K, 0.25f, 64.0f, 4, 1), ay = axis(SL_SWEEP_LR, 0.1f, 100.0f, 4, 1);
    float x[64];
    sl_signal_fill(s.task.signal, s.task.seed, s.task.n, x);
    SlSweepCell cells[16];
    char err[256] = "";
    assert_int_equal(sl_sweep_run(&s, x, &ax, &ay, 1, NULL, cells, err, sizeof err), SL_ERR_ARG);
    assert_non_null(strstr(err, "sweep w"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_axis_values_span_the_ends),
        cmocka_unit_test(test_sweep_check_names_the_parameter_that_matters),
        cmocka_unit_test(test_sweep_cells_equal_the_trainer_for_every_family_and_optimizer),
        cmocka_unit_test(test_sweep_cells_equal_the_trainer_for_every_setting),
        cmocka_unit_test(test_sweep_cells_equal_the_trainer_on_any_signal),
        cmocka_unit_test(test_sweep_logistic_tail_is_below_its_bound),
        cmocka_unit_test(test_sweep_cancel_stops_the_run),
        cmocka_unit_test(test_sweep_rejects_what_check_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
