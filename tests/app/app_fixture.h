/* app_fixture.h — the headless window the app tests draw into: one App on a software
 * renderer over an ARGB surface, opened on a lesson file at a size, redrawn over a pure
 * green fill (never a theme colour) so an unpainted pixel shows. Header-only (static
 * inline): each test executable gets its own fixture `fx`. */
#ifndef APP_FIXTURE_H
#define APP_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app_ui.h"

#define APP_FIXTURE_GREEN 0xFF00FF00u

typedef struct AppFixture {
    SDL_Surface *surface;
    SDL_Renderer *renderer;
    App app;
    int up;
} AppFixture;

static AppFixture fx;

/* Frees the app, the renderer and the surface; safe when nothing is open. */
static inline void fixture_close(void)
{
    if (fx.up) app_deinit(&fx.app);
    if (fx.renderer) SDL_DestroyRenderer(fx.renderer);
    if (fx.surface) SDL_FreeSurface(fx.surface);
    memset(&fx, 0, sizeof fx);
}

/* Opens the app on a w x h picture with launch (its lesson already set). The surface and
 * renderer are kept while the size stays the same. */
static inline void fixture_open_launch(const AppLaunch *launch, int w, int h)
{
    char err[512];
    if (fx.surface && (fx.surface->w != w || fx.surface->h != h)) fixture_close();
    if (fx.up) app_deinit(&fx.app);
    fx.up = 0;
    if (!fx.surface) fx.surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(fx.surface);
    if (!fx.renderer) fx.renderer = SDL_CreateSoftwareRenderer(fx.surface);
    assert_non_null(fx.renderer);
    fx.up = app_init(&fx.app, fx.renderer, NULL, launch, w, h, err, sizeof err) == SL_OK;
    if (!fx.up) fprintf(stderr, "app_init: %s\n", err);
    assert_true(fx.up);
    app_fc_set_target(&fx.app.draw.fc, fx.surface);
}

/* Opens lesson file path ("" for the built-in default lesson) at w x h, with a step
 * limit of steps (0: the lesson's own). */
static inline void fixture_open(const char *path, int w, int h, int steps)
{
    static AppLaunch launch;
    char err[512];
    memset(&launch, 0, sizeof launch);
    if (path[0]) {
        assert_int_equal(sl_lesson_load(path, &launch.lesson, err, sizeof err), SL_OK);
        snprintf(launch.lesson_path, sizeof launch.lesson_path, "%s", path);
    } else {
        sl_lesson_default(&launch.lesson);
    }
    if (steps > 0) launch.lesson.steps = steps;
    fixture_open_launch(&launch, w, h);
}

/* cmocka teardown: closes the fixture. */
static inline int fixture_teardown(void **state)
{
    (void)state;
    fixture_close();
    return 0;
}

/* One frame of the app over a green fill. */
static inline void fixture_draw(void)
{
    SDL_FillRect(fx.surface, NULL, APP_FIXTURE_GREEN);
    app_fc_invalidate(&fx.app.draw.fc); /* the picture is no longer the last frame */
    app_draw(&fx.app);
    SDL_RenderFlush(fx.renderer);
}

/* The picture's pixel at (x, y) as 0xRRGGBB. */
static inline uint32_t pixel(int x, int y)
{
    const uint8_t *row = (const uint8_t *)fx.surface->pixels + (size_t)y * (size_t)fx.surface->pitch;
    return ((const uint32_t *)row)[x] & 0xFFFFFFu;
}

/* A theme colour as 0xRRGGBB, to compare with pixel(). */
static inline uint32_t rgb(AppColor c)
{
    return (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

/* A key press with modifiers, as the window receives it. */
static inline void key_mod(SDL_Keycode sym, Uint16 mod)
{
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_KEYDOWN;
    ev.key.keysym.sym = sym;
    ev.key.keysym.mod = mod;
    app_handle_event(&fx.app, &ev);
}

static inline void key(SDL_Keycode sym)
{
    key_mod(sym, KMOD_NONE);
}

#endif
