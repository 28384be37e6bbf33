/* test_presentation.c — a presentation that never drops content, headless at 1280x720:
 * every lesson, in its own view and the graph view, at every F2/F3 scale step, draws
 * with nothing left out or cut short (the panels report what they drop; the numbers the
 * pages quote are test_quoted_numbers.c's); every page fits without scrolling; a scale step and its inverse give back the same picture; PageDown turns
 * pages and never lessons; Esc does not quit; h hides the controls and gives the panels
 * their room; F4's high contrast keeps no light grey for meaning. */
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
#include "app_fixture.h"
#include "app_panels.h"
#include "app_ui.h"

#define W 1280
#define H 720

static void open_lesson(int i)
{
    AppLessonList list;
    assert_true(app_lessons_list(NULL, &list) >= 8);
    fixture_open(list.paths[i], W, H, 0);
}

/* How many lessons ship (all of them are checked). */
static int lesson_count(void)
{
    AppLessonList list;
    int n = app_lessons_list(NULL, &list);
    assert_true(n >= 9);
    return n;
}

static int teardown(void **state) { return fixture_teardown(state); }
static void draw(void) { fixture_draw(); }

/* Nothing dropped: prints what was, so a failure says where. */
static void assert_no_drops(const char *where)
{
    if (fx.app.drops) {
        fprintf(stderr, "%s: %d dropped\n", where, fx.app.drops);
        for (int i = 0; i < fx.app.drops && i < APP_DROPS_KEPT; i++) fprintf(stderr, "  %s\n", fx.app.drop[i]);
    }
    assert_int_equal(fx.app.drops, 0);
}

/* Every lesson, each view (its own, the graph, its own with the controls hidden), every
 * scale step F2 and F3 reach from the start, every page; at 1280x720 and at the
 * window's smallest size, 800x540 (there each page at the starting scale). A step the
 * window backs down from is not one it allows; at 1280x720 each takes at least one. */
static void test_no_content_dropped_at_any_scale(void **state)
{
    (void)state;
    char where[160];
    static const int sizes[2][2] = {{W, H}, {800, 540}};
    for (int size = 0; size < 2; size++) {
        for (int lesson = 0; lesson < lesson_count(); lesson++) {
            for (int view = 0; view < 3; view++) { /* its own, the graph, its own without controls */
                open_lesson(lesson);
                if (size) app_set_size(&fx.app, sizes[size][0], sizes[size][1]);
                if ((view == 1) != fx.app.model.ls.graph_on) key(SDLK_g);
                if (view == 2) key(SDLK_h);
                int start_step = 0;
                while (fx.app.user_scale > 0.5f) {
                    key(SDLK_F2);
                    start_step--;
                }
                int backed = 0;
                for (int step = start_step; step < 12 && !backed; step++) {
                    int pages = size == 0 || step == 0 ? fx.app.model.lesson.page_count : 1;
                    int want = fx.app.scale_step;
                    for (int page = 0; page < pages && !backed; page++) {
                        fx.app.model.page = page;
                        draw();
                        /* A step that would drop content is backed down (and says so):
                         * the steps below it are the ones the window allows. */
                        if (fx.app.scale_step != want) {
                            backed = 1;
                            break;
                        }
                        snprintf(where, sizeof where, "lesson %d at %dx%d, %s view, scale %.3f, page %d", lesson + 1,
                                 sizes[size][0], sizes[size][1],
                                 view == 1 ? "graph" : view == 2 ? "controls-hidden" : "its", (double)fx.app.scale,
                                 page + 1);
                        assert_no_drops(where);
                    }
                    if (backed || fx.app.user_scale >= APP_SCALE_USER_MAX) break;
                    key(SDLK_F3);
                }
                /* At 1280x720 every lesson and view takes one larger step. */
                if (size == 0 && fx.app.scale_step < 1) {
                    fprintf(stderr, "lesson %d, view %d: F3 is refused at 1280x720\n", lesson + 1, view);
                    fail();
                }
            }
        }
    }
}

/* The help overlay lists every key at every scale step (two columns when one is too
 * tall), in the standard and the high-contrast theme. */
static void test_help_lists_every_key_at_every_scale(void **state)
{
    (void)state;
    open_lesson(1);
    while (fx.app.user_scale > 0.5f) key(SDLK_F2);
    for (int step = 0; step < 12; step++) {
        key(SDLK_F1); /* (any other key closes the help) */
        assert_int_equal(fx.app.show_help, 1);
        app_text_log(fx.app.text, 1);
        draw();
        assert_no_drops("help");
        const char *shown = app_text_logged(fx.app.text);
        assert_non_null(strstr(shown, "record the run"));
        assert_non_null(strstr(shown, "quit"));
        key(SDLK_F1);
        if (fx.app.user_scale >= APP_SCALE_USER_MAX) break;
        key(SDLK_F3);
    }
}

/* Every lesson page fits its panel at 1280x720 without scrolling. */
static void test_every_page_fits_at_1280x720(void **state)
{
    (void)state;
    for (int lesson = 0; lesson < lesson_count(); lesson++) {
        open_lesson(lesson);
        if (fx.app.model.ls.graph_on) key(SDLK_g);
        for (int page = 0; page < fx.app.model.lesson.page_count; page++) {
            fx.app.model.page = page;
            draw();
            if (fx.app.text_scroll_max > 0)
                fprintf(stderr, "lesson %d page %d needs %d more pixels\n", lesson + 1, page + 1, fx.app.text_scroll_max);
            assert_int_equal(fx.app.text_scroll_max, 0);
        }
    }
}

static uint32_t *snapshot(void)
{
    size_t n = (size_t)W * H;
    uint32_t *copy = malloc(n * sizeof *copy);
    assert_non_null(copy);
    for (int y = 0; y < H; y++)
        memcpy(copy + (size_t)y * W, (const uint8_t *)fx.surface->pixels + (size_t)y * (size_t)fx.surface->pitch,
               (size_t)W * sizeof *copy);
    return copy;
}

static int differing_pixels(const uint32_t *a, const uint32_t *b)
{
    int d = 0;
    for (size_t i = 0; i < (size_t)W * H; i++) d += (a[i] & 0xFFFFFFu) != (b[i] & 0xFFFFFFu);
    return d;
}

/* F3 then F2 (and F2 then F3) give back the very same picture. */
static void test_scale_step_and_inverse_restore_the_picture(void **state)
{
    (void)state;
    static const int lessons[] = {0, 5};
    for (size_t l = 0; l < sizeof lessons / sizeof lessons[0]; l++) {
        open_lesson(lessons[l]);
        draw();
        uint32_t *start = snapshot();
        key(SDLK_F3);
        draw();
        if (fx.app.user_scale > 1.0f) { /* F3 is refused where the larger text would drop content */
            key(SDLK_F2);
            draw();
            uint32_t *back = snapshot();
            assert_int_equal(differing_pixels(start, back), 0);
            free(back);
        } else {
            assert_non_null(strstr(fx.app.model.message, "largest text"));
        }
        key(SDLK_F2);
        draw();
        uint32_t *smaller = snapshot();
        assert_true(differing_pixels(start, smaller) > 1000);  /* it did change */
        key(SDLK_F3);
        draw();
        uint32_t *back = snapshot();
        assert_int_equal(differing_pixels(start, back), 0);
        assert_true(fx.app.user_scale == 1.0f);
        free(back);
        free(smaller);
        free(start);
    }
}

/* The largest-text note goes as soon as the text is smaller again. */
static void test_largest_text_note_goes_with_smaller_text(void **state)
{
    (void)state;
    open_lesson(0);
    for (int i = 0; i < 6; i++) {
        key(SDLK_F3);
        draw();
    }
    assert_non_null(strstr(fx.app.model.message, "largest text"));
    key(SDLK_F2);
    draw();
    assert_null(strstr(fx.app.model.message, "largest text"));
    assert_no_drops("after F2");
}

/* A note shown after F3 is shortened to its lines, never a reason to take the larger
 * text back: the scale is the teacher's, whatever note passes. */
static void test_note_after_f3_keeps_the_scale(void **state)
{
    (void)state;
    int n = lesson_count();
    for (int lesson = 0; lesson < n; lesson++) {
        open_lesson(lesson);
        draw();
        key(SDLK_F3);
        draw();
        int step = fx.app.scale_step;
        float scale = fx.app.user_scale;
        if (step < 1) continue; /* F3 refused here: test_no_content_dropped_at_any_scale */
        /* Playing, the Training card still says so (its header has shorter forms). */
        app_model_set_playing(&fx.app.model, 1);
        app_text_log(fx.app.text, 1);
        draw();
        int says_training = strstr(app_text_logged(fx.app.text), "\xe2\x96\xb6 training\n") != NULL;
        app_text_log(fx.app.text, 0);
        app_model_set_playing(&fx.app.model, 0);
        if (app_view_current(&fx.app)->panel[APP_SLOT_LOWER_RIGHT].draw == app_panel_training &&
            app_view_slot_shown(&fx.app, APP_SLOT_LOWER_RIGHT))
            assert_true(says_training);
        key(SDLK_ESCAPE); /* "Esc does not quit: press q to quit." */
        draw();
        assert_non_null(strstr(fx.app.model.message, "Esc does not quit"));
        assert_int_equal(fx.app.scale_step, step);
        assert_true(fx.app.user_scale == scale);
        /* Far longer than any panel's lines: cut short, and still no step back. */
        char longer[300]; /* within the model's message */
        snprintf(longer, sizeof longer, "%s", "A note far longer than its lines:");
        for (size_t len = strlen(longer); len + 40 < sizeof longer; len = strlen(longer))
            strcat(longer, " padding words that never fit here,");
        app_note(&fx.app, 1, longer);
        app_text_log(fx.app.text, 1);
        draw();
        assert_string_equal(fx.app.model.message, longer);
        /* Shown whole, or its last line says it goes on: the drawn lines of the note's
         * words, joined, are the note, or one of them ends in "…". */
        const char *shown = app_text_logged(fx.app.text);
        char joined[400] = "";
        int dots = 0;
        for (const char *l = shown; *l;) {
            const char *e = strchr(l, '\n');
            size_t len = e ? (size_t)(e - l) : strlen(l);
            char line[300];
            snprintf(line, sizeof line, "%.*s", (int)len, l);
            size_t ln = strlen(line);
            int ends_dots = ln > 3 && strcmp(line + ln - 3, "\xe2\x80\xa6") == 0;
            if (ends_dots) line[ln - 3] = '\0';
            if (strlen(line) > 10 && strstr(longer, line)) {
                if (joined[0]) strcat(joined, " ");
                strncat(joined, line, sizeof joined - strlen(joined) - 1);
                dots |= ends_dots;
            }
            l += len + (e != NULL);
        }
        app_text_log(fx.app.text, 0);
        if (!dots) assert_string_equal(joined, longer);
        assert_int_equal(fx.app.scale_step, step);
        assert_true(fx.app.user_scale == scale);
        assert_null(strstr(fx.app.model.message, "largest text"));
        assert_no_drops("note after F3");
    }
}

/* A clicker's PageDown/PageUp turn pages (never lessons); Esc does not quit, q does. */
static void test_clicker_keys_turn_pages_and_esc_does_not_quit(void **state)
{
    (void)state;
    open_lesson(0);
    char title[SL_LESSON_TITLE_MAX];
    snprintf(title, sizeof title, "%s", fx.app.model.lesson.title);
    int pages = fx.app.model.lesson.page_count;
    assert_true(pages >= 3);
    draw();
    for (int i = 1; i < pages; i++) {
        key(SDLK_PAGEDOWN);
        draw();
        assert_int_equal(fx.app.model.page, i);
    }
    key(SDLK_PAGEDOWN); /* the last page: stays in the lesson, says how to go on */
    assert_int_equal(fx.app.model.page, pages - 1);
    assert_string_equal(fx.app.model.lesson.title, title);
    assert_non_null(strstr(fx.app.model.message, "n opens the next lesson"));
    key(SDLK_PAGEUP);
    assert_int_equal(fx.app.model.page, pages - 2);
    assert_string_equal(fx.app.model.lesson.title, title);

    /* A page longer than its panel: PageDown shows the rest before turning the page. */
    fx.app.model.page = 0;
    key(SDLK_F3);
    key(SDLK_F3);
    for (int guard = 0; guard < 20 && fx.app.model.page == 0; guard++) {
        draw();
        int before = fx.app.text_scroll;
        key(SDLK_PAGEDOWN);
        if (fx.app.model.page == 0) assert_true(fx.app.text_scroll > before);
    }
    assert_int_equal(fx.app.model.page, 1);
    assert_int_equal(fx.app.text_scroll, 0);

    key(SDLK_ESCAPE);
    assert_int_equal(fx.app.quit, 0);
    assert_non_null(strstr(fx.app.model.message, "q to quit"));
    key(SDLK_F1);
    assert_int_equal(fx.app.show_help, 1);
    key(SDLK_ESCAPE);
    assert_int_equal(fx.app.show_help, 0);
    assert_int_equal(fx.app.quit, 0);
    key(SDLK_q);
    assert_int_equal(fx.app.quit, 1);
}

/* Shift+Down / Shift+Up scroll a long page; plain Up/Down still change the slider. */
static void test_keyboard_scrolls_the_text(void **state)
{
    (void)state;
    /* Every page fits at 1280x720; at the window's minimum size with a large starting
     * scale (as a HiDPI or projector setting gives), some page of some lesson does not. */
    AppLessonList list;
    assert_true(app_lessons_list(NULL, &list) >= 9);
    for (int lesson = 0; lesson < lesson_count() && fx.app.text_scroll_max == 0; lesson++) {
        static AppLaunch launch;
        char err[512];
        memset(&launch, 0, sizeof launch);
        assert_int_equal(sl_lesson_load(list.paths[lesson], &launch.lesson, err, sizeof err), SL_OK);
        launch.lesson.show_graph = 0;
        launch.scale = 1.5f;
        fixture_open_launch(&launch, 800, 540);
        for (int page = 0; page < fx.app.model.lesson.page_count; page++) {
            fx.app.model.page = page;
            draw();
            if (fx.app.text_scroll_max > 0) break;
        }
    }
    assert_true(fx.app.text_scroll_max > 0);
    key_mod(SDLK_DOWN, KMOD_LSHIFT);
    assert_true(fx.app.text_scroll > 0);
    key_mod(SDLK_UP, KMOD_LSHIFT);
    assert_int_equal(fx.app.text_scroll, 0);
}

/* h hides the controls: the panels get their strip, nothing is dropped, and h brings
 * them back as they were. */
static void test_hide_controls_gives_the_panels_room(void **state)
{
    (void)state;
    open_lesson(1);
    draw();
    AppRect main0 = fx.app.layout.slot[APP_SLOT_MAIN], play0 = fx.app.layout.ctrl[APP_CTRL_PLAY];
    key(SDLK_h);
    draw();
    assert_no_drops("controls hidden");
    assert_true(fx.app.layout.slot[APP_SLOT_CONTROLS].h <= fx.app.layout.pad); /* a gutter */
    assert_int_equal(fx.app.layout.ctrl[APP_CTRL_PLAY].w, 0);
    assert_true(fx.app.layout.slot[APP_SLOT_MAIN].h > main0.h);
    key(SDLK_SPACE); /* the keys still work */
    assert_int_equal(fx.app.model.playing, 1);
    key(SDLK_SPACE);
    key(SDLK_h);
    draw();
    assert_int_equal(fx.app.layout.slot[APP_SLOT_MAIN].h, main0.h);
    assert_int_equal(fx.app.layout.ctrl[APP_CTRL_PLAY].x, play0.x);
    assert_int_equal(fx.app.layout.ctrl[APP_CTRL_PLAY].w, play0.w);
    assert_null(strstr(fx.app.model.message, "Controls hidden"));
}

static int count_rgb(AppRect r, uint32_t c)
{
    int n = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++)
            n += (((const uint32_t *)((const uint8_t *)fx.surface->pixels + (size_t)y * (size_t)fx.surface->pitch))[x] &
                  0xFFFFFFu) == c;
    return n;
}

static uint32_t rgb_of(AppColor c)
{
    return (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

static double luminance(AppColor c)
{
    return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
}

/* F4: the high-contrast theme. Text that carries meaning is dark, the curves thicker;
 * F4 again gives back the standard picture. */
static void test_high_contrast_theme(void **state)
{
    (void)state;
    open_lesson(1);
    draw();
    uint32_t *standard = snapshot();
    AppRect mask = fx.app.layout.slot[APP_SLOT_MAIN];
    int hard_std = count_rgb(mask, rgb_of(app_theme_family_color(SL_MASK_HARD)));
    key(SDLK_F4);
    assert_int_equal(app_theme_current(), APP_THEME_HIGH_CONTRAST);
    draw();
    assert_no_drops("high contrast");
    int hard_hc = count_rgb(mask, rgb_of(app_theme_family_color(SL_MASK_HARD)));
    assert_true(hard_hc > hard_std * 13 / 10); /* thicker lines */
    static const AppThemeColor meaning[] = {APP_COL_TEXT, APP_COL_MUTED, APP_COL_BORDER, APP_COL_TARGET, APP_COL_OFF,
                                           APP_COL_ERROR, APP_COL_NOTE, APP_COL_ACCENT};
    for (size_t i = 0; i < sizeof meaning / sizeof meaning[0]; i++)
        assert_true(luminance(app_theme_color(meaning[i])) < 110.0);
    for (int f = 0; f < SL_MASK_COUNT; f++) assert_true(luminance(app_theme_family_color((SlMaskKind)f)) < 110.0);
    key(SDLK_F4);
    draw();
    uint32_t *again = snapshot();
    assert_int_equal(differing_pixels(standard, again), 0);
    free(again);
    free(standard);
}

/* ste and hard differ by more than colour: ste's legend sample shows gaps (dashes), as
 * its line does; hard's is one solid run. */
static int runs_in_row(AppRect r, int y, AppColor c)
{
    int runs = 0, in = 0;
    for (int x = r.x; x < r.x + r.w; x++) {
        uint32_t p = ((const uint32_t *)((const uint8_t *)fx.surface->pixels + (size_t)y * (size_t)fx.surface->pitch))[x];
        int r8 = (int)(p >> 16 & 255), g8 = (int)(p >> 8 & 255), b8 = (int)(p & 255);
        int near = abs(r8 - c.r) + abs(g8 - c.g) + abs(b8 - c.b) < 60;
        if (near && !in) runs++;
        in = near;
    }
    return runs;
}

static void test_ste_legend_sample_is_dashed(void **state)
{
    (void)state;
    open_lesson(3); /* straight-through: hard, logistic and ste shown */
    draw();
    AppRect ste = fx.app.layout.legend[SL_MASK_STE], hard = fx.app.layout.legend[SL_MASK_HARD];
    int y = ste.y + ste.h / 2;
    assert_true(runs_in_row(ste, y, app_theme_family_color(SL_MASK_STE)) >= 2);
    assert_int_equal(runs_in_row(hard, y, app_theme_family_color(SL_MASK_HARD)), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_content_dropped_at_any_scale),
        cmocka_unit_test(test_help_lists_every_key_at_every_scale),
        cmocka_unit_test(test_every_page_fits_at_1280x720),
        cmocka_unit_test(test_scale_step_and_inverse_restore_the_picture),
        cmocka_unit_test(test_largest_text_note_goes_with_smaller_text),
        cmocka_unit_test(test_note_after_f3_keeps_the_scale),
        cmocka_unit_test(test_clicker_keys_turn_pages_and_esc_does_not_quit),
        cmocka_unit_test(test_keyboard_scrolls_the_text),
        cmocka_unit_test(test_hide_controls_gives_the_panels_room),
        cmocka_unit_test(test_high_contrast_theme),
        cmocka_unit_test(test_ste_legend_sample_is_dashed),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
