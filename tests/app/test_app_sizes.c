/* test_app_sizes.c — the window at every size it can be given: text fitting never reads
 * outside its string, and every lesson in every view (its own, the graph of each case, the map,
 * the keys overlay, the lesson picker) draws and trains at the smallest, odd, very wide
 * and very tall sizes and at every presentation scale step (F2/F3), at every width from
 * 320 to 460, and when a window manager resizes the window below its minimum. Run under
 * ASan/UBSan, a bad index or a negative length is a failure here. Drawing buffers follow
 * the window's size down as well as up. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_lessons.h"
#include "app_panels.h"
#include "app_fixture.h"
#include "app_ui.h"

/* The app on a w x h picture with lesson path ("" for the built-in default). */
static void open_app(const char *path, int w, int h) { fixture_open(path, w, h, 0); }
static int teardown(void **state) { return fixture_teardown(state); }

/* One frame as the window draws it (a training step when playing, then the picture),
 * over a pure green the theme never uses; returns the pixels of the app's size left
 * green, sampled on a 3-pixel grid. */
static int frame_unpainted(void)
{
    int w = fx.app.width < fx.surface->w ? fx.app.width : fx.surface->w;
    int h = fx.app.height < fx.surface->h ? fx.app.height : fx.surface->h;
    SDL_Rect all = {0, 0, w, h};
    SDL_FillRect(fx.surface, &all, 0xFF00FF00u);
    app_fc_invalidate(&fx.app.draw.fc);
    app_frame(&fx.app);
    SDL_RenderFlush(fx.renderer);
    int green = 0;
    for (int y = 0; y < h; y += 3)
        for (int x = 0; x < w; x += 3) green += pixel(x, y) == 0x00FF00u;
    return green;
}

static int lesson_paths(AppLessonList *list)
{
    int n = app_lessons_list(NULL, list);
    assert_true(n >= 8);
    return n;
}

/* The keys overlay and the lesson picker look the same over every lesson: drawn over
 * the first one only. */
static int g_overlays = 1;
static int g_map_frames; /* map views drawn: the task lessons must reach it */

/* Every view of the lesson at the current size and scale: its own view (training), the
 * graph of case `subject` (c steps through them), the keys overlay and the picker. */
static void every_view(int subject)
{
    AppModel *m = &fx.app.model;
    assert_int_equal(frame_unpainted(), 0);
    int count = app_lesson_state_subject_count(&m->ls, app_model_shown_count(m));
    while (m->ls.subject != subject % count) app_do(&fx.app, APP_ACT_GRAPH_NEXT);
    app_do(&fx.app, APP_ACT_GRAPH_TOGGLE);
    assert_int_equal(frame_unpainted(), 0);
    app_do(&fx.app, APP_ACT_GRAPH_TOGGLE);
    /* The steepness map (m), where the lesson has one learnable step. */
    int was_map = m->map_on;
    if (!was_map) app_do(&fx.app, APP_ACT_MAP_TOGGLE);
    if (m->map_on) {
        g_map_frames++;
        assert_int_equal(frame_unpainted(), 0);
        if (!was_map) app_do(&fx.app, APP_ACT_MAP_TOGGLE);
    }
    if (!g_overlays) return;
    app_do(&fx.app, APP_ACT_HELP);
    frame_unpainted();
    app_do(&fx.app, APP_ACT_HELP);
    app_do(&fx.app, APP_ACT_LESSON_PICKER);
    frame_unpainted();
    app_do(&fx.app, APP_ACT_LESSON_PICKER);
}

/* Shows every family a task lesson has (1..5): more rows in the gradient table. */
static void show_all_families(void)
{
    if (!app_model_trains(&fx.app.model)) return;
    for (int f = 0; f < SL_MASK_COUNT; f++)
        if (!(fx.app.model.shown >> f & 1u)) app_do(&fx.app, (AppAction)(APP_ACT_FAMILY_1 + f));
}

/* Draws every view unless the last call drew this scale and these families already:
 * the layout depends on nothing else, so the picture would be the same. */
static void every_view_once(int *step, float *last_scale, unsigned *last_shown)
{
    if (fx.app.scale == *last_scale && fx.app.model.shown == *last_shown) return;
    *last_scale = fx.app.scale;
    *last_shown = fx.app.model.shown;
    every_view((*step)++);
}

/* Presses F2 until the scale stops shrinking, then F3 until it stops growing, drawing
 * every view at each step that changes the scale in effect (small windows hold every
 * step at the smallest scale); from the fourth step up, every family is shown. Returns
 * the number of distinct pictures drawn. */
static int every_scale_step(void)
{
    fx.app.model.playing = 1;
    int step = 0, presses = 0;
    float last_scale = -1.0f, prev = -1.0f;
    unsigned last_shown = 0;
    while (fx.app.user_scale != prev) {
        prev = fx.app.user_scale;
        every_view_once(&step, &last_scale, &last_shown);
        app_do(&fx.app, APP_ACT_SCALE_DOWN);
        presses++;
    }
    assert_true(presses >= 7);  /* 1, 1/1.125, ... down to 0.5 */
    /* Up to the largest step, or until the window holds no larger text (a step that
     * would leave something out backs down when drawn). */
    for (int up = 1; up <= 16 && fx.app.user_scale < APP_SCALE_USER_MAX; up++) {
        float before = fx.app.user_scale;
        app_do(&fx.app, APP_ACT_SCALE_UP);
        if (up == 4) show_all_families();
        every_view_once(&step, &last_scale, &last_shown);
        if (fx.app.user_scale <= before && up >= 4) break;
    }
    return step;
}

static void test_fit_text_never_reads_before_the_string(void **state)
{
    (void)state;
    open_app("", 640, 360);
    AppText *t = fx.app.text;
    AppColor c = app_theme_color(APP_COL_TEXT);
    /* A string that starts with a multi-byte character (U+2248, U+2212): the cut walks
     * back over its continuation bytes to 0, where the ellipsis alone is tried last. */
    static const char *const texts[] = {"\xe2\x89\x88 \xe2\x88\x92" "0.0156", "\xe2\x88\x92", "x", "spike: a jump"};
    const float widths[] = {-100.0f, -1.0f, 0.0f, 0.5f, 1.0f, 3.0f, NAN};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++)
            assert_int_equal(app_text_draw_fit(t, APP_FONT_BODY, texts[i], 10.0f, 10.0f, widths[k], c), 0);
    /* Every width from nothing to the whole string: what is drawn fits. */
    const char *s = texts[0];
    int full = app_text_width(t, APP_FONT_BODY, s);
    int drawn_some = 0;
    for (int w = 0; w <= full + 2; w++) {
        int got = app_text_draw_fit(t, APP_FONT_BODY, s, 10.0f, 10.0f, (float)w, c);
        assert_true(got <= w);
        drawn_some += got > 0;
    }
    assert_true(drawn_some > 0);
    assert_int_equal(app_text_draw_fit(t, APP_FONT_BODY, s, 10.0f, 10.0f, (float)full, c), full);
}

/* Labels not drawn for a while are freed a slice of the table per frame: after many
 * strings drawn for a few frames only the strings still drawn are held, none of those is
 * lost from the table (a lost one would be added again: the count would rise), and no one
 * frame frees hundreds at once (the pause that was every 64th frame). A string drawn in
 * one frame only (a number that changed) is freed two frames later; one drawn again in
 * the next frame stays for the sweep. */
static void test_stale_labels_are_freed_a_few_per_frame(void **state)
{
    (void)state;
    open_app("", 640, 360);
    AppText *t = fx.app.text;
    AppColor c = app_theme_color(APP_COL_TEXT);
    char s[32];
    for (int f = 0; f < 40; f++) {
        app_text_begin_frame(t);
        for (int i = 0; i < 50; i++) {
            snprintf(s, sizeof s, "kept %d", i);
            app_text_draw(t, APP_FONT_BODY, s, 10.0f, 10.0f, c, APP_ALIGN_LEFT);
        }
        for (int i = 0; i < 20; i++) {
            snprintf(s, sizeof s, "once %d.%d", f, i);
            app_text_draw(t, APP_FONT_BODY, s, 10.0f, 10.0f, c, APP_ALIGN_LEFT);
        }
        for (int i = 0; i < 20; i++) { /* drawn in this frame and the next */
            snprintf(s, sizeof s, "twice %d.%d", f / 2, i);
            app_text_draw(t, APP_FONT_BODY, s, 10.0f, 10.0f, c, APP_ALIGN_LEFT);
        }
    }
    int before = app_text_label_count(t), most_freed = 0;
    /* the kept ones, the one-offs of the last two frames, every pair of the last 30 frames */
    assert_true(before <= 50 + 2 * 20 + 20 * 20);
    assert_true(before >= 50 + 20 + 15 * 20);
    for (int f = 0; f < 200; f++) {
        app_text_begin_frame(t);
        int now = app_text_label_count(t);
        for (int i = 0; i < 50; i++) {
            snprintf(s, sizeof s, "kept %d", i);
            app_text_draw(t, APP_FONT_BODY, s, 10.0f, 10.0f, c, APP_ALIGN_LEFT);
        }
        assert_int_equal(app_text_label_count(t), now); /* every kept string found */
        assert_true(now <= before);
        if (before - now > most_freed) most_freed = before - now;
        before = now;
    }
    assert_int_equal(app_text_label_count(t), 50);
    assert_true(most_freed > 0);
    assert_true(most_freed < 100);
}

/* The sizes the issue named: the smallest --size allows, an odd one, very wide, very
 * tall; and 1280x720, where the scale steps change the layout most. */
static void test_every_lesson_and_view_at_the_extreme_sizes_and_every_scale(void **state)
{
    (void)state;
    static const int sizes[][2] = {{320, 240}, {401, 333}, {7680, 400}, {400, 4320}, {1280, 720}};
    AppLessonList list;
    int n = lesson_paths(&list);
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (int i = 0; i < n; i++) {
            open_app(list.paths[i], sizes[s][0], sizes[s][1]);
            g_overlays = i == 0;
            int pictures = every_scale_step();
            /* 1280x720 changes scale at every step: 1 down to 0.5 is 7 pictures, and
             * more on the way up with every family shown. */
            if (sizes[s][0] == 1280) assert_true(pictures >= 10);
        }
    assert_true(g_map_frames > 0);
}

/* Every width from 320 to 460 (where the gradient table ran out of room), every lesson,
 * with every family shown, at scale 1 and at the largest scale. */
static void test_every_width_from_320_to_460(void **state)
{
    (void)state;
    AppLessonList list;
    int n = lesson_paths(&list);
    for (int i = 0; i < n; i++) {
        open_app(list.paths[i], 460, 540);
        show_all_families();
        fx.app.model.playing = 1;
        float last = -1.0f;
        for (int w = 320; w <= 460; w++)
            for (int big = 0; big < 2; big++) {
                fx.app.user_scale = big ? APP_SCALE_USER_MAX : 1.0f;
                app_set_size(&fx.app, w, (w & 1) ? 540 : 240);
                /* At these sizes both scales come to the smallest one: drawn once. */
                if (big && fx.app.scale == last) continue;
                last = fx.app.scale;
                assert_int_equal(frame_unpainted(), 0);
            }
    }
}

static void resize_event(int w, int h)
{
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_WINDOWEVENT;
    ev.window.event = SDL_WINDOWEVENT_SIZE_CHANGED;
    ev.window.data1 = w;
    ev.window.data2 = h;
    app_handle_event(&fx.app, &ev);
}

/* A window manager that ignores the 800x540 minimum (or no window manager) can make the
 * window any size: the window's own resize path must draw at every one of them. */
static void test_window_resized_below_its_minimum(void **state)
{
    (void)state;
    static const int sizes[][2] = {{450, 540}, {455, 540}, {320, 240}, {200, 150}, {64, 48}, {1, 1}, {1000, 30}, {30, 800}};
    AppLessonList list;
    int n = lesson_paths(&list);
    for (int i = 0; i < n; i++) {
        open_app(list.paths[i], 1000, 800);
        g_overlays = i == 0;
        show_all_families();
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            resize_event(sizes[s][0], sizes[s][1]);
            assert_int_equal(fx.app.width, sizes[s][0]);
            assert_int_equal(fx.app.height, sizes[s][1]);
            every_view((int)s);
        }
    }
}

/* Pixels of exactly the NaN badge colour in the bottom quarter of the lesson-6 panel
 * (which spans the main and lower slots): the three traps' gradient cells. */
static int trap_nan_pixels(void)
{
    AppColor c = app_theme_badge_fill(SL_GRAD_NAN);
    uint32_t want = (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
    AppRect main = fx.app.layout.slot[APP_SLOT_MAIN], low = fx.app.layout.slot[APP_SLOT_LOWER_RIGHT];
    int top = main.y, bottom = low.y + low.h, n = 0;
    for (int y = bottom - (bottom - top) / 4; y < bottom; y++)
        for (int x = main.x; x < main.x + main.w; x++) n += pixel(x, y) == want;
    return n;
}

/* Lesson 6's trap cells are capped at 110 px times the scale: at a scale below 1 (F2)
 * they once shrank to 1 px ((int)scale was 0) and the NaN badges of the traps vanished. */
static void test_trap_cells_keep_their_width_below_scale_1(void **state)
{
    (void)state;
    AppLessonList list;
    lesson_paths(&list);
    open_app(list.paths[5], 1280, 720);
    if (fx.app.model.ls.graph_on) app_do(&fx.app, APP_ACT_GRAPH_TOGGLE);  /* the table, not the graph */
    frame_unpainted();
    int at_1 = trap_nan_pixels();
    app_do(&fx.app, APP_ACT_SCALE_DOWN);
    assert_true(fx.app.scale < 1.0f && fx.app.scale > 0.85f);
    frame_unpainted();
    int below = trap_nan_pixels();
    /* The area goes with the square of the scale (0.79); every cell is still there. */
    assert_true(at_1 > 0);
    assert_true(below > at_1 / 2);
}

static size_t buffer_bytes(const App *app)
{
    size_t b = app_canvas_bytes(&app->draw.scratch);
    for (int i = 0; i < APP_LAYER_COUNT; i++) b += app_canvas_bytes(&app->layers[i].canvas);
    return b;
}

/* After 7680x4320 and back to 1280x720, the drawing buffers are about what 1280x720
 * alone needs, not what 7680x4320 needed. */
static void test_drawing_buffers_follow_the_window_down(void **state)
{
    (void)state;
    open_app("", 1280, 720);
    app_do(&fx.app, APP_ACT_GRAPH_TOGGLE);  /* the graph's canvas spans the work area */
    frame_unpainted();
    app_do(&fx.app, APP_ACT_GRAPH_TOGGLE);
    frame_unpainted();
    size_t small = buffer_bytes(&fx.app);
    assert_true(small > 0);

    open_app("", 7680, 4320);
    app_do(&fx.app, APP_ACT_GRAPH_TOGGLE);
    frame_unpainted();
    app_do(&fx.app, APP_ACT_GRAPH_TOGGLE);
    frame_unpainted();
    size_t big = buffer_bytes(&fx.app);
    assert_true(big > 20 * small);
    resize_event(1280, 720);
    app_do(&fx.app, APP_ACT_GRAPH_TOGGLE);
    frame_unpainted();
    app_do(&fx.app, APP_ACT_GRAPH_TOGGLE);
    frame_unpainted();
    size_t back = buffer_bytes(&fx.app);
    assert_true(back <= 2 * small);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_fit_text_never_reads_before_the_string, teardown),
        cmocka_unit_test_teardown(test_stale_labels_are_freed_a_few_per_frame, teardown),
        cmocka_unit_test_teardown(test_every_lesson_and_view_at_the_extreme_sizes_and_every_scale, teardown),
        cmocka_unit_test_teardown(test_every_width_from_320_to_460, teardown),
        cmocka_unit_test_teardown(test_window_resized_below_its_minimum, teardown),
        cmocka_unit_test_teardown(test_drawing_buffers_follow_the_window_down, teardown),
        cmocka_unit_test_teardown(test_trap_cells_keep_their_width_below_scale_1, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
