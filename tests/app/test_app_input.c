/* test_app_input.c — the window's behaviour under SDL events, headless: dragging the t
 * and t* markers, space to train, number keys to hide families, a resize relaying out
 * the panels, sliders, step back, help and quit. Events go through SDL's own queue
 * (SDL_PushEvent / SDL_PollEvent) into app_handle_event, as in the window loop. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "app_launch.h"
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
    if (SDL_Init(SDL_INIT_EVENTS) != 0) return -1;
    memset(&launch, 0, sizeof launch);
    sl_lesson_default(&launch.lesson);
    fx.surface = SDL_CreateRGBSurfaceWithFormat(0, 1280, 720, 32, SDL_PIXELFORMAT_ARGB8888);
    fx.renderer = fx.surface ? SDL_CreateSoftwareRenderer(fx.surface) : NULL;
    if (!fx.renderer || app_init(&fx.app, fx.renderer, NULL, &launch, 1280, 720, err, sizeof err) != SL_OK) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    app_draw(&fx.app);
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    Fixture *fx = *state;
    app_deinit(&fx->app);
    SDL_DestroyRenderer(fx->renderer);
    SDL_FreeSurface(fx->surface);
    SDL_Quit();
    return 0;
}

/* Delivers everything queued, the way the window loop drains the queue. */
static void pump(Fixture *fx)
{
    SDL_Event ev;
    while (SDL_PollEvent(&ev)) app_handle_event(&fx->app, &ev);
}

static void key(Fixture *fx, SDL_Keycode sym, Uint16 mod)
{
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_KEYDOWN;
    ev.key.state = SDL_PRESSED;
    ev.key.keysym.sym = sym;
    ev.key.keysym.mod = mod;
    SDL_PushEvent(&ev);
    pump(fx);
}

static void mouse(Fixture *fx, Uint32 type, float x, float y)
{
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = type;
    if (type == SDL_MOUSEMOTION) {
        ev.motion.x = (Sint32)lroundf(x);
        ev.motion.y = (Sint32)lroundf(y);
        ev.motion.state = SDL_BUTTON_LMASK;
    } else {
        ev.button.button = SDL_BUTTON_LEFT;
        ev.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
        ev.button.x = (Sint32)lroundf(x);
        ev.button.y = (Sint32)lroundf(y);
    }
    SDL_PushEvent(&ev);
    pump(fx);
}

static void drag(Fixture *fx, float x0, float y0, float x1, float y1)
{
    mouse(fx, SDL_MOUSEBUTTONDOWN, x0, y0);
    for (int i = 1; i <= 4; i++)
        mouse(fx, SDL_MOUSEMOTION, x0 + (x1 - x0) * (float)i / 4.0f, y0 + (y1 - y0) * (float)i / 4.0f);
    mouse(fx, SDL_MOUSEBUTTONUP, x1, y1);
}

static void test_drag_t_marker_moves_t(void **state)
{
    Fixture *fx = *state;
    float x, y;
    app_t_marker_pos(&fx->app, SL_MASK_HARD, &x, &y);
    AppAxis ax, ay;
    app_mask_axes(&fx->app, &ax, &ay);
    float target_x = app_axis_px(&ax, 30.0);
    drag(fx, x, y, target_x, y + 20.0f);
    for (int f = 0; f < SL_MASK_COUNT; f++)
        assert_float_equal(app_model_row(&fx->app.model, f)->t, 30.0f, 0.25f);
    assert_int_equal(fx->app.drag, APP_DRAG_NONE);
    /* The t* marker at the bottom drags the target instead. */
    float tx, ty;
    app_target_marker_pos(&fx->app, &tx, &ty);
    drag(fx, tx, ty, app_axis_px(&ax, 50.0), ty);
    assert_float_equal(fx->app.model.set.target, 50.0f, 0.25f);
    assert_float_equal(app_model_row(&fx->app.model, SL_MASK_HARD)->t, 30.0f, 0.25f);
    /* A press far from any marker moves nothing. */
    drag(fx, app_axis_px(&ax, 60.0), ay.p1 + 5.0f, app_axis_px(&ax, 5.0), ay.p1 + 5.0f);
    assert_float_equal(app_model_row(&fx->app.model, SL_MASK_HARD)->t, 30.0f, 0.25f);
}

/* After training, dragging the hard marker moves hard's t only: the soft families stay
 * where they trained to. */
static void test_drag_after_training_moves_one_family(void **state)
{
    Fixture *fx = *state;
    AppModel *m = &fx->app.model;
    for (int i = 0; i < 50; i++) app_model_step(m);
    float soft = app_model_row(m, SL_MASK_LOGISTIC)->t;
    assert_true(soft > 15.0f);
    float x, y;
    app_t_marker_pos(&fx->app, SL_MASK_HARD, &x, &y);
    AppAxis ax, ay;
    app_mask_axes(&fx->app, &ax, &ay);
    drag(fx, x, y, app_axis_px(&ax, 5.0), y);
    assert_float_equal(app_model_row(m, SL_MASK_HARD)->t, 5.0f, 0.25f);
    assert_float_equal(app_model_row(m, SL_MASK_LOGISTIC)->t, soft, 0.0f);
    assert_true(app_model_row(m, SL_MASK_SMOOTHSTEP)->t > 15.0f);
}

/* A fast drag queues many motions between two pictures: only the last one moves t,
 * once, at the next picture (moving t costs O(N) per family at large N). */
static void test_drag_motions_apply_once_per_picture(void **state)
{
    Fixture *fx = *state;
    float x, y;
    app_t_marker_pos(&fx->app, SL_MASK_HARD, &x, &y);
    AppAxis ax, ay;
    app_mask_axes(&fx->app, &ax, &ay);
    float t0 = app_model_row(&fx->app.model, SL_MASK_HARD)->t;
    mouse(fx, SDL_MOUSEBUTTONDOWN, x, y);
    unsigned rev = fx->app.model.revision;
    for (int i = 1; i <= 40; i++) mouse(fx, SDL_MOUSEMOTION, app_axis_px(&ax, (double)t0 + 0.5 * i), y);
    assert_int_equal(fx->app.model.revision, rev); /* nothing moved yet */
    app_draw(&fx->app);
    assert_float_equal(app_model_row(&fx->app.model, SL_MASK_HARD)->t, t0 + 20.0f, 0.25f);
    mouse(fx, SDL_MOUSEBUTTONUP, app_axis_px(&ax, (double)t0 + 20.0), y);
    assert_int_equal(fx->app.drag, APP_DRAG_NONE);
    assert_float_equal(app_model_row(&fx->app.model, SL_MASK_LOGISTIC)->t, t0 + 20.0f, 0.25f);
}

/* Lesson 3's "Drag t to -5": a drag past the mask plot's left edge takes t below 0, the
 * axis opens to negative t, and at t = -5 smoothstep's band (-7..-3) holds no position:
 * its gradient is exactly zero, not none. */
static void test_drag_t_below_zero_gives_zero_gradient(void **state)
{
    Fixture *fx = *state;
    AppModel *m = &fx->app.model;
    assert_true(app_controls_set_slider(m, APP_CTRL_W, 4.0f));
    float x, y;
    app_t_marker_pos(&fx->app, SL_MASK_HARD, &x, &y);
    AppAxis ax, ay;
    app_mask_axes(&fx->app, &ax, &ay);
    assert_float_equal(ax.v0, 0.0, 0.0);
    drag(fx, x, y, ax.p0 - 200.0f, y);
    app_draw(&fx->app);
    app_mask_axes(&fx->app, &ax, &ay);
    assert_true(ax.v0 <= -5.0 - 2.0);
    assert_true(app_model_row(m, SL_MASK_HARD)->t < 0.0f);
    app_t_marker_pos(&fx->app, SL_MASK_HARD, &x, &y);
    assert_true(x >= ax.p0 && x <= ax.p1);
    drag(fx, x, y, app_axis_px(&ax, -5.0), y);
    const SlTrainRow *row = app_model_row(m, SL_MASK_SMOOTHSTEP);
    assert_float_equal(row->t, -5.0f, 0.25f);
    assert_int_equal(row->state, SL_GRAD_ZERO);
    assert_float_equal(row->grad, 0.0f, 0.0f);
    assert_int_equal(app_model_row(m, SL_MASK_LOGISTIC)->state, SL_GRAD_VALUE);
    /* The t0 slider reaches below 0 too. */
    assert_true(app_controls_slider_spec(m, APP_CTRL_T0).lo <= -5.0f);
    /* Dragged before training, t0 follows t; back at t0 >= 0, a reset shows [0, N] again. */
    assert_float_equal(m->set.t0, -5.0f, 0.25f);
    assert_true(app_controls_set_slider(m, APP_CTRL_T0, 10.0f));
    app_model_reset(m);
    app_mask_axes(&fx->app, &ax, &ay);
    assert_float_equal(ax.v0, 0.0, 0.0);
}

static void test_space_starts_and_pauses_training(void **state)
{
    Fixture *fx = *state;
    assert_false(fx->app.model.playing);
    key(fx, SDLK_SPACE, KMOD_NONE);
    assert_true(fx->app.model.playing);
    for (int i = 0; i < 5; i++) app_frame(&fx->app);
    assert_int_equal(app_model_step_count(&fx->app.model), 5);
    assert_true(app_model_row(&fx->app.model, SL_MASK_LOGISTIC)->t > 10.0f);
    key(fx, SDLK_SPACE, KMOD_NONE);
    assert_false(fx->app.model.playing);
    app_frame(&fx->app);
    assert_int_equal(app_model_step_count(&fx->app.model), 5);
    /* Arrows step and step back; r resets. */
    key(fx, SDLK_RIGHT, KMOD_NONE);
    assert_int_equal(app_model_step_count(&fx->app.model), 6);
    key(fx, SDLK_LEFT, KMOD_NONE);
    key(fx, SDLK_LEFT, KMOD_NONE);
    assert_int_equal(app_model_step_count(&fx->app.model), 4);
    key(fx, SDLK_r, KMOD_NONE);
    assert_int_equal(app_model_step_count(&fx->app.model), 0);
}

static void test_number_key_hides_a_family(void **state)
{
    Fixture *fx = *state;
    assert_true(fx->app.model.shown >> SL_MASK_LOGISTIC & 1u);
    key(fx, SDLK_2, KMOD_NONE);
    assert_false(fx->app.model.shown >> SL_MASK_LOGISTIC & 1u);
    assert_int_equal(fx->app.layout.families, 2);
    /* No logistic blue left in the mask plot. */
    app_draw(&fx->app);
    SDL_RenderFlush(fx->renderer);
    AppRect pa = app_layout_plot_area(&fx->app.layout, fx->app.layout.slot[APP_SLOT_MAIN]);
    AppColor blue = app_theme_family_color(SL_MASK_LOGISTIC);
    int blue_px = 0;
    for (int y = pa.y; y < pa.y + pa.h; y++) {
        const uint32_t *row = (const uint32_t *)((const uint8_t *)fx->surface->pixels + (size_t)y * (size_t)fx->surface->pitch);
        for (int x = pa.x; x < pa.x + pa.w; x++) {
            uint32_t p = row[x];
            blue_px += abs((int)(p >> 16 & 0xFF) - blue.r) < 6 && abs((int)(p >> 8 & 0xFF) - blue.g) < 6 &&
                       abs((int)(p & 0xFF) - blue.b) < 6;
        }
    }
    assert_int_equal(blue_px, 0);
    key(fx, SDLK_2, KMOD_NONE);
    assert_true(fx->app.model.shown >> SL_MASK_LOGISTIC & 1u);
    key(fx, SDLK_5, KMOD_NONE);
    assert_true(fx->app.model.shown >> SL_MASK_STE & 1u);
    assert_int_equal(fx->app.layout.families, 4);
    /* Clicking a legend entry toggles too. */
    AppRect e = fx->app.layout.legend[SL_MASK_STE];
    mouse(fx, SDL_MOUSEBUTTONDOWN, (float)e.x + 3.0f, (float)e.y + 3.0f);
    mouse(fx, SDL_MOUSEBUTTONUP, (float)e.x + 3.0f, (float)e.y + 3.0f);
    assert_false(fx->app.model.shown >> SL_MASK_STE & 1u);
}

static void test_resize_lays_the_panels_out_again(void **state)
{
    Fixture *fx = *state;
    AppRect before = fx->app.layout.slot[APP_SLOT_MAIN];
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_WINDOWEVENT;
    ev.window.event = SDL_WINDOWEVENT_SIZE_CHANGED;
    ev.window.data1 = 1920;
    ev.window.data2 = 1080;
    SDL_PushEvent(&ev);
    pump(fx);
    assert_int_equal(fx->app.layout.w, 1920);
    assert_int_equal(fx->app.layout.h, 1080);
    AppRect after = fx->app.layout.slot[APP_SLOT_MAIN];
    assert_true(after.w > before.w && after.h > before.h);
    assert_true(fx->app.scale > 1.4f);
    AppRect c = fx->app.layout.slot[APP_SLOT_CONTROLS];
    assert_int_equal(c.y + c.h, 1080);
    ev.window.data1 = 900;
    ev.window.data2 = 600;
    SDL_PushEvent(&ev);
    pump(fx);
    assert_int_equal(fx->app.layout.slot[APP_SLOT_CONTROLS].y + fx->app.layout.slot[APP_SLOT_CONTROLS].h, 600);
    assert_true(fx->app.layout.slot[APP_SLOT_SIDE_TOP].x + fx->app.layout.slot[APP_SLOT_SIDE_TOP].w <= 900);
}

static void test_sliders_and_steepness_keys(void **state)
{
    Fixture *fx = *state;
    for (int i = 0; i < 3; i++) key(fx, SDLK_RIGHT, KMOD_NONE);
    AppRect track = app_layout_slider_track(&fx->app.layout, fx->app.layout.ctrl[APP_CTRL_LR]);
    float cy = (float)track.y + (float)track.h * 0.5f;
    drag(fx, (float)track.x + (float)track.w * 0.5f, cy, (float)track.x - 50.0f, cy);
    assert_float_equal(fx->app.model.set.lr, 0.001f, 1e-7f);
    assert_float_equal(fx->app.model.tr[SL_MASK_LOGISTIC].opt.lr, 0.001f, 1e-7f);
    assert_int_equal(app_model_step_count(&fx->app.model), 3); /* no reset */
    key(fx, SDLK_RIGHTBRACKET, KMOD_NONE);
    assert_float_equal(fx->app.model.set.k, 2.0f, 0.0f);
    key(fx, SDLK_LEFTBRACKET, KMOD_NONE);
    key(fx, SDLK_LEFTBRACKET, KMOD_NONE);
    assert_float_equal(fx->app.model.set.k, 0.5f, 0.0f);
    key(fx, SDLK_EQUALS, KMOD_SHIFT); /* '+' */
    assert_float_equal(fx->app.model.set.lr, 0.002f, 1e-7f);
    /* Keyboard only: the clicked slider has the focus, Tab moves it, arrows change it. */
    assert_int_equal(fx->app.focus, APP_CTRL_LR);
    key(fx, SDLK_TAB, KMOD_NONE);
    assert_int_equal(fx->app.focus, APP_CTRL_T0);
    key(fx, SDLK_TAB, KMOD_SHIFT);
    key(fx, SDLK_TAB, KMOD_SHIFT);
    assert_int_equal(fx->app.focus, APP_CTRL_W);
    float w = fx->app.model.set.w;
    key(fx, SDLK_UP, KMOD_NONE);
    assert_true(fx->app.model.set.w > w);
    assert_int_equal(app_model_step_count(&fx->app.model), 3);
    /* Buttons: a click on Reset resets. */
    AppRect b = fx->app.layout.ctrl[APP_CTRL_RESET];
    mouse(fx, SDL_MOUSEBUTTONDOWN, (float)b.x + 5.0f, (float)b.y + 5.0f);
    assert_int_equal(app_model_step_count(&fx->app.model), 0);
}

static void test_help_and_quit(void **state)
{
    Fixture *fx = *state;
    key(fx, SDLK_F1, KMOD_NONE);
    assert_true(fx->app.show_help);
    key(fx, SDLK_ESCAPE, KMOD_NONE);
    assert_false(fx->app.show_help);
    assert_false(fx->app.quit);
    key(fx, SDLK_SLASH, KMOD_SHIFT); /* '?' */
    assert_true(fx->app.show_help);
    app_draw(&fx->app); /* the overlay draws without trouble */
    key(fx, SDLK_q, KMOD_NONE);
    assert_false(fx->app.show_help);
    key(fx, SDLK_q, KMOD_NONE);
    assert_true(fx->app.quit);
    key(fx, SDLK_s, KMOD_NONE);
    assert_true(fx->app.want_screenshot);
}

static void test_wheel_scrolls_a_long_lesson_page(void **state)
{
    Fixture *fx = *state;
    SlLesson *ls = &fx->app.model.lesson;
    ls->page_count = 1;
    snprintf(ls->pages[0].title, sizeof ls->pages[0].title, "A long page");
    ls->pages[0].text[0] = '\0';
    for (int i = 0; i < 30; i++)
        strcat(ls->pages[0].text, "A sentence that makes this page far too long to fit in the panel. ");
    app_draw(&fx->app);
    assert_true(fx->app.text_scroll_max > 0);
    assert_int_equal(fx->app.text_scroll, 0);
    AppRect e = fx->app.layout.slot[APP_SLOT_SIDE_BOTTOM];
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_MOUSEWHEEL;
    ev.wheel.y = -1; /* towards the user: further down the text */
    ev.wheel.mouseX = e.x + e.w / 2;
    ev.wheel.mouseY = e.y + e.h / 2;
    SDL_PushEvent(&ev);
    pump(fx);
    assert_true(fx->app.text_scroll > 0);
    for (int i = 0; i < 50; i++) SDL_PushEvent(&ev);
    pump(fx);
    assert_int_equal(fx->app.text_scroll, fx->app.text_scroll_max);
    key(fx, SDLK_PERIOD, KMOD_NONE); /* a page turn starts at the top */
    assert_int_equal(fx->app.text_scroll, 0);
}

static void test_hidpi_mouse_maps_to_drawable_pixels(void **state)
{
    Fixture *fx = *state;
    /* A 640x360 window on a 1280x720 drawable: events arrive in window units. */
    fx->app.mouse_sx = fx->app.mouse_sy = 2.0f;
    AppRect b = fx->app.layout.ctrl[APP_CTRL_STEP];
    float cx = (float)b.x + (float)b.w * 0.5f, cy = (float)b.y + (float)b.h * 0.5f;
    mouse(fx, SDL_MOUSEBUTTONDOWN, cx / 2.0f, cy / 2.0f);
    mouse(fx, SDL_MOUSEBUTTONUP, cx / 2.0f, cy / 2.0f);
    assert_int_equal(app_model_step_count(&fx->app.model), 1);
    /* The same coordinates unscaled land elsewhere (not on Step). */
    fx->app.mouse_sx = fx->app.mouse_sy = 1.0f;
    mouse(fx, SDL_MOUSEBUTTONDOWN, cx / 2.0f, cy / 2.0f);
    mouse(fx, SDL_MOUSEBUTTONUP, cx / 2.0f, cy / 2.0f);
    assert_int_equal(app_model_step_count(&fx->app.model), 1);
}

/* F3 (presentation scale) stops where a 1280x720 window still holds the layout, and says
 * so; the buttons and the gradient table stay inside the window at that scale. */
static void test_presentation_scale_stops_at_what_the_window_holds(void **state)
{
    Fixture *fx = *state;
    for (int i = 0; i < 8; i++) key(fx, SDLK_F3, 0);
    assert_true(fx->app.scale > 1.2f);
    assert_true(fx->app.scale <= APP_SCALE_USER_MAX + 1e-6f);
    assert_non_null(strstr(fx->app.model.message, "largest"));
    const AppLayout *L = &fx->app.layout;
    for (int c = 0; c < APP_CTRL_COUNT; c++) assert_true(L->ctrl[c].x + L->ctrl[c].w <= 1280);
    AppRect g = L->slot[APP_SLOT_SIDE_TOP];
    assert_true(L->grad_col[3] <= g.x + g.w);
    /* The training column is there whole or not at all. */
    assert_true(L->grad_col[3] == L->grad_col[4] || L->grad_col[4] - L->grad_col[3] >= 9 * L->m.digit_w);
    key(fx, SDLK_F2, 0);
    assert_true(fx->app.scale < APP_SCALE_USER_MAX);
}

/* A focused slider takes a typed value: Tab to t0, Enter, "-120", Enter. Typed digits
 * never toggle a family. Shift+K and Shift+A type annealing's end and length. */
static void test_typed_values(void **state)
{
    Fixture *fx = *state;
    App *app = &fx->app;
    unsigned shown = app->model.shown;
    for (int i = 0; i <= APP_CTRL_T0; i++) key(fx, SDLK_TAB, KMOD_NONE);
    assert_int_equal(app->focus, APP_CTRL_T0);
    key(fx, SDLK_RETURN, KMOD_NONE);
    assert_int_equal(app->edit, APP_CTRL_T0);
    app_draw(app); /* the prompt draws */
    key(fx, SDLK_MINUS, KMOD_NONE);
    key(fx, SDLK_1, KMOD_NONE);
    key(fx, SDLK_2, KMOD_NONE);
    key(fx, SDLK_0, KMOD_NONE);
    assert_int_equal(app->model.shown, shown);
    key(fx, SDLK_RETURN, KMOD_NONE);
    assert_int_equal(app->edit, -1);
    assert_float_equal(app->model.set.t0, -120.0f, 0.0f);
    assert_float_equal(app_model_row(&app->model, SL_MASK_LOGISTIC)->t, -120.0f, 0.0f);
    /* Esc cancels. */
    key(fx, SDLK_RETURN, KMOD_NONE);
    key(fx, SDLK_5, KMOD_NONE);
    key(fx, SDLK_ESCAPE, KMOD_NONE);
    assert_int_equal(app->edit, -1);
    assert_float_equal(app->model.set.t0, -120.0f, 0.0f);
    assert_int_equal(app->quit, 0);
    /* Annealing: k1 = 32 over a run of 300 steps, lesson 5's "too fast" experiment. */
    key(fx, SDLK_k, KMOD_LSHIFT);
    key(fx, SDLK_3, KMOD_NONE);
    key(fx, SDLK_2, KMOD_NONE);
    key(fx, SDLK_RETURN, KMOD_NONE);
    key(fx, SDLK_a, KMOD_LSHIFT);
    key(fx, SDLK_3, KMOD_NONE);
    key(fx, SDLK_0, KMOD_NONE);
    key(fx, SDLK_0, KMOD_NONE);
    key(fx, SDLK_RETURN, KMOD_NONE);
    SlAnneal an = app_model_anneal(&app->model);
    assert_float_equal(an.k1, 32.0f, 0.0f);
    assert_int_equal(an.steps, 300);
    /* A value the field cannot take is refused in the command line's words (one
     * validator, sl_setting_set): k = 1e39 overflows float32. */
    while (app->focus != APP_CTRL_K) key(fx, SDLK_TAB, KMOD_NONE);
    key(fx, SDLK_RETURN, KMOD_NONE);
    key(fx, SDLK_1, KMOD_NONE);
    key(fx, SDLK_e, KMOD_NONE);
    key(fx, SDLK_3, KMOD_NONE);
    key(fx, SDLK_9, KMOD_NONE);
    key(fx, SDLK_RETURN, KMOD_NONE);
    assert_string_equal(app->model.message, "k must be a finite number > 0, got '1e39'");
    assert_int_equal(app->model.message_error, 1);
    /* Shift+R: the lesson as its file has it. */
    key(fx, SDLK_r, KMOD_LSHIFT);
    assert_float_equal(app->model.set.t0, 10.0f, 0.0f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_drag_t_marker_moves_t, setup, teardown),
        cmocka_unit_test_setup_teardown(test_drag_motions_apply_once_per_picture, setup, teardown),
        cmocka_unit_test_setup_teardown(test_drag_t_below_zero_gives_zero_gradient, setup, teardown),
        cmocka_unit_test_setup_teardown(test_drag_after_training_moves_one_family, setup, teardown),
        cmocka_unit_test_setup_teardown(test_presentation_scale_stops_at_what_the_window_holds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_space_starts_and_pauses_training, setup, teardown),
        cmocka_unit_test_setup_teardown(test_number_key_hides_a_family, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resize_lays_the_panels_out_again, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sliders_and_steepness_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_help_and_quit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wheel_scrolls_a_long_lesson_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hidpi_mouse_maps_to_drawable_pixels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_typed_values, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
