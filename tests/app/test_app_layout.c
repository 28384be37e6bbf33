/* test_app_layout.c — layout, value<->pixel mapping, ticks, number formatting, slider
 * logic and hit tests, all without SDL or a display. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "app_layout.h"
#include "app_map.h"
#include "app_widget.h"

static AppMetrics metrics(float s)
{
    AppMetrics m;
    memset(&m, 0, sizeof m);
    m.small_h = (int)(18 * s);
    m.body_h = (int)(21 * s);
    m.title_h = (int)(28 * s);
    m.digit_w = (int)(11 * s);
    static const int names[SL_MASK_COUNT] = {40, 75, 105, 110, 30};
    for (int f = 0; f < SL_MASK_COUNT; f++) m.name_w[f] = (int)((float)names[f] * s);
    return m;
}

static int inside(AppRect in, AppRect out)
{
    return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w && in.y + in.h <= out.y + out.h;
}

static int overlap(AppRect a, AppRect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static void test_layout_panels_inside_and_disjoint(void **state)
{
    (void)state;
    static const int sizes[][2] = {{800, 540}, {1280, 720}, {1920, 1080}, {2560, 1600}, {1000, 900}};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        int w = sizes[k][0], h = sizes[k][1];
        float s = app_layout_auto_scale(w, h, 1.0f);
        AppMetrics m = metrics(s);
        AppLayout L;
        app_layout_compute(&L, w, h, s, &m, 0x7u);
        AppRect screen = {0, 0, w, h};
        for (int i = 0; i < APP_SLOT_COUNT; i++) {
            assert_true(inside(L.slot[i], screen));
            assert_true(L.slot[i].w > 0 && L.slot[i].h > 0);
            for (int j = i + 1; j < APP_SLOT_COUNT; j++) assert_false(overlap(L.slot[i], L.slot[j]));
        }
        for (int c = 0; c < APP_CTRL_COUNT; c++) {
            assert_true(inside(L.ctrl[c], L.slot[APP_SLOT_CONTROLS]));
            for (int d = c + 1; d < APP_CTRL_COUNT; d++) assert_false(overlap(L.ctrl[c], L.ctrl[d]));
        }
        for (int f = 0; f < SL_MASK_COUNT; f++) assert_true(inside(L.legend[f], L.slot[APP_SLOT_HEADER]));
        AppRect pa = app_layout_plot_area(&L, L.slot[APP_SLOT_MAIN]);
        assert_true(inside(pa, L.slot[APP_SLOT_MAIN]));
        assert_true(pa.w > L.slot[APP_SLOT_MAIN].w / 2);
        AppRect tp, lp;
        app_layout_training_plots(&L, L.slot[APP_SLOT_LOWER_RIGHT], &tp, &lp);
        assert_true(inside(tp, L.slot[APP_SLOT_LOWER_RIGHT]) && inside(lp, L.slot[APP_SLOT_LOWER_RIGHT]));
        assert_false(overlap(tp, lp));
        for (int r = 0; r < 3; r++) assert_true(inside(app_layout_grad_badge(&L, r), L.slot[APP_SLOT_SIDE_TOP]));
    }
}

static void test_layout_grows_with_the_window(void **state)
{
    (void)state;
    AppLayout a, b;
    AppMetrics m1 = metrics(1.0f), m2 = metrics(1.5f);
    app_layout_compute(&a, 1280, 720, 1.0f, &m1, 0x7u);
    app_layout_compute(&b, 1920, 1080, app_layout_auto_scale(1920, 1080, 1.0f), &m2, 0x7u);
    assert_float_equal(app_layout_auto_scale(1920, 1080, 1.0f), 1.5f, 1e-6f);
    assert_float_equal(app_layout_auto_scale(2560, 1440, 1.0f), 2.0f, 1e-6f);
    assert_true(b.slot[APP_SLOT_MAIN].w > a.slot[APP_SLOT_MAIN].w);
    assert_true(b.slot[APP_SLOT_MAIN].h > a.slot[APP_SLOT_MAIN].h);
    assert_true(b.pad > a.pad);
}

static void test_layout_gradient_rows_follow_families(void **state)
{
    (void)state;
    AppLayout three, five;
    AppMetrics m = metrics(1.0f);
    app_layout_compute(&three, 1280, 720, 1.0f, &m, 0x7u);
    app_layout_compute(&five, 1280, 720, 1.0f, &m, 0x1Fu);
    assert_int_equal(three.families, 3);
    assert_int_equal(five.families, 5);
    assert_true(five.slot[APP_SLOT_SIDE_TOP].h > three.slot[APP_SLOT_SIDE_TOP].h);
    /* A hidden family's legend entry is narrower (no line sample). */
    assert_true(three.legend[3].w < five.legend[3].w);
}

static void test_axis_maps_both_ways(void **state)
{
    (void)state;
    AppAxis lin = app_axis_make(0.0, 64.0, 100.0f, 740.0f, 0);
    assert_float_equal(app_axis_px(&lin, 0.0), 100.0f, 1e-4f);
    assert_float_equal(app_axis_px(&lin, 64.0), 740.0f, 1e-4f);
    assert_float_equal(app_axis_px(&lin, 40.5), 505.0f, 1e-3f);
    assert_true(fabs(app_axis_value(&lin, 505.0f) - 40.5) < 1e-4);
    assert_true(fabs(app_axis_value(&lin, 0.0f) - 0.0) < 1e-9); /* clamped */
    AppAxis up = app_axis_make(0.0, 1.0, 400.0f, 100.0f, 0);  /* y grows upwards */
    assert_float_equal(app_axis_px(&up, 1.0), 100.0f, 1e-4f);
    AppAxis lg = app_axis_make(0.001, 100.0, 0.0f, 500.0f, 1);
    assert_float_equal(app_axis_px(&lg, 1.0), 300.0f, 1e-3f);
    assert_true(fabs(app_axis_value(&lg, 400.0f) - 10.0) < 1e-6);
    /* Non-finite values never produce non-finite pixels. */
    assert_true(isfinite(app_axis_px(&lin, NAN)) && isfinite(app_axis_px(&lin, 1e300)));
    AppAxis degenerate = app_axis_make(5.0, 5.0, 0.0f, 100.0f, 0);
    assert_true(isfinite(app_axis_px(&degenerate, 5.0)));
}

static void test_axis_ticks_are_nice(void **state)
{
    (void)state;
    double t[APP_TICKS_MAX];
    int n = app_axis_ticks(0.0, 64.0, 7, 0, t, APP_TICKS_MAX);
    assert_int_equal(n, 7);
    assert_true(t[0] == 0.0 && t[1] == 10.0 && t[6] == 60.0);
    n = app_axis_ticks(-0.1, 1.25, 4, 0, t, APP_TICKS_MAX);
    assert_true(n >= 3);
    assert_true(fabs(t[0] - 0.0) < 1e-12 || t[0] < 0.0);
    n = app_axis_ticks(0.001, 100.0, 6, 1, t, APP_TICKS_MAX);
    assert_int_equal(n, 6);
    assert_true(fabs(t[0] - 0.001) < 1e-12 && fabs(t[5] - 100.0) < 1e-9);
}

static void test_format_value(void **state)
{
    (void)state;
    char b[32];
    app_format_value(-0.015625, 4, b, sizeof b);
    assert_string_equal(b, "-0.01562");
    app_format_value(40.5, 3, b, sizeof b);
    assert_string_equal(b, "40.5");
    app_format_value(300.0, 3, b, sizeof b);
    assert_string_equal(b, "300");
    app_format_value(-1.1e-7, 3, b, sizeof b);
    assert_string_equal(b, "-1.1e-07");
    app_format_value(NAN, 3, b, sizeof b);
    assert_string_equal(b, "NaN");
    app_format_value(-0.0, 3, b, sizeof b);
    assert_string_equal(b, "0");
}

static void test_slider_log_and_integer(void **state)
{
    (void)state;
    AppRect track = {100, 0, 400, 20};
    AppSliderSpec lr = {"lr", "", 0.001f, 100.0f, 1, 0};
    assert_float_equal(app_slider_value_at(&lr, track, 100.0f), 0.001f, 1e-7f);
    assert_float_equal(app_slider_value_at(&lr, track, 500.0f), 100.0f, 1e-3f);
    assert_float_equal(app_slider_value_at(&lr, track, 340.0f), 1.0f, 1e-4f); /* 3 of 5 decades */
    assert_float_equal(app_slider_value_at(&lr, track, -50.0f), 0.001f, 1e-7f);
    assert_float_equal(app_slider_px(&lr, track, 10.0f), 420.0f, 1e-2f);
    /* Keys land on round values: ten notches are one decade. */
    assert_float_equal(app_slider_nudge(&lr, 1.0f, 10), 10.0f, 0.0f);
    assert_float_equal(app_slider_nudge(&lr, 100.0f, 5), 100.0f, 1e-6f);
    assert_float_equal(app_slider_clamp(&lr, NAN), 0.001f, 1e-9f);
    AppSliderSpec n = {"N", "", 4.0f, 2048.0f, 1, 1};
    float v = app_slider_value_at(&n, track, 300.0f);
    assert_float_equal(v, roundf(v), 0.0f);
    assert_float_equal(app_slider_nudge(&n, 4.0f, 1), 8.0f, 0.0f); /* N through powers of two */
    assert_float_equal(app_slider_nudge(&n, 100.0f, -1), 64.0f, 0.0f);
}

/* Lesson 3 asks for w = 1 and w = 16: the arrow keys reach both from w = 4, and a
 * linear slider (t*) lands on multiples of its step. */
static void test_slider_keys_land_on_round_values(void **state)
{
    (void)state;
    AppSliderSpec w = {"w", "", 0.25f, 32.0f, 1, 0};
    static const float down[] = {3.2f, 2.5f, 2.0f, 1.6f, 1.25f, 1.0f};
    float v = 4.0f;
    for (int i = 0; i < 6; i++) {
        v = app_slider_nudge(&w, v, -1);
        assert_float_equal(v, down[i], 0.0f);
    }
    v = 4.0f;
    for (int i = 0; i < 6; i++) v = app_slider_nudge(&w, v, 1);
    assert_float_equal(v, 16.0f, 0.0f);
    AppSliderSpec k = {"k", "", 0.05f, 64.0f, 1, 0};
    assert_float_equal(app_slider_nudge(&k, 1.0f, 3), 2.0f, 0.0f);
    assert_float_equal(app_slider_nudge(&k, 0.937f, 1), 1.0f, 0.0f);
    AppSliderSpec target = {"t*", "", 0.0f, 64.0f, 0, 0};
    assert_float_equal(app_slider_nudge(&target, 40.5f, 1), 42.0f, 0.0f);
    assert_float_equal(app_slider_nudge(&target, 40.5f, -1), 40.0f, 0.0f);
}

static void test_hit_tests(void **state)
{
    (void)state;
    AppLayout L;
    AppMetrics m = metrics(1.0f);
    app_layout_compute(&L, 1280, 720, 1.0f, &m, 0x7u);
    for (int c = 0; c < APP_CTRL_COUNT; c++) {
        AppRect r = L.ctrl[c];
        assert_int_equal(app_layout_hit_ctrl(&L, (float)r.x + (float)r.w * 0.5f, (float)r.y + (float)r.h * 0.5f), c);
    }
    AppRect main = L.slot[APP_SLOT_MAIN];
    assert_int_equal(app_layout_hit_ctrl(&L, (float)main.x + 10.0f, (float)main.y + 10.0f), -1);
    assert_int_equal(app_layout_hit_slot(&L, (float)main.x + 10.0f, (float)main.y + 10.0f), APP_SLOT_MAIN);
    AppRect e = L.legend[SL_MASK_SMOOTHSTEP];
    assert_int_equal(app_layout_hit_legend(&L, (float)e.x + 2.0f, (float)e.y + 2.0f), SL_MASK_SMOOTHSTEP);
    assert_int_equal(app_layout_hit_legend(&L, 5.0f, 5.0f), -1);
    AppRect track = app_layout_slider_track(&L, L.ctrl[APP_CTRL_K]);
    assert_true(track.w > 0 && inside(track, L.ctrl[APP_CTRL_K]));
    assert_false(app_rect_contains(main, (float)(main.x + main.w), (float)main.y));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_panels_inside_and_disjoint),
        cmocka_unit_test(test_layout_grows_with_the_window),
        cmocka_unit_test(test_layout_gradient_rows_follow_families),
        cmocka_unit_test(test_axis_maps_both_ways),
        cmocka_unit_test(test_axis_ticks_are_nice),
        cmocka_unit_test(test_format_value),
        cmocka_unit_test(test_slider_log_and_integer),
        cmocka_unit_test(test_slider_keys_land_on_round_values),
        cmocka_unit_test(test_hit_tests),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
