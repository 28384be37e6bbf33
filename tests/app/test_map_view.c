/* test_map_view.c — the steepness map in the window, headless: lesson 9 opens on it;
 * every cell is painted its metric's colour; the current (k, lr) is marked where the
 * axes put it; the colour bar runs from the scale's low to its high colour and the
 * verdict view shows the legend's colours; hovering picks the cell under the mouse;
 * clicking a cell sets k and lr, goes back to t0 and trains that run; moving t0
 * recomputes the map (k = 8, lr = 10 reaches t* from t0 = 35, not from 10); m, g, Shift+M, x
 * switch views, colours and axes, u uses the suggestion; a w x lr cell loads smoothstep's
 * run. Lesson 9 runs with a 60- or 120-step limit here to
 * keep the sweeps short under the sanitizers. */
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

#include "app_format.h"
#include "app_lessons.h"
#include "app_panels.h"
#include "app_fixture.h"
#include "app_ui.h"

#define W 1280
#define H 720
#define LESSON9 "09-tune-the-steepness.txt"
#define LESSON2 "02-soften-it.txt"

/* Opens shipped lesson `file` with a step limit of steps (0: the lesson's own). */
static void open_app(const char *file, int steps)
{
    char path[480];
    snprintf(path, sizeof path, "%s/%s", app_lessons_dir(), file);
    fixture_open(path, W, H, steps);
}

static int teardown(void **state) { return fixture_teardown(state); }
static void draw(void) { fixture_draw(); }

/* Shift+M: the map's next colour. */
static void next_metric(void)
{
    key_mod(SDLK_m, KMOD_LSHIFT);
}

static void mouse(Uint32 type, float x, float y)
{
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = type;
    if (type == SDL_MOUSEMOTION) {
        ev.motion.x = (Sint32)lroundf(x);
        ev.motion.y = (Sint32)lroundf(y);
    } else {
        ev.button.button = SDL_BUTTON_LEFT;
        ev.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
        ev.button.x = (Sint32)lroundf(x);
        ev.button.y = (Sint32)lroundf(y);
    }
    app_handle_event(&fx.app, &ev);
}

/* The full map for the current settings, then the picture. */
static void finish_and_draw(void)
{
    app_mapview_finish(&fx.app.map, &fx.app.model);
    assert_true(app_mapview_done(&fx.app.map));
    draw();
}

/* The centre of cell (ix, iy) on screen. */
static void cell_centre(int ix, int iy, float *x, float *y)
{
    AppMapGeometry g;
    app_mapview_geometry(&fx.app.layout, &g);
    int a, b;
    app_sweepmap_cell_span(ix, g.plot.x, g.plot.w, fx.app.map.grid.ax.count, 0, &a, &b);
    *x = 0.5f * (float)(a + b);
    app_sweepmap_cell_span(iy, g.plot.y, g.plot.h, fx.app.map.grid.ay.count, 1, &a, &b);
    *y = 0.5f * (float)(a + b);
}

/* Finds a cell whose verdict is v, away from the plot's edges and from the markers. */
static int find_cell(SlStopReason v, int *ix, int *iy)
{
    const AppMapView *mv = &fx.app.map;
    for (int y = 8; y < mv->grid.ay.count - 8; y += 3)
        for (int x = 8; x < mv->grid.ax.count - 8; x += 3) {
            const SlSweepCell *c = app_mapview_cell(mv, x, y);
            if (c->verdict != v) continue;
            if (mv->sugg.found && abs(x - mv->sugg.ix) < 6) continue;
            float px, py, mx, my;
            cell_centre(x, y, &px, &py);
            app_mapview_point(mv, &fx.app.layout, (double)fx.app.model.set.k, (double)fx.app.model.set.lr, &mx, &my);
            if (fabsf(px - mx) < 30.0f && fabsf(py - my) < 30.0f) continue;
            *ix = x;
            *iy = y;
            return 1;
        }
    return 0;
}

static void test_map_lesson9_opens_on_the_full_map(void **state)
{
    (void)state;
    open_app(LESSON9, 60);
    assert_true(app_map_shown(&fx.app));
    finish_and_draw();
    const AppMapView *mv = &fx.app.map;
    assert_int_equal(mv->grid.ax.count, APP_SWEEPMAP_FINE);
    assert_int_equal(mv->grid.ay.count, APP_SWEEPMAP_FINE);
    assert_int_equal(mv->grid.ax.param, SL_SWEEP_K);
    assert_int_equal(mv->grid.ay.param, SL_SWEEP_LR);
    /* Cells of three verdicts, each painted the colour its |t - t*| gives. */
    static const SlStopReason kinds[] = {SL_STOP_CONVERGED, SL_STOP_STALLED, SL_STOP_STEP_LIMIT};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        int ix, iy;
        assert_true(find_cell(kinds[i], &ix, &iy));
        float px, py;
        cell_centre(ix, iy, &px, &py);
        AppColor want = app_sweepmap_cell_color(app_mapview_cell(mv, ix, iy), APP_MAP_DIST, mv->target, mv->steps,
                                                mv->n);
        assert_int_equal(pixel((int)px, (int)py), rgb(want));
    }
    /* The current (k, lr) = (1, 10): a white disc in a dark ring where the axes put it. */
    float mx, my;
    app_mapview_point(mv, &fx.app.layout, 1.0, 10.0, &mx, &my);
    assert_int_equal(pixel((int)lroundf(mx), (int)lroundf(my)), 0xFFFFFFu);
    uint32_t ring = pixel((int)lroundf(mx + 5.5f * fx.app.scale), (int)lroundf(my));
    assert_true((ring >> 16 & 0xFF) < 0x40 && (ring >> 8 & 0xFF) < 0x40 && (ring & 0xFF) < 0x40);
    /* The colour bar: the scale's high colour at the top, its low colour at the bottom. */
    AppMapGeometry g;
    app_mapview_geometry(&fx.app.layout, &g);
    int cx = g.bar.x + g.bar.w / 2;
    uint32_t top = pixel(cx, g.bar.y + 1);
    assert_true((top >> 16 & 0xFF) > 200 && (top >> 8 & 0xFF) > 200); /* yellow */
    int y = g.bar.y + 2;
    while (pixel(cx, y + 1) != rgb(app_theme_color(APP_COL_BORDER)) && y < g.bar.y + g.bar.h) y++;
    uint32_t bottom = pixel(cx, y);
    assert_true((bottom >> 16 & 0xFF) < 90 && (bottom & 0xFF) > 60); /* dark purple */
}

static void test_map_verdict_colours_and_legend(void **state)
{
    (void)state;
    open_app(LESSON9, 60);
    next_metric();
    next_metric();
    next_metric();
    assert_int_equal(fx.app.map.metric, APP_MAP_VERDICT);
    finish_and_draw();
    int ix, iy;
    assert_true(find_cell(SL_STOP_STALLED, &ix, &iy));
    float px, py;
    cell_centre(ix, iy, &px, &py);
    assert_int_equal(pixel((int)px, (int)py), rgb(app_sweepmap_category_color(2)));
    assert_true(find_cell(SL_STOP_CONVERGED, &ix, &iy));
    cell_centre(ix, iy, &px, &py);
    assert_int_equal(pixel((int)px, (int)py), rgb(app_sweepmap_category_color(0)));
    /* The legend column shows every category's swatch. */
    AppMapGeometry g;
    app_mapview_geometry(&fx.app.layout, &g);
    for (int c = 0; c < APP_MAP_CATEGORIES; c++) {
        int found = 0;
        for (int y = g.bar.y; y < g.bar.y + g.bar.h && !found; y++)
            found = pixel(g.bar.x + g.bar.w / 2, y) == rgb(app_sweepmap_category_color(c));
        assert_true(found);
    }
}

static void test_map_hover_and_click_load_the_run(void **state)
{
    (void)state;
    open_app(LESSON9, 60);
    finish_and_draw();
    int ix, iy;
    assert_true(find_cell(SL_STOP_CONVERGED, &ix, &iy));
    SlSweepCell cell = *app_mapview_cell(&fx.app.map, ix, iy);
    float px, py;
    cell_centre(ix, iy, &px, &py);
    mouse(SDL_MOUSEMOTION, px, py);
    assert_int_equal(fx.app.map.hover_ix, ix);
    assert_int_equal(fx.app.map.hover_iy, iy);
    /* A cell's numbers are drawn whole, the gap (the last) included: a shorter wording
     * where the full one is wider than the panel, never a cut. Checked on the cell with
     * the longest line. */
    const AppMapView *mv = &fx.app.map;
    int lx = 0, ly = 0;
    size_t longest = 0;
    char line[400];
    for (int y = 0; y < mv->grid.ay.count; y++)
        for (int x = 0; x < mv->grid.ax.count; x++) {
            app_sweepmap_cell_text(app_mapview_cell(mv, x, y), &mv->rx, &mv->ry, mv->target, 0, line, sizeof line);
            if (strlen(line) > longest) longest = strlen(line), lx = x, ly = y;
        }
    float hx, hy;
    cell_centre(lx, ly, &hx, &hy);
    mouse(SDL_MOUSEMOTION, hx, hy);
    char gap[24], want[40];
    app_format_value((double)app_mapview_cell(mv, lx, ly)->gap, 2, gap, sizeof gap);
    snprintf(want, sizeof want, "gap %s\n", gap);
    app_text_log(fx.app.text, 1);
    draw();
    assert_non_null(strstr(app_text_logged(fx.app.text), want));
    app_text_log(fx.app.text, 0);
    mouse(SDL_MOUSEMOTION, px, py);
    /* Train a little first: the click must go back to t0. */
    app_model_step(&fx.app.model);
    app_model_step(&fx.app.model);
    unsigned id = fx.app.map.req_id;
    mouse(SDL_MOUSEBUTTONDOWN, px, py);
    mouse(SDL_MOUSEBUTTONUP, px, py);
    AppModel *m = &fx.app.model;
    assert_float_equal(m->set.k, cell.x, 0.0f);
    assert_float_equal(m->set.lr, cell.y, 0.0f);
    assert_int_equal(app_model_step_count(m), 0);
    assert_true(m->playing);
    assert_float_equal(app_model_row(m, SL_MASK_LOGISTIC)->t, m->set.t0, 0.0f);
    /* Loading a cell does not recompute the map: k and lr are the cells' own. */
    draw();
    assert_int_equal(fx.app.map.req_id, id);
    /* The other panels show that run: trained to the map's step limit it ends where the
     * cell ended. */
    while (app_model_step_count(m) < m->max_steps)
        assert_true(app_model_step(m));
    assert_float_equal(app_model_row(m, SL_MASK_LOGISTIC)->t, cell.t, 0.0f);
    /* The disc moved to the loaded cell. */
    draw();
    assert_int_equal(pixel((int)lroundf(px), (int)lroundf(py)), 0xFFFFFFu);
}

static void test_map_follows_t0(void **state)
{
    (void)state;
    open_app(LESSON9, 120);
    /* One cell is enough to show the map follows t0: k = 8, lr = 10 (the cell nearest),
     * which in 120 steps gets nowhere near t* from t0 = 10 and settles from 35. */
    finish_and_draw();
    AppMapView *mv = &fx.app.map;
    int ix = (int)floor(app_sweepmap_range_fraction(&mv->rx, 8.0) * (double)mv->grid.ax.count);
    int iy = (int)floor(app_sweepmap_range_fraction(&mv->ry, 10.0) * (double)mv->grid.ay.count);
    const SlSweepCell *before = app_mapview_cell(mv, ix, iy);
    assert_true(before->settle_step < 0);
    unsigned id = mv->req_id;
    assert_true(app_controls_set_slider(&fx.app.model, APP_CTRL_T0, 35.0f));
    /* The next frame asks again and keeps drawing the old map until a pass is in. */
    draw();
    assert_true(mv->req_id > id);
    finish_and_draw();
    const SlSweepCell *after = app_mapview_cell(mv, ix, iy);
    assert_true(after->settle_step >= 0);
    assert_float_equal(mv->t0, 35.0f, 0.0f);
}

static void test_map_keys(void **state)
{
    (void)state;
    open_app(LESSON2, 40);
    assert_false(app_map_shown(&fx.app));
    next_metric(); /* not on the map: a note says to press m */
    assert_int_equal(fx.app.map.metric, APP_MAP_DIST);
    assert_non_null(strstr(fx.app.model.message, "press m"));
    key(SDLK_m);
    assert_true(app_map_shown(&fx.app));
    key(SDLK_x);
    assert_int_equal(fx.app.map.axes, APP_MAP_AXES_K_T0);
    finish_and_draw();
    assert_int_equal(fx.app.map.grid.ay.param, SL_SWEEP_T0);
    assert_false(fx.app.map.sugg_applies);
    key(SDLK_g);
    assert_false(app_map_shown(&fx.app));
    assert_true(fx.app.model.ls.graph_on);
    key(SDLK_m);
    assert_true(app_map_shown(&fx.app));
    assert_false(fx.app.model.ls.graph_on);
    /* u uses (loads) the suggestion on a k x lr map. */
    key(SDLK_x);
    key(SDLK_x);
    assert_int_equal(fx.app.map.axes, APP_MAP_AXES_K_LR);
    finish_and_draw();
    if (fx.app.map.sugg.found) {
        key(SDLK_u);
        assert_float_equal(fx.app.model.set.k, fx.app.map.sugg.x, 0.0f);
        assert_float_equal(fx.app.model.set.lr, fx.app.map.sugg.y_mid, 0.0f);
    }
}

/* On the w x lr map a click loads w and lr, and shows smoothstep (lesson 9 hides it). */
static void test_map_width_axes_show_smoothstep(void **state)
{
    (void)state;
    open_app(LESSON9, 60);
    key(SDLK_x);
    key(SDLK_x);
    assert_int_equal(fx.app.map.axes, APP_MAP_AXES_W_LR);
    finish_and_draw();
    assert_int_equal(fx.app.map.grid.ax.param, SL_SWEEP_W);
    assert_false(fx.app.model.shown >> SL_MASK_SMOOTHSTEP & 1u);
    int ix, iy;
    assert_true(find_cell(SL_STOP_CONVERGED, &ix, &iy));
    SlSweepCell cell = *app_mapview_cell(&fx.app.map, ix, iy);
    float px, py;
    cell_centre(ix, iy, &px, &py);
    mouse(SDL_MOUSEBUTTONDOWN, px, py);
    assert_true(fx.app.model.shown >> SL_MASK_SMOOTHSTEP & 1u);
    assert_float_equal(fx.app.model.set.w, cell.x, 0.0f);
    assert_float_equal(fx.app.model.set.lr, cell.y, 0.0f);
    AppModel *m = &fx.app.model;
    while (app_model_step_count(m) < m->max_steps) assert_true(app_model_step(m));
    assert_float_equal(app_model_row(m, SL_MASK_SMOOTHSTEP)->t, cell.t, 0.0f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_map_lesson9_opens_on_the_full_map, teardown),
        cmocka_unit_test_teardown(test_map_verdict_colours_and_legend, teardown),
        cmocka_unit_test_teardown(test_map_hover_and_click_load_the_run, teardown),
        cmocka_unit_test_teardown(test_map_follows_t0, teardown),
        cmocka_unit_test_teardown(test_map_keys, teardown),
        cmocka_unit_test_teardown(test_map_width_axes_show_smoothstep, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
