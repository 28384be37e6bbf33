/* test_map_model.c — the steepness map's plain-C logic without SDL: the suggestion rule
 * on hand-made grids, cell <-> pixel hit tests, coarse and fine axes covering the same
 * range, metric colours (viridis ends, Okabe–Ito verdicts, grey for no value), and the
 * background job handing over a coarse, then a fine pass that match sl_sweep_cell. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app_sweepjob.h"
#include "app_sweepmap.h"
#include "sl_lesson.h"

enum { NX = 6, NY = 8 };

/* A grid of k (x, growing) and lr (y, growing) where every cell stalls far from t*. */
static void blank_grid(SlSweepCell *cells)
{
    for (int iy = 0; iy < NY; iy++)
        for (int ix = 0; ix < NX; ix++) {
            SlSweepCell *c = &cells[iy * NX + ix];
            memset(c, 0, sizeof *c);
            c->x = (float)(1 << ix);
            c->y = 0.1f * (float)(1 << iy);
            c->t = 12.0f;
            c->verdict = SL_STOP_STALLED;
            c->verdict_step = 40;
            c->settle_step = -1;
        }
}

static void settle(SlSweepCell *cells, int ix, int iy, float gap)
{
    SlSweepCell *c = &cells[iy * NX + ix];
    c->t = 40.4f;
    c->verdict = SL_STOP_CONVERGED;
    c->settle_step = 50 + iy;
    c->gap = gap;
}

static void test_map_suggest_steepest_column_with_a_run(void **state)
{
    (void)state;
    SlSweepCell cells[NX * NY];
    blank_grid(cells);
    /* k = 2: rows 1..5 settle; k = 8: rows 3..4; k = 32 (the steepest): one lucky row,
     * which is enough on a grid this small (min run 1)... */
    for (int iy = 1; iy <= 5; iy++) settle(cells, 1, iy, -0.005f);
    settle(cells, 3, 3, -0.0001f);
    settle(cells, 3, 4, -0.0002f);
    settle(cells, 5, 6, -1e-6f);
    AppMapSuggestion s;
    app_sweepmap_suggest(cells, NX, NY, SL_SWEEP_K, 1, &s);
    assert_true(s.found);
    assert_int_equal(s.ix, 5);
    assert_int_equal(s.iy_lo, 6);
    assert_int_equal(s.iy_hi, 6);
    /* ...but a diverged cell is never "settled", whatever its settle step says. */
    cells[6 * NX + 5].verdict = SL_STOP_DIVERGED;
    app_sweepmap_suggest(cells, NX, NY, SL_SWEEP_K, 1, &s);
    assert_true(s.found);
    assert_int_equal(s.ix, 3);
    assert_int_equal(s.iy_lo, 3);
    assert_int_equal(s.iy_hi, 4);
    assert_int_equal(s.iy_mid, 3);
    assert_float_equal(s.x, 8.0f, 0.0f);
    assert_float_equal(s.y_lo, 0.8f, 1e-6f);
    assert_float_equal(s.y_hi, 1.6f, 1e-6f);
    assert_float_equal(s.gap, -0.0001f, 0.0f);
    assert_int_equal(s.settle_step, 53);
    /* For w the narrowest (smallest) width is the steepest. */
    app_sweepmap_suggest(cells, NX, NY, SL_SWEEP_W, 1, &s);
    assert_true(s.found);
    assert_int_equal(s.ix, 1);
    assert_int_equal(s.iy_lo, 1);
    assert_int_equal(s.iy_hi, 5);
}

static void test_map_suggest_longest_run_and_none(void **state)
{
    (void)state;
    SlSweepCell cells[NX * NY];
    blank_grid(cells);
    AppMapSuggestion s;
    app_sweepmap_suggest(cells, NX, NY, SL_SWEEP_K, 1, &s);
    assert_false(s.found);
    /* Two runs in one column: the longer one is the range. */
    settle(cells, 2, 0, 0.0f);
    settle(cells, 2, 3, 0.0f);
    settle(cells, 2, 4, 0.0f);
    settle(cells, 2, 5, 0.0f);
    app_sweepmap_suggest(cells, NX, NY, SL_SWEEP_K, 1, &s);
    assert_true(s.found);
    assert_int_equal(s.ix, 2);
    assert_int_equal(s.iy_lo, 3);
    assert_int_equal(s.iy_hi, 5);
    assert_int_equal(s.iy_mid, 4);
    char buf[400];
    AppMapRange x, y;
    app_sweepmap_ranges(APP_MAP_AXES_K_LR, 64, SL_OPT_SGD, 0, &x, &y);
    app_sweepmap_suggest_text(&s, &x, &y, 300, 10.0f, buf, sizeof buf);
    assert_non_null(strstr(buf, "k = 4"));
    assert_non_null(strstr(buf, "within 300 steps from t0 = 10"));
    assert_non_null(strstr(buf, "lr 0.8 to 3.2"));
    /* A run must span a factor of 2 in lr: with 3 rows needed, column 2's run of 3 still
     * qualifies and k = 32's single row would not. */
    settle(cells, 5, 6, 0.0f);
    app_sweepmap_suggest(cells, NX, NY, SL_SWEEP_K, 3, &s);
    assert_int_equal(s.ix, 2);
    app_sweepmap_suggest(cells, NX, NY, SL_SWEEP_K, 4, &s);
    assert_false(s.found);
    /* lr over [0.1, 100] (three decades): 16 rows need 2 for a factor of 2, 128 rows 13. */
    assert_int_equal(app_sweepmap_min_run(&y, 16), 2);
    assert_int_equal(app_sweepmap_min_run(&y, 128), 13);
    AppMapRange t0 = {SL_SWEEP_T0, 0.0f, 64.0f, 0};
    assert_int_equal(app_sweepmap_min_run(&t0, 128), 16);
}

static void test_map_hit_test_cells(void **state)
{
    (void)state;
    /* 7 cells over 100 pixels from x = 10: every pixel belongs to exactly the cell whose
     * span holds it, and the spans tile the plot. */
    int prev_b = 10;
    for (int i = 0; i < 7; i++) {
        int a, b;
        app_sweepmap_cell_span(i, 10, 100, 7, 0, &a, &b);
        assert_int_equal(a, prev_b);
        prev_b = b;
        for (int p = a; p < b; p++) assert_int_equal(app_sweepmap_cell_at((float)p + 0.5f, 10, 100, 7, 0), i);
    }
    assert_int_equal(prev_b, 110);
    assert_int_equal(app_sweepmap_cell_at(9.9f, 10, 100, 7, 0), -1);
    assert_int_equal(app_sweepmap_cell_at(110.0f, 10, 100, 7, 0), -1);
    /* y grows upwards: row 0 at the bottom. */
    assert_int_equal(app_sweepmap_cell_at(109.5f, 10, 100, 50, 1), 0);
    assert_int_equal(app_sweepmap_cell_at(10.0f, 10, 100, 50, 1), 49);
    int a, b;
    app_sweepmap_cell_span(0, 10, 100, 4, 1, &a, &b);
    assert_int_equal(a, 85);
    assert_int_equal(b, 110);
}

static void test_map_axes_coarse_and_fine_share_the_range(void **state)
{
    (void)state;
    AppMapRange x, y;
    app_sweepmap_ranges(APP_MAP_AXES_K_LR, 64, SL_OPT_SGD, 0, &x, &y);
    assert_int_equal(x.param, SL_SWEEP_K);
    assert_int_equal(y.param, SL_SWEEP_LR);
    for (int pass = 0; pass < 2; pass++) {
        int n = pass ? APP_SWEEPMAP_FINE : APP_SWEEPMAP_COARSE;
        SlSweepAxis a = app_sweepmap_axis(&x, n);
        assert_int_equal(a.count, n);
        assert_true(a.log_spaced);
        /* Cell i's value sits at the centre of slice i of the plot. */
        for (int i = 0; i < n; i += n / 4) {
            double f = app_sweepmap_range_fraction(&x, (double)sl_sweep_axis_value(&a, i));
            assert_true(fabs(f - ((double)i + 0.5) / (double)n) < 1e-5);
        }
    }
    /* Annealing sweeps the start steepness; t0 is linear over [0, N]. */
    app_sweepmap_ranges(APP_MAP_AXES_K_T0, 64, SL_OPT_SGD, 1, &x, &y);
    assert_int_equal(x.param, SL_SWEEP_K0);
    assert_int_equal(y.param, SL_SWEEP_T0);
    assert_false(y.log);
    assert_float_equal(y.hi, 64.0f, 0.0f);
    app_sweepmap_ranges(APP_MAP_AXES_K_LR, 64, SL_OPT_ADAM, 0, &x, &y);
    assert_true(y.hi <= 10.0f);
}

static void test_map_colours(void **state)
{
    (void)state;
    SlSweepCell c;
    memset(&c, 0, sizeof c);
    c.t = 40.5f;
    c.verdict = SL_STOP_CONVERGED;
    c.settle_step = 0;
    /* At t*: the low end of viridis (dark purple); far off: the high end (yellow). */
    AppColor lo = app_sweepmap_cell_color(&c, APP_MAP_DIST, 40.5f, 300, 64);
    assert_int_equal(lo.r, 68);
    assert_int_equal(lo.b, 84);
    c.t = 40.5f + 64.0f;
    AppColor hi = app_sweepmap_cell_color(&c, APP_MAP_DIST, 40.5f, 300, 64);
    assert_int_equal(hi.r, 253);
    assert_int_equal(hi.g, 231);
    /* A diverged t and a run that never settles have no value: grey. */
    c.t = NAN;
    AppColor none = app_sweepmap_none_color(), got = app_sweepmap_cell_color(&c, APP_MAP_DIST, 40.5f, 300, 64);
    assert_memory_equal(&got, &none, sizeof got);
    c.settle_step = -1;
    got = app_sweepmap_cell_color(&c, APP_MAP_STEPS, 40.5f, 300, 64);
    assert_memory_equal(&got, &none, sizeof got);
    /* Verdicts: seven different Okabe–Ito colours (both zero-gradient verdicts share one). */
    static const SlStopReason r[APP_MAP_CATEGORIES] = {SL_STOP_CONVERGED,     SL_STOP_STEP_LIMIT, SL_STOP_STALLED,
                                                       SL_STOP_ZERO_GRADIENT, SL_STOP_TOO_SMALL,  SL_STOP_NO_GRADIENT,
                                                       SL_STOP_DIVERGED};
    assert_int_equal(app_sweepmap_category(SL_STOP_ZERO_OUTSIDE), app_sweepmap_category(SL_STOP_ZERO_GRADIENT));
    for (int i = 0; i < APP_MAP_CATEGORIES; i++) {
        c.verdict = r[i];
        AppColor ci = app_sweepmap_cell_color(&c, APP_MAP_VERDICT, 40.5f, 300, 64);
        assert_int_equal(app_sweepmap_category(r[i]), i);
        for (int k = 0; k < i; k++) {
            AppColor ck = app_sweepmap_category_color(k);
            assert_false(ck.r == ci.r && ck.g == ci.g && ck.b == ci.b);
        }
    }
    AppColor green = app_sweepmap_category_color(0);
    assert_int_equal(green.g, 0x9E);
    /* The ramp darkens monotonically towards 0 (sum of channels as a proxy). */
    int prev = -1;
    for (int i = 0; i <= 16; i++) {
        AppColor q = app_sweepmap_ramp((float)i / 16.0f);
        int sum = q.r + q.g + q.b;
        assert_true(sum >= prev);
        prev = sum;
    }
}

static void test_map_job_passes_match_cells(void **state)
{
    (void)state;
    AppSweepJob *j = app_sweepjob_create(0);
    assert_non_null(j);
    AppSweepRequest req;
    memset(&req, 0, sizeof req);
    SlLesson base;
    sl_lesson_default(&base);
    req.setup.task = base.task;
    req.setup.opt = base.opt;
    req.setup.anneal = base.anneal;
    req.setup.steps = 60;
    AppMapRange x, y;
    app_sweepmap_ranges(APP_MAP_AXES_K_LR, base.task.n, SL_OPT_SGD, 0, &x, &y);
    req.ax_coarse = app_sweepmap_axis(&x, 4);
    req.ay_coarse = app_sweepmap_axis(&y, 4);
    req.ax_fine = app_sweepmap_axis(&x, 8);
    req.ay_fine = app_sweepmap_axis(&y, 8);
    float xs[64];
    sl_signal_fill(base.task.signal, base.task.seed, base.task.n, xs);
    /* A first request replaced at once: only the second is answered to the end. */
    unsigned first = app_sweepjob_submit(j, &req, xs);
    req.setup.task.target = 30.5f;
    unsigned id = app_sweepjob_submit(j, &req, xs);
    assert_true(id > first);
    app_sweepjob_wait(j, id);
    assert_false(app_sweepjob_busy(j));
    AppSweepGrid g;
    memset(&g, 0, sizeof g);
    assert_true(app_sweepjob_fetch(j, &g));
    assert_int_equal(g.id, id);
    assert_int_equal(g.pass, 2);
    assert_int_equal(g.status, SL_OK);
    assert_int_equal(g.ax.count, 8);
    for (int iy = 0; iy < 8; iy += 3)
        for (int ix = 0; ix < 8; ix += 3) {
            SlSweepCell one;
            assert_int_equal(sl_sweep_cell(&req.setup, xs, &g.ax, &g.ay, ix, iy, &one), SL_OK);
            assert_memory_equal(&one, &g.cells[iy * 8 + ix], sizeof one);
        }
    assert_false(app_sweepjob_fetch(j, &g));
    /* A request the sweep rejects comes back as an error with words. */
    req.setup.task.mask = SL_MASK_SMOOTHSTEP;
    id = app_sweepjob_submit(j, &req, xs);
    app_sweepjob_wait(j, id);
    assert_true(app_sweepjob_fetch(j, &g));
    assert_int_equal(g.status, SL_ERR_ARG);
    assert_non_null(strstr(g.err, "smoothstep"));
    app_sweepgrid_free(&g);
    app_sweepjob_destroy(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_suggest_steepest_column_with_a_run),
        cmocka_unit_test(test_map_suggest_longest_run_and_none),
        cmocka_unit_test(test_map_hit_test_cells),
        cmocka_unit_test(test_map_axes_coarse_and_fine_share_the_range),
        cmocka_unit_test(test_map_colours),
        cmocka_unit_test(test_map_job_passes_match_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
