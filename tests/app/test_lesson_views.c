/* test_lesson_views.c — the lessons in the window, headless: every shipped lesson renders
 * (its own view, after training steps, and in the graph view) into a non-blank picture;
 * lesson 6 shows NaN cells where PyTorch has NaN; n / p / the picker change the
 * lesson; a malformed lesson file keeps the current lesson and shows the parser's
 * line-numbered error; stepping back through lesson 8's channels is exact, also after the
 * learning rate changed (lessons 1, 7 and 8). */
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
#include <unistd.h>

#include "app_lesson_panels.h"
#include "app_lessons.h"
#include "app_fixture.h"
#include "app_ui.h"

#define W 1280
#define H 720

static void open_app(const char *path) { fixture_open(path, W, H, 0); }
static int teardown(void **state) { return fixture_teardown(state); }
static void draw(void) { fixture_draw(); }

/* Pixels of exactly colour c inside r. */
static int count_color(AppRect r, AppColor c)
{
    int n = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++) n += pixel(x, y) == rgb(c);
    return n;
}

/* A picture a person can read: no pixel left unpainted, many colours, and text. */
static void assert_picture(void)
{
    int distinct = 0, unpainted = 0;
    uint32_t seen[64];
    for (int y = 0; y < H; y += 3)
        for (int x = 0; x < W; x += 3) {
            uint32_t p = pixel(x, y);
            if (p == 0x00FF00u) unpainted++;
            int known = 0;
            for (int i = 0; i < distinct && !known; i++) known = seen[i] == p;
            if (!known && distinct < 64) seen[distinct++] = p;
        }
    assert_int_equal(unpainted, 0);
    assert_true(distinct >= 24);
    AppRect all = {0, 0, W, H};
    assert_true(count_color(all, app_theme_color(APP_COL_TEXT)) > 500);
}

static void lesson_path(int i, char *out, size_t len)
{
    AppLessonList list;
    assert_true(app_lessons_list(NULL, &list) >= 8);
    snprintf(out, len, "%s", list.paths[i]);
}

static void test_every_lesson_renders_its_view_trained_and_as_a_graph(void **state)
{
    (void)state;
    AppLessonList list;
    int n = app_lessons_list(NULL, &list);
    assert_true(n >= 8);
    for (int i = 0; i < n; i++) {
        open_app(list.paths[i]);
        draw();
        assert_picture();
        for (int s = 0; s < 25; s++) assert_int_equal(app_model_step(&fx.app.model), app_model_trains(&fx.app.model));
        draw();
        assert_picture();
        fx.app.model.ls.graph_on = 0;
        key(SDLK_g);
        assert_int_equal(fx.app.model.ls.graph_on, 1);
        for (int c = 0; c < 3; c++) {
            draw();
            assert_picture();
            key(SDLK_c);
        }
        key(SDLK_g);
        assert_int_equal(fx.app.model.ls.graph_on, 0);
    }
}

static void test_lesson_6_shows_nan_where_pytorch_has_nan(void **state)
{
    (void)state;
    char path[APP_LESSON_PATH_MAX];
    lesson_path(5, path, sizeof path);
    open_app(path);
    assert_int_equal(fx.app.model.lesson.kind, SL_LESSON_NAN);
    const SlNanCase *naive = &fx.app.model.ls.cases[SL_NAN_NAIVE];
    assert_int_equal(naive->n, 11);
    assert_float_equal(naive->grad[0], 4.54e-5f, 1e-7f);
    assert_float_equal(naive->grad[1], 6.74e-3f, 1e-5f);
    for (int i = 2; i < 9; i++) assert_int_equal(naive->state[i], SL_GRAD_ZERO);
    assert_int_equal(naive->state[9], SL_GRAD_NAN);
    assert_int_equal(naive->state[10], SL_GRAD_NAN);
    /* The lesson opens on its graph (show_graph = yes), which shows no lesson text: a
     * clicker's page turn says where the page is; g shows the table. */
    assert_int_equal(fx.app.model.ls.graph_on, 1);
    key(SDLK_PAGEDOWN);
    assert_int_equal(fx.app.model.page, 1);
    assert_non_null(strstr(fx.app.model.message, "Page 2/"));
    assert_non_null(strstr(fx.app.model.message, "(g)"));
    /* and the note is on screen: no panel of the graph view shows notes, so it comes
     * over the work area. */
    app_text_log(fx.app.text, 1);
    draw();
    assert_non_null(strstr(app_text_logged(fx.app.text), "Page 2/"));
    app_text_log(fx.app.text, 0);
    key(SDLK_PAGEUP);
    assert_int_equal(fx.app.model.page, 0);
    key(SDLK_g);
    assert_int_equal(fx.app.model.ls.graph_on, 0);
    draw();
    /* NaN-coloured cells in the table, which fills the upper part of the work column;
     * and none in the double-where form, which has no NaN: only naive's two rows (plus
     * the traps, lower down) carry the colour. */
    AppRect work = app_rect_union(fx.app.layout.slot[APP_SLOT_MAIN], fx.app.layout.slot[APP_SLOT_LOWER_RIGHT]);
    AppRect upper = {work.x, work.y, work.w, work.h * 3 / 4};
    AppColor nan = app_theme_badge_fill(SL_GRAD_NAN);
    int nan_px = count_color(upper, nan);
    assert_true(nan_px > 1000);
    /* Rows with NaN pixels in the table: two bands (x = 90 and x = 100), at the bottom. */
    int bands = 0, last = -10, first_y = -1;
    for (int y = upper.y; y < upper.y + upper.h; y++) {
        AppRect line = {upper.x, y, upper.w, 1};
        if (count_color(line, nan) > 20) {
            if (y != last + 1) bands++;
            if (first_y < 0) first_y = y;
            last = y;
        }
    }
    assert_int_equal(bands, 2);
    assert_true(first_y > upper.y + upper.h / 2);
}

static void test_next_and_previous_keys_change_the_lesson(void **state)
{
    (void)state;
    char path[APP_LESSON_PATH_MAX];
    lesson_path(0, path, sizeof path);
    open_app(path);
    char first[SL_LESSON_TITLE_MAX];
    snprintf(first, sizeof first, "%s", fx.app.model.lesson.title);
    key(SDLK_n);
    assert_string_not_equal(fx.app.model.lesson.title, first);
    SlLesson second;
    char err[256];
    lesson_path(1, path, sizeof path);
    assert_int_equal(sl_lesson_load(path, &second, err, sizeof err), SL_OK);
    assert_string_equal(fx.app.model.lesson.title, second.title);
    draw();
    assert_picture();
    key(SDLK_PAGEUP);  /* a clicker's key turns pages, never lessons */
    assert_string_equal(fx.app.model.lesson.title, second.title);
    key(SDLK_p);
    assert_string_equal(fx.app.model.lesson.title, first);
    key(SDLK_p);  /* already the first: stays, says so */
    assert_string_equal(fx.app.model.lesson.title, first);
    assert_true(strstr(fx.app.model.message, "first") != NULL);

    /* The picker: L, down twice, Enter opens the third lesson. */
    key(SDLK_l);
    assert_int_equal(fx.app.nav.picker_open, 1);
    draw();
    assert_picture();
    key(SDLK_DOWN);
    key(SDLK_DOWN);
    key(SDLK_RETURN);
    assert_int_equal(fx.app.nav.picker_open, 0);
    lesson_path(2, path, sizeof path);
    SlLesson third;
    assert_int_equal(sl_lesson_load(path, &third, err, sizeof err), SL_OK);
    assert_string_equal(fx.app.model.lesson.title, third.title);
}

static void test_a_malformed_lesson_keeps_the_old_one_and_shows_the_line(void **state)
{
    (void)state;
    char path[APP_LESSON_PATH_MAX];
    lesson_path(0, path, sizeof path);
    open_app(path);
    char before[SL_LESSON_TITLE_MAX];
    snprintf(before, sizeof before, "%s", fx.app.model.lesson.title);
    char bad[] = "/tmp/steplab-bad-lessonXXXXXX";
    int fd = mkstemp(bad);
    assert_true(fd >= 0);
    const char text[] = "title = Broken\nkind = task\nsteepness_of_doom = 3\n";
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    assert_int_equal(app_nav_open(&fx.app, bad), 0);
    remove(bad);
    assert_string_equal(fx.app.model.lesson.title, before);
    assert_int_equal(fx.app.model.message_error, 1);
    assert_true(strstr(fx.app.model.message, ":3:") != NULL);  /* the line of the unknown key */
    draw();
    assert_picture();
    AppRect side = fx.app.layout.slot[APP_SLOT_SIDE_BOTTOM];
    assert_true(count_color(side, app_theme_color(APP_COL_ERROR)) > 50);
    /* The old lesson still trains. */
    assert_true(app_model_step(&fx.app.model));
}

static void test_channels_step_back_is_exact(void **state)
{
    (void)state;
    char path[APP_LESSON_PATH_MAX];
    lesson_path(7, path, sizeof path);
    open_app(path);
    AppModel *m = &fx.app.model;
    assert_int_equal(m->lesson.kind, SL_LESSON_CHANNELS);
    for (int s = 0; s < 2; s++) app_model_step(m);
    float t2[SL_CHANNELS_MAX];
    memcpy(t2, m->ls.ch[1].t, sizeof t2);
    app_model_step(m);
    assert_true(memcmp(t2, m->ls.ch[1].t, sizeof t2) != 0);
    key(SDLK_LEFT);
    assert_int_equal(m->ls.step, 2);
    assert_memory_equal(t2, m->ls.ch[1].t, (size_t)m->ls.ch[1].c * sizeof(float));
    for (int c = 0; c < m->ls.ch[0].c; c++) {
        assert_int_equal(m->ls.ch[0].state[c], SL_GRAD_NONE);
        assert_float_equal(m->ls.ch[0].t[c], m->ls.ch[0].t0[c], 0.0f);  /* hard never moves */
    }
    /* The summary the panels read counts what the table shows, per family. */
    app_model_refresh(m);
    for (int f = 0; f < APP_CH_FAMILIES; f++) {
        const AppChannelSummary *sum = &m->derived.channels[f];
        int none = 0;
        double dist = 0.0;
        for (int c = 0; c < m->ls.ch[f].c; c++) {
            none += m->ls.ch[f].state[c] == SL_GRAD_NONE;
            dist += fabs((double)m->ls.ch[f].t[c] - (double)m->ls.ch[f].target[c]);
        }
        assert_int_equal(sum->count, m->ls.ch[f].c);
        assert_int_equal(sum->none, none);
        assert_true(sum->mean_dist == dist / m->ls.ch[f].c);
        assert_true(sum->loss == m->ls.ch[f].loss);
    }
    assert_int_equal(m->derived.channels[0].none, m->ls.ch[0].c); /* hard: no gradient anywhere */
    key(SDLK_r);
    assert_int_equal(m->ls.step, 0);
}

/* What a step shows in the model: every trainer's current row and optimizer state, the
 * threshold map and the channels, as bytes (what Back must give back bit for bit). */
typedef struct Shown {
    SlTrainRow row[SL_MASK_COUNT + APP_GT_COUNT];
    SlOptState opt[SL_MASK_COUNT + APP_GT_COUNT];
    float map_t[SL_THRESH_MAP_MAX * SL_THRESH_MAP_MAX], map_g[SL_THRESH_MAP_MAX * SL_THRESH_MAP_MAX];
    SlOptState map_opt[SL_THRESH_MAP_MAX * SL_THRESH_MAP_MAX];
    float map_loss;
    float ch_t[APP_CH_FAMILIES][SL_CHANNELS_MAX], ch_g[APP_CH_FAMILIES][SL_CHANNELS_MAX];
    float ch_loss[APP_CH_FAMILIES];
    SlOptState ch_opt[APP_CH_FAMILIES][SL_CHANNELS_MAX];
    SlStopReason ch_stop[APP_CH_FAMILIES][SL_CHANNELS_MAX];
    int step;
} Shown;

static void shown_of(const AppModel *m, Shown *out)
{
    memset(out, 0, sizeof *out);
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        out->row[f] = *sl_trainer_current(&m->tr[f]);
        out->opt[f] = m->tr[f].opt_state;
    }
    const AppLessonState *s = &m->ls;
    out->step = app_model_step_count(m);
    if (s->kind == SL_LESSON_THRESHOLD) {
        for (int g = 0; g < APP_GT_COUNT; g++) {
            out->row[SL_MASK_COUNT + g] = *sl_trainer_current(&s->gt[g]);
            out->opt[SL_MASK_COUNT + g] = s->gt[g].opt_state;
        }
        size_t size = (size_t)s->map.rows * (size_t)s->map.cols;
        memcpy(out->map_t, s->map.thresh, size * sizeof(float));
        memcpy(out->map_g, s->map.grad, size * sizeof(float));
        memcpy(out->map_opt, s->map.opt_state, size * sizeof(SlOptState));
        out->map_loss = s->map.soft_loss;
    } else if (s->kind == SL_LESSON_CHANNELS) {
        for (int f = 0; f < APP_CH_FAMILIES; f++) {
            memcpy(out->ch_t[f], s->ch[f].t, sizeof out->ch_t[f]);
            memcpy(out->ch_g[f], s->ch[f].grad, sizeof out->ch_g[f]);
            memcpy(out->ch_opt[f], s->ch[f].opt_state, sizeof out->ch_opt[f]);
            memcpy(out->ch_stop[f], s->ch[f].stop, sizeof out->ch_stop[f]);
            out->ch_loss[f] = s->ch[f].loss;
        }
    }
}

/* Back after a setting changed gives what the step showed, bit for bit: Back undoes the
 * step, it does not replay history under the new learning rate. */
static void test_back_after_lr_change_is_exact(void **state)
{
    (void)state;
    const int lessons[] = {0, 6, 7};
    for (size_t i = 0; i < sizeof lessons / sizeof lessons[0]; i++) {
        char path[APP_LESSON_PATH_MAX];
        lesson_path(lessons[i], path, sizeof path);
        open_app(path);
        AppModel *m = &fx.app.model;
        static Shown at2, now;
        for (int s = 0; s < 2; s++) assert_true(app_model_step(m));
        shown_of(m, &at2);
        app_model_lr(m, 1);
        app_model_lr(m, 1);  /* lr 4x */
        assert_true(app_model_step(m));
        shown_of(m, &now);
        assert_true(memcmp(&at2, &now, sizeof now) != 0);
        assert_true(app_model_back(m));
        shown_of(m, &now);
        assert_int_equal(now.step, 2);
        assert_memory_equal(&at2, &now, sizeof now);
    }
}

/* Lesson 6 trains nothing: space, Step and the sliders take no step, show no "Stopped
 * at step" (a task nobody sees), and say what the keys do there instead. */
static void test_lesson_6_has_no_training_to_start(void **state)
{
    (void)state;
    char path[APP_LESSON_PATH_MAX];
    lesson_path(5, path, sizeof path);
    open_app(path);
    assert_false(app_model_trains(&fx.app.model));
    key(SDLK_SPACE);
    for (int i = 0; i < 400; i++) app_frame(&fx.app);
    key(SDLK_RIGHT);
    assert_int_equal(app_model_step_count(&fx.app.model), 0);
    assert_false(fx.app.model.playing);
    assert_null(strstr(fx.app.model.message, "Stopped"));
    assert_non_null(strstr(fx.app.model.message, "next case"));
    for (int c = 0; c < APP_SLIDER_COUNT; c++) assert_false(app_controls_applies(&fx.app.model, c));
    /* The first button is "next case" here: a click on it moves the NaN table on. */
    int before = fx.app.model.ls.subject;
    AppRect b = fx.app.layout.ctrl[APP_CTRL_PLAY];
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_MOUSEBUTTONDOWN;
    ev.button.button = SDL_BUTTON_LEFT;
    ev.button.x = b.x + b.w / 2;
    ev.button.y = b.y + b.h / 2;
    app_handle_event(&fx.app, &ev);
    assert_int_not_equal(fx.app.model.ls.subject, before);
    assert_int_equal(app_model_step_count(&fx.app.model), 0);
}

/* The step counter never passes the lesson's limit: Play stops at it and Step after it
 * takes no step. */
static void test_step_never_passes_the_limit(void **state)
{
    (void)state;
    char path[APP_LESSON_PATH_MAX];
    lesson_path(6, path, sizeof path);
    open_app(path);
    int limit = fx.app.model.max_steps;
    key(SDLK_SPACE);
    for (int i = 0; i < limit + 50 && fx.app.model.playing; i++) app_frame(&fx.app);
    for (int i = 0; i < 5; i++) key(SDLK_RIGHT);
    assert_true(app_model_step_count(&fx.app.model) <= limit);
    for (int i = 0; i < limit + 10; i++) app_model_step(&fx.app.model);
    assert_int_equal(app_model_step_count(&fx.app.model), limit);
}

/* FNV-1a over the pixels of r. */
static uint64_t region_hash(AppRect r)
{
    uint64_t h = 1469598103934665603u;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++) h = (h ^ pixel(x, y)) * 1099511628211u;
    return h;
}

/* Lesson 1, page 1: the page text looks the same before training and after the run has
 * stopped and says so (the status block has a fixed budget: no smaller font, no page
 * text pushed under "more"). */
static void test_stop_note_leaves_the_page_text_alone(void **state)
{
    (void)state;
    char path[APP_LESSON_PATH_MAX];
    lesson_path(0, path, sizeof path);
    open_app(path);
    draw();
    AppRect e = fx.app.layout.slot[APP_SLOT_SIDE_BOTTOM];
    AppRect page = {e.x, e.y, e.w, e.h * 3 / 5};
    uint64_t before = region_hash(page);
    assert_int_equal(fx.app.text_scroll_max, 0);
    key(SDLK_SPACE);
    for (int i = 0; i < 400 && fx.app.model.playing; i++) app_frame(&fx.app);
    assert_false(fx.app.model.playing);
    assert_non_null(strstr(fx.app.model.message, "Stopped"));
    draw();
    assert_int_equal(fx.app.text_scroll_max, 0);
    assert_true(region_hash(page) == before);
}

/* Lesson 8: the top-right slot sums up the channels (not the single-t trainers, whose
 * numbers contradicted the table): after training, the hard row shows "none" for every
 * channel in the NONE badge colour, and the sliders that do not reach the channels
 * (t*, N, t0, w) are gone. */
/* Writes a lesson file into the temp folder; returns its path in out. */
static void temp_lesson(const char *text, char *out, size_t len)
{
    snprintf(out, len, "/tmp/steplab-views-%ld.txt", (long)getpid());
    FILE *f = fopen(out, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* `panels` selects panels: the landscape's place is empty without it; show_graph opens
 * a task lesson on its graph. */
static void test_panels_and_show_graph_take_effect(void **state)
{
    (void)state;
    char path[256];
    temp_lesson("title = All\n\n--- page: p\ntext\n", path, sizeof path);
    open_app(path);
    draw();
    AppRect land = fx.app.layout.slot[APP_SLOT_LOWER_LEFT];
    AppColor bg = app_theme_color(APP_COL_BG);
    int all_bg = count_color(land, bg);
    temp_lesson("title = Some\npanels = mask, explain\n\n--- page: p\ntext\n", path, sizeof path);
    open_app(path);
    assert_int_equal(fx.app.model.ls.graph_on, 0);
    draw();
    assert_true(count_color(land, bg) > all_bg + land.w * land.h / 2);
    assert_true(count_color(land, bg) == land.w * land.h);
    AppRect side = fx.app.layout.slot[APP_SLOT_SIDE_TOP];
    assert_int_equal(count_color(side, bg), side.w * side.h);
    temp_lesson("title = Graph\nshow_graph = yes\n\n--- page: p\ntext\n", path, sizeof path);
    open_app(path);
    assert_int_equal(fx.app.model.ls.graph_on, 1);
    draw();
    assert_picture();
    remove(path);
}

/* Lesson 7's plot at the extremes the parser accepts (+-3.4e38): the y range is taken
 * in double, so it is finite and holds every value the curves reach (it overflowed to
 * inf in float32 and the plot showed -5e37..-2e37 and no curve). */
static void test_threshold_plot_range_holds_extreme_values(void **state)
{
    (void)state;
    char path[256];
    temp_lesson("title = t\nkind = threshold\nvalues = -1e30, -3.4e38, 0, 3.4e38, 1, 2\n--- page: A\ntext\n", path,
                sizeof path);
    open_app(path);
    double lo = NAN, hi = NAN;
    app_lesson_state_binary_range(&fx.app.model.ls, &lo, &hi);
    assert_true(isfinite(lo) && isfinite(hi) && lo < hi);
    assert_true(lo < 0.0 && hi >= 3.3e38); /* pass reaches x = 3.4e38; nothing goes below 0 */
    const SlThreshBinary *cv = &fx.app.model.ls.curve;
    for (int i = 0; i < cv->n; i++)
        assert_true(cv->pass[i] >= lo && cv->pass[i] <= hi && cv->soft[i] >= lo && cv->soft[i] <= hi);
    draw();
    assert_picture();
    /* the default lesson 7 keeps its range: 0..1 with a tenth's margin around -2..2 */
    temp_lesson("title = t\nkind = threshold\n--- page: A\ntext\n", path, sizeof path);
    open_app(path);
    app_lesson_state_binary_range(&fx.app.model.ls, &lo, &hi);
    assert_true(lo < 0.0 && hi > 1.0 && hi < 3.0);
    remove(path);
}

/* The graph's chips show numbers: a 1x64 gradient of tiny values in a narrow box used
 * to read "grad […]". */
static void test_graph_chip_shows_a_number(void **state)
{
    (void)state;
    char path[APP_LESSON_PATH_MAX];
    lesson_path(1, path, sizeof path);
    open_app(path);
    float g[64];
    for (int i = 0; i < 64; i++) g[i] = -1.4238e-6f * (float)(i + 1);
    char buf[96];
    float room = 130.0f * fx.app.scale;
    AppPanelOut out;
    AppPanelCtx ctx;
    app_panel_ctx_begin(&fx.app, &ctx, &out);
    app_graph_value_fit(&ctx, APP_FONT_SMALL, "grad ", g, 1, 64, room, buf, sizeof buf);
    assert_non_null(strpbrk(buf, "0123456789"));
    assert_true((float)app_text_width(fx.app.text, APP_FONT_SMALL, buf) <= room);
    app_graph_value_fit(&ctx, APP_FONT_SMALL, "grad ", g, 1, 64, 40.0f * fx.app.scale, buf, sizeof buf);
    assert_non_null(strpbrk(buf, "0123456789"));
}

/* Family dots of colour c in the explain panel: one per row of the numbers table. */
static int explain_dots(AppColor c)
{
    AppRect r = fx.app.layout.slot[APP_SLOT_SIDE_BOTTOM];
    AppRect left = {r.x, r.y, r.w / 8, r.h};
    return count_color(left, c);
}

/* At the largest presentation scale lesson 2 still shows hard's and logistic's numbers
 * (0.484375, 40.4992, 0.0057053): the chain rule's lines give way first. */
static void test_numbers_table_stays_at_the_largest_scale(void **state)
{
    (void)state;
    char path[APP_LESSON_PATH_MAX];
    lesson_path(1, path, sizeof path);
    open_app(path);
    fx.app.user_scale = APP_SCALE_USER_MAX;
    app_set_size(&fx.app, W, H);
    draw();
    assert_true(explain_dots(app_theme_family_color(SL_MASK_HARD)) > 10);
    assert_true(explain_dots(app_theme_family_color(SL_MASK_LOGISTIC)) > 10);
}

/* Lesson 7's thresholded run differs from the plain one from the first steps on. */
static void test_lesson_7_thresholding_changes_the_run(void **state)
{
    (void)state;
    char path[APP_LESSON_PATH_MAX];
    lesson_path(6, path, sizeof path);
    open_app(path);
    assert_int_equal(fx.app.model.lesson.kind, SL_LESSON_THRESHOLD);
    for (int i = 0; i < 20; i++) app_model_step(&fx.app.model);
    float off = sl_trainer_current(&fx.app.model.ls.gt[0])->t, on = sl_trainer_current(&fx.app.model.ls.gt[1])->t;
    assert_true(off > on + 1.0f);
    /* Shift+T types another level: 0.01 lets the run go on. */
    assert_true(app_model_set_grad_level(&fx.app.model, 0.01f));
    for (int i = 0; i < 20; i++) app_model_step(&fx.app.model);
    assert_true(sl_trainer_current(&fx.app.model.ls.gt[1])->t > on + 1.0f);
}

/* A t or t* past the plots' edges is said at the edge: the t-over-steps plot gives t
 * ("▲ 1e+06"), the mask plot t* ("t* = 1e+30 ▶"), and the banner does not advise a
 * smaller lr for a run that started off the plot. */
static void test_far_t_and_target_are_said_at_the_edges(void **state)
{
    (void)state;
    char path[256];
    temp_lesson("title = Far\nt = 1000000\n\n--- page: p\ntext\n", path, sizeof path);
    open_app(path);
    for (int i = 0; i < 3; i++) app_model_step(&fx.app.model);
    app_text_log(fx.app.text, 1);
    draw();
    const char *shown = app_text_logged(fx.app.text);
    assert_non_null(strstr(shown, "\xe2\x96\xb2 1e+06\n"));
    assert_non_null(strstr(shown, "it started there"));
    assert_null(strstr(shown, "lower lr"));
    temp_lesson("title = Far target\ntarget = 1e30\n\n--- page: p\ntext\n", path, sizeof path);
    open_app(path);
    app_text_log(fx.app.text, 1);
    draw();
    assert_non_null(strstr(app_text_logged(fx.app.text), "t* = 1e+30 \xe2\x96\xb6\n"));
    app_text_log(fx.app.text, 0);
    remove(path);
}

/* The most channels a lesson may have (64) in a 1280x720 window: the heat maps stay in
 * their card (the gap under it keeps the background), and the table lists the channels
 * that fit and says how many more there are, instead of overprinting 64 rows. */
static void test_64_channels_stay_in_their_panels(void **state)
{
    (void)state;
    char path[256];
    temp_lesson("title = Many\nkind = channels\nchannels = 64\n\n--- page: p\ntext\n", path, sizeof path);
    open_app(path);
    for (int i = 0; i < 5; i++) assert_true(app_model_step(&fx.app.model));
    app_text_log(fx.app.text, 1);
    draw();
    const char *shown = app_text_logged(fx.app.text);
    const char *more = strstr(shown, " more channels (c = ");
    assert_non_null(more);
    /* The rows listed are the ones before the line's first channel, each once. */
    int first = atoi(more + strlen(" more channels (c = "));
    assert_true(first > 2 && first < 64);
    app_text_log(fx.app.text, 0);
    AppRect main = fx.app.layout.slot[APP_SLOT_MAIN];
    AppRect below = {main.x, main.y + main.h + 1, main.w, 2};
    if (below.y + below.h <= fx.app.layout.slot[APP_SLOT_LOWER_LEFT].y)
        assert_int_equal(count_color(below, app_theme_color(APP_COL_BG)), below.w * below.h);
    remove(path);
}

static void test_lesson_8_summary_agrees_with_the_channels(void **state)
{
    (void)state;
    char path[APP_LESSON_PATH_MAX];
    lesson_path(7, path, sizeof path);
    open_app(path);
    assert_ptr_equal(app_view_for(SL_LESSON_CHANNELS)->panel[APP_SLOT_SIDE_TOP].draw, app_panel_channels_summary);
    for (int i = 0; i < 40; i++) assert_true(app_model_step(&fx.app.model));
    draw();
    AppRect top = fx.app.layout.slot[APP_SLOT_SIDE_TOP];
    assert_true(count_color(top, app_theme_badge_fill(SL_GRAD_NONE)) > 200);
    assert_true(count_color(top, app_theme_badge_fill(SL_GRAD_VALUE)) > 200);
    assert_false(app_controls_applies(&fx.app.model, APP_CTRL_TARGET));
    assert_false(app_controls_applies(&fx.app.model, APP_CTRL_N));
    assert_true(app_controls_applies(&fx.app.model, APP_CTRL_K));
    assert_true(app_controls_applies(&fx.app.model, APP_CTRL_LR));
    /* No slider drawn where t* was: the row there is the background. */
    AppRect t = fx.app.layout.ctrl[APP_CTRL_TARGET];
    assert_int_equal(count_color(t, app_theme_color(APP_COL_ACCENT)), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_lesson_renders_its_view_trained_and_as_a_graph),
        cmocka_unit_test(test_lesson_6_shows_nan_where_pytorch_has_nan),
        cmocka_unit_test(test_next_and_previous_keys_change_the_lesson),
        cmocka_unit_test(test_a_malformed_lesson_keeps_the_old_one_and_shows_the_line),
        cmocka_unit_test(test_channels_step_back_is_exact),
        cmocka_unit_test(test_back_after_lr_change_is_exact),
        cmocka_unit_test(test_lesson_6_has_no_training_to_start),
        cmocka_unit_test(test_step_never_passes_the_limit),
        cmocka_unit_test(test_stop_note_leaves_the_page_text_alone),
        cmocka_unit_test(test_lesson_8_summary_agrees_with_the_channels),
        cmocka_unit_test(test_panels_and_show_graph_take_effect),
        cmocka_unit_test(test_lesson_7_thresholding_changes_the_run),
        cmocka_unit_test(test_threshold_plot_range_holds_extreme_values),
        cmocka_unit_test(test_graph_chip_shows_a_number),
        cmocka_unit_test(test_numbers_table_stays_at_the_largest_scale),
        cmocka_unit_test(test_64_channels_stay_in_their_panels),
        cmocka_unit_test(test_far_t_and_target_are_said_at_the_edges),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
