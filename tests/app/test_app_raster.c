/* test_app_raster.c — the plain-C anti-aliased canvas: coverage, dashes, blending,
 * clipping to the canvas and screen-coordinate offsets. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "app_raster.h"

static const AppColor k_white = {255, 255, 255, 255};
static const AppColor k_black = {0, 0, 0, 255};

static int red_of(uint32_t p)
{
    return (int)(p >> 16 & 0xFFu);
}

static void test_thick_line_covers_its_width_and_no_more(void **state)
{
    (void)state;
    AppCanvas c = {0};
    assert_true(app_canvas_resize(&c, 100, 40, 50, 10));  /* screen (50,10) is pixel (0,0) */
    app_canvas_clear(&c, k_white);
    float xy[4] = {60.0f, 30.0f, 140.0f, 30.0f};          /* y = 30 is the edge between rows 29 and 30 */
    app_canvas_polyline(&c, xy, 2, 3.0f, k_black, NULL);
    assert_int_equal(red_of(app_canvas_get(&c, 100, 29)), 0);  /* centre rows are solid */
    assert_int_equal(red_of(app_canvas_get(&c, 100, 30)), 0);
    int edge = red_of(app_canvas_get(&c, 100, 31));            /* 1.5 px out: half covered */
    assert_true(edge > 60 && edge < 200);
    assert_int_equal(red_of(app_canvas_get(&c, 100, 34)), 255);
    assert_int_equal(red_of(app_canvas_get(&c, 55, 30)), 255);  /* before the start */
    assert_int_equal(app_canvas_get(&c, 10, 10), 0u);          /* outside the canvas */
    app_canvas_free(&c);
}

static void test_dashes_leave_gaps_and_solid_does_not(void **state)
{
    (void)state;
    AppCanvas c = {0};
    assert_true(app_canvas_resize(&c, 200, 20, 0, 0));
    app_canvas_clear(&c, k_white);
    float xy[4] = {0.0f, 10.0f, 200.0f, 10.0f};
    float dash[4] = {10.0f, 10.0f, 10.0f, 10.0f};
    app_canvas_polyline(&c, xy, 2, 2.0f, k_black, dash);
    int dark = 0, light = 0;
    for (int x = 0; x < 200; x++) {
        int r = red_of(app_canvas_get(&c, x, 10));
        dark += r < 64;
        light += r > 192;
    }
    assert_true(dark > 60 && light > 60);
    app_canvas_clear(&c, k_white);
    app_canvas_polyline(&c, xy, 2, 2.0f, k_black, NULL);
    for (int x = 0; x < 200; x++) assert_true(red_of(app_canvas_get(&c, x, 10)) < 64);
    app_canvas_free(&c);
}

static void test_overlapping_segments_do_not_darken(void **state)
{
    (void)state;
    AppCanvas c = {0};
    assert_true(app_canvas_resize(&c, 40, 40, 0, 0));
    app_canvas_clear(&c, k_white);
    AppColor half = {0, 0, 0, 128};
    float xy[6] = {5.0f, 20.0f, 35.0f, 20.0f, 5.0f, 20.0f};  /* doubles back over itself */
    app_canvas_polyline(&c, xy, 3, 4.0f, half, NULL);
    int r = red_of(app_canvas_get(&c, 20, 20));
    assert_true(r >= 125 && r <= 129);  /* blended once, not twice (~64) */
    app_canvas_free(&c);
}

/* d with s over it at alpha a, each channel rounded to nearest: what blending is. */
static uint32_t over(uint32_t d, AppColor s, unsigned a)
{
    unsigned sc[3] = {s.b, s.g, s.r}, out = 0xFF000000u;
    for (int k = 0; k < 3; k++) {
        unsigned dc = d >> (8 * k) & 0xFFu;
        out |= (sc[k] * a + dc * (255u - a) + 127u) / 255u << (8 * k);
    }
    return out;
}

/* Translucent fills and the inside of a translucent disc blend every pixel of every
 * span length (vector and scalar parts alike) by the rounded formula, and leave the
 * pixels around them as they were. */
static void test_blending_is_rounded_per_channel_at_every_span(void **state)
{
    (void)state;
    AppCanvas c = {0};
    assert_true(app_canvas_resize(&c, 40, 40, 0, 0));
    const AppColor tints[] = {{200, 30, 90, 1}, {10, 250, 128, 77}, {255, 255, 255, 128}, {0, 0, 0, 254}};
    for (size_t t = 0; t < sizeof tints / sizeof tints[0]; t++)
        for (int x0 = 0; x0 < 4; x0++)
            for (int len = 0; len <= 19; len++) {
                for (int x = 0; x < 40; x++) { /* a different opaque colour in each column */
                    AppColor k = {(uint8_t)(x * 37), (uint8_t)(255 - x * 11), (uint8_t)(x * 101 + 7), 255};
                    app_canvas_fill_rect(&c, (float)x, 0.0f, (float)x + 1.0f, 40.0f, k);
                }
                uint32_t before[40];
                for (int x = 0; x < 40; x++) before[x] = app_canvas_get(&c, x, 3);
                app_canvas_fill_rect(&c, (float)x0, 3.0f, (float)(x0 + len), 4.0f, tints[t]);
                for (int x = 0; x < 40; x++) {
                    uint32_t want = x >= x0 && x < x0 + len ? over(before[x], tints[t], tints[t].a) : before[x];
                    assert_int_equal(app_canvas_get(&c, x, 3), want);
                }
            }
    /* A disc's inside has full coverage: alpha is the colour's own. */
    for (int x = 0; x < 40; x++) {
        AppColor k = {(uint8_t)(x * 53), (uint8_t)(x * 3), (uint8_t)(200 - x), 255};
        app_canvas_fill_rect(&c, (float)x, 0.0f, (float)x + 1.0f, 40.0f, k);
    }
    uint32_t before[40];
    for (int x = 0; x < 40; x++) before[x] = app_canvas_get(&c, x, 20);
    AppColor tint = {30, 160, 220, 99};
    app_canvas_disc(&c, 20.0f, 20.0f, 15.0f, tint);
    for (int x = 8; x < 32; x++) assert_int_equal(app_canvas_get(&c, x, 20), over(before[x], tint, tint.a));
    for (int x = 0; x < 4; x++) assert_int_equal(app_canvas_get(&c, x, 20), before[x]);
    for (int x = 37; x < 40; x++) assert_int_equal(app_canvas_get(&c, x, 20), before[x]);
    app_canvas_free(&c);
}

/* A small polygon is drawn four pixels at a time; one of more than 16 points one pixel
 * at a time. The same nine-sided polygon with every point given twice (its zero-length
 * edges count for nothing) takes the second way: the pixels are the same. */
static void test_polygon_pixels_do_not_depend_on_the_way_drawn(void **state)
{
    (void)state;
    float nine[18], twice[36];
    for (int i = 0; i < 9; i++) {
        float a = 0.7f * (float)i; /* about 40 degrees apart: convex, either winding */
        nine[2 * i] = 31.3f + 22.7f * cosf(a), nine[2 * i + 1] = 24.9f + 19.1f * sinf(a);
        twice[4 * i] = twice[4 * i + 2] = nine[2 * i];
        twice[4 * i + 1] = twice[4 * i + 3] = nine[2 * i + 1];
    }
    AppColor tints[] = {{20, 90, 200, 255}, {200, 60, 10, 140}};
    for (int k = 0; k < 2; k++) {
        AppCanvas a = {0}, b = {0};
        assert_true(app_canvas_resize(&a, 67, 53, 3, 2));
        assert_true(app_canvas_resize(&b, 67, 53, 3, 2));
        app_canvas_clear(&a, k_white);
        app_canvas_clear(&b, k_white);
        app_canvas_convex(&a, nine, 9, tints[k]);
        app_canvas_convex(&b, twice, 18, tints[k]);
        int differ = 0, drawn = 0;
        for (int y = 2; y < 55; y++)
            for (int x = 3; x < 70; x++) {
                differ += app_canvas_get(&a, x, y) != app_canvas_get(&b, x, y);
                drawn += app_canvas_get(&a, x, y) != 0xFFFFFFFFu;
            }
        assert_int_equal(differ, 0);
        assert_true(drawn > 1000);
        app_canvas_free(&a);
        app_canvas_free(&b);
    }
}

static void test_fill_disc_and_polygon(void **state)
{
    (void)state;
    AppCanvas c = {0};
    assert_true(app_canvas_resize(&c, 60, 60, 0, 0));
    app_canvas_clear(&c, k_white);
    AppColor half = {0, 0, 0, 128};
    app_canvas_fill_rect(&c, 0.0f, 0.0f, 10.0f, 10.0f, half);
    int r = red_of(app_canvas_get(&c, 5, 5));
    assert_true(r >= 126 && r <= 128);
    assert_int_equal(red_of(app_canvas_get(&c, 10, 5)), 255);
    app_canvas_disc(&c, 30.0f, 30.0f, 8.0f, k_black);
    assert_int_equal(red_of(app_canvas_get(&c, 30, 30)), 0);
    assert_int_equal(red_of(app_canvas_get(&c, 30, 40)), 255);
    float tri[6] = {40.0f, 50.0f, 58.0f, 50.0f, 49.0f, 58.0f};
    app_canvas_convex(&c, tri, 3, k_black);
    assert_int_equal(red_of(app_canvas_get(&c, 49, 53)), 0);
    assert_int_equal(red_of(app_canvas_get(&c, 41, 57)), 255);
    app_canvas_free(&c);
    /* A non-finite point breaks the line: the finite pieces on either side are drawn, and
     * nothing joins across the gap (and nothing crashes). */
    AppCanvas g = {0};
    assert_true(app_canvas_resize(&g, 60, 20, 0, 0));
    app_canvas_clear(&g, k_white);
    float gap[10] = {5.0f, 10.0f, 20.0f, 10.0f, NAN, 10.0f, 35.0f, 10.0f, 55.0f, 10.0f};
    app_canvas_polyline(&g, gap, 5, 2.0f, k_black, NULL);
    assert_true(red_of(app_canvas_get(&g, 12, 10)) < 64);  /* first piece */
    assert_true(red_of(app_canvas_get(&g, 45, 10)) < 64);  /* second piece */
    assert_int_equal(red_of(app_canvas_get(&g, 27, 10)), 255); /* no bridge over the NaN */
    assert_int_equal(red_of(app_canvas_get(&g, 12, 2)), 255);  /* nothing stray */
    app_canvas_free(&g);
}

static void test_simplified_polylines_look_the_same(void **state)
{
    (void)state;
    AppCanvas a = {0}, b = {0};
    assert_true(app_canvas_resize(&a, 120, 60, 0, 0) && app_canvas_resize(&b, 120, 60, 0, 0));
    app_canvas_clear(&a, k_white);
    app_canvas_clear(&b, k_white);
    /* 200 collinear samples draw exactly what their two end points draw. */
    float many[400];
    for (int i = 0; i < 200; i++) many[2 * i] = 5.0f + 0.5f * (float)i, many[2 * i + 1] = 10.0f + 0.2f * (float)i;
    float two[4] = {many[0], many[1], many[398], many[399]};
    app_canvas_polyline(&a, many, 200, 3.0f, k_black, NULL);
    app_canvas_polyline(&b, two, 2, 3.0f, k_black, NULL);
    assert_memory_equal(a.px, b.px, sizeof(uint32_t) * 120 * 60);
    /* A curve keeps its bend: the peak of a sampled arc is still drawn. */
    app_canvas_clear(&a, k_white);
    float arc[2 * 101];
    for (int i = 0; i <= 100; i++) {
        float x = 10.0f + (float)i;
        arc[2 * i] = x, arc[2 * i + 1] = 50.0f - 40.0f * sinf(3.14159265f * (float)i / 100.0f);
    }
    app_canvas_polyline(&a, arc, 101, 2.0f, k_black, NULL);
    assert_true(red_of(app_canvas_get(&a, 60, 10)) < 64);
    assert_true(red_of(app_canvas_get(&a, 35, (int)(50.0f - 40.0f * sinf(3.14159265f * 0.25f)))) < 96);
    app_canvas_free(&a);
    app_canvas_free(&b);
}

/* Big thick curves (drawn in two bands on two threads) give the pixels of one thread. */
static void test_two_threads_give_the_pixels_of_one(void **state)
{
    (void)state;
    enum { W = 1800, H = 700, N = 900 };
    static float xy[2 * N];
    AppCanvas a = {0}, b = {0};
    assert_true(app_canvas_resize(&a, W, H, 20, 30));
    assert_true(app_canvas_resize(&b, W, H, 20, 30));
    AppColor blue = {30, 90, 200, 220};
    float dash[4] = {14.0f, 6.0f, 3.0f, 6.0f};
    int split0 = app_raster_split_count();
    for (int pass = 0; pass < 2; pass++) {
        AppCanvas *c = pass ? &b : &a;
        app_raster_set_parallel(pass == 0);
        app_canvas_clear(c, k_white);
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < N; i++) {
                float x = 20.0f + 2.0f * (float)i;
                xy[2 * i] = x;
                xy[2 * i + 1] = 30.0f + 350.0f + 300.0f * tanhf(((float)i - 450.0f + 100.0f * (float)k) / 60.0f);
            }
            app_canvas_polyline(c, xy, N, 7.0f + (float)k, blue, k == 1 ? dash : NULL);
        }
    }
    app_raster_set_parallel(1);
    assert_int_equal(app_raster_split_count() - split0, 3); /* the first pass split each curve */
    /* Both halves have ink (the split is inside the curve's rows) and the pictures agree. */
    int ink_top = 0, ink_bottom = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            if (a.px[(size_t)y * W + (size_t)x] != 0xFFFFFFFFu) {
                ink_top += y < H / 4;
                ink_bottom += y >= 3 * H / 4;
            }
    assert_true(ink_top > 1000 && ink_bottom > 1000);
    assert_memory_equal(a.px, b.px, (size_t)W * H * sizeof *a.px);
    app_canvas_free(&a);
    app_canvas_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_thick_line_covers_its_width_and_no_more),
        cmocka_unit_test(test_dashes_leave_gaps_and_solid_does_not),
        cmocka_unit_test(test_overlapping_segments_do_not_darken),
        cmocka_unit_test(test_fill_disc_and_polygon),
        cmocka_unit_test(test_blending_is_rounded_per_channel_at_every_span),
        cmocka_unit_test(test_polygon_pixels_do_not_depend_on_the_way_drawn),
        cmocka_unit_test(test_simplified_polylines_look_the_same),
        cmocka_unit_test(test_two_threads_give_the_pixels_of_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
