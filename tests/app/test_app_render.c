/* test_app_render.c — headless rendering, asserted on what a person would see: the t
 * marker at the column that maps t, the hard curve's jump in that column, the NONE
 * badge on the hard family, a different picture after training, the same picture
 * twice, a line drawn as runs the same as one label, PNG output, and the no-font /
 * no-display messages. */
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
#include <sys/stat.h>
#include <unistd.h>

#include "app_launch.h"
#include "app_lesson_panels.h"
#include "app_panels.h"
#include "app_text.h"
#include "app_ui.h"

typedef struct Fixture {
    SDL_Surface *surface;
    SDL_Renderer *renderer;
    App app;
} Fixture;

static int setup(void **state)
{
    static Fixture fx;
    AppLaunch launch;
    char err[512];
    memset(&launch, 0, sizeof launch);
    sl_lesson_default(&launch.lesson);
    fx.surface = SDL_CreateRGBSurfaceWithFormat(0, 1280, 720, 32, SDL_PIXELFORMAT_ARGB8888);
    fx.renderer = fx.surface ? SDL_CreateSoftwareRenderer(fx.surface) : NULL;
    if (!fx.renderer || app_init(&fx.app, fx.renderer, NULL, &launch, 1280, 720, err, sizeof err) != SL_OK) {
        fprintf(stderr, "setup: %s %s\n", err, SDL_GetError());
        return -1;
    }
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    Fixture *fx = *state;
    app_deinit(&fx->app);
    SDL_DestroyRenderer(fx->renderer);
    SDL_FreeSurface(fx->surface);
    return 0;
}

static void draw(Fixture *fx)
{
    app_draw(&fx->app);
    SDL_RenderFlush(fx->renderer);
}

static uint32_t pixel(const Fixture *fx, int x, int y)
{
    const uint8_t *row = (const uint8_t *)fx->surface->pixels + (size_t)y * (size_t)fx->surface->pitch;
    return ((const uint32_t *)row)[x];
}

static int near(uint32_t p, AppColor c, int tol)
{
    int r = (int)(p >> 16 & 0xFFu), g = (int)(p >> 8 & 0xFFu), b = (int)(p & 0xFFu);
    return abs(r - c.r) <= tol && abs(g - c.g) <= tol && abs(b - c.b) <= tol;
}

static void test_render_t_marker_at_the_t_column(void **state)
{
    Fixture *fx = *state;
    draw(fx);
    AppAxis ax, ay;
    app_mask_axes(&fx->app, &ax, &ay);
    float x, y;
    app_t_marker_pos(&fx->app, SL_MASK_HARD, &x, &y);
    assert_float_equal(x, app_axis_px(&ax, 10.0), 1e-3f); /* t0 = 10 */
    AppColor hard = app_theme_family_color(SL_MASK_HARD);
    assert_true(near(pixel(fx, (int)x, (int)y), hard, 8));
    /* Nothing of the marker 40 px away. */
    assert_false(near(pixel(fx, (int)x + 40, (int)y), hard, 40));
    float tx, ty;
    app_target_marker_pos(&fx->app, &tx, &ty);
    assert_float_equal(tx, app_axis_px(&ax, 40.5), 1e-3f);
    assert_true(near(pixel(fx, (int)tx, (int)ty), app_theme_color(APP_COL_TARGET), 8));
}

/* Rows between y(0.85) and y(0.15) in column x whose pixel is near the hard colour. */
static int hard_rows(const Fixture *fx, int x, const AppAxis *ay)
{
    int y0 = (int)app_axis_px(ay, 0.85), y1 = (int)app_axis_px(ay, 0.15), hits = 0;
    for (int y = y0; y <= y1; y++) {
        int hit = 0;
        for (int dx = -2; dx <= 2; dx++) hit |= near(pixel(fx, x + dx, y), app_theme_family_color(SL_MASK_HARD), 10);
        hits += hit;
    }
    return hits * 100 / (y1 - y0 + 1);
}

static void test_render_hard_jump_at_the_t_column(void **state)
{
    Fixture *fx = *state;
    draw(fx);
    AppAxis ax, ay;
    app_mask_axes(&fx->app, &ax, &ay);
    int x = (int)app_axis_px(&ax, 10.0);
    assert_true(hard_rows(fx, x, &ay) >= 70);                       /* the vertical jump */
    assert_true(hard_rows(fx, (int)app_axis_px(&ax, 25.0), &ay) == 0); /* flat at 0 there */
    /* Move t: the jump follows. */
    app_model_set_t(&fx->app.model, 30.0f);
    draw(fx);
    assert_true(hard_rows(fx, (int)app_axis_px(&ax, 30.0), &ay) >= 70);
    assert_true(hard_rows(fx, x, &ay) == 0);
}

static int badge_fill_share(const Fixture *fx, int row, SlGradState s)
{
    AppRect b = app_layout_grad_badge(&fx->app.layout, row);
    int hits = 0;
    for (int y = b.y; y < b.y + b.h; y++)
        for (int x = b.x; x < b.x + b.w; x++) hits += near(pixel(fx, x, y), app_theme_badge_fill(s), 2);
    return hits * 100 / (b.w * b.h);
}

static void test_render_none_badge_on_hard(void **state)
{
    Fixture *fx = *state;
    draw(fx);
    /* Rows follow family order: hard, logistic, smoothstep. */
    assert_true(badge_fill_share(fx, 0, SL_GRAD_NONE) >= 50);
    assert_true(badge_fill_share(fx, 1, SL_GRAD_NONE) == 0);
    assert_true(badge_fill_share(fx, 1, SL_GRAD_VALUE) >= 40);
    /* Hiding hard moves logistic to the first row: no NONE badge anywhere. */
    app_do(&fx->app, APP_ACT_FAMILY_1);
    draw(fx);
    assert_true(badge_fill_share(fx, 0, SL_GRAD_NONE) == 0);
}

/* Pixels near the error colour in row's finite-difference cell: the "spike" chip. */
static int fd_error_pixels(const Fixture *fx, int row)
{
    const AppLayout *L = &fx->app.layout;
    AppRect r = app_layout_grad_row(L, row);
    int hits = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = L->grad_col[2]; x < L->grad_col[3]; x++)
            hits += near(pixel(fx, x, y), app_theme_color(APP_COL_ERROR), 40);
    return hits;
}

static void test_render_hard_fd_marked_spike(void **state)
{
    Fixture *fx = *state;
    draw(fx);
    /* At t = 10 the hard loss jumps between t - h and t + h (sample 10): a number with no
     * gradient, marked as a spike; logistic's finite difference is a slope, unmarked. */
    assert_true(app_fd_is_spike(SL_MASK_HARD, app_model_row(&fx->app.model, SL_MASK_HARD)->state,
                                fx->app.model.fd[SL_MASK_HARD]));
    assert_true(fd_error_pixels(fx, 0) >= 30);
    assert_int_equal(fd_error_pixels(fx, 1), 0);
    /* Between samples the hard finite difference is 0: no spike to mark. */
    app_model_set_t(&fx->app.model, 10.5f);
    draw(fx);
    assert_int_equal(fd_error_pixels(fx, 0), 0);
}

/* ste's forward is the hard step: at t = 10 its finite difference (about -0.78) is the
 * same spike, and gets the same chip, though its surrogate gradient has a value. */
static void test_render_ste_fd_marked_spike(void **state)
{
    Fixture *fx = *state;
    app_model_toggle_family(&fx->app.model, SL_MASK_STE);
    app_set_size(&fx->app, fx->app.width, fx->app.height);
    draw(fx);
    int row = app_model_shown_count(&fx->app.model) - 1; /* ste is the last row */
    assert_int_equal(app_model_row(&fx->app.model, SL_MASK_STE)->state, SL_GRAD_VALUE);
    assert_true(fx->app.model.fd[SL_MASK_STE] < -0.5f);
    assert_true(fd_error_pixels(fx, row) >= 30);
    app_model_set_t(&fx->app.model, 10.5f);
    draw(fx);
    assert_int_equal(fd_error_pixels(fx, row), 0);
}

/* Pixels within tol of colour c inside r. */
static int count_near(const Fixture *fx, AppRect r, AppColor c, int tol)
{
    int n = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++) n += near(pixel(fx, x, y), c, tol);
    return n;
}

/* A t that leaves the plot stays visible: Adam at lr 100 flies off (no divergence by
 * the engine's rule: t stays finite); the mask panel shows an arrow at the edge in the
 * family's colour and a banner saying which runs went off the plot. */
static void test_render_t_off_the_plot_is_an_arrow_and_a_banner(void **state)
{
    Fixture *fx = *state;
    AppModel *m = &fx->app.model;
    AppRect pa = app_layout_plot_area(&fx->app.layout, fx->app.layout.slot[APP_SLOT_MAIN]);
    int ew = (int)(30.0f * fx->app.scale);
    AppRect edge = {pa.x + pa.w - ew, pa.y, ew, pa.h / 4}, left_edge = {pa.x, pa.y, ew, pa.h / 4};
    AppColor lc = app_theme_family_color(SL_MASK_LOGISTIC), ec = app_theme_color(APP_COL_NOTE);
    AppRect mid = {pa.x, pa.y + pa.h / 3, pa.w, pa.h / 3};
    AppRect land = app_layout_plot_area(&fx->app.layout, fx->app.layout.slot[APP_SLOT_LOWER_LEFT]);
    AppRect land_edge = {land.x + land.w - ew / 2, land.y, ew / 2, land.h};
    draw(fx);
    int land_before = count_near(fx, land_edge, lc, 30);
    int before = count_near(fx, edge, lc, 30) + count_near(fx, left_edge, lc, 30), banner_before = count_near(fx, mid, ec, 30);
    app_model_cycle_optimizer(m); /* momentum */
    app_model_cycle_optimizer(m); /* adam */
    assert_int_equal(m->set.opt, SL_OPT_ADAM);
    assert_true(app_controls_set_slider(m, APP_CTRL_LR, 100.0f));
    for (int i = 0; i < 40 && !app_model_t_off_view(m, SL_MASK_LOGISTIC); i++) app_model_step(m);
    assert_true(app_model_t_off_view(m, SL_MASK_LOGISTIC));
    draw(fx);
    assert_true(count_near(fx, edge, lc, 30) + count_near(fx, left_edge, lc, 30) > before + 50);
    assert_true(count_near(fx, mid, ec, 30) > banner_before + 500);
    /* The landscape's point is an arrow at its edge too. */
    assert_true(count_near(fx, land_edge, lc, 30) > land_before + 30);
}

/* A scrolled lesson text starts at a line top (no half line under the page heading):
 * the snap lands on the first line at or below the offset, past a paragraph gap too. */
static void test_text_scroll_snaps_to_a_line_top(void **state)
{
    Fixture *fx = *state;
    AppText *t = fx->app.text;
    int lh = app_text_line_height(t, APP_FONT_BODY);
    const char *text = "one\n\ntwo\n\nthree";
    assert_int_equal(app_text_wrap_snap(t, APP_FONT_BODY, text, 400, 0), 0);
    assert_int_equal(app_text_wrap_snap(t, APP_FONT_BODY, text, 400, 1), lh + lh / 2);
    assert_int_equal(app_text_wrap_snap(t, APP_FONT_BODY, text, 400, lh + lh / 2), lh + lh / 2);
    assert_int_equal(app_text_wrap_snap(t, APP_FONT_BODY, text, 400, lh + lh / 2 + 1), 2 * lh + 2 * (lh / 2));
    assert_int_equal(app_text_wrap_snap(t, APP_FONT_BODY, text, 400, 100 * lh), 2 * lh + 2 * (lh / 2));
}

/* Lines with numbers are drawn as runs (each number its own label); the pixels must be
 * those of the whole line's label, over a background, at fractional positions, in every
 * alignment and font, with kerning pairs and non-ASCII text, opaque and translucent. */
static void test_text_runs_give_the_whole_lines_pixels(void **state)
{
    Fixture *fx = *state;
    static const char *lines[] = {
        "step 41 / 300   \xe2\x96\xb6 training",
        "largest term, i = 26:  -0.0185 \xc3\x97 0.241 = -0.00447",
        "dL/dt = \xce\xa3\xe1\xb5\xa2 \xe2\x88\x82L/\xe2\x88\x82m\xe1\xb5\xa2   (logistic, t = 25.7812)",
        "AV 10 To 7.5 Wa 1.25e-07 fj 9 Ty",
        "sum of 64 terms = -0.0156 = autodiff (same order)",
    };
    static const AppColor colors[] = {{20, 30, 40, 255}, {200, 40, 90, 150}};
    size_t bytes = (size_t)fx->surface->pitch * (size_t)fx->surface->h;
    uint8_t *whole = malloc(bytes);
    assert_non_null(whole);
    AppText *t = fx->app.text;
    app_text_set_cache(t, NULL); /* draw at once, onto the surface */
    int before = app_text_runs(t, 1);
    for (int f = APP_FONT_SMALL; f <= APP_FONT_BOLD; f++)
        for (int a = APP_ALIGN_LEFT; a <= APP_ALIGN_RIGHT; a++)
            for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
                AppColor c = colors[i % 2];
                float x = 640.0f + 0.37f * (float)i, y = 100.0f + 0.5f * (float)a;
                for (int runs = 0; runs < 2; runs++) {
                    SDL_FillRect(fx->surface, NULL, 0xFFE8ECF0u);
                    app_text_runs(t, runs);
                    app_text_draw(t, (AppFont)f, lines[i], x, y, c, (AppAlign)a);
                    SDL_RenderFlush(fx->renderer);
                    if (!runs) memcpy(whole, fx->surface->pixels, bytes);
                }
                assert_memory_equal(whole, fx->surface->pixels, bytes);
            }
    /* every line has a number and a space: each was drawn as runs */
    assert_int_equal(app_text_runs(t, 1) - before, 3 * 3 * (int)(sizeof lines / sizeof *lines));
    app_text_set_cache(t, &fx->app.draw.fc);
    free(whole);
}

static void test_render_changes_after_training_and_is_deterministic(void **state)
{
    Fixture *fx = *state;
    size_t n = (size_t)fx->surface->pitch * (size_t)fx->surface->h;
    uint8_t *before = malloc(n), *again = malloc(n);
    assert_non_null(before);
    assert_non_null(again);
    draw(fx);
    memcpy(before, fx->surface->pixels, n);
    draw(fx);
    memcpy(again, fx->surface->pixels, n);
    assert_memory_equal(before, again, n); /* same state, same pixels */
    for (int i = 0; i < 40; i++) app_model_step(&fx->app.model);
    app_do(&fx->app, APP_ACT_FAMILY_3); /* smoothstep's marker would sit on logistic's */
    draw(fx);
    /* The mask plot changed, and the logistic marker moved right of t0 = 10. */
    AppRect pa = app_layout_plot_area(&fx->app.layout, fx->app.layout.slot[APP_SLOT_MAIN]);
    int changed = 0;
    for (int y = pa.y; y < pa.y + pa.h; y++)
        changed += memcmp(before + (size_t)y * (size_t)fx->surface->pitch + (size_t)pa.x * 4,
                          (uint8_t *)fx->surface->pixels + (size_t)y * (size_t)fx->surface->pitch + (size_t)pa.x * 4,
                          (size_t)pa.w * 4) != 0;
    assert_true(changed > pa.h / 2);
    float x, y;
    app_t_marker_pos(&fx->app, SL_MASK_LOGISTIC, &x, &y);
    AppAxis ax, ay;
    app_mask_axes(&fx->app, &ax, &ay);
    assert_true(x > app_axis_px(&ax, 15.0));
    assert_true(near(pixel(fx, (int)x, (int)y), app_theme_family_color(SL_MASK_LOGISTIC), 8));
    free(before);
    free(again);
}

static void test_render_png_written_atomically(void **state)
{
    Fixture *fx = *state;
    char err[600];
    const char *path = "/tmp/steplab_test_render.png";
    remove(path);
    draw(fx);
    assert_int_equal(app_save_png(&fx->app, path, err, sizeof err), SL_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_size > 10000);
    remove(path);
    assert_int_equal(app_save_png(&fx->app, "/nonexistent-dir/x.png", err, sizeof err), SL_ERR_IO);
    assert_non_null(strstr(err, "/nonexistent-dir/x.png"));
}

static void test_missing_font_names_the_package(void **state)
{
    Fixture *fx = *state;
    char err[512] = "";
    setenv("STEPLAB_FONT", "/nonexistent/font.ttf", 1);
    AppText *t = app_text_load(fx->renderer, 1.0f, err, sizeof err);
    unsetenv("STEPLAB_FONT");
    assert_null(t);
    assert_non_null(strstr(err, "fonts-dejavu-core"));
}

/* Runs the window with stderr captured into msg; returns its exit status. */
static int window_stderr(char *msg, size_t len)
{
    AppLaunch launch;
    memset(&launch, 0, sizeof launch);
    sl_lesson_default(&launch.lesson);
    char path[] = "/tmp/steplab_test_stderrXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stderr);
    FILE *saved = fdopen(dup(2), "w");
    dup2(fd, 2);
    int rc = app_window_run(&launch);
    fflush(stderr);
    dup2(fileno(saved), 2);
    fclose(saved);
    close(fd);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t got = fread(msg, 1, len - 1, f);
    msg[got] = '\0';
    fclose(f);
    remove(path);
    return rc;
}

static void test_no_display_says_how_to_run_headless(void **state)
{
    (void)state;
    unsetenv("SDL_VIDEODRIVER");
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    char msg[1024] = "";
    int rc = window_stderr(msg, sizeof msg);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(msg, "steplab render"));
    assert_non_null(strstr(msg, "xvfb-run"));
    setenv("SDL_VIDEODRIVER", "dummy", 1);
}

/* A heat map with more cells than pixel columns is drawn one column at a time: the
 * same pixels as drawing every cell (each column shows the last cell reaching it). */
static void test_heat_map_columns_match_every_cell(void **state)
{
    Fixture *fx = *state;
    enum { ROWS = 3, COLS = 5003 };
    static float v[ROWS * COLS];
    for (int i = 0; i < ROWS * COLS; i++) v[i] = 0.5f + 0.5f * sinf((float)i * 0.37f);
    v[1234] = NAN;
    AppRect r = {40, 30, 701, 90};
    size_t bytes = (size_t)fx->surface->pitch * (size_t)fx->surface->h;
    uint8_t *want = malloc(bytes);
    assert_non_null(want);
    AppColor bg = {255, 255, 255, 255};
    app_draw_fill_rect(&fx->app.draw, (AppRect){0, 0, 1280, 720}, bg);
    for (int i = 0; i < ROWS; i++) {
        int y0 = r.y + r.h * i / ROWS, y1 = r.y + r.h * (i + 1) / ROWS;
        for (int j = 0; j < COLS; j++) {
            int x0 = r.x + (int)((long)r.w * j / COLS), x1 = r.x + (int)((long)r.w * (j + 1) / COLS);
            float x = v[i * COLS + j];
            AppColor c = isfinite(x) ? app_heat_color(x) : app_theme_badge_fill(SL_GRAD_NAN);
            app_draw_fill_rect(&fx->app.draw, (AppRect){x0, y0, x1 - x0, y1 - y0}, c);
        }
    }
    app_draw_stroke_rect(&fx->app.draw, r, 1.0f, app_theme_color(APP_COL_BORDER));
    SDL_RenderFlush(fx->renderer);
    memcpy(want, fx->surface->pixels, bytes);
    app_draw_fill_rect(&fx->app.draw, (AppRect){0, 0, 1280, 720}, bg);
    AppPanelOut out;
    AppPanelCtx ctx;
    app_panel_ctx_begin(&fx->app, &ctx, &out);
    app_heat_map(&ctx, r, v, ROWS, COLS, 0.0f, 1.0f);
    SDL_RenderFlush(fx->renderer);
    assert_memory_equal(fx->surface->pixels, want, bytes);
    free(want);
}

/* A lesson at N = 10^6 renders (no O(N^2) landscape, no tape of N in the explain panel):
 * the hard landscape reaches exactly 0 at t*, drawn at its column on the plot's floor. */
static void test_render_large_n_landscape_reaches_zero_at_target(void **state)
{
    (void)state;
    AppLaunch launch;
    char err[512];
    memset(&launch, 0, sizeof launch);
    sl_lesson_default(&launch.lesson);
    launch.lesson.task.n = 1000000;
    launch.lesson.task.target = 600000.5f;
    launch.lesson.families = 1u << SL_MASK_HARD;
    SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, 1280, 720, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *renderer = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
    assert_non_null(renderer);
    static App app;
    assert_int_equal(app_init(&app, renderer, NULL, &launch, 1280, 720, err, sizeof err), SL_OK);
    app_draw(&app);
    SDL_RenderFlush(renderer);
    assert_null(app.model.stair);
    AppRect pa = app_layout_plot_area(&app.layout, app.layout.slot[APP_SLOT_LOWER_LEFT]);
    assert_true(app.model.land_count <= pa.w + 2);
    AppAxis ax = app_axis_make((double)app_model_t_view_lo(&app.model), 1e6, (float)pa.x, (float)(pa.x + pa.w), 0);
    int xt = (int)app_axis_px(&ax, 600000.5), hits = 0;
    AppColor hard = app_theme_family_color(SL_MASK_HARD);
    for (int dx = -2; dx <= 2; dx++)
        for (int y = pa.y + pa.h - 8; y < pa.y + pa.h; y++) {
            const uint8_t *row = (const uint8_t *)surface->pixels + (size_t)y * (size_t)surface->pitch;
            uint32_t p = ((const uint32_t *)row)[xt + dx];
            int r = (int)(p >> 16 & 0xFFu), g = (int)(p >> 8 & 0xFFu), b = (int)(p & 0xFFu);
            hits += abs(r - hard.r) <= 40 && abs(g - hard.g) <= 40 && abs(b - hard.b) <= 40;
        }
    assert_true(hits > 0);
    app_deinit(&app);
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
}

/* DISPLAY names a display no server answers on: the message says the display could not
 * be opened, names it, and does not claim that DISPLAY is unset. */
static void test_unreachable_display_says_it_could_not_be_opened(void **state)
{
    (void)state;
    char display[32] = "", sock[64], lock[64];
    for (int n = 97; n < 400 && !display[0]; n++) {
        snprintf(sock, sizeof sock, "/tmp/.X11-unix/X%d", n);
        snprintf(lock, sizeof lock, "/tmp/.X%d-lock", n);
        if (access(sock, F_OK) != 0 && access(lock, F_OK) != 0) snprintf(display, sizeof display, ":%d", n);
    }
    assert_true(display[0] != '\0');
    unsetenv("SDL_VIDEODRIVER");
    unsetenv("WAYLAND_DISPLAY");
    setenv("DISPLAY", display, 1);
    char msg[1024] = "";
    int rc = window_stderr(msg, sizeof msg);
    unsetenv("DISPLAY");
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(msg, "could not be opened"));
    char named[48];
    snprintf(named, sizeof named, "DISPLAY=%s", display);
    assert_non_null(strstr(msg, named));
    assert_null(strstr(msg, "unset"));
    assert_non_null(strstr(msg, "steplab render"));
    assert_int_equal((int)(strchr(msg, '\n') - msg), (int)strlen(msg) - 1);  /* one line */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_render_t_marker_at_the_t_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_hard_jump_at_the_t_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_none_badge_on_hard, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_hard_fd_marked_spike, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_ste_fd_marked_spike, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_t_off_the_plot_is_an_arrow_and_a_banner, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_scroll_snaps_to_a_line_top, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_runs_give_the_whole_lines_pixels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_changes_after_training_and_is_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_png_written_atomically, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_font_names_the_package, setup, teardown),
        cmocka_unit_test(test_no_display_says_how_to_run_headless),
        cmocka_unit_test_setup_teardown(test_heat_map_columns_match_every_cell, setup, teardown),
        cmocka_unit_test(test_render_large_n_landscape_reaches_zero_at_target),
        cmocka_unit_test(test_unreachable_display_says_it_could_not_be_opened),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
